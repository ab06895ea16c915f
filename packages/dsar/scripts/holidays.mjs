/**
 * Generates the holiday calendars in src/calendars/ from scripts/holidays/calendars.json:
 * national and regional public holidays from the npm package date-holidays (pinned; its data is
 * CC BY-SA 3.0, so each file generated from it carries that notice), statute-defined calendars
 * from the rules written in calendars.json (date-holidays' rule grammar, evaluated by its parser),
 * then the cited overrides. `node scripts/holidays.mjs` writes the files; `--check` compares them
 * with what is committed and exits 1 on any difference (run in CI by test/calendars.test.ts).
 */
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Holidays from 'date-holidays';
import Parser from 'date-holidays-parser';

const root = new URL('../', import.meta.url);
const require = createRequire(import.meta.url);
const DH_VERSION = require('date-holidays/package.json').version;
const DAY = 86_400_000;

const epochDay = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);

// Every day a holiday of date-holidays (or of the parser over our rules) covers: multi-day
// holidays (Seollal, 25 December to 15 January) are spans, not single dates.
function daysOf(list, types) {
  const out = [];
  for (const h of list) {
    if (!types.includes(h.type)) continue;
    const first = epochDay(h.date.slice(0, 10));
    const span = Math.max(1, Math.round((h.end - h.start) / DAY));
    for (let i = 0; i < span; i++) out.push(first + i);
  }
  return out;
}

/** The sorted holiday days (epoch days) of one calendar definition. */
export function holidayDays(def) {
  const days = new Set();
  const years = [];
  for (let y = def.from - 1; y <= def.to + 1; y++) years.push(y);
  if (def.dateHolidays) {
    const { country, state, types } = def.dateHolidays;
    const hd = state ? new Holidays(country, state) : new Holidays(country);
    for (const y of years) for (const d of daysOf(hd.getHolidays(y), types)) days.add(d);
  }
  if (def.rules) {
    const data = { holidays: { XX: { names: { en: def.id }, days: {} } } };
    for (const r of def.rules) data.holidays.XX.days[r.rule] = { name: { en: r.name } };
    const parser = new Parser(data, 'XX');
    for (const y of years) for (const d of daysOf(parser.getHolidays(y), ['public'])) days.add(d);
  }
  if (def.matariki) {
    const nz = new Holidays('NZ');
    for (const y of years)
      for (const h of nz.getHolidays(y)) if (/Matariki/.test(h.name)) days.add(epochDay(h.date.slice(0, 10)));
  }
  for (const o of def.overrides ?? []) {
    if (o.add) days.add(epochDay(o.add));
    if (o.remove) {
      if (!days.has(epochDay(o.remove)))
        throw new Error(`${def.id}: override removes ${o.remove}, which is not in the data`);
      days.delete(epochDay(o.remove));
    }
  }
  const lo = epochDay(`${def.from}-01-01`);
  const hi = epochDay(`${def.to}-12-31`);
  // A holiday on a weekend day adds nothing to a working-day calendar (its substitute, if any, is
  // a day of its own).
  const isoWeekday = (d) => ((((d + 3) % 7) + 7) % 7) + 1;
  return [...days].filter((d) => d >= lo && d <= hi && !def.weekend.includes(isoWeekday(d))).sort((a, b) => a - b);
}

// Day gaps as two base-36 digits each (a gap is at most 366 + a year of coverage slack < 1296).
function pack(days, from) {
  let prev = epochDay(`${from}-01-01`) - 1;
  let out = '';
  for (const d of days) {
    const gap = d - prev;
    if (gap < 1 || gap >= 1296) throw new Error(`gap ${gap} cannot be packed`);
    out += gap.toString(36).padStart(2, '0');
    prev = d;
  }
  return out;
}

const constName = (id) => id.toUpperCase().replace(/-/g, '_');

// No line of a generated file is over 120 characters (CONTRIBUTING.md, "Files"): comments are
// wrapped, long strings split into concatenated literals the way Biome formats them.
const WIDTH = 100;

/** `text` in lines of at most `width` characters, broken at spaces (a longer word stays whole). */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** A comment list item: ` *   - text`, continued under the text. */
const listItem = (text) =>
  wrap(text, WIDTH - 7)
    .map((line, i) => `${i === 0 ? ' *   - ' : ' *     '}${line}`)
    .join('\n');

