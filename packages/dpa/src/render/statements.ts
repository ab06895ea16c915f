/**
 * @module
 * The statements a notice or an agreement makes about itself and the policy as a whole: its
 * scope, the documents it refers to, the law it names, legal bases stated for the whole notice,
 * profiling, sale of data, cookies and device storage, limits on rights. Each is three-valued:
 * stated (printed), stated as none (the negative, printed only then), not stated (left out: the
 * law does not require these sentences, and the rule packs say where it does). Never exported.
 */

import { describeDuration } from '../internal/durations.js';
import type { DocumentReference, NoticeDocument } from '../model.js';
import { type Builder, NOT_STATED } from './blocks.js';
import { basesOf } from './phrases.js';

const REFERENCE: Record<DocumentReference['kind'], string> = {
  'cookie-policy': 'Cookie policy',
  'sub-processor-list': 'List of sub-processors',
  'data-locations': 'Where the data is stored',
  'transfer-safeguards': 'Copies of the transfer safeguards',
  terms: 'Terms',
  'privacy-notice': 'Privacy notice',
  other: 'Other document',
};

const STORAGE = { cookie: 'cookie', 'local-storage': 'local storage', 'session-storage': 'session storage' } as const;

/** @internal A list stated as items, or "None" for an empty list (the model's stated none). */
export const listOrNone = (items: readonly string[]): string | readonly string[] => (items.length ? items : 'None');

/** @internal The documents a notice or agreement refers to, under their own heading. */
export function referencesSection(b: Builder, refs: readonly DocumentReference[] | undefined): void {
  if (refs === undefined) return;
  b.h(2, 'Other documents referred to');
  b.dl([
    ['Documents', listOrNone(refs.map((r) => `${REFERENCE[r.kind]}${r.title ? ` ("${r.title}")` : ''}: ${r.at}`))],
  ]);
}

/** @internal What the notice covers, excludes, and the law it names, after its date. */
export function scopeSection(b: Builder, n: NoticeDocument): void {
  const items: [string, string | readonly string[]][] = [];
  if (n.scope?.covers) items.push(['This notice covers', n.scope.covers]);
  if (n.scope?.excludes)
    items.push([
      'It does not cover',
      listOrNone(n.scope.excludes.map((e) => `${e.description}${e.see ? ` (see ${e.see})` : ''}`)),
    ]);
  if (n.applicableLaw) items.push(['Applicable law', listOrNone(n.applicableLaw)]);
  if (items.length === 0) return;
  b.h(2, 'Scope of this notice');
  b.dl(items);
}

/** @internal Legal bases the notice states for all its processing, as it states them. */
export function legalBasesSection(b: Builder, n: NoticeDocument): void {
  if (n.legalBases === undefined) return;
  b.h(2, 'Legal bases');
  if (n.legalBases.length) b.p('This notice states these legal bases for its processing as a whole:');
  const words = basesOf(n.regime ?? 'eu-gdpr');
  b.dl([
    [
      'Legal bases',
      listOrNone(
        n.legalBases.map(
          (x) =>
            `${words[x.basis]}${x.whereRequired ? ', where required' : ''}${x.description ? `: ${x.description}` : ''}`,
        ),
      ),
    ],
  ]);
}

/** @internal Profiling, sale of data, cookies and device storage, each only where stated. */
export function practicesSection(b: Builder, n: NoticeDocument): void {
  const s = n.deviceStorage;
  if (!n.profiling && n.sellsData === undefined && n.sharesData === undefined && !s) return;
  b.h(2, 'Profiling, sale of data and cookies');
  const lines: string[] = [];
  if (n.profiling?.exists === true) lines.push(`We carry out profiling: ${n.profiling.description ?? NOT_STATED}`);
  else if (n.profiling?.exists === false)
    lines.push(`We do not carry out profiling.${n.profiling.description ? ` ${n.profiling.description}` : ''}`);
  // Only the sale the model states: "we do not sell" is not printed as "sell or lease". A CCPA
  // notice speaks of personal information (Cal. Civ. Code § 1798.140(v)).
  const data = n.regime === 'us-ca-ccpa' ? 'personal information' : 'personal data';
  if (n.sellsData === false) lines.push(`We do not sell your ${data}.`);
  else if (n.sellsData === true) lines.push(`We sell ${data}.`);
  // Sharing as the CCPA defines it: for cross-context behavioral advertising (§ 1798.140(ah)).
  if (n.sharesData === false) lines.push(`We do not share your ${data} for cross-context behavioral advertising.`);
  else if (n.sharesData === true) lines.push(`We share ${data} for cross-context behavioral advertising.`);
  if (s?.cookies === true) lines.push('We use cookies.');
  else if (s?.cookies === false) lines.push('We do not use cookies.');
  if (s?.localStorage === true) lines.push("We store data in your browser's local or session storage.");
  else if (s?.localStorage === false) lines.push("We do not store data in your browser's local or session storage.");
  if (lines.length) b.ul(lines);
  if (s?.items === undefined) return;
  if (s.items.length === 0) b.dl([['Cookies and similar technologies described', 'None']]);
  else
    b.table(
      'Cookies and other storage on your device',
      ['Name', 'Where', 'Purpose', 'Duration', 'Set by'],
      s.items.map((i) => [
        i.name,
        i.kind === 'other' ? 'other storage' : STORAGE[i.kind],
        i.purpose ?? NOT_STATED,
        i.duration ?? NOT_STATED,
        i.provider ?? NOT_STATED,
      ]),
    );
}

/**
 * @internal Whether special categories of data (Art. 9(1) GDPR) are processed, only where the
 * notice says so; the article is the GDPR's, so a CCPA notice prints the statement without it.
 */
export function specialCategoriesLine(n: NoticeDocument): string | undefined {
  if (n.specialCategories === undefined) return undefined;
  // The LGPD's sensitive personal data (Lei 13.709/2018, art. 5, II; art. 11).
  const what =
    n.regime === 'br-lgpd'
      ? 'sensitive personal data (art. 11 LGPD)'
      : `special categories of personal data${n.regime === 'us-ca-ccpa' ? '' : ' (Art. 9)'}`;
  return n.specialCategories ? `We process ${what}.` : `We do not process ${what}.`;
}

/** @internal Limits on the rights, the response time and authorized agents, under the rights. */
export function rightsTerms(n: NoticeDocument): [string, string | readonly string[]][] {
  const items: [string, string | readonly string[]][] = [];
  if (n.rightsLimitations) items.push(['Limits on these rights', listOrNone(n.rightsLimitations)]);
  if (n.responseTime) items.push(['We answer requests within', describeDuration(n.responseTime)]);
  const agent = n.authorizedAgent;
  if (agent)
    items.push([
      'Authorized agent',
      agent.allowed
        ? `You may make a request through an authorized agent${agent.how ? `: ${agent.how}` : '.'}`
        : `We do not accept requests made through an authorized agent.${agent.how ? ` ${agent.how}` : ''}`,
    ]);
  return items;
}
