/**
 * @module
 * Reading untrusted input through a zod schema, the privkit way: own properties only (a polluted
 * `Object.prototype` cannot supply a value), plain objects only, every problem a {@link DpaIssue}
 * with a shared code and a message that names the path and never the value, an unknown key worded
 * as every privkit package words it (with the allowed keys and a "did you mean" hint), and the
 * result deeply frozen. Never exported.
 */

import { isPlainObject, joinPath, knownKeys } from '@privkit/internal/check';
import type * as z from 'zod/mini';
import { DpaError, type DpaErrorCode, type DpaIssue } from '../errors.js';
import { fastReader, REFUSED } from './fast.js';
import { DATE_MUST, FORMATS } from './primitives.js';

type Issue = z.core.$ZodIssue;
type Schema = z.ZodMiniType;
type Key = string | number;

// Models nest six levels deep; anything far deeper is not a model (and could exhaust the stack).
const MAX_DEPTH = 32;

/** What is being read: the name a message gives the root, and the code of a shape problem. */
export interface Subject {
  /** The argument's name, prefixed to every path (`''` for a model read on its own). */
  readonly prefix: string;
  /** How a message names the root when the problem is the whole value (`model`, `rule`). */
  readonly name: string;
  /** The code of a problem that has no shared code (a wrong type, a missing field). */
  readonly code: DpaErrorCode;
  /** Reads the value's `retention` rules with this parser (in place of the schema). */
  readonly rules?: (input: unknown, path: string) => unknown;
}

/**
 * `input` read through `schema`: the parsed, deeply frozen value.
 *
 * @throws {@link DpaError} the first problem's code, with every problem in `issues`.
 */
export function read<T>(schema: Schema, input: unknown, subject: Subject): T {
  const fast = fastReader(schema);
  if (fast !== undefined) {
    const out = fast(input, subject.rules === undefined ? undefined : (rule, i) => fastRule(rule, i, subject));
    if (out !== REFUSED) return out as T;
  }
  return slowRead(schema, input, subject);
}

// A retention rule read on the fast path (any error sends the whole input the slow way).
function fastRule(rule: unknown, index: number, subject: Subject): unknown {
  return deepFreeze(subject.rules?.(rule, joinPath(joinPath(subject.prefix, 'retention'), index)));
}

/** {@link read} the slow, exact way: every problem found and worded. */
export function slowRead<T>(schema: Schema, input: unknown, subject: Subject): T {
  const copy = ownCopy(input, subject.prefix, subject, 0);
  const ruleIssues = subject.rules === undefined ? [] : readRules(copy, subject);
  const result = schema.safeParse(copy);
  if (result.success && ruleIssues.length === 0) return deepFreeze(result.data) as T;
  const issues = [
    ...(result.success ? [] : result.error.issues.flatMap((i) => describe(i, [], schema, copy, subject))),
    ...ruleIssues,
  ];
  const first = issues[0] as DpaIssue;
  const more = issues.length > 1 ? ` (${issues.length - 1} more problem(s) in "issues")` : '';
  throw new DpaError(first.code, `${first.message}${more}`, { path: first.path, issues });
}

// Replaces each rule of `copy.retention` by what the rule parser returns, and collects its errors.
function readRules(copy: unknown, subject: Subject): DpaIssue[] {
  const rules = copy !== null && typeof copy === 'object' ? (copy as Record<string, unknown>)['retention'] : undefined;
  if (!Array.isArray(rules)) return [];
  const issues: DpaIssue[] = [];
  const at = joinPath(subject.prefix, 'retention');
  for (let i = 0; i < rules.length; i++) {
    try {
      rules[i] = subject.rules?.(rules[i], joinPath(at, i));
    } catch (error) {
      if (!(error instanceof DpaError)) throw error;
      issues.push({ code: error.code, path: error.path ?? joinPath(at, i), message: error.message });
    }
  }
  return issues;
}

