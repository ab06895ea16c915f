// The changelog entries `changeset version` writes (.changeset/config.json points here).
//
// Each entry is the changeset's text, for the user who reads the changelog, followed by a link to
// the commit that added it: `([1a2b3c4](https://github.com/<repo>/commit/<sha>))`, never a bare
// hash. It needs nothing but git, so it works offline (in the release rehearsal and on a laptop);
// @changesets/changelog-github would ask GitHub's API for pull requests and authors.
//
// A dependency that was never released (version 0.0.0 before this release) gets no "Updated
// dependencies" line: on a package's first release that line would read as a change to something
// no user ever installed.

const NEVER_RELEASED = '0.0.0';

function repoOf(options) {
  const repo = options?.repo;
  if (typeof repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    throw new Error('scripts/changelog.cjs: set the option "repo" ("owner/name") in .changeset/config.json');
  }
  return repo;
}

function commitLink(commit, options) {
  if (!commit) return '';
  return ` ([${commit.slice(0, 7)}](https://github.com/${repoOf(options)}/commit/${commit}))`;
}

/** One changeset as a list item; the commit link ends its first line. */
async function getReleaseLine(changeset, _type, options) {
  repoOf(options);
  const [first, ...rest] = changeset.summary
    .trim()
    .split('\n')
    .map((line) => line.trimEnd());
  const body = rest.length > 0 ? `\n${rest.map((line) => (line ? `  ${line}` : '')).join('\n')}` : '';
  return `- ${first}${commitLink(changeset.commit, options)}${body}`;
}

/** The dependencies this release moves to a new released version, with the changesets' links. */
async function getDependencyReleaseLine(changesets, dependenciesUpdated, options) {
  const released = dependenciesUpdated.filter((dependency) => dependency.oldVersion !== NEVER_RELEASED);
  if (released.length === 0) return '';
  const links = changesets.map((changeset) => commitLink(changeset.commit, options).trim()).filter(Boolean);
  const head = `- Updated dependencies${links.length > 0 ? ` ${links.join(', ')}` : ''}`;
  return [head, ...released.map((dependency) => `  - ${dependency.name}@${dependency.newVersion}`)].join('\n');
}

module.exports = { getReleaseLine, getDependencyReleaseLine };
