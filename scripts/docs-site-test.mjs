#!/usr/bin/env node
// Tests the built docs site (`npm run docs` writes it to docs/api) the way a reader meets it: served
// over HTTP and opened in headless Chromium. Every HTML page is loaded; any console error, uncaught
// page error, failed request or HTTP error fails the run; every internal link (and `#anchor`, after
// the page's scripts have rendered the navigation) must resolve to a file or an element of the site;
// and every page must be reachable from some other page. Screenshots of the landing page and of a
// guide are written to docs/api/screenshots/ for a human to look at.
//
// Usage: node scripts/docs-site-test.mjs [site-dir]   (default docs/api; run `npm run docs` first)
// The browser is Debian's `chromium` package (CI installs it), or Chrome where that is all there is.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const siteDir = resolve(process.argv[2] ?? 'docs/api');
const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const executablePath = BROWSERS.find((path) => existsSync(path));
const CONCURRENCY = 4;
const LANDING = 'index.html';
const GUIDE = 'documents/Getting_started.html';
const SCREENSHOT_DIR = 'screenshots';

if (!existsSync(join(siteDir, LANDING))) {
  console.error(
    `docs:test: ${relative(process.cwd(), siteDir) || '.'}/${LANDING} is missing; run \`npm run docs\` first`,
  );
  process.exit(2);
}
if (!executablePath) {
  console.error(`docs:test: no Chromium at ${BROWSERS.join(', ')} (apt-get install chromium)`);
  process.exit(2);
}

const started = Date.now();
const pages = readdirSync(siteDir, { recursive: true })
  .map((file) => String(file).split(sep).join('/'))
  .filter((file) => file.endsWith('.html') && !file.startsWith(`${SCREENSHOT_DIR}/`))
  .sort();

