/**
 * @module
 * The fast path of {@link read}: a schema compiled once into plain checking functions that read
 * an input, copy it and freeze the copy in one pass. It only ever accepts: on anything it does not
 * accept (a wrong type, an unknown key, a getter that throws, a construct it was not compiled
 * for) it answers {@link REFUSED} and the caller reads the input the slow, exact way (own-property
 * copy, the zod schema, the issue wording), so every error, code and path is the slow path's.
 * What it accepts it returns exactly as the slow path would: a new object per object in the
 * schema's key order, a new array per array, both frozen, the same strings, numbers and booleans.
 *
 * Why: walking the zod/mini schema for a 200-sub-processor model, after an own-property copy of
 * the input and before a deep freeze of the result, took about 3.4 times as long as parsing the
 * same model did before the strict reading; a model is parsed on every CLI call and every render
 * from JSON text. A property test checks it against the slow path on generated models.
 */

import { isPlainObject } from '@privkit/internal/check';
import type * as z from 'zod/mini';

type Schema = z.ZodMiniType;

/** What a compiled reader returns for an input it does not accept. */
export const REFUSED: unique symbol = Symbol('refused');

/** Reads an element the schema holds as `unknown` (a model's retention rules), or throws. */
export type ReadUnknown = (value: unknown, index: number) => unknown;

/** A compiled schema: the frozen copy of `value`, or {@link REFUSED}. */
export type FastReader = (value: unknown, unknown: ReadUnknown | undefined) => unknown;

type Node = (value: unknown, unknown: ReadUnknown | undefined) => unknown;

interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly shape?: Record<string, Schema>;
  readonly catchall?: Schema;
  readonly element?: Schema;
  readonly innerType?: Schema;
  readonly options?: readonly Schema[];
  readonly entries?: Record<string, unknown>;
  readonly values?: readonly unknown[];
}
interface CheckDef {
  readonly check: string;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly minimum?: number;
  readonly maximum?: number;
}

const defOf = (s: Schema) => (s as unknown as { _zod: { def: Def } })._zod.def;

class Unsupported extends Error {}

const compiled = new WeakMap<Schema, FastReader | null>();

/** The compiled reader of `schema` (compiled on first use), or `undefined` when it holds a construct not covered. */
export function fastReader(schema: Schema): FastReader | undefined {
  let reader = compiled.get(schema);
  if (reader === undefined) {
    try {
      const node = compile(schema);
      reader = (value, unknown) => {
        try {
          return node(value, unknown);
        } catch {
          return REFUSED; // a getter or proxy that throws, a refused rule: the slow path says why
        }
      };
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      reader = null;
    }
    compiled.set(schema, reader);
  }
  return reader ?? undefined;
}

function compile(schema: Schema): Node {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return object(def);
    case 'array':
      return array(def);
    case 'optional':
      // Outside an object's shape (where an absent key is handled) a value must be present.
      return compile(def.innerType as Schema);
    case 'union':
      return union((def.options ?? []).map(compile));
    case 'string':
      return string(schema, def);
    case 'enum':
      return member(new Set(Object.values(def.entries ?? {})));
    case 'literal':
      return member(new Set(def.values ?? []));
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : REFUSED);
    case 'number':
      return exact(schema);
    // \`unknown\` is covered only as an array's element (a model's retention rules): see array().
    default:
      throw new Unsupported(def.type);
  }
}

// A primitive checked by zod itself (a number's bounds): exact, and rare enough not to matter.
function exact(schema: Schema): Node {
  return (v) => {
    if (v !== null && typeof v === 'object') return REFUSED;
    const result = schema.safeParse(v);
    return result.success ? result.data : REFUSED;
  };
}

function member(values: ReadonlySet<unknown>): Node {
  return (v) => (values.has(v) ? v : REFUSED);
}

function union(options: readonly Node[]): Node {
  // zod returns the first option that accepts; a refusal here only sends the input the slow way.
  return (v, unknown) => {
    for (const option of options) {
      const out = option(v, unknown);
      if (out !== REFUSED) return out;
    }
    return REFUSED;
  };
}

function string(schema: Schema, def: Def): Node {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  const patterns: RegExp[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length') min = Math.max(min, c.minimum as number);
    else if (c.check === 'max_length') max = Math.min(max, c.maximum as number);
    else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) {
      if (c.pattern.global || c.pattern.sticky) throw new Unsupported('stateful pattern');
      patterns.push(c.pattern);
    } else return exact(schema); // a refinement (a date that exists): zod runs it
  }
  return (v) => {
    if (typeof v !== 'string' || v.length < min || v.length > max) return REFUSED;
    for (const pattern of patterns) if (!pattern.test(v)) return REFUSED;
    return v;
  };
}

function array(def: Def): Node {
  let min = 0;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check !== 'min_length') throw new Unsupported(c.check);
    min = Math.max(min, c.minimum as number);
  }
  const elementDef = defOf(def.element as Schema);
  const element: Node | undefined = elementDef.type === 'unknown' ? undefined : compile(def.element as Schema);
  return (v, unknown) => {
    if (!Array.isArray(v) || v.length < min) return REFUSED;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      // A hole is read as undefined, never through the prototype chain.
      const item = Object.hasOwn(v, i) ? v[i] : undefined;
      let r: unknown;
      if (element !== undefined) r = element(item, unknown);
      else if (unknown !== undefined) r = unknown(item, i);
      else return REFUSED;
      if (r === REFUSED) return REFUSED;
      out[i] = r;
    }
    return Object.freeze(out);
  };
}

function object(def: Def): Node {
  if (def.catchall === undefined || defOf(def.catchall).type !== 'never') throw new Unsupported('non-strict object');
  const shape = def.shape ?? {};
  const keys = Object.keys(shape);
  if (keys.includes('__proto__')) throw new Unsupported('__proto__ key');
  const known = new Set(keys);
  const optional = keys.map((k) => defOf(shape[k] as Schema).type === 'optional');
  const nodes = keys.map((k) => compile(shape[k] as Schema));
  return (v, unknown) => {
    if (!isPlainObject(v)) return REFUSED;
    // Every own key, enumerable or not, must be one the schema knows (symbols are never read).
    const names = Object.getOwnPropertyNames(v);
    for (let i = 0; i < names.length; i++) if (!known.has(names[i] as string)) return REFUSED;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!Object.hasOwn(v, key)) {
        if (optional[i]) continue;
        return REFUSED;
      }
      const r = (nodes[i] as Node)(v[key], unknown);
      if (r === REFUSED) return REFUSED;
      out[key] = r;
    }
    return Object.freeze(out);
  };
}
