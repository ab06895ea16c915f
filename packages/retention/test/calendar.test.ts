/**
 * @module
 * Worked calendar tables (test/vectors/calendar.json): month ends, leap days, DST days, missing
 * midnights, year-end anchoring, ranges, triggers that never fire, and the seed documents'
 * periods. Each case is run through dueAt, scheduleRecord and plan.
 */
import { describe, expect, it } from 'vitest';
import { definePolicy, dueAt, plan, type RetentionRecord, type RetentionRule, scheduleRecord } from '../src/index.js';
import vectors from './vectors/calendar.json' with { type: 'json' };

interface Case {
  name: string;
  timeZone: string;
  deleteAt?: 'latest' | 'earliest';
  rule: Pick<RetentionRule, 'period' | 'anchor' | 'trigger'>;
  record: Omit<RetentionRecord, 'id' | 'category'>;
  dueAt: string | null;
  earliestAt?: string;
  source: string;
}

describe('calendar vectors', () => {
  for (const c of vectors.cases as Case[]) {
    it(c.name, () => {
      expect(c.source.length).toBeGreaterThan(0);
      const policy = definePolicy({
        timeZone: c.timeZone,
        deleteAt: c.deleteAt,
        rules: [{ id: 'r', category: 'k', purpose: 'p', ...c.rule }],
      });
      const record = { id: 'x', category: 'k', ...c.record } as RetentionRecord;
      expect(dueAt(policy, record)).toBe(c.dueAt);
      const s = scheduleRecord(policy, record);
      expect(s.dueAt).toBe(c.dueAt);
      expect(s.status).toBe(c.dueAt === null ? 'waiting' : 'scheduled');
      if (c.earliestAt !== undefined) expect(s.earliestAt).toBe(c.earliestAt);
      if (c.dueAt !== null) {
        const due = Date.parse(c.dueAt);
        expect(plan(policy, [record], { now: due - 1 }).retained).toHaveLength(1);
        expect(plan(policy, [record], { now: due }).due).toHaveLength(1);
      } else {
        expect(plan(policy, [record], { now: Date.UTC(9999, 0) }).waiting).toHaveLength(1);
      }
    });
  }
});