// --- a static server over the site directory, recording what it could not serve ---
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const notServed = new Set();
function fileFor(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const file = resolve(siteDir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (file !== siteDir && !file.startsWith(siteDir + sep)) return undefined; // no escaping the site
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}
const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  const file = fileFor(pathname);
  if (!file && pathname === '/favicon.ico') {
    // Chromium asks every new tab for /favicon.ico whether or not the pages declare an icon; a
    // site without one (typedoc's default) is not broken, so this one request gets "no content".
    res.writeHead(204).end();
    return;
  }
  if (!file) {
    notServed.add(pathname);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// --- visit every page ---
const problems = [];
let landingText = '';
const anchorsOf = new Map(); // page path -> Set of ids/names present after scripts ran
const linksOf = new Map(); // page path -> [{ href, kind }]

const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  const queue = [...pages];
  const worker = async () => {
    const page = await context.newPage();
    let current = '';
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location()?.url ? ` (${msg.location().url})` : '';
      problems.push(`${current}: console error: ${msg.text()}${where}`);
    });
    page.on('pageerror', (error) => problems.push(`${current}: page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      problems.push(`${current}: request failed: ${request.url()} (${request.failure()?.errorText})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${current}: HTTP ${response.status()} for ${response.url()}`);
    });
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      current = path;
      try {
        await page.goto(`${origin}/${path}`, { waitUntil: 'load', timeout: 60_000 });
      } catch (error) {
        problems.push(`${path}: did not load (${error.message.split('\n')[0]})`);
        continue;
      }
      // typedoc's main.js renders the sidebar from navigation.js and then shows the page; links
      // and anchors are read after that, so the generated navigation is checked too.
      await page
        .waitForFunction(
          () => {
            const nav = document.getElementById('tsd-nav-container');
            return document.body.style.display !== 'none' && (!nav || nav.querySelector('a') !== null);
          },
          undefined,
          { timeout: 20_000 },
        )
        .catch(() => problems.push(`${path}: the page or its navigation did not render within 20 s`));
      const found = await page.evaluate(() => {
        const links = [];
        for (const a of document.querySelectorAll('a[href]')) links.push({ href: a.href, kind: 'link' });
        for (const el of document.querySelectorAll('link[href]')) links.push({ href: el.href, kind: 'resource' });
        for (const el of document.querySelectorAll('[src]')) links.push({ href: el.src, kind: 'resource' });
        const anchors = [...document.querySelectorAll('[id]')].map((el) => el.id);
        for (const el of document.querySelectorAll('a[name]')) anchors.push(el.getAttribute('name'));
        const title = document.title.trim();
        const text = (document.querySelector('.col-content') ?? document.body).innerText.trim().length;
        return { links, anchors, title, text, body: document.body.innerText };
      });
      if (path === LANDING) landingText = found.body;
      if (!found.title) problems.push(`${path}: no <title>`);
      if (found.text < 20) problems.push(`${path}: almost no content (${found.text} characters)`);
      anchorsOf.set(path, new Set(found.anchors));
      linksOf.set(path, found.links);
      if (path === LANDING || path === GUIDE) {
        mkdirSync(join(siteDir, SCREENSHOT_DIR), { recursive: true });
        const name = path === LANDING ? 'landing.png' : 'guide.png';
        await page.screenshot({ path: join(siteDir, SCREENSHOT_DIR, name), fullPage: true });
      }
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pages.length) }, worker));
} finally {
  await browser.close();
  server.close();
}

// --- resolve every internal link ---
let internal = 0;
let anchored = 0;
let external = 0;
const linkedTo = new Set();
for (const [from, links] of linksOf) {
  for (const { href, kind } of links) {
    const url = new URL(href);
    if (url.origin !== origin) {
      // External links are not fetched (CI has no network); a file: or other-host link from a
      // generated page would be a build bug, so only http(s) is allowed.
      if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'mailto:') {
        problems.push(`${from}: link with unexpected scheme: ${href}`);
      }
      external++;
      continue;
    }
    internal++;
    const target = decodeURIComponent(url.pathname.slice(1)) || LANDING;
    if (!fileFor(url.pathname)) {
      problems.push(`${from}: broken ${kind} to ${url.pathname}`);
      continue;
    }
    if (kind === 'link' && target !== from) linkedTo.add(target);
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment && target.endsWith('.html')) {
      anchored++;
      if (!anchorsOf.get(target)?.has(fragment)) problems.push(`${from}: link to missing anchor ${target}#${fragment}`);
    }
  }
}
for (const path of pages) {
  if (path !== LANDING && !linkedTo.has(path)) problems.push(`${path}: no page links to it`);
}
// The landing page introduces every published package of the workspace.
const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages');
for (const dir of readdirSync(packagesDir)) {
  const file = join(packagesDir, dir, 'package.json');
  if (!existsSync(file)) continue;
  const { name, private: isPrivate } = JSON.parse(readFileSync(file, 'utf8'));
  if (!isPrivate && !landingText.includes(name)) problems.push(`${LANDING}: does not mention the package ${name}`);
}
for (const path of notServed) {
  if (!problems.some((p) => p.includes(path))) problems.push(`server: not found ${path}`);
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const summary =
  `${pages.length} pages, ${internal} internal links (${anchored} with an anchor), ` +
  `${external} external links not followed, in ${seconds} s`;
if (problems.length > 0) {
  const unique = [...new Set(problems)];
  console.error(`docs:test FAILED: ${unique.length} problem(s) in ${summary}`);
  // The same problem on many pages (a broken link in the page template) is printed once.
  const byMessage = new Map();
  for (const problem of unique) {
    const at = problem.indexOf(': ');
    const [page, message] = at < 0 ? ['', problem] : [problem.slice(0, at), problem.slice(at + 2)];
    byMessage.set(message, [...(byMessage.get(message) ?? []), page]);
  }
  const groups = [...byMessage];
  for (const [message, on] of groups.slice(0, 60)) {
    const where = on.length === 1 ? on[0] : `${on.length} pages, e.g. ${on.slice(0, 2).join(', ')}`;
    console.error(`  ${message}  [${where}]`);
  }
  if (groups.length > 60) console.error(`  … and ${groups.length - 60} more`);
  process.exit(1);
}
console.log(`docs:test: ${summary}; no console errors, failed requests or broken links`);
console.log(
  `screenshots: ${relative(process.cwd(), join(siteDir, SCREENSHOT_DIR, 'landing.png'))}, ${relative(process.cwd(), join(siteDir, SCREENSHOT_DIR, 'guide.png'))}`,
);
