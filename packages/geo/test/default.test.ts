/**
 * @module
 * `@privkit/geo/default`: the bundled file is found and described, every variant loads, the
 * default warning goes to `console.warn` once, and without the optional dependency the loader
 * raises `DATABASE_NOT_INSTALLED` (shown by running the source from a folder where the data
 * package cannot be resolved).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createDefaultLocator,
  createDefaultLocatorSync,
  DBIP_PROVENANCE,
  DEFAULT_DATABASE_PACKAGE,
  defaultDatabasePath,
  loadDefaultDatabase,
} from '../src/default.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('@privkit/geo/default', () => {
  it('finds each variant of the bundled file in the optional dependency', async () => {
    for (const variant of ['all', 'ipv4', 'ipv6'] as const) {
      expect(defaultDatabasePath(variant)).toMatch(/@ip-location-db[\\/]dbip-country-mmdb[\\/]dbip-country.*\.mmdb$/);
    }
    expect((await loadDefaultDatabase('ipv4')).length).toBeGreaterThan(1_000_000);
    expect(() => defaultDatabasePath('ipv5' as never)).toThrow(
      expect.objectContaining({ name: 'GeoError', code: 'INVALID_ARGUMENT', path: 'variant' }),
    );
    expect(() => createDefaultLocatorSync({ variant: 'ipv5' } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.variant' }),
    );
    expect(() => createDefaultLocatorSync({ staleAfterDays: 60 } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.staleAfterDays' }),
    );
  });

  it('locates with the IPv4-only and IPv6-only files as with the full one', async () => {
    const all = createDefaultLocatorSync({ onStale: () => {} });
    const v4 = await createDefaultLocator({ variant: 'ipv4', onStale: () => {} });
    const v6 = await createDefaultLocator({ variant: 'ipv6', onStale: () => {} });
    for (const ip of ['8.8.8.8', '81.2.69.160', '::ffff:1.1.1.1', '64:ff9b::8.8.4.4'])
      expect(v4.locate(ip), ip).toEqual(all.locate(ip));
    for (const ip of ['2a00:1450::1', '2600::1', '2001:4860::8888']) expect(v6.locate(ip), ip).toEqual(all.locate(ip));
    expect(v4.locate('2a00:1450::1').status).toBe('unknown');
  });

  it('describes the data and lets the caller override the description', () => {
    const geo = createDefaultLocatorSync({ onStale: () => {}, provenance: { source: 'our mirror of DB-IP Lite' } });
    expect(geo.provenance).toMatchObject({ ...DBIP_PROVENANCE, source: 'our mirror of DB-IP Lite' });
    expect(geo.provenance.attribution).toBe('IP Geolocation by DB-IP (https://db-ip.com)');
  });

  it('warns on console.warn once by default when the data is stale, without any address', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const built = Date.parse(createDefaultLocatorSync({ onStale: () => {} }).provenance.builtAt);
    const geo = createDefaultLocatorSync({ clock: () => built + 400 * 86_400_000 });
    geo.locate('8.8.8.8');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      new RegExp(
        String.raw`^\[@privkit\/geo\] DB-IP Lite Country \(db-ip\.com\) data built \d{4}-\d\d-\d\d ` +
          String.raw`is 400 days old \(limit 35\): update it$`,
      ),
    );
    createDefaultLocatorSync({ clock: () => built + 3 * 86_400_000 });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('raises DATABASE_NOT_INSTALLED where the optional dependency is missing', () => {
    // A copy of the source in a folder whose node_modules has @privkit/ip and /internal but not the data.
    const here = fileURLToPath(new URL('.', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'privkit-geo-nodata-'));
    try {
      cpSync(join(here, '..', 'src'), join(dir, 'src'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      mkdirSync(join(dir, 'node_modules', '@privkit'), { recursive: true });
      symlinkSync(join(here, '..', '..', 'ip'), join(dir, 'node_modules', '@privkit', 'ip'), 'dir');
      symlinkSync(join(here, '..', '..', 'internal'), join(dir, 'node_modules', '@privkit', 'internal'), 'dir');
      const tsx = pathToFileURL(join(here, '..', '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
      const script = `import('./src/default.ts').then(async (m) => {
        try { await m.createDefaultLocator(); console.log('loaded'); }
        catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }
      })`;
      const out = execFileSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
        cwd: dir,
        encoding: 'utf8',
      });
      const error = JSON.parse(out.trim().split('\n').pop() as string);
      expect(error).toMatchObject({ name: 'GeoError', code: 'DATABASE_NOT_INSTALLED' });
      expect(error.message).toContain(`npm install ${DEFAULT_DATABASE_PACKAGE}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
