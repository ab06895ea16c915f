/**
 * @module
 * The pending changesets as the release will read them (CONTRIBUTING.md, "Changesets"), checked
 * in `npm test` so that a second changeset for a package that was never released fails here, in
 * seconds, and not in the release rehearsal at the end of CI:
 * - a package at version 0.0.0 has exactly one changeset, `<folder>-initial-release.md`, a minor
 *   bump (its first release is 0.1.0), which describes the package as it first ships;
 * - no published package names another privkit package as a peer dependency: changesets makes
 *   every dependent of a peer's minor bump a major release, so a first release would come out
 *   as 1.0.0 (seen with `@privkit/request`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

type Manifest = {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly peerDependencies?: Record<string, string>;
};
const packages = readdirSync(join(root, 'packages'))
  .map((folder) => ({
    folder,
    manifest: JSON.parse(readFileSync(join(root, 'packages', folder, 'package.json'), 'utf8')) as Manifest,
  }))
  .filter(({ manifest }) => manifest.private !== true);

/** Each changeset file with the bump it gives each package named in its front matter. */
const changesets = readdirSync(join(root, '.changeset'))
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .map((file) => {
    const text = readFileSync(join(root, '.changeset', file), 'utf8');
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
    const bumps = new Map(
      front
        .split('\n')
        .map((line) => /^\s*["']?([^"':]+)["']?\s*:\s*(\w+)\s*$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1] as string, match[2] as string]),
    );
    return { file, bumps };
  });

describe('pending changesets', () => {
  it('finds the published packages and the changesets', () => {
    expect(packages.length).toBeGreaterThanOrEqual(8);
    expect(changesets.length).toBeGreaterThan(0);
  });

  for (const { folder, manifest } of packages.filter(({ manifest }) => manifest.version === '0.0.0')) {
    it(`${manifest.name} (never released) has one minor changeset, ${folder}-initial-release.md`, () => {
      const naming = changesets.filter(({ bumps }) => bumps.has(manifest.name));
      expect(naming.map(({ file }) => file)).toEqual([`${folder}-initial-release.md`]);
      expect(naming[0]?.bumps.get(manifest.name)).toBe('minor');
    });
  }

  it('names only packages of the workspace', () => {
    const names = new Set(packages.map(({ manifest }) => manifest.name));
    const unknown = changesets.flatMap(({ file, bumps }) =>
      [...bumps.keys()].filter((name) => !names.has(name)).map((name) => `${file}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});

describe('peer dependencies', () => {
  for (const { manifest } of packages) {
    it(`${manifest.name} has no privkit package as a peer (a peer's minor bump would make it major)`, () => {
      const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => name.startsWith('@privkit/'));
      expect(peers).toEqual([]);
    });
  }
});
