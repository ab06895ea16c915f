/**
 * Every object dpa takes is read strictly: models handed to any function (not only
 * `parseModel`), options of every function, change notices, retention rules. Unknown keys are
 * `UNKNOWN_KEY` with the path and the allowed keys; bad values are the shared codes; nothing is a
 * bare `TypeError`, and no message holds the value.
 */
import { describe, expect, it } from 'vitest';
import { toDpvJsonLd } from '../src/dpv.js';
import {
  checkModel,
  checkRetentionAgainst,
  DpaError,
  diffModels,
  type PrivacyModel,
  parseModel,
  renderChangeNoticeMarkdown,
  renderHtml,
  renderMarkdown,
  subProcessorChangeNotice,
} from '../src/index.js';
import { fixtureJson } from './fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests hand functions what their types forbid
type Loose = any;

const model = parseModel(fixtureJson('example-complete'));
const SECRET = 'jane.doe@private.example';

function caught(run: () => unknown): DpaError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DpaError);
    expect((error as Error).message).not.toContain(SECRET);
    return error as DpaError;
  }
  throw new Error('expected a DpaError');
}

describe('options of every function', () => {
  const calls: [string, (options: Loose) => unknown][] = [
    ['checkModel', (o) => checkModel(model, o)],
    ['renderHtml', (o) => renderHtml(model, 'dpa', o)],
    ['subProcessorChangeNotice', (o) => subProcessorChangeNotice(model, model, { date: '2026-11-23', ...o })],
    ['toDpvJsonLd', (o) => toDpvJsonLd(model, o)],
  ];

  it.each(calls)('%s: an unknown option is UNKNOWN_KEY naming it and the allowed keys', (_name, call) => {
    const e = caught(() => call({ fragmnet: true, [SECRET]: 1 }));
    expect(e.code).toBe('UNKNOWN_KEY');
    expect(e.path?.startsWith('options')).toBe(true);
    expect(e.message).toMatch(/^unknown key ".+" at options.*; expected one of: /);
  });

  it.each(calls)('%s: options that are not an object are INVALID_OPTIONS', (_name, call) => {
    if (_name === 'subProcessorChangeNotice') return; // spread above turns them into an object
    for (const bad of [null, 'css', 3, [], new Date(0)])
      expect(caught(() => call(bad))).toMatchObject({ code: 'INVALID_OPTIONS', path: 'options' });
  });

  it('names the option that has a bad value', () => {
    expect(caught(() => renderHtml(model, 'dpa', { fragment: 'yes' } as Loose))).toMatchObject({
      code: 'INVALID_OPTIONS',
      path: 'options.fragment',
    });
    expect(caught(() => renderHtml(model, 'dpa', { css: 'p{}</STYLE><script>x</script>' }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      path: 'options.css',
    });
    expect(caught(() => checkModel(model, { packs: [{ id: 'p', title: 'P' } as Loose] }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      path: 'options.packs[0].check',
    });
    expect(
      caught(() =>
        checkModel(model, { runningRetention: [{ id: 'r', category: 'c', purpose: 'p', period: '7 days' }] }),
      ),
    ).toMatchObject({ code: 'INVALID_DURATION', path: 'options.runningRetention[0].period' });
    expect(caught(() => toDpvJsonLd(model, { base: 'https://example.com/a b' }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      path: 'options.base',
    });
    expect(caught(() => renderMarkdown(model, 'contract' as Loose))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'kind',
    });
  });

  it('refuses impossible and malformed notice dates', () => {
    for (const date of ['2026-02-29', '2026-02-30', '2026-13-01', '23/11/2026', '2026-11-23T00:00:00Z']) {
      expect(caught(() => subProcessorChangeNotice(model, model, { date }))).toMatchObject({
        code: 'INVALID_DATE',
        path: 'options.date',
      });
    }
    expect(
      caught(() => subProcessorChangeNotice(model, model, { date: '2026-11-23', effective: '2027-02-29' })),
    ).toMatchObject({ code: 'INVALID_DATE', path: 'options.effective' });
    expect(caught(() => subProcessorChangeNotice(model, model, undefined as Loose))).toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });
});

describe('models handed to any function', () => {
  const typo = () => ({ ...(structuredClone(fixtureJson('example-complete')) as object), titel: SECRET });

  it('a hand-built model with a misspelt key is refused everywhere, with the argument in the path', () => {
    const bad = typo() as unknown as PrivacyModel;
    for (const [run, path] of [
      [() => renderMarkdown(bad, 'dpa'), 'model.titel'],
      [() => renderHtml(bad, 'notice'), 'model.titel'],
      [() => checkModel(bad), 'model.titel'],
      [() => toDpvJsonLd(bad), 'model.titel'],
      [() => diffModels(model, bad), 'after.titel'],
      [() => subProcessorChangeNotice(bad, model, { date: '2026-11-23' }), 'before.titel'],
      [() => checkRetentionAgainst(bad, []), 'model.titel'],
    ] as const) {
      const e = caught(run);
      expect(e.code).toBe('UNKNOWN_KEY');
      expect(e.path).toBe(path);
      expect(e.message).toContain('(did you mean "title"?)');
    }
  });

  it('an impossible date in a model is INVALID_DATE, never rolled over', () => {
    for (const date of ['2025-02-29', '2025-02-30', '2025-04-31', '2025-00-10', '1900-02-29']) {
      const e = caught(() => parseModel({ id: 'm', parties: [], activities: [], date }));
      expect(e).toMatchObject({ code: 'INVALID_DATE', path: 'date' });
    }
    expect(parseModel({ id: 'm', parties: [], activities: [], date: '2000-02-29' }).date).toBe('2000-02-29');
  });

  it('reads own properties only, and returns a frozen model', () => {
    const proto = Object.prototype as Loose;
    proto.title = 'polluted';
    try {
      const m = parseModel({ id: 'm', parties: [], activities: [] });
      expect(Object.hasOwn(m, 'title')).toBe(false);
      expect(Object.isFrozen(m) && Object.isFrozen(m.parties)).toBe(true);
    } finally {
      delete proto.title;
    }
    const e = caught(() => parseModel(JSON.parse('{"id":"m","parties":[],"activities":[],"__proto__":{"x":1}}')));
    expect(e.code).toBe('UNKNOWN_KEY');
    expect(caught(() => parseModel({ id: 'm', parties: [], activities: [], contracts: [new Date()] }))).toMatchObject({
      code: 'INVALID_MODEL',
      path: 'contracts[0]',
    });
  });

  it('a hand-built change notice is read as strictly as a model', () => {
    const notice = subProcessorChangeNotice(model, model, { date: '2026-11-23' });
    expect(caught(() => renderChangeNoticeMarkdown({ ...notice, extra: 1 } as Loose))).toMatchObject({
      code: 'UNKNOWN_KEY',
      path: 'notice.extra',
    });
    expect(caught(() => renderChangeNoticeMarkdown({ ...notice, date: '2026-02-30' }))).toMatchObject({
      code: 'INVALID_DATE',
      path: 'notice.date',
    });
  });

  it('errors carry the shared shape', () => {
    const e = new DpaError('INVALID_OPTIONS', '"options.x" must be a string', { path: 'options.x', cause: 'c' });
    expect([e.name, e.code, e.path, e.cause, e.issues]).toEqual(['DpaError', 'INVALID_OPTIONS', 'options.x', 'c', []]);
  });
});
