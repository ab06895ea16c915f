/**
 * @module
 * The `privkit` command: dispatch to the subcommands, print errors in one line, and map them
 * to exit codes (0 ok, 1 findings or failures, 2 usage).
 */

import { readFileSync } from 'node:fs';
// Commands are loaded when used: a log pipe does not load the document and DSAR packages, and
// starts faster.
import { CliError } from '../errors.js';
import { colours, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io, usage, write } from './io.js';

export const MAIN_HELP = `Usage: privkit <command> [options]

Commands
  logs anonymize [files…]          rewrite every IP address in access logs (fail closed)
  logs verify [files…]             find any full address left in anonymised logs
  ip parse|truncate|classify …     strict parsing, truncation and address classes
  geo locate <ip…>                 country, continent and EU/EEA of addresses
  hash --tenant T --ua UA <ip>     the daily visitor id of one request
  retention plan|sweep --policy F  what is due under a retention policy; delete it with a log
  dsar due [requests.jsonl]        legal deadlines of data-subject requests
  dpa check|render|diff …          check, render and compare DPA / notice / record models

Run "privkit <command> --help" for a command's options.

Options
  -h, --help      this help
  -v, --version   the version

Exit status: 0 ok, 1 findings or failures, 2 usage error.
`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      await write(io.stderr, MAIN_HELP);
      return EXIT_USAGE;
    case '-h':
    case '--help':
    case 'help':
      await write(io.stdout, MAIN_HELP);
      return EXIT_OK;
    case '-v':
    case '--version':
      await write(io.stdout, `${version()}\n`);
      return EXIT_OK;
    case 'logs': {
      const [sub, ...args] = rest;
      if (sub === 'anonymize' || sub === 'anonymise') {
        const { logsAnonymize } = await import('./logs.js');
        return logsAnonymize(args, io, async (path) => {
          const { openLocator } = await import('./geo.js');
          const locator = await openLocator(io, path);
          return (ip) => locator.locate(ip).country ?? undefined;
        });
      }
      if (sub === 'verify') return (await import('./verify.js')).logsVerify(args, io);
      if (sub === undefined || sub === '--help' || sub === '-h') {
        await write(
          io.stdout,
          'Usage: privkit logs anonymize [options] [files…]\n       privkit logs verify [options] [files…]\n\n' +
            'Run "privkit logs anonymize --help" or "privkit logs verify --help" for the options.\n',
        );
        return sub === undefined ? EXIT_USAGE : EXIT_OK;
      }
      throw usage(`unknown command "logs ${sub}"`);
    }
    case 'ip':
      return (await import('./ip.js')).ipCommand(rest, io);
    case 'geo':
      return (await import('./geo.js')).geoCommand(rest, io);
    case 'retention':
      return (await import('./retention.js')).retentionCommand(rest, io);
    case 'dsar':
      return (await import('./dsar.js')).dsarCommand(rest, io);
    case 'dpa':
      return (await import('./dpa.js')).dpaCommand(rest, io);
    case 'hash':
      return (await import('./hash.js')).hashCommand(rest, io);
    default:
      throw usage(`unknown command "${command}"`);
  }
}

/** Runs the command line `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const c = colours(io.stderr, io.env);
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof CliError && error.code === 'USAGE') {
      await write(io.stderr, `${c.red('privkit:')} ${error.message} (see --help)\n`);
      return EXIT_USAGE;
    }
    // One line, and never a stack trace or an input value: CliError messages are written for
    // the user (they name options and lines, never values); anything else is reported by its
    // class and code only.
    const message =
      error instanceof CliError
        ? error.message
        : `unexpected ${(error as Error)?.name ?? 'error'}` +
          `${(error as NodeJS.ErrnoException)?.code ? ` (${(error as NodeJS.ErrnoException).code})` : ''}`;
    await write(io.stderr, `${c.red('privkit:')} ${message}\n`);
    return EXIT_FINDINGS;
  }
}