/** Deeply freezes a plain value (objects and arrays) and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function pathOf(subject: Subject, segments: readonly PropertyKey[]): string {
  let path = subject.prefix;
  for (const s of segments) path = joinPath(path, typeof s === 'number' ? s : String(s));
  return path;
}

// Own enumerable and non-enumerable properties of plain objects and arrays, copied into objects
// without a prototype, so the schema never reads an inherited value; anything else that is an
// object (a Date, a Map, a class instance) is refused here, as JSON could never hold it.
function ownCopy(value: unknown, path: string, subject: Subject, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) {
    throw new DpaError(subject.code, `"${path || subject.name}" is nested more than ${MAX_DEPTH} levels deep`, {
      path,
    });
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      out.push(ownCopy(Object.hasOwn(value, i) ? value[i] : undefined, joinPath(path, i), subject, depth + 1));
    }
    return out;
  }
  if (!isPlainObject(value)) {
    throw new DpaError(subject.code, `"${path || subject.name}" must be a plain object`, { path });
  }
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(value)) {
    out[key] = ownCopy((value as Record<string, unknown>)[key], joinPath(path, key), subject, depth + 1);
  }
  return out;
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let v = root;
  for (const s of segments) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, s as Key)) return undefined;
    v = (v as Record<Key, unknown>)[s as Key];
  }
  return v;
}

interface Def {
  readonly type: string;
  readonly shape?: Record<string, Schema>;
  readonly element?: Schema;
  readonly innerType?: Schema;
  readonly options?: readonly Schema[];
  readonly in?: Schema;
}
const defOf = (s: Schema) => (s as unknown as { _zod: { def: Def } })._zod.def;

// The object schema that applies to `value`, through optional wrappers and unions (the union's
// object member, or the member whose discriminator matches).
function objectSchema(schema: Schema | undefined, value: unknown): Def | undefined {
  let s = schema;
  for (let guard = 0; s !== undefined && guard < 8; guard++) {
    const def = defOf(s);
    if (def.type === 'object') return def;
    if (def.innerType !== undefined) s = def.innerType;
    else if (def.in !== undefined) s = def.in;
    else if (def.options !== undefined) {
      const objects = def.options.map((o) => objectSchema(o, value)).filter((d) => d !== undefined);
      const type = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['type'] : undefined;
      return (
        objects.find((d) => {
          const literal = d.shape?.['type'] && defOf(d.shape['type']);
          return literal !== undefined && (literal as unknown as { values?: unknown[] }).values?.includes(type);
        }) ?? objects[0]
      );
    } else return undefined;
  }
  return undefined;
}

function schemaAt(schema: Schema, root: unknown, segments: readonly PropertyKey[]): Def | undefined {
  let def = objectSchema(schema, root);
  let s: Schema | undefined = schema;
  let value = root;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      let inner: Schema | undefined = s;
      for (let guard = 0; inner !== undefined && guard < 8 && defOf(inner).type !== 'array'; guard++) {
        inner = defOf(inner).innerType;
      }
      s = inner === undefined ? undefined : defOf(inner).element;
    } else {
      s = def?.shape?.[String(seg)];
    }
    value = valueAt(value, [seg]);
    def = objectSchema(s, value);
  }
  return def;
}

const article = (type: string) =>
  type === 'object' ? 'a plain object' : type === 'array' ? 'an array' : `a ${type === 'int' ? 'number' : type}`;

function describe(
  issue: Issue,
  base: readonly PropertyKey[],
  schema: Schema,
  root: unknown,
  subject: Subject,
): DpaIssue[] {
  const segments = [...base, ...issue.path];
  const path = pathOf(subject, segments);
  const name = path || subject.name;
  const one = (code: DpaErrorCode, message: string): DpaIssue[] => [{ code, path, message }];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = Object.keys(schemaAt(schema, root, segments)?.shape ?? {});
      return issue.keys.map((key) => {
        let found: DpaIssue | undefined;
        try {
          knownKeys({ [key]: true }, allowed, path, (code, at, message) => {
            found = { code, path: at, message };
            return new Error(message);
          });
        } catch {}
        return found ?? { code: 'UNKNOWN_KEY', path: joinPath(path, key), message: `unknown key at ${name}` };
      });
    }
    case 'invalid_type':
      if (valueAt(root, segments) === undefined) return one(subject.code, `"${name}" is required`);
      return one(subject.code, `"${name}" must be ${article(issue.expected)}`);
    case 'invalid_union': {
      // A member that matched the value's type holds the real problem: report that one.
      const near = issue.errors.find((branch) => branch.some((i) => i.code !== 'invalid_type' || i.path.length > 0));
      if (near !== undefined) return near.flatMap((i) => describe(i, segments, schema, root, subject));
      if (valueAt(root, segments) === undefined) return one(subject.code, `"${name}" is required`);
      const forms = issue.errors.flatMap((branch) =>
        branch.map((i) =>
          i.code === 'invalid_type'
            ? article(i.expected)
            : i.code === 'invalid_value'
              ? i.values.map((v) => JSON.stringify(v)).join(' or ')
              : 'another form',
        ),
      );
      return one(subject.code, `"${name}" must be ${[...new Set(forms)].join(' or ')}`);
    }
    case 'invalid_value':
      return one(subject.code, `"${name}" must be one of: ${issue.values.map((v) => String(v)).join(', ')}`);
    case 'invalid_format': {
      const format = 'pattern' in issue ? FORMATS.get(String(issue.pattern)) : undefined;
      return one(format?.code ?? subject.code, `"${name}" must be ${format?.must ?? 'in the documented format'}`);
    }
    case 'custom':
      // The only refinement in the schemas: a date that matches YYYY-MM-DD but is not in the calendar.
      return one('INVALID_DATE', `"${name}" must be ${DATE_MUST}`);
    case 'too_small':
      if (issue.origin === 'string') return one(subject.code, `"${name}" must not be empty`);
      if (issue.origin === 'array') return one(subject.code, `"${name}" must have at least ${issue.minimum} item(s)`);
      return one(subject.code, `"${name}" must be at least ${issue.minimum}`);
    case 'too_big':
      return one(
        subject.code,
        `"${name}" must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters' : ''}`,
      );
    default:
      return one(subject.code, `"${name}" is not valid`);
  }
}
