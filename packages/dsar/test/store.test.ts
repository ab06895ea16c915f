/**
 * @module
 * The service over every store: the in-memory store, PostgreSQL through `pg` on the real server,
 * and PGlite. For each: the state is the fold of the log, the chain verifies, holds follow open
 * requests in `@privkit/retention`'s shape, reminders come from the projection. Then the
 * concurrency the issue asks for: parallel writers on one request, exactly one wins each
 * conflicting append, and the log stays a valid chain.
 */

import { type PgTarget, pgliteTarget, pgServerAvailable, pgServerTarget } from '@privkit/internal/testing/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDsarService,
  createMemoryDsarStore,
  DsarError,
  type DsarStore,
  type LegalHold,
  openRequest,
  type ReceiveEvent,
} from '../src/index.js';
import { createPostgresDsarStore } from '../src/postgres.js';
import { appendEntry, verifyLog } from '../src/verify/index.js';

const pgUp = await pgServerAvailable('dsar');

const receive = (id: string, extra: Partial<ReceiveEvent> = {}): ReceiveEvent => ({
  type: 'receive',
  at: '2025-01-31T09:30:00Z',
  id,
  regime: 'gdpr',
  right: 'access',
  subject: 'cust_1',
  timeZone: 'Europe/Paris',
  channel: 'email',
  ...extra,
});

interface Backend {
  name: string;
  enabled: boolean;
  /** A store on a fresh namespace; `again` opens a second store (another connection) on the same one. */
  fresh(): Promise<{
    store: DsarStore;
    again(): Promise<DsarStore>;
    tamper?(requestId: string, seq: number): Promise<void>;
  }>;
  cleanup(): Promise<void>;
  init?(): Promise<void>;
}

const memory: Backend = {
  name: 'memory',
  enabled: true,
  async fresh() {
    const store = createMemoryDsarStore();
    return { store, again: async () => store };
  },
  async cleanup() {},
};

function postgres(target: PgTarget, enabled: boolean): Backend {
  return {
    name: target.name,
    enabled,
    async fresh() {
      const schema = await target.createSchema();
      const store = createPostgresDsarStore({ client: await target.open(), schema });
      await store.migrate();
      const client = await target.open();
      return {
        store,
        again: async () => createPostgresDsarStore({ client: await target.open(), schema }),
        // What someone with write access to the table could do: rewrite an event's date.
        tamper: async (requestId: string, seq: number) => {
          await client.query(
            `UPDATE ${store.eventsTable} SET event = jsonb_set(event, '{at}', '"2025-02-01T23:00:00Z"') ` +
              `WHERE request_id = $1 AND seq = $2`,
            [requestId, seq],
          );
        },
      };
    },
    cleanup: () => target.cleanup(),
    init: async () => {
      await target.open();
    },
  };
}

