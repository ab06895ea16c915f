/**
 * The retention rules of the real documents in packages/dpa/test/fixtures/real/ (issue 19), run by
 * @privkit/retention: each fixture's `retentionVectors` pin the records its text describes and the
 * due date the text implies, so a rule that parses in @privkit/dpa and plans differently in
 * @privkit/retention fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseModel } from '@privkit/dpa';
import { definePolicy, type RetentionRecord, scheduleRecord } from '@privkit/retention';
import { describe, expect, it } from 'vitest';

interface Vector {
  readonly record: RetentionRecord;
  readonly status: 'scheduled' | 'waiting' | 'unmatched';
  readonly dueAt: string | null;
  readonly rule: string | null;
  readonly note: string;
}
interface Fixture {
  readonly model: unknown;
  readonly retentionVectors?: { readonly timeZone: string; readonly records: readonly Vector[] };
}

const dir = new URL('../packages/dpa/test/fixtures/real/', import.meta.url);
const withVectors = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Fixture] as const)
  .filter(([, d]) => d.retentionVectors);

describe('real documents: retention as their text states it', () => {
  it('has documents with retention vectors', () => {
    expect(withVectors.map(([name]) => name)).toEqual([
      'bathnes-feedback-notice',
      'bathnes-record-office-notice',
      'personio-app-notice',
      'personio-recruiting-notice',
    ]);
  });

  it.each(withVectors)('%s: each record is scheduled as pinned', (_name, doc) => {
    const model = parseModel(doc.model);
    const vectors = doc.retentionVectors as NonNullable<Fixture['retentionVectors']>;
    const policy = definePolicy({ timeZone: vectors.timeZone, rules: model.retention ?? [] });
    for (const v of vectors.records) {
      expect(v.note.length, v.record.id).toBeGreaterThan(10);
      const s = scheduleRecord(policy, v.record);
      expect({ status: s.status, dueAt: s.dueAt, rule: s.rule }, v.record.id).toEqual({
        status: v.status,
        dueAt: v.dueAt,
        rule: v.rule,
      });
    }
  });
});
