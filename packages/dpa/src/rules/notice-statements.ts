/**
 * @module
 * Checks of what a notice states about the policy as a whole: legal bases not mapped to purposes,
 * a "no cookies" statement beside cookies it describes, a response time beyond Art. 12(3). Part of
 * the notice pack. Never exported.
 */

import { type Finding, finding } from '../findings.js';
import { approximateHours } from '../internal/durations.js';
import type { Activity, NoticeDocument } from '../model.js';

const N = 'documents.notice';

// Art. 12(3): one month from receipt. The longest month is 31 days; anything longer is more than
// the notice may promise without the extension, which Art. 12(3) allows only where necessary and
// with the reasons given within the first month.
const ONE_MONTH_HOURS = 31 * 24;

/** @internal The findings on a notice's statements about the policy as a whole. */
export function statementFindings(notice: NoticeDocument, activities: readonly Activity[]): Finding[] {
  const out: Finding[] = [];
  const unmapped = activities.flatMap((a) => (a.purposes ?? []).filter((p) => !p.legalBasis));
  if (notice.legalBases?.length && unmapped.length)
    out.push(
      finding(
        'art13.1.c.basis-per-purpose',
        'warning',
        'Art. 13(1)(c) GDPR',
        `${N}.legalBases`,
        `the notice states its legal bases for the whole notice and not which of them each of ` +
          `${unmapped.length} purpose(s) relies on: Art. 13(1)(c) asks for the purposes and the legal basis for ` +
          'the processing',
      ),
    );
  const s = notice.deviceStorage;
  const described = (kinds: readonly string[]) => (s?.items ?? []).filter((i) => kinds.includes(i.kind));
  if (s?.cookies === false && described(['cookie']).length)
    out.push(
      finding(
        'notice.storage.contradiction',
        'error',
        'Art. 5(1)(a), Art. 12(1) GDPR; Art. 5(3) Directive 2002/58/EC',
        `${N}.deviceStorage.cookies`,
        `the notice says it uses no cookies and describes ${described(['cookie']).length} cookie(s)`,
      ),
    );
  const storage = described(['local-storage', 'session-storage']);
  if (s?.localStorage === false && storage.length)
    out.push(
      finding(
        'notice.storage.contradiction',
        'error',
        'Art. 5(1)(a), Art. 12(1) GDPR; Art. 5(3) Directive 2002/58/EC',
        `${N}.deviceStorage.localStorage`,
        `the notice says it stores nothing in the browser's local or session storage and describes ` +
          `${storage.length} item(s) stored there`,
      ),
    );
  if (notice.responseTime && approximateHours(notice.responseTime) > ONE_MONTH_HOURS)
    out.push(
      finding(
        'art12.3.response-time',
        'warning',
        'Art. 12(3) GDPR',
        `${N}.responseTime`,
        'the notice promises answers later than one month after a request; Art. 12(3) allows two more months ' +
          'only where necessary, with the reasons given within the first month',
      ),
    );
  return out;
}
