// privkit's typedoc plugin (typedoc.json `plugin`): turns the packages' entry points into the
// site a reader navigates, instead of typedoc's folder-and-file view.
//
// - Module names are import specifiers. A package's main entry (src/index.ts) is the package's
//   own page, never a module called `index` (whose breadcrumb suggested importing
//   `@privkit/dsar/index`); every other entry is named for its `exports` subpath
//   (`@privkit/dsar/postgres`) and listed right after its package.
// - The sidebar is in learning order: the guides' front matter puts them in groups ("Start
//   here", "Guides"); every module goes in the group "API reference" (typedoc.json `groupOrder`).
// - Guides and API pages link each other: a guide's front matter names its package
//   (`package: "@privkit/dsar"`); the guide gets a line linking the package's modules, and each
//   of those modules a line linking the guide. A guide naming a package that has no module, or a
//   package without a guide, fails the build.
// - A package page starts with its guide and what the package is for (the @module comment), then
//   the exports; the README (for npm) is folded in between, without its own `# @privkit/…` title,
//   so the page has one title and the exports are on the first screen.
// - Mermaid diagrams: ```mermaid blocks are drawn in the browser by the mermaid package bundled
//   with the site (assets/mermaid.min.js, copied from node_modules; no CDN), loaded by
//   docs/assets/privkit.js only on pages that have a diagram.
// - Search: the guides' text weighs as much as a member's name (see PREPARE_INDEX below).
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Application, Comment, CommentTag, Converter, IndexEvent, ReflectionKind, RendererEvent } from 'typedoc';

const API_GROUP = 'API reference';
const require = createRequire(import.meta.url);

/** @param {Application} app */
export function load(app) {
  // Per package, once typedoc has resolved its links (LinkResolverPlugin runs at -300): fold
  // src/index.ts into the package and name the other entry points by their subpath. Earlier,
  // links between the entry points would be left pointing at a module called `index`.
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const project = context.project;
      const dir = app.options.packageDir;
      if (!dir) return;
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const modules = (project.children ?? []).filter((child) => child.kindOf(ReflectionKind.Module));
      if (modules.length === 0) return;
      const main = modules.find((module) => module.name === 'index');
      if (!main) {
        app.logger.error(`${manifest.name}: no module for src/index.ts among ${modules.map((m) => m.name).join(', ')}`);
        return;
      }
      project.comment ??= main.comment;
      project.mergeReflections(main, project);
      for (const module of modules) {
        if (module === main) continue;
        if (!manifest.exports?.[`./${module.name}`]) {
          app.logger.error(`${manifest.name}: entry point "${module.name}" is not an "exports" subpath`);
          continue;
        }
        module.name = `${manifest.name}/${module.name}`;
      }
    },
    -400,
  );

  // On the merged site, before typedoc groups and links it.
  app.on(Application.EVENT_PROJECT_REVIVE, (project) => restructure(app, project), 500);

  // Search: a guide is one long row in the index, where the names of ten thousand members
  // (matched as substrings: `*one*` hits `zonedDays`) outscored it on every phrase; its text
  // weighs as much as a name, so "GDPR one month" finds the dsar guide first.
  app.renderer.on(IndexEvent.PREPARE_INDEX, (event) => {
    event.searchFieldWeights.document = 10;
  });

  app.renderer.on(RendererEvent.END, (event) => {
    const mermaid = require.resolve('mermaid/dist/mermaid.min.js');
    copyFileSync(mermaid, join(event.outputDirectory, 'assets', 'mermaid.min.js'));
    const license = join(dirname(require.resolve('mermaid/package.json')), 'LICENSE');
    copyFileSync(license, join(event.outputDirectory, 'assets', 'mermaid.LICENSE.txt'));
  });
}

function text(value) {
  return { kind: 'text', text: value };
}

function link(label, target) {
  return { kind: 'inline-tag', tag: '@link', text: label, target };
}

