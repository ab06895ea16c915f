/**
 * @module
 * The shapes that cross package boundaries, checked end to end: `@privkit/dsar` holds are what
 * `@privkit/retention` accepts, and the retention rules written in a `@privkit/dpa` model are a
 * policy that `@privkit/retention` runs. Neither package imports the other, so only a test that
 * uses both, as an application does, can prove they line up.
 */
import { getRegime, holdsFor, openRequest, REGIME_IDS, transition } from '@privkit/dsar';
import { assertLegalHold, definePolicy, plan } from '@privkit/retention';
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
      type: 'receive', at: '2025-04-10T09:00:00Z', id: 'REQ-2', regime: 'ccpa', right: 'know',
      subject: 'visitor-2', timeZone: 'America/Los_Angeles', channel: 'web',
    });
    const [hold] = holdsFor([request]);
    const until = hold?.until as { event: string };
    const released = plan(policy, records, { now: '2025-04-13T00:00:00Z', holds: [hold as never], occurred: { [until.event]: '2025-04-12T00:00:00Z' } });
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
          const request = openRequest({ type: 'receive', at: at.toISOString(), id: `R-${subject}`, regime, right, subject, timeZone, channel: 'email' });
          const holds = holdsFor([request]);
          expect(holds).toHaveLength(1);
          for (const hold of holds) expect(assertLegalHold(hold)).toBe(hold);
        },
      ),
      { numRuns: 300 },
    );
  });
});
