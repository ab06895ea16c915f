/**
 * @module
 * fast-check arbitraries for requests and event sequences, shared by the property suites.
 */
import fc from 'fast-check';
import {
  type DsarEvent,
  type DsarEventType,
  EVENT_TYPES,
  type ReceiveEvent,
  type Status,
  TRANSITIONS,
} from '../../src/index.js';
import { CLOSED_STATUSES } from '../../src/model.js';
import { createRegimeRegistry, REGIME_IDS } from '../../src/regimes/index.js';

const registry = createRegimeRegistry();
const getRegime = (id: string) => registry.get(id);

const ZONES = [
  'Europe/Paris',
  'Europe/London',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'UTC',
  'Pacific/Chatham',
];
const DAY = 86_400_000;

// The first receipt instant drawn for a regime: 3 July 2024, or a day after the regime's first rule
// takes effect when that is later (a day's margin covers every zone's local date).
const firstAt = (regime: string) =>
  Math.max(Date.UTC(2024, 6, 3), Date.parse(`${getRegime(regime).rules[0]!.effectiveFrom}T00:00:00Z`) + DAY);

/** A `receive` event for a random regime, right, zone, role and receipt instant (2024–2028, rule in force). */
export const receiveArb = (id = 'P1'): fc.Arbitrary<ReceiveEvent> =>
  fc
    .constantFrom(...REGIME_IDS)
    .chain((regime) =>
      fc.record({
        regime: fc.constant(regime),
        rightIndex: fc.nat(),
        zone: fc.constantFrom(...ZONES),
        at: fc.integer({ min: firstAt(regime), max: Date.UTC(2028, 11, 31) }),
        processor: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      }),
    )
    .map(({ regime, rightIndex, zone, at, processor }) => {
      const rights = getRegime(regime).rights;
      return {
        type: 'receive',
        id,
        regime,
        right: rights[rightIndex % rights.length]!,
        subject: 'subject-1',
        timeZone: zone,
        channel: 'email',
        at: new Date(at).toISOString(),
        ...(processor
          ? {
              role: 'processor' as const,
              contract: { controller: 'acme', forwardWithin: { workingDays: 2 }, citation: 'DPA § 7.2' },
            }
          : {}),
      };
    });

/** One step: an event type, how long after the previous event (sometimes before), and payload choices. */
export const stepArb = fc.record({
  type: fc.constantFrom<DsarEventType | 'bogus'>(...EVENT_TYPES, 'bogus'),
  gapMs: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 * DAY }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 15 * DAY }) },
    { weight: 1, arbitrary: fc.integer({ min: -3 * DAY, max: -1 }) },
  ),
  variant: fc.nat({ max: 3 }),
  // Mostly an event the current status accepts (so sequences go deep), sometimes any event.
  fromTable: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  pick: fc.nat(),
});

/** A step's event type: one the status accepts (when `fromTable`), else the drawn type. */
export function typeFor(step: { type: string; fromTable?: boolean; pick?: number }, status: Status): string {
  const row = TRANSITIONS[status];
  const allowed = Object.keys(row) as DsarEventType[];
  if (!step.fromTable || allowed.length === 0) return step.type;
  const pick = step.pick ?? 0;
  // Three times in four, an event that keeps the request open, so sequences reach deep states.
  const staying = allowed.filter((e) => !CLOSED_STATUSES.includes(row[e]!));
  const pool = pick % 4 !== 0 && staying.length > 0 ? staying : allowed;
  return pool[Math.floor(pick / 4) % pool.length]!;
}

/** A generated step. */
export type Step = { type: string; gapMs: number; variant: number; fromTable?: boolean; pick?: number };

/** The event a step describes, dated relative to `previousMs`. */
export function eventOf(step: Step, state: { updatedAt: string; status: Status }): DsarEvent {
  const at = new Date(Date.parse(state.updatedAt) + step.gapMs).toISOString();
  const type = typeFor(step, state.status);
  switch (type) {
    case 'extend':
      return { type: 'extend', at, reason: 'complexity', ...(step.variant === 0 ? {} : { until: '2029-06-30' }) };
    case 'fulfil':
      return {
        type: 'fulfil',
        at,
        outcomes:
          step.variant === 0
            ? [{ source: 'crm', status: 'retained', reason: 'tax', citation: 'AO § 147' }]
            : [{ source: 'crm', status: 'done', records: 2 }],
      };
    case 'fulfil-partially':
      return {
        type: 'fulfil-partially',
        at,
        outcomes:
          step.variant === 0
            ? [{ source: 'crm', status: 'done' }]
            : [
                {
                  source: 'crm',
                  status: 'retained',
                  reason: 'tax',
                  ...(step.variant === 1 ? {} : { citation: 'AO § 147' }),
                },
              ],
      };
    case 'refuse':
      return { type: 'refuse', at, code: 'excessive', citation: step.variant === 0 ? '' : 'GDPR Art 12(5)(b)' };
    default:
      return { type, at } as DsarEvent;
  }
}
