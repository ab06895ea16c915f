/**
 * @module
 * The shapes that cross package boundaries, checked end to end: `@privkit/dsar` holds are what
 * `@privkit/retention` accepts, and the retention rules written in a `@privkit/dpa` model are a
 * policy that `@privkit/retention` runs. Neither package imports the other, so only a test that
 * uses both, as an application does, can prove they line up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRetentionAgainst, parseModel } from '@privkit/dpa';
import { getRegime, holdsFor, openRequest, REGIME_IDS, transition } from '@privkit/dsar';
import { definePolicy, parseLegalHold, plan, scheduleRecord } from '@privkit/retention';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('@privkit/dsar holds → @privkit/retention', () => {
  const policy = definePolicy({
    rules: [{ id: 'events', category: 'page-event', purpose: 'analytics', period: 'P90D' }],
  });
  const records = [
    { id: 'e1', category: 'page-event', subject: 'visitor-1', collectedAt: '2025-01-01T00:00:00Z' },
    { id: 'e2', category: 'page-event', subject: 'visitor-2', collectedAt: '2025-01-01T00:00:00Z' },
  ];

  it('an open request holds its subject’s due records; closing it releases them', () => {
    let request = openRequest({
      type: 'receive',
      at: '2025-04-10T09:00:00Z',
      id: 'REQ-1',
      regime: 'gdpr',
      right: 'erasure',
      subject: 'visitor-1',
      timeZone: 'Europe/Paris',
      channel: 'email',
    });
    const open = plan(policy, records, { now: '2025-04-11T00:00:00Z', holds: holdsFor([request]) });
    expect(open.due.map((r) => r.id)).toEqual(['e2']);
    expect(open.held.map((r) => [r.id, r.hold])).toEqual([['e1', 'dsar:REQ-1']]);

    request = transition(request, { type: 'withdraw', at: '2025-04-12T09:00:00Z' });
    const closed = plan(policy, records, { now: '2025-04-13T00:00:00Z', holds: holdsFor([request]) });
    expect(closed.due.map((r) => r.id).sort()).toEqual(['e1', 'e2']);
  });

  it('the hold’s own end event, once it has occurred, releases it too', () => {
    const request = openRequest({
      type: 'receive',
      at: '2025-04-10T09:00:00Z',
      id: 'REQ-2',
      regime: 'ccpa',
      right: 'know',
      subject: 'visitor-2',
      timeZone: 'America/Los_Angeles',
      channel: 'web',
    });
    const [hold] = holdsFor([request]);
    const until = hold?.until as { event: string };
    const released = plan(policy, records, {
      now: '2025-04-13T00:00:00Z',
      holds: [hold as never],
      occurred: { [until.event]: '2025-04-12T00:00:00Z' },
    });
    expect(released.held).toEqual([]);
  });

  it('every hold any open request produces is a valid retention hold', () => {
    // Every shipped regime, every right it grants, any receipt date once every shipped regime is in force.
    const cases = REGIME_IDS.flatMap((regime) => getRegime(regime).rights.map((right) => ({ regime, right })));
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.stringMatching(/^[a-z0-9_-]{1,24}$/),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'America/Sao_Paulo'),
        ({ regime, right }, at, subject, timeZone) => {
          const request = openRequest({
            type: 'receive',
            at: at.toISOString(),
            id: `R-${subject}`,
            regime,
            right,
            subject,
            timeZone,
            channel: 'email',
          });
          const holds = holdsFor([request]);
          expect(holds).toHaveLength(1);
          for (const hold of holds) expect(parseLegalHold(hold)).toEqual(hold);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('@privkit/dpa retention rules → @privkit/retention', () => {
  // The seed documents expressed in the model (reviewed fixtures of @privkit/dpa).
  const dir = fileURLToPath(new URL('../packages/dpa/test/fixtures/', import.meta.url));
  const models = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, model: parseModel(JSON.parse(readFileSync(join(dir, name), 'utf8'))) }));

  it('finds the seed models', () => {
    expect(models.map((m) => m.name)).toContain('seed-000-exatom-notice.json');
    expect(models.filter((m) => (m.model.retention ?? []).length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it.each(models.map((m) => [m.name, m.model] as const))(
    '%s: the documents’ rules are a policy retention runs, and agree with it',
    (_name, model) => {
      const rules = model.retention ?? [];
      if (rules.length === 0) return;
      const policy = definePolicy({ rules });
      expect(policy.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
      expect(checkRetentionAgainst(model, policy.rules)).toEqual([]);
      // Every rule can be scheduled: a record collected now has a due date or waits for its event.
      for (const rule of policy.rules) {
        const s = scheduleRecord(policy, {
          id: 'r',
          category: rule.category,
          purpose: rule.purpose,
          collectedAt: '2026-01-15T10:00:00Z',
        });
        expect(['scheduled', 'waiting']).toContain(s.status);
      }
    },
  );

  it('a running policy that drifts from the documents is reported', () => {
    const { model } = models.find((m) => m.name === 'seed-000-exatom-notice.json')!;
    const drifted = (model.retention ?? []).map((r, i) => (i === 0 ? { ...r, period: 'P2D' } : r));
    const findings = checkRetentionAgainst(model, definePolicy({ rules: drifted }).rules);
    expect(findings.map((f) => f.rule)).toContain('retention.period-mismatch');
  });
});
