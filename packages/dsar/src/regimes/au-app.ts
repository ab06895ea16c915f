/**
 * @module
 * Australia's Privacy Act 1988 (Cth), Australian Privacy Principles 12 and 13 for organisations, in
 * force from 12 March 2014: an organisation responds to a request for access "within a reasonable
 * period after the request is made" (APP 12.4(a)(ii)) and to a request for correction within a
 * reasonable period (APP 13.5(a)(ii)). No number of days is set for organisations, and none is
 * invented here: a request is tracked against the internal target you set for `au-app`
 * (`options.targets`). Agencies have 30 days (APP 12.4(a)(i)); they are not modelled, because the
 * Acts Interpretation Act 1901 s 36 moves a last day off a weekend or holiday and no Australian
 * holiday calendar ships.
 */

import type { Regime } from '../regime.js';

/** @internal Australia, APPs 12-13 for organisations. */
export const AU_APP: Regime = {
  id: 'au-app',
  name: 'Privacy Act 1988 (Australia), APPs 12-13 (organisations)',
  jurisdiction: 'Australia',
  rights: ['access', 'correction'],
  rules: [
    {
      effectiveFrom: '2014-03-12',
      period: { noFixedPeriod: 'within a reasonable period after the request is made' },
      citation:
        'Privacy Act 1988 Sch 1, APP 12.4(a)(ii) (access) and APP 13.5(a)(ii) (correction): an organisation ' +
        'responds within a reasonable period after the request is made; no number of days [APP text not ' +
        'retrieved from the Federal Register of Legislation in this session: check it there]',
      start: 'next-day',
      startCitation:
        'Acts Interpretation Act 1901 s 36(1): a period from a day excludes that day (applied to your target)',
      rollForward: false,
      rollForwardCitation:
        'The law sets no last day to move; the target is yours and is not moved (no Australian holiday calendar ships)',
      identityPause: { effect: 'none', citation: 'APP 12.4(a)(ii): a reasonable period after the request is made' },
      clarificationPause: {
        effect: 'none',
        citation: 'APP 12.4(a)(ii): a reasonable period after the request is made',
      },
      onMiss: 'breach',
      onMissCitation:
        'Privacy Act 1988 s 13(1) (a breach of an APP is an interference with privacy); s 36 (complaints to the ' +
        'Information Commissioner)',
    },
  ],
};
