/**
 * @module
 * Builds the City-schema test databases with MaxMind's own writer (test/support/build-city-mmdb.pl,
 * Perl module MaxMind::DB::Writer from Debian libmaxmind-db-writer-perl) into a temporary
 * folder. Where Perl or the module is missing the suites are skipped with a printed reason;
 * with PRIVKIT_REQUIRE_SERVERS=1 (set by CI) they fail instead.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolAvailable } from './oracle.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const NETWORKS_JSON = join(here, '..', 'vectors', 'city-networks.json');
const SCRIPT = join(here, 'build-city-mmdb.pl');

export const writerAvailable = () =>
  toolAvailable(
    'perl with MaxMind::DB::Writer',
    'perl',
    ['-MMaxMind::DB::Writer::Tree', '-e', '1'],
    'install the Debian package libmaxmind-db-writer-perl',
  );

/** One built database: its file and bytes. */
export interface BuiltDb {
  file: string;
  bytes: Uint8Array;
}

export type CityDbName = 'v6r24' | 'v6r28' | 'v6r32' | 'v4r28' | 'flat';

/** Builds the databases; call `cleanup` afterwards. */
export function buildCityDbs(): { dbs: Record<CityDbName, BuiltDb>; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-geo-city-'));
  const build = (name: string, recordSize: number, ipVersion: number, flat = false): BuiltDb => {
    const file = join(dir, `${name}.mmdb`);
    execFileSync('perl', [
      SCRIPT,
      NETWORKS_JSON,
      file,
      String(recordSize),
      String(ipVersion),
      ...(flat ? ['flat'] : []),
    ]);
    return { file, bytes: readFileSync(file) };
  };
  const dbs: Record<CityDbName, BuiltDb> = {
    v6r24: build('v6-r24', 24, 6),
    v6r28: build('v6-r28', 28, 6),
    v6r32: build('v6-r32', 32, 6),
    v4r28: build('v4-r28', 28, 4),
    flat: build('flat-r24', 24, 6, true),
  };
  return { dbs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
