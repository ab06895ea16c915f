/**
 * @module
 * `privkit retention plan|sweep --policy policy.json`: `@privkit/retention` over JSON files. The
 * policy is the plain rule shape (`{ timeZone, rules: [...] }`), the records are JSON Lines of
 * `{ id, category, subject?, purpose?, collectedAt, events? }`, the holds a JSON array of legal
 * holds (the shape `@privkit/dsar` emits).
 */

import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseJsonStrict } from '@privkit/internal/json';
import {
  createSweeper,
  definePolicy,
  type LegalHold,
  plan,
  RetentionError,
  type RetentionPolicy,
  type RetentionRecord,
} from '@privkit/retention';
import { createLogJournal, type DeletionLogEntry } from '@privkit/retention/log';
import { createMemoryStore } from '@privkit/retention/memory';
import { instant, readJson, readJsonLines } from './files.js';
import { colours, EXIT_FINDINGS, EXIT_OK, failure, type Io, parse, usage, write } from './io.js';
import { groupDigits } from './progress.js';

export const RETENTION_HELP = `Usage: privkit retention <plan|sweep> --policy policy.json [options] [records.jsonl]

  plan    what is due, held, retained, waiting for its trigger, or covered by no rule
  sweep   delete the due, unheld records of a JSON Lines file, appending each deletion to a
          hash-chained log (ids as keyed hashes)

The policy is { "timeZone": "Europe/Brussels", "rules": [{ "id", "category", "purpose",
"period": "P90D", "trigger"?, "anchor"?, "exceptionTo"? }] } (@privkit/retention, the same rule
shape @privkit/dpa writes). Records are JSON Lines (or a JSON array) of { "id", "category",
"subject"?, "purpose"?, "collectedAt", "lastActivityAt"?, "events"? }, from the file or stdin.

Options
  --policy FILE      the retention policy (required)
  --holds FILE       legal holds, a JSON array ({ id, scope, reason, placedAt, until? })
  --now TIME         plan or sweep as of this RFC 3339 instant (default now)
  --json             the plan or the sweep report as JSON
  -h, --help         this help
sweep only
  --tenant NAME      names the deletion log (required)
  --key-file FILE    the tenant's identifier key, ≥ 32 bytes (hex, base64 or raw) (required)
  --log FILE         the tenant's deletion log (JSON Lines), verified to its sealed checkpoint
                     (FILE.checkpoint) and then extended (required); a run stopped half-way
                     leaves FILE.intent, which the next run completes or drops
  --dry-run          count what would be deleted; change nothing
  -o, --output FILE  write the kept records here (default: rewrite the records file in place)

Exit status: 0 ok; 1 records no rule covers (plan), a broken deletion log, or a failure; 2 usage.
`;

async function loadPolicy(path: string, io: Io): Promise<RetentionPolicy> {
  const input = await readJson(path, io.stdin);
  try {
    return definePolicy(input as Parameters<typeof definePolicy>[0]);
  } catch (error) {
    if (error instanceof RetentionError) throw failure(`${path}: ${error.message}`);
    throw error;
  }
}

function keyFrom(text: Buffer): Uint8Array {
  const trimmed = text.toString('utf8').trim();
  if (/^[0-9a-f]{64,}$/i.test(trimmed) && trimmed.length % 2 === 0) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/=_-]{43,}$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return text;
}

/** A file's text, or `undefined` when it does not exist. */
async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw failure(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * The deletion log's entries: one JSON object per line, each line ending in a line feed, no key
 * twice in a line (a verifier must not check one value while a reader sees another).
 */
function logEntries(path: string, text: string | undefined): DeletionLogEntry[] {
  if (text === undefined || text === '') return [];
  if (!text.endsWith('\n')) throw failure(`${path}: the deletion log's last line is incomplete; nothing deleted`);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      const parsed = parseJsonStrict(line);
      if (!parsed.ok)
        throw failure(`${path}: line ${i + 1} of the deletion log is not one JSON entry; nothing deleted`);
      return parsed.value as DeletionLogEntry;
    });
}

