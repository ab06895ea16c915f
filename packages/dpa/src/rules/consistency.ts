/**
 * @module
 * Cross-document consistency: the notice, the record and the DPA state the same retention,
 * recipients and transfers for the activities they share, and each retention rule agrees with
 * the rule the running `@privkit/retention` policy enforces ({@link checkRetentionAgainst}).
 */

import { type Finding, finding, type RulePack } from '../findings.js';
import { EEA, unionOf } from '../internal/collections.js';
import { sameDuration } from '../internal/durations.js';
import type { Activity, PrivacyModel, RetentionRule } from '../model.js';
import { retentionRules } from '../options.js';
import { requireModel } from '../schema/parse.js';

type Key = 'retention' | 'recipients' | 'transfers';
const WHAT: Record<Key, string> = { retention: 'retention rule', recipients: 'recipient', transfers: 'transfer' };

function stated(
  doc: { readonly activities: readonly string[] } & Partial<Record<Key, readonly string[]>>,
  acts: Activity[],
  key: Key,
): string[] {
  return [...(doc[key] ?? unionOf(acts, key))];
}

function samePeriod(a: RetentionRule['period'], b: RetentionRule['period']): boolean {
  if (typeof a === 'string' || typeof b === 'string')
    return typeof a === 'string' && typeof b === 'string' && sameDuration(a, b);
  return sameDuration(a.min, b.min) && sameDuration(a.max, b.max);
}

function showPeriod(p: RetentionRule['period']): string {
  return typeof p === 'string' ? p : `${p.min} to ${p.max}`;
}

function showTrigger(t: RetentionRule['trigger']): string {
  return !t || t.type === 'collected' ? 'collection' : t.type === 'event' ? `event "${t.event}"` : 'last activity';
}

/**
 * Compares the retention rules a model states with the rules a running policy enforces (the
 * plain objects `@privkit/retention` runs), by id: period (component by component: `P1D` is not
 * `PT24H`), trigger, anchor and category must agree; a stated rule the policy lacks is an error,
 * an enforced rule no document states is a warning.
 *
 * @param model - a parsed model.
 * @param running - the running policy's rules.
 * @returns the findings (rule ids `retention.*`).
 * @throws {@link DpaError} for a running rule that `@privkit/retention` would refuse, its code
 * (`UNKNOWN_KEY`, `INVALID_DURATION`, `RANGE_INVERTED`, `INVALID_ARGUMENT`) at `running[i]…`;
 * `INVALID_ARGUMENT` when `running` is not an array; `UNKNOWN_KEY` or `INVALID_MODEL` when `model`
 * is not a model.
 *
 * @example
 * ```ts
 * import { checkRetentionAgainst, parseModel } from '@privkit/dpa';
 *
 * const rule = { id: 'ip-1d', category: 'ip', purpose: 'security', period: 'P1D' };
 * const model = parseModel({ id: 'm', parties: [], activities: [], retention: [rule] });
 * checkRetentionAgainst(model, [{ ...rule, period: 'PT24H' }]);
 * // [{ rule: 'retention.period-mismatch', path: 'retention[0].period', … }]: P1D is not PT24H across DST
 * ```
 */
export function checkRetentionAgainst(model: PrivacyModel, running: readonly RetentionRule[]): Finding[] {
  const m = requireModel(model, 'model');
  const rules = retentionRules(running, 'running');
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out: Finding[] = [];
  const A = 'Art. 5(1)(e), Art. 13(2)(a) GDPR';
  (m.retention ?? []).forEach((r, i) => {
    const at = `retention[${i}]`;
    const live = byId.get(r.id);
    if (!live) {
      out.push(
        finding(
          'retention.not-enforced',
          'error',
          A,
          at,
          `retention rule "${r.id}" is stated in the documents, but the running policy has no rule with that id`,
        ),
      );
      return;
    }
    if (!samePeriod(r.period, live.period))
      out.push(
        finding(
          'retention.period-mismatch',
          'error',
          A,
          `${at}.period`,
          `retention rule "${r.id}" states ${showPeriod(r.period)}, the running policy enforces ` +
            `${showPeriod(live.period)}`,
        ),
      );
    if (showTrigger(r.trigger) !== showTrigger(live.trigger))
      out.push(
        finding(
          'retention.trigger-mismatch',
          'error',
          A,
          `${at}.trigger`,
          `retention rule "${r.id}" counts from ${showTrigger(r.trigger)}, the running policy from ` +
            `${showTrigger(live.trigger)}`,
        ),
      );
    if ((r.anchor ?? 'none') !== (live.anchor ?? 'none'))
      out.push(
        finding(
          'retention.anchor-mismatch',
          'warning',
          A,
          `${at}.anchor`,
          `retention rule "${r.id}" is anchored to ${r.anchor ?? 'none'}, the running policy to ` +
            `${live.anchor ?? 'none'}`,
        ),
      );
    if (r.category !== live.category)
      out.push(
        finding(
          'retention.category-mismatch',
          'error',
          A,
          `${at}.category`,
          `retention rule "${r.id}" applies to category "${r.category}", the running policy to "${live.category}"`,
        ),
      );
  });
  const stated = new Set((m.retention ?? []).map((r) => r.id));
  for (const r of rules)
    if (!stated.has(r.id))
      out.push(
        finding(
          'retention.undocumented',
          'warning',
          A,
          'retention',
          `the running policy enforces rule "${r.id}", which no document states`,
        ),
      );
  return out;
}

