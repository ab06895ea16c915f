// Runs a browser bundle in headless Chromium (Debian's `chromium`) and reads its verdict from
// the DOM: the page's script writes "PASS" or "FAIL: reason" into <body>.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './proc.mjs';

export function findChromium() {
  for (const candidate of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      run('which', [candidate], { quiet: true });
      return candidate;
    } catch {}
  }
  return undefined;
}

/** Runs `script` (an IIFE bundle that sets document.body.textContent) and returns the verdict. */
export function runInChromium(script) {
  const chromium = findChromium();
  if (!chromium) return { ok: false, skipped: true, detail: 'chromium not installed' };
  const dir = mkdtempSync(join(tmpdir(), 'privkit-chromium-'));
  try {
    const page = join(dir, 'index.html');
    writeFileSync(
      page,
      `<!doctype html><meta charset="utf-8"><title>privkit</title><body>PENDING<script>` +
        `${script.replace(/<\/script/gi, '<\\/script')}</script>`,
    );
    // The flags keep a headless run off the network (this machine's network is closed) and
    // independent of any profile.
    const dom = run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--virtual-time-budget=10000',
        '--dump-dom',
        `file://${page}`,
      ],
      { quiet: true, timeout: 120_000 },
    );
    const body = /<body>([\s\S]*?)(<script|<\/body>)/.exec(dom)?.[1]?.trim() ?? dom.trim();
    return { ok: body.startsWith('PASS'), skipped: false, detail: body.slice(0, 300) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
