/**
 * @module
 * `privkit dsar due`: the legal deadlines of data-subject requests (`@privkit/dsar`), for one
 * request given by flags or for a JSON Lines file of requests, each its `receive` event with the
 * events after it in `events`. Overdue requests are findings (exit 1).
 */

import { DsarError, type DsarEvent, type DsarState, openRequest, type ReceiveEvent, transition } from '@privkit/dsar';
import {
  type DeadlineAlert,
  type DeadlineExplanation,
  type DeadlineOptions,
  deadlinesFor,
  explainDeadline,
  overdue,
} from '@privkit/dsar/deadlines';
import { REGIME_IDS } from '@privkit/dsar/regimes';
import { instant, readJsonLines } from './files.js';
import { colours, EXIT_FINDINGS, EXIT_OK, failure, type Io, parse, usage, write } from './io.js';

export const DSAR_HELP = `Usage: privkit dsar due [options] [requests.jsonl]

The deadlines of data-subject requests under their legal regime (@privkit/dsar): respond by,
the end of the first period (the last day to announce an extension), how far an extension can
go, acknowledgement and processor forwarding deadlines, each computed in the controller's time
zone. Requests are JSON Lines (file or stdin): each line a receive event
{ "type": "receive", "id", "regime", "right", "subject", "timeZone", "channel", "at" } with the
later events in "events": [ { "type": "extend", "at", "reason" }, … ].

One request from flags instead:
  --regime ID        ${REGIME_IDS.join(', ')}
  --received TIME    when it arrived: an instant with an offset, or a date YYYY-MM-DD
  --right NAME       the right exercised (default access)
  --time-zone ZONE   the controller's IANA time zone (default UTC)

Options
  --target ID=DUR    your internal target for a regime whose law sets no fixed period
                     ("without delay": jp-appi, au-app), such as jp-appi=P14D; repeatable.
                     It is reported as a target, never as a statutory deadline
  --now TIME         judge overdue as of this instant (default now)
  --explain          every step of the computation, with its citation
  --json             one JSON object per request
  -h, --help         this help

Exit status: 0 nothing overdue, 1 a request is overdue or a failure, 2 usage.
`;

type RequestLine = ReceiveEvent & { events?: DsarEvent[] };

function fold(line: RequestLine, index: number, options: DeadlineOptions | undefined): DsarState {
  const { events = [], ...receive } = line;
  try {
    let state = openRequest({ ...receive, type: 'receive' } as ReceiveEvent, options);
    for (const event of events) state = transition(state, event, options);
    return state;
  } catch (error) {
    if (error instanceof DsarError) throw failure(`request ${index + 1}: ${error.message}`);
    throw error;
  }
}

/** Runs `privkit dsar …`. */
export async function dsarCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    await write(sub === undefined ? io.stderr : io.stdout, DSAR_HELP);
    return sub === undefined ? 2 : EXIT_OK;
  }
  if (sub !== 'due') throw usage(`unknown command "dsar ${sub}"`);
  const { values, positionals } = parse(rest, {
    regime: { type: 'string' },
    received: { type: 'string' },
    right: { type: 'string' },
    'time-zone': { type: 'string' },
    target: { type: 'string', multiple: true },
    now: { type: 'string' },
    explain: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    await write(io.stdout, DSAR_HELP);
    return EXIT_OK;
  }
  const now = instant(values.now) ?? Date.now();
  if (Number.isNaN(now)) throw usage('--now must be an ISO 8601 instant');
  // --target ID=DURATION: the library checks the duration (a DsarError, exit 1); the form here.
  const targets: Record<string, string> = {};
  for (const t of (values.target as unknown as string[] | undefined) ?? []) {
    const eq = t.indexOf('=');
    const id = t.slice(0, Math.max(eq, 0));
    if (eq <= 0 || !REGIME_IDS.includes(id)) throw usage('--target is REGIME=DURATION, such as jp-appi=P14D');
    targets[id] = t.slice(eq + 1);
  }
  const options: DeadlineOptions | undefined = Object.keys(targets).length > 0 ? { targets } : undefined;
  let rows: Row[];
  if (values.regime !== undefined || values.received !== undefined) {
    if (values.regime === undefined || values.received === undefined)
      throw usage('--regime and --received go together');
    if (!REGIME_IDS.includes(values.regime)) throw usage(`--regime must be one of ${REGIME_IDS.join(', ')}`);
    if (positionals.length > 0) throw usage('give either a requests file or --regime/--received');
    // A receipt alone (a date or an instant): the library's own reading of it, as a new request.
    const explained = guard(() =>
      deadlinesFor(
        {
          regime: values.regime as string,
          receivedAt: values.received as string,
          timeZone: values['time-zone'] ?? 'UTC',
          ...(values.right === undefined ? {} : { right: values.right }),
        },
        options,
      ),
    );
    const { dates } = explained;
    const late: DeadlineAlert['kind'][] = [];
    if (dates.acknowledgeBy && Date.parse(dates.acknowledgeBy.endsAt) <= now) late.push('acknowledgement');
    if (Date.parse(dates.respondBy.endsAt) <= now) late.push('response');
    rows = [
      { id: 'request', regime: dates.regime, right: values.right ?? 'access', status: 'received', explained, late },
    ];
  } else {
    if (positionals.length > 1) throw usage('give one requests file (or none for stdin)');
    const lines = (await readJsonLines(positionals[0] ?? '-', io.stdin)) as RequestLine[];
    const states = lines.map((line, i) => fold(line, i, options));
    const alerts = guard(() => overdue(states, now, options));
    rows = states.map((state) => ({
      id: state.id,
      regime: state.regime,
      right: state.right,
      status: state.status,
      explained: guard(() => explainDeadline(state, options)),
      late: alerts.filter((a) => a.id === state.id).map((a) => a.kind),
    }));
  }
  const c = colours(io.stdout, io.env);
  for (const row of rows) {
    const { dates, steps } = row.explained;
    if (values.json) {
      const explanation = values.explain ? { steps } : {};
      await write(
        io.stdout,
        `${JSON.stringify({ id: row.id, status: row.status, overdue: row.late, ...dates, ...explanation })}\n`,
      );
      continue;
    }
    const parts = [
      `${c.bold(row.id)} (${row.regime}, ${row.right}, ${row.status})`,
      dates.basis === 'internal-target'
        ? `internal target ${dates.respondBy.date} (the law sets no fixed period)`
        : `respond by ${dates.respondBy.date}`,
    ];
    if (dates.latestExtended)
      parts.push(`extendable to ${dates.latestExtended.date} if announced by ${dates.firstPeriodEnds.date}`);
    if (dates.acknowledgeBy) parts.push(`acknowledge by ${dates.acknowledgeBy.date}`);
    if (dates.forwardBy) parts.push(`forward by ${dates.forwardBy.date}`);
    if (dates.paused) parts.push('clock stopped');
    if (row.late.length > 0) parts.push(c.red(`OVERDUE (${row.late.join(', ')})`));
    await write(io.stdout, `${parts.join('; ')}\n`);
    if (values.explain) {
      for (const step of steps)
        await write(io.stdout, `  - ${step.step}${step.citation ? ` [${step.citation}]` : ''}\n`);
    }
  }
  return rows.some((r) => r.late.length > 0) ? EXIT_FINDINGS : EXIT_OK;
}

interface Row {
  readonly id: string;
  readonly regime: string;
  readonly right: string;
  readonly status: string;
  readonly explained: DeadlineExplanation;
  readonly late: readonly DeadlineAlert['kind'][];
}

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DsarError) throw failure(error.message);
    throw error;
  }
}