/** Inserts parts after the first line (the `# Title`) of a Markdown body, or at its start. */
function insertAfterTitle(parts, inserted) {
  const first = parts[0];
  if (first?.kind === 'text' && first.text.startsWith('# ')) {
    const end = first.text.indexOf('\n');
    const title = end < 0 ? first.text : first.text.slice(0, end);
    const rest = end < 0 ? '' : first.text.slice(end);
    return [text(`${title}\n\n`), ...inserted, text(`\n${rest}`), ...parts.slice(1)];
  }
  return [...inserted, text('\n\n'), ...parts];
}

/** Drops a leading `# Title` line from a README shown on a page that has its own title. */
function withoutTitle(parts) {
  const first = parts[0];
  if (first?.kind !== 'text' || !first.text.startsWith('# ')) return parts;
  const end = first.text.indexOf('\n');
  return [text(end < 0 ? '' : first.text.slice(end + 1).replace(/^\n+/, '')), ...parts.slice(1)];
}

function addGroup(reflection, group) {
  reflection.comment ??= new Comment();
  reflection.comment.blockTags = reflection.comment.blockTags.filter((tag) => tag.tag !== '@group');
  reflection.comment.blockTags.push(new CommentTag('@group', [text(group)]));
}

/**
 * @param {Application} app
 * @param {import('typedoc').ProjectReflection} project
 */
function restructure(app, project) {
  const packages = (project.children ?? []).filter((child) => child.kindOf(ReflectionKind.Module));
  // Subpath modules become siblings of their package, right after it.
  const ordered = [];
  for (const pkg of packages) {
    ordered.push(pkg);
    const subpaths = (pkg.children ?? []).filter((child) => child.kindOf(ReflectionKind.Module));
    for (const sub of subpaths) {
      pkg.children = pkg.children.filter((child) => child !== sub);
      pkg.childrenIncludingDocuments = pkg.childrenIncludingDocuments?.filter((child) => child !== sub);
      const siblings = project.reflectionChildren.get(pkg.id);
      siblings.splice(siblings.indexOf(sub.id), 1);
      project.reflectionChildren.get(project.id).push(sub.id);
      sub.parent = project;
      ordered.push(sub);
    }
    delete pkg.groups;
    delete pkg.categories;
  }
  const documents = project.documents ?? [];
  project.children = ordered;
  project.childrenIncludingDocuments = [...documents, ...ordered];
  delete project.groups;
  delete project.categories;

  // Guides <-> API.
  const guideOf = new Map(); // module -> its guide
  for (const doc of project.getReflectionsByKind(ReflectionKind.Document)) {
    const name = doc.frontmatter?.package;
    if (name === undefined) continue;
    const modules = ordered.filter((m) => m.name === name || m.name.startsWith(`${name}/`));
    if (modules.length === 0) {
      app.logger.error(`${doc.name}: front matter names the package "${name}", which has no API page`);
      continue;
    }
    const links = modules.flatMap((m, i) => [...(i > 0 ? [text(' · ')] : []), link(m.name, m)]);
    doc.content = insertAfterTitle(doc.content, [text('**API reference:** '), ...links, text('\n')]);
    for (const module of modules) guideOf.set(module, doc);
  }

  // Each module page: the guide, what the module is for, then (for a package) its README folded
  // away, so the exports are on the first screen instead of under 10,000 px of README.
  const guided = new Set();
  for (const module of ordered) {
    addGroup(module, API_GROUP);
    const guide = guideOf.get(module);
    if (guide) guided.add(module.name);
    const line = guide ? [text('**Guide:** '), link(guide.name, guide), text('\n\n')] : [];
    if (module.readme) {
      const summary = module.comment?.summary ?? [];
      module.readme = [
        ...line,
        ...summary,
        text(
          '\n\n<details class="privkit-readme"><summary>README: install, example, options, ' +
            'security notes</summary>\n\n',
        ),
        ...withoutTitle(module.readme),
        text('\n\n</details>\n'),
      ];
    } else if (line.length > 0) {
      module.comment ??= new Comment();
      module.comment.summary = [...line, ...module.comment.summary];
    }
  }
  for (const pkg of packages) {
    if (!guided.has(pkg.name)) app.logger.error(`${pkg.name}: no guide names it in its front matter ("package:")`);
  }
}