/** Writes `text` to `path` durably: a temporary file, flushed, renamed over it, the directory flushed. */
async function writeDurably(path: string, text: string): Promise<void> {
  const temporary = `${path}.privkit-${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  await syncDirectory(path);
}

/** Flushes the directory of `path` (a rename is durable once its directory is). */
async function syncDirectory(path: string): Promise<void> {
  const dir = await open(dirname(path), 'r').catch(() => undefined);
  await dir?.sync().catch(() => {});
  await dir?.close();
}

const logText = (entries: readonly DeletionLogEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

/** Runs `privkit retention …`. */
export async function retentionCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    await write(sub === undefined ? io.stderr : io.stdout, RETENTION_HELP);
    return sub === undefined ? 2 : EXIT_OK;
  }
  if (sub !== 'plan' && sub !== 'sweep') throw usage(`unknown command "retention ${sub}"`);
  const { values, positionals } = parse(rest, {
    policy: { type: 'string' },
    holds: { type: 'string' },
    now: { type: 'string' },
    json: { type: 'boolean' },
    tenant: { type: 'string' },
    'key-file': { type: 'string' },
    log: { type: 'string' },
    'dry-run': { type: 'boolean' },
    output: { type: 'string', short: 'o' },
  });
  if (values.help) {
    await write(io.stdout, RETENTION_HELP);
    return EXIT_OK;
  }
  if (values.policy === undefined) throw usage('--policy is required');
  if (positionals.length > 1) throw usage('give one records file (or none for stdin)');
  const now = instant(values.now) ?? Date.now();
  if (Number.isNaN(now)) throw usage('--now must be an RFC 3339 instant with an offset, such as 2026-11-23T10:00:00Z');
  if (sub === 'plan') {
    for (const name of ['tenant', 'key-file', 'log', 'dry-run', 'output'] as const) {
      if (values[name] !== undefined) throw usage(`--${name} applies to "retention sweep" only`);
    }
  } else if (values.tenant === undefined || values['key-file'] === undefined || values.log === undefined) {
    throw usage('retention sweep needs --tenant, --key-file and --log');
  }
  const policy = await loadPolicy(values.policy, io);
  const holds = values.holds === undefined ? [] : ((await readJson(values.holds, io.stdin)) as LegalHold[]);
  if (!Array.isArray(holds)) throw failure(`${values.holds}: must be a JSON array of legal holds`);
  const source = positionals[0] ?? '-';
  const records = (await readJsonLines(source, io.stdin)) as RetentionRecord[];
  const c = colours(io.stdout, io.env);

  try {
    if (sub === 'plan') {
      const result = plan(policy, records, { now, holds });
      if (values.json) {
        await write(io.stdout, `${JSON.stringify(result)}\n`);
      } else {
        const rules = Object.entries(result.dueByRule).map(([rule, n]) => `${rule} ${groupDigits(n)}`);
        await write(
          io.stdout,
          [
            `as of ${result.now}: ${groupDigits(records.length)} records`,
            `  due       ${groupDigits(result.due.length)}${rules.length ? `  (${rules.join(', ')})` : ''}`,
            `  held      ${groupDigits(result.held.length)}`,
            `  retained  ${groupDigits(result.retained.length)}` +
              `${result.nextDueAt ? `  (next due ${result.nextDueAt})` : ''}`,
            `  waiting   ${groupDigits(result.waiting.length)}  (trigger not fired)`,
            `  unmatched ${result.unmatched.length > 0 ? c.yellow(groupDigits(result.unmatched.length)) : '0'}  (no ` +
              `rule: never deleted)`,
            '',
          ].join('\n'),
        );
      }
      return result.unmatched.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    }

    // sweep
    let keyBytes: Buffer;
    try {
      keyBytes = await readFile(values['key-file'] as string);
    } catch (error) {
      throw failure(`cannot read --key-file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const logPath = values.log as string;
    const checkpointPath = `${logPath}.checkpoint`;
    const intentPath = `${logPath}.intent`;
    const tenant = values.tenant as string;
    const key = keyFrom(keyBytes);
    const journal = createLogJournal({ key, tenant });
    const dryRun = values['dry-run'] === true;
    // Write-ahead: the log is verified to its sealed checkpoint (so an entry cut or rewritten at
    // the end is found), and an intent a stopped run left is completed (its records are gone) or
    // dropped (they are all still there), so the log records each deletion that happened, once.
    let state: ReturnType<typeof journal.reconcile>;
    try {
      state = journal.reconcile({
        entries: logEntries(logPath, await readOptional(logPath)),
        checkpoint: await readOptional(checkpointPath),
        intent: await readOptional(intentPath),
        storedIds: records.map((r) => (r as { id?: unknown })?.id as string),
      });
    } catch (error) {
      if (error instanceof RetentionError && error.code === 'LOG_BROKEN')
        throw failure(`${logPath}: the deletion log fails verification (${error.message}); nothing deleted`);
      throw error;
    }
    if (!dryRun && state.action !== 'none') {
      if (state.action === 'commit') {
        if (state.appended.length > 0) await writeDurably(logPath, logText(state.entries));
        await writeDurably(checkpointPath, journal.checkpoint(state.head));
      }
      await rm(intentPath, { force: true });
      await syncDirectory(intentPath);
    }
    const store = createMemoryStore({ policy });
    store.put(records);
    store.replaceLog(tenant, state.entries);
    const sweeper = createSweeper({
      store,
      tenant,
      key,
      worker: `privkit-cli-${process.pid}`,
      holds,
      timeZone: policy.timeZone,
    });
    const report = await sweeper.sweep({ now, dryRun });
    if (!report.dryRun) {
      const added = (await store.readLog(tenant)).slice(state.entries.length);
      const last = added.at(-1);
      // Intent first, then the records, then the log and its checkpoint, then the intent goes.
      if (added.length > 0) await writeDurably(intentPath, journal.intent(state.head, added));
      const kept = store.records();
      const target = values.output ?? (source === '-' ? undefined : source);
      const text = kept.map((r) => JSON.stringify(r)).join('\n') + (kept.length > 0 ? '\n' : '');
      if (target === undefined) await write(io.stdout, text);
      else await writeDurably(target, text);
      if (last !== undefined) {
        await writeDurably(logPath, logText([...state.entries, ...added]));
        await writeDurably(checkpointPath, journal.checkpoint({ seq: last.seq, hash: last.hash }));
        await rm(intentPath, { force: true });
        await syncDirectory(intentPath);
      }
    }
    const out = values.json
      ? `${JSON.stringify(report)}\n`
      : `${report.dryRun ? 'would delete' : 'deleted'} ${groupDigits(report.deleted)} of ` +
        `${groupDigits(records.length)} records` +
        `${
          Object.keys(report.byRule).length
            ? ` (${Object.entries(report.byRule)
                .map(([r, n]) => `${r} ${groupDigits(n)}`)
                .join(', ')})`
            : ''
        }` +
        `${report.held !== null ? `, ${groupDigits(report.held)} held` : ''}; ${report.entries} log entries\n`;
    await write(values.output === undefined && source === '-' ? io.stderr : io.stdout, out);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof RetentionError) throw failure(error.message);
    throw error;
  }
}
