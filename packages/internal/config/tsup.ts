/**
 * @module
 * The build every privkit package shares: ESM for ES2022, declarations bundled per entry, and
 * the private `@privkit/internal` modules compiled into each package (code and types alike), so
 * no published package depends on it.
 */
import { defineConfig, type Options } from 'tsup';

/** A package's own part of the build: its entry files and the platform of its default entry. */
export interface PackageBuild {
  /** Source entry files, one per export subpath (`src/index.ts`, `src/postgres.ts`, …). */
  readonly entry: string[];
  /** `neutral` for code that runs in Node, browsers and edge runtimes; `node` for the CLI. */
  readonly platform?: 'neutral' | 'node';
}

/** The tsup configuration of one package. */
export function packageBuild({ entry, platform = 'neutral' }: PackageBuild): Options {
  return defineConfig({
    entry,
    format: ['esm'],
    target: 'es2022',
    platform,
    // The CLI keeps `node:` specifiers, so bundlers (and the size check) know them for built-ins.
    ...(platform === 'node' ? { removeNodeProtocol: false } : {}),
    dts: {
      compilerOptions: {
        // tsup passes `baseUrl` to the declaration build, which TypeScript 6 deprecates (TS5101).
        ignoreDeprecations: '6.0',
        // The shared modules are source in this repository: resolve them as local files so the
        // declaration bundle inlines their types instead of importing an unpublished package.
        rootDir: '..',
        paths: { '@privkit/internal/*': ['../internal/src/*.ts'] },
      },
    },
    sourcemap: true,
    clean: true,
    treeshake: true,
  }) as Options;
}