/**
 * Cross-document consistency of retention, recipients and transfers, and of the stated
 * retention with the running policy when {@link index!CheckOptions.runningRetention} is given.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 * import { consistencyPack } from '@privkit/dpa/rules';
 *
 * const rule = { id: 'ip-1d', category: 'ip', purpose: 'security', period: 'P1D' };
 * const model = parseModel({ id: 'm', parties: [], activities: [], retention: [rule] });
 * // The rules of the running @privkit/retention policy, e.g. `policy.rules`:
 * const findings = checkModel(model, { packs: [consistencyPack], runningRetention: [rule] });
 * ```
 */
export const consistencyPack: RulePack = {
  id: 'consistency',
  title: 'Cross-document consistency',
  check(model, { lookup, runningRetention }) {
    const out: Finding[] = [];
    const docs = model.documents ?? {};
    const views: {
      name: 'notice' | 'record';
      doc: NonNullable<typeof docs.notice | typeof docs.record>;
      acts: Activity[];
    }[] = [];
    if (docs.notice)
      views.push({ name: 'notice', doc: docs.notice, acts: lookup.activitiesOf(docs.notice.activities) });
    if (docs.record)
      views.push({ name: 'record', doc: docs.record, acts: lookup.activitiesOf(docs.record.activities) });

    // Each view against its own activities (the entities are the truth).
    for (const { name, doc, acts } of views) {
      for (const key of ['retention', 'recipients', 'transfers'] as const) {
        if (!doc[key]) continue;
        const expected = unionOf(acts, key);
        const says = new Set(doc[key]);
        const mismatch = (message: string): Finding =>
          finding(
            `consistency.${key}`,
            'warning',
            'Art. 5(1)(a), Art. 13 and Art. 30 GDPR',
            `documents.${name}.${key}`,
            message,
          );
        for (const id of expected)
          if (!says.has(id)) {
            const by = acts.find((a) => a[key]?.includes(id))?.id;
            out.push(mismatch(`the ${name} omits ${WHAT[key]} "${id}", which activity "${by}" has`));
          }
        for (const id of says)
          if (!expected.includes(id))
            out.push(mismatch(`the ${name} states ${WHAT[key]} "${id}", which none of its activities has`));
      }
    }

    // The DPA's sub-processors against the controller's notice and record for shared activities.
    const dpa = docs.dpa;
    if (dpa) {
      const dpaActs = new Set(dpa.activities);
      const sps = lookup.dpaSubProcessors();
      for (const { name, doc, acts } of views) {
        if (!acts.some((a) => dpaActs.has(a.id))) continue;
        const transfers = new Set(stated(doc, acts, 'transfers'));
        for (const sp of sps)
          for (const t of lookup.transfersOf(sp))
            if (t.to && !EEA.has(t.to) && !transfers.has(t.id))
              out.push(
                finding(
                  'consistency.transfers',
                  'warning',
                  'Art. 13(1)(f), Art. 30(1)(e) GDPR',
                  `documents.${name}.transfers`,
                  `the DPA's sub-processor "${sp.id}" receives data in ${t.to} (transfer "${t.id}"), which the ` +
                    `${name} does not state`,
                ),
              );
        const recipients = stated(doc, acts, 'recipients').map((id) => lookup.recipients.get(id));
        if (sps.length > 0 && !recipients.some((r) => r?.kind === 'processor'))
          out.push(
            finding(
              'consistency.recipients',
              'warning',
              'Art. 13(1)(e), Art. 30(1)(d) GDPR',
              `documents.${name}.recipients`,
              `the DPA lists ${sps.length} sub-processor(s), but the ${name} names no processors among the recipients`,
            ),
          );
      }
    }
    if (runningRetention) out.push(...checkRetentionAgainst(model, runningRetention));
    return out;
  },
};
