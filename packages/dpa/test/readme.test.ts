/**
 * The README's first example is the model a newcomer copies: it must parse and pass every rule
 * pack, as the README says. The model is read from the README itself, so the two cannot drift.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkModel, parseModel, renderHtml, renderMarkdown } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('the minimal model parses, has no findings and renders', () => {
    const block = /```ts\n(import \{ checkModel, parseModel[\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const literal = /parseModel\((\{[\s\S]*?\n\})\);/.exec(block)?.[1];
    expect(literal).toBeDefined();
    // The literal is JavaScript object syntax written in this repository's README, not input.
    const raw = new Function(`return (${literal});`)() as unknown;
    const model = parseModel(raw);
    expect(checkModel(model)).toEqual([]);
    expect(renderMarkdown(model, 'notice')).toContain('# Privacy notice');
    expect(renderHtml(model, 'notice').startsWith('<!doctype html>')).toBe(true);
  });
});
