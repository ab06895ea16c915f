/**
 * @module
 * The write-ahead journal of a file-based deletion log: a run stopped at any point between writing
 * its intent and removing it is completed (its records are gone) or dropped (they are all there),
 * so the log records exactly the deletions that happened, each once; the end of the log is checked
 * against the sealed checkpoint, so a cut or rewritten last entry is found; a forged or foreign
 * checkpoint or intent, or records half gone, is LOG_BROKEN.
 */
import { describe, expect, it } from 'vitest';
import {
  chainEntries,
  createIdentifierHasher,
  createLogJournal,
  type DeletionLogEntry,
  GENESIS_HASH,
} from '../src/log.js';

const KEY = new Uint8Array(32).fill(21);
const ids = createIdentifierHasher(KEY);
const journal = createLogJournal({ key: KEY, tenant: 'acme' });
const EMPTY = { seq: -1, hash: GENESIS_HASH };

const draft = (rows: string[], minute: number) => ({
  at: `2026-11-23T03:${String(minute).padStart(2, '0')}:00.000Z`,
  tenant: 'acme',
  worker: 'cli',
  kind: 'sweep' as const,
  category: 'log',
  rule: 'logs-30d',
  ids: rows.map((r) => ids.hash(r)),
});

/** A log of two runs, and a third run's entries chained after it. */
function history() {
  const first = chainEntries(EMPTY, [draft(['a', 'b'], 0), draft(['c'], 1)]);
  const next = chainEntries(first.head, [draft(['d', 'e'], 2)]);
  return { log: first.entries, head: first.head, next: next.entries, after: next.head };
}

const broken = (fn: () => unknown) => expect(fn).toThrow(expect.objectContaining({ code: 'LOG_BROKEN' }));

describe('the log and its checkpoint', () => {
  it('verifies a log that ends at its checkpoint', () => {
    const { log, head } = history();
    const state = journal.reconcile({ entries: log, checkpoint: journal.checkpoint(head) });
    expect(state).toEqual({ action: 'none', head, entries: log });
    expect(journal.reconcile({ entries: [] })).toMatchObject({ action: 'none', head: EMPTY });
  });

  it('finds a last entry cut off, or rewritten with a valid hash, or a log without its checkpoint', () => {
    const { log, head } = history();
    const checkpoint = journal.checkpoint(head);
    broken(() => journal.reconcile({ entries: log.slice(0, -1), checkpoint }));
    const forged = chainEntries({ seq: 0, hash: (log[0] as DeletionLogEntry).hash }, [draft(['zzz'], 9)]).entries;
    broken(() => journal.reconcile({ entries: [log[0] as DeletionLogEntry, ...forged], checkpoint }));
    broken(() => journal.reconcile({ entries: log }));
  });

  it('refuses a checkpoint sealed with another key, for another tenant, edited, or with a key twice', () => {
    const { log, head } = history();
    const other = createLogJournal({ key: new Uint8Array(32).fill(22), tenant: 'acme' });
    broken(() => journal.reconcile({ entries: log, checkpoint: other.checkpoint(head) }));
    const foreign = createLogJournal({ key: KEY, tenant: 'globex' });
    broken(() => journal.reconcile({ entries: log, checkpoint: foreign.checkpoint(head) }));
    const text = journal.checkpoint(head);
    broken(() => journal.reconcile({ entries: log, checkpoint: text.replace('"seq":1', '"seq":0') }));
    broken(() => journal.reconcile({ entries: log, checkpoint: text.replace('{', '{"seq":7,') }));
    broken(() => journal.reconcile({ entries: log, checkpoint: text.replace('{', '{"extra":1,') }));
    expect(String(journal)).toBe('[redacted]');
    expect(JSON.stringify({ journal })).toBe('{"journal":"[redacted]"}');
  });
});

describe('an intent left by a run that stopped', () => {
  it('was written, nothing else: the records are all there, so it is dropped', () => {
    const { log, head, next } = history();
    const state = journal.reconcile({
      entries: log,
      checkpoint: journal.checkpoint(head),
      intent: journal.intent(head, next),
      storedIds: ['d', 'e', 'x'],
    });
    expect(state).toEqual({ action: 'abort', head, entries: log });
  });

  it('the records were deleted, the log not written: its entries are appended, once', () => {
    const { log, head, next, after } = history();
    const state = journal.reconcile({
      entries: log,
      checkpoint: journal.checkpoint(head),
      intent: journal.intent(head, next),
      storedIds: ['x'],
    });
    expect(state).toEqual({ action: 'commit', head: after, entries: [...log, ...next], appended: next });
  });

  it('the log was written, the checkpoint not (or both): nothing is appended again', () => {
    const { log, head, next, after } = history();
    for (const checkpoint of [journal.checkpoint(head), journal.checkpoint(after)]) {
      const state = journal.reconcile({
        entries: [...log, ...next],
        checkpoint,
        intent: journal.intent(head, next),
        storedIds: ['x'],
      });
      expect(state).toEqual({ action: 'commit', head: after, entries: [...log, ...next], appended: [] });
    }
  });

  it('on an empty log with no checkpoint yet', () => {
    const first = chainEntries(EMPTY, [draft(['a'], 0)]);
    const state = journal.reconcile({ entries: [], intent: journal.intent(EMPTY, first.entries), storedIds: [] });
    expect(state).toMatchObject({ action: 'commit', head: first.head, appended: first.entries });
  });

  it('anything else is LOG_BROKEN: records half gone, entries logged with the records back, a forged intent', () => {
    const { log, head, next, after } = history();
    const checkpoint = journal.checkpoint(head);
    const intent = journal.intent(head, next);
    broken(() => journal.reconcile({ entries: log, checkpoint, intent, storedIds: ['d'] }));
    broken(() => journal.reconcile({ entries: [...log, ...next], checkpoint, intent, storedIds: ['d', 'e'] }));
    broken(() => journal.reconcile({ entries: log.slice(0, 1), checkpoint, intent, storedIds: [] }));
    const other = createLogJournal({ key: new Uint8Array(32).fill(23), tenant: 'acme' });
    broken(() => journal.reconcile({ entries: log, checkpoint, intent: other.intent(head, next), storedIds: [] }));
    // An intent whose entries were swapped for others that chain as well: the seal covers its end.
    const swapped = chainEntries(head, [draft(['q'], 5)]).entries;
    const forged = intent.replace(JSON.stringify(next).slice(1, -1), JSON.stringify(swapped).slice(1, -1));
    broken(() => journal.reconcile({ entries: log, checkpoint, intent: forged, storedIds: [] }));
    // A checkpoint that is neither before nor after the intent.
    broken(() => journal.reconcile({ entries: log, checkpoint: journal.checkpoint(EMPTY), intent, storedIds: [] }));
    expect(after.seq).toBe(head.seq + 1);
  });

  it('refuses entries that do not continue the head, and bad options', () => {
    const { head, next } = history();
    expect(() => journal.intent(EMPTY, next)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => journal.intent({ seq: head.seq, hash: 'x' }, next)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => createLogJournal({ key: new Uint8Array(16), tenant: 'acme' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.key' }),
    );
    expect(() => createLogJournal({ key: KEY, tenant: 'acme', tenat: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY' }),
    );
    expect(() => journal.reconcile({ entries: [], intnt: '' } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'state.intnt' }),
    );
  });
});
