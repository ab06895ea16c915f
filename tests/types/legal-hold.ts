/**
 * @module
 * Type-level proof that `@privkit/dsar`'s `LegalHold` and `@privkit/retention`'s are one shape,
 * in both directions, and that what a DSAR store lists is what a retention sweeper takes. It is
 * compiled by `tests/contracts.test.ts`; it is never run.
 */
import { createMemoryDsarStore, type LegalHold as DsarHold } from '@privkit/dsar';
import type { createSweeper, LegalHold } from '@privkit/retention';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const same: Same<DsarHold, LegalHold> = true;
export const toRetention = (hold: DsarHold): LegalHold => hold;
export const toDsar = (hold: LegalHold): DsarHold => hold;
// The wiring the READMEs show: a sweeper's `holds` is a DSAR store's `openHolds`.
export const holds: NonNullable<Parameters<typeof createSweeper>[0]['holds']> = () =>
  createMemoryDsarStore().openHolds();