const backends = [memory, postgres(pgServerTarget('dsar_test'), pgUp), postgres(pgliteTarget('dsar_test'), true)];
// PGlite compiles its WASM engine on start: on a loaded 2-core machine that alone can take tens
// of seconds, so it starts here, with its own time limit, not inside a test's.
beforeAll(async () => {
  for (const b of backends) if (b.enabled) await b.init?.();
}, 180_000);
afterAll(async () => {
  for (const b of backends) if (b.enabled) await b.cleanup();
});

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`service on ${backend.name}`, () => {
    it('state is the fold of the log; the chain verifies; holds and reminders follow', async () => {
      const { store } = await backend.fresh();
      const dsar = createDsarService({ store });
      await dsar.receive(receive('REQ-1'));
      await dsar.receive(receive('REQ-2', { subject: 'cust_2', right: 'erasure', at: '2025-02-10T09:00:00Z' }));
      await dsar.apply('REQ-1', { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
      const extended = await dsar.apply(
        'REQ-1',
        { type: 'extend', at: '2025-02-10T10:00:00Z', reason: 'complexity' },
        2,
      );
      expect(await dsar.get('REQ-1')).toEqual(extended);
      expect(extended.version).toBe(3);
      expect(await dsar.verify('REQ-1')).toMatchObject({ valid: true, entries: 3 });

      const holds: LegalHold[] = await dsar.holdsFor('cust_1');
      expect(holds).toEqual([
        {
          id: 'dsar:REQ-1',
          scope: { subject: 'cust_1' },
          reason: 'open data-subject request',
          citation: expect.stringContaining('GDPR Art 12(3)'),
          source: 'dsar:REQ-1',
          placedAt: '2025-01-31T09:30:00.000Z',
          until: { event: 'dsar:REQ-1:closed' },
        },
      ]);
      expect(JSON.parse(JSON.stringify(holds))).toEqual(holds);

      // REQ-2 (due 2025-03-10) is overdue on 2025-03-15; REQ-1 was extended to 2025-04-30.
      expect((await dsar.overdue('2025-03-15T00:00:00Z')).map((a) => a.id)).toEqual(['REQ-2']);
      expect((await dsar.overdue('2025-05-01T00:00:00Z')).map((a) => a.id)).toEqual(['REQ-2', 'REQ-1']);
      expect((await dsar.dueWithin('P7D', '2025-03-05T00:00:00Z')).map((a) => a.id)).toEqual(['REQ-2']);

      await dsar.apply('REQ-1', {
        type: 'fulfil',
        at: '2025-03-01T10:00:00Z',
        outcomes: [{ source: 'crm', status: 'done', records: 3 }],
      });
      expect(await dsar.holdsFor('cust_1')).toEqual([]);
      expect((await dsar.overdue('2025-05-01T00:00:00Z')).map((a) => a.id)).toEqual(['REQ-2']);
      expect((await dsar.history('REQ-1')).map((e) => e.event.type)).toEqual([
        'receive',
        'identity-verified',
        'extend',
        'fulfil',
      ]);
    });

    it('a law with no fixed period: the internal target is stored, reminded and marked as one', async () => {
      const { store } = await backend.fresh();
      const jp = (id: string) => receive(id, { regime: 'jp-appi', timeZone: 'Asia/Tokyo' });
      // APPI art 33(2) says "without delay": without a target there is nothing to track.
      await expect(createDsarService({ store }).receive(jp('JP-0'))).rejects.toMatchObject({
        code: 'NO_STATUTORY_PERIOD',
      });
      expect(await store.load('JP-0')).toEqual([]);
      const dsar = createDsarService({ store, targets: { 'jp-appi': 'P14D' } });
      await dsar.receive(jp('JP-1'));
      // Received 18:30 on 31 January in Tokyo; 14 days end 14 February, at 15:00 UTC.
      expect(await dsar.overdue('2025-02-14T14:59:59Z')).toEqual([]);
      expect(await dsar.overdue('2025-02-14T15:00:00Z')).toEqual([
        {
          id: 'JP-1',
          kind: 'response',
          due: { date: '2025-02-14', endsAt: '2025-02-14T15:00:00.000Z' },
          onMiss: 'breach',
          basis: 'internal-target',
        },
      ]);
      expect((await dsar.dueWithin('P1D', '2025-02-14T00:00:00Z')).map((a) => a.basis)).toEqual(['internal-target']);
    });

    it.skipIf(backend.name === 'memory')('an event rewritten in the database is detected', async () => {
      const { store, tamper } = await backend.fresh();
      const dsar = createDsarService({ store });
      await dsar.receive(receive('TAMPER'));
      await dsar.apply('TAMPER', { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
      await dsar.apply('TAMPER', { type: 'acknowledge', at: '2025-02-02T10:00:00Z' });
      expect((await dsar.verify('TAMPER')).valid).toBe(true);
      await tamper!('TAMPER', 2);
      expect((await dsar.verify('TAMPER')).problems).toEqual([
        { index: 1, code: 'HASH', message: 'entry 1: content does not match its hash' },
      ]);
      await expect(dsar.get('TAMPER')).rejects.toMatchObject({ code: 'TAMPERED' });
    });

    it('openHolds lists the hold of every open request, across subjects, in request id order', async () => {
      const { store } = await backend.fresh();
      const dsar = createDsarService({ store });
      await dsar.receive(receive('H-2', { subject: 'cust_2' }));
      await dsar.receive(receive('H-1'));
      await dsar.receive(receive('H-3', { subject: 'cust_3' }));
      await dsar.apply('H-3', { type: 'withdraw', at: '2025-02-01T10:00:00Z' });
      const holds = await store.openHolds();
      expect(holds.map((h) => [h.id, h.scope, h.until])).toEqual([
        ['dsar:H-1', { subject: 'cust_1' }, { event: 'dsar:H-1:closed' }],
        ['dsar:H-2', { subject: 'cust_2' }, { event: 'dsar:H-2:closed' }],
      ]);
      expect(await dsar.openHolds()).toEqual(holds);
    });

    it('rejections change nothing in the store; unknown ids and duplicates are typed errors', async () => {
      const { store } = await backend.fresh();
      const dsar = createDsarService({ store });
      await dsar.receive(receive('REQ-1'));
      await expect(dsar.apply('REQ-1', { type: 'fulfil', at: '2025-02-01T10:00:00Z' })).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
      });
      expect(await store.load('REQ-1')).toHaveLength(1);
      await expect(dsar.receive(receive('REQ-1'))).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(dsar.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(dsar.apply('REQ-1', { type: 'withdraw', at: '2025-02-01T10:00:00Z' }, 7)).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('parallel writers on one request: exactly one wins each conflicting append', async () => {
      const { store, again } = await backend.fresh();
      const writers = [store, ...(await Promise.all(Array.from({ length: 7 }, () => again())))];
      const first = appendEntry(undefined, receive('RACE'));
      await store.append(first, { state: openRequest(receive('RACE')), nextDueAt: null, hold: null });
      let head = first;
      for (let round = 0; round < 10; round++) {
        // Every writer read the same version and appends its own event at the next seq.
        const attempts = writers.map((w, i) => {
          const entry = appendEntry(head, { type: 'acknowledge', at: `2025-02-01T10:00:0${i}Z`, note: `writer ${i}` });
          const state = { ...openRequest(receive('RACE')), version: entry.seq };
          return w.append(entry, { state, nextDueAt: null, hold: null }).then(
            () => entry,
            (error: unknown) => {
              expect(error).toBeInstanceOf(DsarError);
              expect((error as DsarError).code).toBe('CONFLICT');
              return undefined;
            },
          );
        });
        const won = (await Promise.all(attempts)).filter((e) => e !== undefined);
        expect(won, `round ${round}`).toHaveLength(1);
        head = won[0]!;
      }
      const log = await store.load('RACE');
      expect(log).toHaveLength(11);
      expect(verifyLog(log)).toMatchObject({ valid: true, head: head.hash });
    });

    it('service writers racing on apply: one wins, the others get CONFLICT, the log replays', async () => {
      const { store, again } = await backend.fresh();
      const services = [store, ...(await Promise.all(Array.from({ length: 5 }, () => again())))].map((s) =>
        createDsarService({ store: s }),
      );
      await services[0]!.receive(receive('SVC'));
      const results = await Promise.allSettled(
        services.map((s, i) => s.apply('SVC', { type: 'acknowledge', at: `2025-02-01T10:00:0${i}Z` }, 1)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
      const state = await services[1]!.get('SVC');
      expect(state.version).toBe(2);
    });
  });
}

describe('postgres store options', () => {
  it('rejects bad names and clients; driver errors carry no parameters', async () => {
    expect(() => createPostgresDsarStore({ client: {} as never })).toThrowError(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.client' }),
    );
    expect(() =>
      createPostgresDsarStore({ client: { query: async () => ({ rows: [] }) }, prefix: 'x; drop' }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.prefix' }));
    expect(() =>
      createPostgresDsarStore({ client: { query: async () => ({ rows: [] }) }, shema: 'x' } as never),
    ).toThrowError(expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.shema' }));
    const failing = createPostgresDsarStore({
      client: {
        query: async () => {
          throw Object.assign(new Error('duplicate key value (cust_secret@example.com)'), { code: '23505' });
        },
      },
    });
    const error = await failing.load('x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_FAILURE' });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain('secret');
  });
});

describe('fulfil through sources', () => {
  it('erasure: per-source outcomes, retention cited, partially fulfilled, hold lifted through onClose', async () => {
    const calls: string[] = [];
    const closedEvents: string[] = [];
    const dsar = createDsarService({
      store: createMemoryDsarStore(),
      sources: [
        {
          name: 'profile',
          erase: async () => {
            calls.push('profile');
            return { status: 'erased', records: 1 };
          },
        },
        {
          name: 'invoices',
          erase: async () => {
            calls.push('invoices');
            return { status: 'retained', reason: 'tax records', citation: 'AO § 147(3)' };
          },
        },
      ],
      onClose: ({ event }) => {
        closedEvents.push(event);
      },
    });
    await dsar.receive(receive('ER-1', { right: 'erasure' }));
    // Not verified yet: the service refuses before any source is touched.
    await expect(dsar.fulfil('ER-1', { at: '2025-02-01T10:00:00Z' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(calls).toEqual([]);
    await dsar.apply('ER-1', { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
    expect(await dsar.holdsFor('cust_1')).toHaveLength(1);
    const { state, outcomes } = await dsar.fulfil('ER-1', { at: '2025-02-02T10:00:00Z' });
    expect(calls).toEqual(['profile', 'invoices']);
    expect(state.status).toBe('partially-fulfilled');
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'retained']);
    expect((await dsar.get('ER-1')).outcomes).toEqual(outcomes);
    expect(closedEvents).toEqual(['dsar:ER-1:closed']);
    expect(await dsar.holdsFor('cust_1')).toEqual([]);
  });

  it('access builds the bundle; rectification needs changes; other rights are recorded by hand', async () => {
    const dsar = createDsarService({
      store: createMemoryDsarStore(),
      sources: [{ name: 'crm', export: async () => [{ plan: 'pro' }], rectify: async () => 1 }],
    });
    await dsar.receive(receive('AC-1'));
    await dsar.apply('AC-1', { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
    const access = await dsar.fulfil('AC-1', { at: '2025-02-02T10:00:00Z' });
    expect([access.state.status, access.bundle?.files.map((f) => f.path)]).toEqual([
      'fulfilled',
      ['crm.json', 'crm.csv', 'manifest.json'],
    ]);

    await dsar.receive(receive('RE-1', { right: 'rectification' }));
    await dsar.apply('RE-1', { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
    await expect(dsar.fulfil('RE-1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await dsar.fulfil('RE-1', { at: '2025-02-03T10:00:00Z', changes: { city: 'Lyon' } })).outcomes).toEqual([
      { source: 'crm', status: 'done', records: 1 },
    ]);

    await dsar.receive(receive('OB-1', { right: 'objection' }));
    await dsar.apply('OB-1', { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
    await expect(dsar.fulfil('OB-1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
