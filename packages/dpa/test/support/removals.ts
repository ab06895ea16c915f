/**
 * Mandatory items of the complete example and the finding their removal must produce. Each
 * removal is independent of the others, so any subset applied together yields every rule.
 */

import { expect } from 'vitest';
import { checkModel, parseModel } from '../../src/index.js';
import { fixtureJson } from '../fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: removals edit fixture JSON before it is parsed
type Loose = any;

export interface Removal {
  readonly name: string;
  readonly rule: string;
  /** Other rules the same removal legitimately triggers. */
  readonly also?: readonly string[];
  readonly apply: (m: Loose) => void;
}

const dpa = (m: Loose) => m.documents.dpa;
const notice = (m: Loose) => m.documents.notice;

export const REMOVALS: readonly Removal[] = [
  { name: 'subject matter', rule: 'art28.3.subject-matter', apply: (m) => delete m.activities[0].subjectMatter },
  { name: 'duration', rule: 'art28.3.duration', apply: (m) => delete m.activities[0].duration },
  { name: 'nature', rule: 'art28.3.nature', apply: (m) => (m.activities[0].nature = []) },
  {
    name: 'data subjects (Annex II)',
    rule: 'art28.3.subjects',
    also: ['art30.1.c.subjects'],
    apply: (m) => (m.activities[0].subjects = []),
  },
  {
    name: 'documented instructions',
    rule: 'art28.3.a.instructions',
    apply: (m) => delete dpa(m).instructions.documented,
  },
  {
    name: 'transfers on instructions',
    rule: 'art28.3.a.transfers',
    apply: (m) => delete dpa(m).instructions.transfersOnInstructions,
  },
  {
    name: 'unlawful instruction notice',
    rule: 'art28.3.unlawful-instruction',
    apply: (m) => delete dpa(m).instructions.notifyUnlawfulInstruction,
  },
  { name: 'confidentiality', rule: 'art28.3.b.confidentiality', apply: (m) => delete dpa(m).confidentiality },
  { name: 'security', rule: 'art28.3.c.security', apply: (m) => delete dpa(m).security },
  {
    name: 'notice of sub-processor changes',
    rule: 'art28.2.notice',
    apply: (m) => delete dpa(m).subProcessing.noticePeriod,
  },
  { name: 'objection right', rule: 'art28.2.objection', apply: (m) => delete dpa(m).subProcessing.objectionRight },
  { name: 'flow-down', rule: 'art28.4.flow-down', apply: (m) => delete dpa(m).subProcessing.flowDown },
  { name: 'processor liability', rule: 'art28.4.liability', apply: (m) => delete dpa(m).subProcessing.processorLiable },
  { name: 'DSAR assistance', rule: 'art28.3.e.assistance', apply: (m) => delete dpa(m).dataSubjectRights },
  { name: 'DPIA assistance', rule: 'art28.3.f.assistance', apply: (m) => delete dpa(m).assistance.dpia },
  { name: 'breach notice', rule: 'art33.2.breach-notice', apply: (m) => delete dpa(m).breach },
  { name: 'return option', rule: 'art28.3.g.options', apply: (m) => (dpa(m).endOfProcessing.options = ['delete']) },
  { name: "controller's choice", rule: 'art28.3.g.choice', apply: (m) => delete dpa(m).endOfProcessing.choice },
  { name: 'end deadline', rule: 'art28.3.g.deadline', apply: (m) => delete dpa(m).endOfProcessing.within },
  { name: 'copies', rule: 'art28.3.g.copies', apply: (m) => delete dpa(m).endOfProcessing.deletesCopies },
  { name: 'audit information', rule: 'art28.3.h.information', apply: (m) => delete dpa(m).audit.information },
  { name: 'inspections', rule: 'art28.3.h.inspections', apply: (m) => delete dpa(m).audit.inspections },
  { name: 'Annex IV address', rule: 'annex4.details', apply: (m) => delete m.subProcessors[0].address },
  {
    name: 'transfer mechanism',
    rule: 'chapter5.mechanism',
    also: [
      'chapter5.subprocessor-mechanism',
      'chapter5.recipient-mechanism',
      'art13.1.f.transfers',
      'art30.1.e.transfers',
    ],
    apply: (m) => delete m.transfers[0].mechanism,
  },
  {
    name: 'purpose legal basis',
    rule: 'art13.1.c.legal-basis',
    apply: (m) => delete m.activities[1].purposes[0].legalBasis,
  },
  {
    name: 'legitimate interest',
    rule: 'art13.1.d.legitimate-interest',
    apply: (m) => delete m.activities[0].purposes[0].legitimateInterest,
  },
  {
    name: 'retention',
    rule: 'art13.2.a.retention',
    also: ['art30.1.f.retention'],
    apply: (m) => delete m.activities[1].retention,
  },
  {
    name: 'right of access',
    rule: 'art13.2.b.rights',
    apply: (m) => (notice(m).rights = notice(m).rights.filter((r: Loose) => r.right !== 'access')),
  },
  {
    name: 'complaint',
    rule: 'art13.2.d.complaint',
    apply: (m) => {
      notice(m).rights = notice(m).rights.filter((r: Loose) => r.right !== 'complaint');
      delete notice(m).supervisoryAuthority;
    },
  },
  { name: 'statutory requirement', rule: 'art13.2.e.requirement', apply: (m) => delete notice(m).statutoryRequirement },
  { name: 'data categories (record)', rule: 'art30.1.c.categories', apply: (m) => (m.activities[1].categories = []) },
  { name: 'notice channel value', rule: 'art12.2.channel', apply: (m) => delete notice(m).channels[0].value },
];

/**
 * The removal property shared by the fast and slow suites: applying any set of removals to the
 * complete example yields every one of their findings.
 */
export function removalsYieldFindings(ops: readonly Removal[]): void {
  const m = structuredClone(fixtureJson('example-complete'));
  for (const op of ops) op.apply(m);
  const found = new Set(checkModel(parseModel(m)).map((f) => f.rule));
  for (const op of ops) expect(found, op.name).toContain(op.rule);
}