function moduleText(def, days) {
  const derived = def.dateHolidays !== undefined || def.matariki === true;
  const licence = derived
    ? `/*!\n${wrap(
        `Holiday data derived from date-holidays ${DH_VERSION} (https://github.com/commenthol/date-holidays, ` +
          "data licensed CC BY-SA 3.0, https://creativecommons.org/licenses/by-sa/3.0/) with privkit's cited " +
          'overrides; this file is licensed CC BY-SA 3.0 (see LICENSE-DATA).',
        WIDTH - 3,
      )
        .map((line) => ` * ${line}\n`)
        .join('')} */\n`
    : '';
  const data = {
    id: def.id,
    name: def.name,
    weekend: def.weekend,
    coverage: { from: `${def.from}-01-01`, to: `${def.to}-12-31` },
    scope: def.scope,
    source: def.source,
    license: derived ? 'CC-BY-SA-3.0' : 'MIT',
  };
  const overrides = (def.overrides ?? []).map((o) =>
    listItem(`${o.add ? `+ ${o.add}` : `- ${o.remove}`}: ${o.citation}`),
  );
  const rules = (def.rules ?? []).map((r) => listItem(`${r.name} (\`${r.rule}\`): ${r.citation}`));
  const summary = `${def.name}, ${data.coverage.from} to ${data.coverage.to}: ${days.length} holidays.`;
  const generatedBy = 'scripts/holidays.mjs from scripts/holidays/calendars.json — do not edit.';
  const header =
    summary.length + ' Generated by'.length <= 120 - 3
      ? [`${summary} Generated by`, generatedBy]
      : wrap(`${summary} Generated by ${generatedBy}`, WIDTH - 3);
  const ruleLines = rules.length > 0 ? ` * Rules:\n${rules.join('\n')}\n` : '';
  const overrideLines = overrides.length > 0 ? ` * Overrides:\n${overrides.join('\n')}\n` : '';
  return `${licence}/**
 * @module
${header.map((line) => ` * ${line}`).join('\n')}
${ruleLines}${overrideLines} */

import { packedCalendar } from '../calendar-data.js';

/** @internal ${def.name}. */
export const ${constName(def.id)} = /* @__PURE__ */ packedCalendar(
  {
${objectLines(data)}
  },
  ${packedLines(pack(days, def.from))},
);
`;
}

// The object as Biome formats it (single quotes, one key a line, a long string on its own line),
// so that \`npm run lint\` leaves the generated files as the generator wrote them.
const quote = (v) => {
  const text = String(v).replace(/\\/g, '\\\\');
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/'/g, "\\'")}'`;
};
function objectLines(data) {
  const lines = [];
  for (const [key, value] of Object.entries(data)) {
    const text = Array.isArray(value)
      ? `[${value.join(', ')}]`
      : typeof value === 'object'
        ? `{ ${Object.entries(value)
            .map(([k, v]) => `${k}: ${quote(v)}`)
            .join(', ')} }`
        : quote(value);
    const line = `    ${key}: ${text},`;
    if (line.length <= 120) lines.push(line);
    else if (text.length <= 120 - 7) lines.push(`    ${key}:\n      ${text},`);
    else {
      // A string too long for one line: literals of about WIDTH characters joined with `+`.
      const parts = wrap(String(value), WIDTH).map((part, i, all) => quote(i < all.length - 1 ? `${part} ` : part));
      lines.push(`    ${key}:\n${parts.map((part) => `      ${part}`).join(' +\n')},`);
    }
  }
  return lines.join('\n');
}

// The packed days as literals of WIDTH characters joined with `+`, as Biome formats an argument.
function packedLines(packed) {
  const parts = packed.match(new RegExp(`.{1,${WIDTH}}`, 'g')) ?? [''];
  return parts.map((part, i) => `${i === 0 ? '' : '    '}'${part}'`).join(' +\n');
}

function indexText(defs) {
  // In the order Biome sorts imports (by path without the extension).
  const sorted = [...defs].sort((a, b) => (`./${a.id}` < `./${b.id}` ? -1 : 1));
  const imports = sorted.map((d) => `import { ${constName(d.id)} } from './${d.id}.js';`).join('\n');
  // Biome drops quotes from keys that are identifiers.
  const key = (id) => (/^[a-z_$][a-z0-9_$]*$/.test(id) ? id : `'${id}'`);
  const entries = defs.map((d) => `  ${key(d.id)}: ${constName(d.id)},`).join('\n');
  return `/**
 * @module
 * Every generated holiday calendar by id. Generated by scripts/holidays.mjs — do not edit.
 */

import type { HolidayCalendar } from '../calendar.js';
${imports}

/** @internal The generated calendars by id. */
export const GENERATED_CALENDARS: Readonly<Record<string, HolidayCalendar>> = {
${entries}
};
`;
}

/** The generated files: name → text. */
export function generate() {
  const config = JSON.parse(readFileSync(new URL('scripts/holidays/calendars.json', root), 'utf8'));
  const files = new Map();
  for (const def of config.calendars) files.set(`${def.id}.ts`, moduleText(def, holidayDays(def)));
  files.set('index.ts', indexText(config.calendars));
  return files;
}

const outDir = new URL('src/calendars/', root);
if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  const files = generate();
  if (process.argv.includes('--check')) {
    const present = readdirSync(outDir).filter((f) => f.endsWith('.ts'));
    const stale = present.filter((f) => !files.has(f));
    const differ = [...files].filter(([name, text]) => {
      try {
        return readFileSync(new URL(name, outDir), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    if (stale.length + differ.length > 0) {
      console.error(
        `holiday calendars drifted: ${[...stale, ...differ.map(([n]) => n)].join(', ')}; run node scripts/holidays.mjs`,
      );
      process.exit(1);
    }
    console.log(`${files.size} calendar files match`);
  } else {
    mkdirSync(outDir, { recursive: true });
    for (const f of readdirSync(outDir)) if (f.endsWith('.ts')) unlinkSync(new URL(f, outDir));
    for (const [name, text] of files) writeFileSync(new URL(name, outDir), text);
    console.log(`wrote ${files.size} files`);
  }
}
