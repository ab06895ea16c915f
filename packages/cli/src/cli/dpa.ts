/**
 * @module
 * `privkit dpa check|render|diff`: the `@privkit/dpa` document model from a shell. `check` runs
 * the rule packs (Art. 28, notices, records, transfers, consistency with the running retention
 * policy), `render` writes a DPA, notice or record of processing as Markdown or HTML, `diff`
 * compares two versions and can write the Art. 28(2) sub-processor change notice.
 */

import { writeFile } from 'node:fs/promises';
import {
  checkModel,
  DpaError,
  diffModels,
  type PrivacyModel,
  parseModel,
  type RetentionRule,
  renderChangeNoticeMarkdown,
  renderHtml,
  renderMarkdown,
  subProcessorChangeNotice,
} from '@privkit/dpa';
import { definePolicy, RetentionError } from '@privkit/retention';
import { readJson } from './files.js';
import { colours, EXIT_FINDINGS, EXIT_OK, failure, type Io, oneOf, parse, usage, write } from './io.js';

export const DPA_HELP = `Usage: privkit dpa <check|render|diff> [options] model.json …

  check  model.json                 findings of the rule packs (Art. 28 GDPR, Arts. 13/14 notices,
                                    Art. 30 records, transfers, retention consistency)
  render model.json --document D    the DPA (dpa), privacy notice (notice) or record of
                                    processing (record), as Markdown or HTML
  diff   before.json after.json     what changed between two versions

Options
  --retention FILE    check: the running @privkit/retention policy ({ rules }), compared with
                      the periods the documents promise
  --fail-on LEVEL     check: exit 1 from this severity up: error, warning (default) or info
  --document KIND     render: dpa, notice or record (required)
  --format FORMAT     render: md (default) or html
  -o, --output FILE   render: write here instead of stdout
  --notice DATE       diff: print the sub-processor change notice sent on DATE (YYYY-MM-DD)
  --effective DATE    diff --notice: when the changes take effect
  --json              JSON output
  -h, --help          this help

Exit status: check 1 with findings at --fail-on or above; diff 1 when the versions differ;
2 usage.
`;

async function model(path: string, io: Io): Promise<PrivacyModel> {
  const input = await readJson(path, io.stdin);
  try {
    return parseModel(input);
  } catch (error) {
    if (error instanceof DpaError) {
      // The message names the first problem's path (never its value) and how many more there are.
      throw failure(`${path}: ${error.message}`);
    }
    throw error;
  }
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/** Runs `privkit dpa …`. */
export async function dpaCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    await write(sub === undefined ? io.stderr : io.stdout, DPA_HELP);
    return sub === undefined ? 2 : EXIT_OK;
  }
  if (sub !== 'check' && sub !== 'render' && sub !== 'diff') throw usage(`unknown command "dpa ${sub}"`);
  const { values, positionals } = parse(rest, {
    retention: { type: 'string' },
    'fail-on': { type: 'string' },
    document: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    notice: { type: 'string' },
    effective: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    await write(io.stdout, DPA_HELP);
    return EXIT_OK;
  }
  const c = colours(io.stdout, io.env);
  try {
    if (sub === 'check') {
      if (positionals.length !== 1) throw usage('dpa check takes one model file');
      const failOn = oneOf('fail-on', values['fail-on'], ['error', 'warning', 'info'] as const) ?? 'warning';
      let runningRetention: RetentionRule[] | undefined;
      if (values.retention !== undefined) {
        const policy = await readJson(values.retention, io.stdin);
        // The same file as \`privkit retention --policy\`, checked the same way: an unknown key
        // anywhere is refused rather than compared as if it were not there.
        try {
          definePolicy(policy as Parameters<typeof definePolicy>[0]);
        } catch (error) {
          if (error instanceof RetentionError) throw failure(`${values.retention}: ${error.message}`, error);
          throw error;
        }
        runningRetention = (policy as { rules: RetentionRule[] }).rules;
      }
      const findings = checkModel(
        await model(positionals[0] as string, io),
        runningRetention ? { runningRetention } : {},
      );
      if (values.json) await write(io.stdout, `${JSON.stringify(findings)}\n`);
      else {
        for (const f of findings) {
          const tag =
            f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.dim('info');
          await write(io.stdout, `${tag} ${f.article} ${f.path}: ${f.message} [${f.rule}]\n`);
        }
        const count = (s: string) => findings.filter((f) => f.severity === s).length;
        await write(
          io.stderr,
          `privkit: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes\n`,
        );
      }
      return findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? EXIT_FINDINGS : EXIT_OK;
    }

    if (sub === 'render') {
      if (positionals.length !== 1) throw usage('dpa render takes one model file');
      const kind = oneOf('document', values.document, ['dpa', 'notice', 'record'] as const);
      if (kind === undefined) throw usage('--document dpa|notice|record is required');
      const format = oneOf('format', values.format, ['md', 'html'] as const) ?? 'md';
      const m = await model(positionals[0] as string, io);
      const text = format === 'html' ? renderHtml(m, kind) : renderMarkdown(m, kind);
      if (values.output === undefined) await write(io.stdout, text);
      else await writeFile(values.output, text);
      return EXIT_OK;
    }

    if (positionals.length !== 2) throw usage('dpa diff takes two model files: before and after');
    const [before, after] = [await model(positionals[0] as string, io), await model(positionals[1] as string, io)];
    if (values.notice !== undefined) {
      const notice = subProcessorChangeNotice(before, after, {
        date: values.notice,
        ...(values.effective !== undefined && { effective: values.effective }),
      });
      await write(io.stdout, values.json ? `${JSON.stringify(notice)}\n` : renderChangeNoticeMarkdown(notice));
      return notice.changes.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    }
    const { changes } = diffModels(before, after);
    if (values.json) await write(io.stdout, `${JSON.stringify(changes)}\n`);
    else {
      for (const change of changes) {
        const sign = change.kind === 'added' ? c.green('+') : change.kind === 'removed' ? c.red('-') : c.yellow('~');
        await write(
          io.stdout,
          `${sign} ${change.entity} ${change.id}${change.fields ? ` (${change.fields.join(', ')})` : ''}\n`,
        );
      }
    }
    return changes.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (error instanceof DpaError) throw failure(error.message);
    throw error;
  }
}
