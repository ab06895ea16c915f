/**
 * @module
 * JSON for what privkit hashes and verifies. {@link canonicalJson} gives one text per value
 * (keys sorted, `undefined` members dropped, no white space), so two equal values always hash
 * alike whatever order their keys were built in. {@link parseJsonStrict} reads JSON that is
 * about to be verified or trusted (a proof bundle, a config file) and refuses duplicate keys,
 * which `JSON.parse` resolves silently to the last one: a verifier must never check one value
 * while a reader downstream sees another.
 */

/** Canonical JSON text of a JSON-compatible value; throws `RangeError` on a non-finite number. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('non-finite number in JSON data');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Why {@link parseJsonStrict} refused a text. */
export type StrictJsonProblem = 'syntax' | 'duplicate-key';

/** The result of {@link parseJsonStrict}. */
export type StrictJsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: StrictJsonProblem; readonly path: string };

/**
 * Parses JSON text, refusing a syntax error and any object with the same key twice (compared
 * after unescaping, so `"a"` and `"\u0061"` are the same key). `path` names the object with the
 * duplicate, as `$.entries[3]`.
 */
export function parseJsonStrict(text: string): StrictJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'syntax', path: '$' };
  }
  const duplicate = findDuplicateKey(text);
  return duplicate === undefined ? { ok: true, value } : { ok: false, problem: 'duplicate-key', path: duplicate };
}

interface Frame {
  readonly keys: Set<string> | undefined;
  readonly path: string;
  index: number;
  key: string | undefined;
}

// Walks text that JSON.parse accepted, tracking the keys of each open object. Only strings and
// brackets matter: everything else between them is a number, literal, comma or colon.
function findDuplicateKey(text: string): string | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      const frame = stack[stack.length - 1];
      if (expectKey && frame?.keys !== undefined) {
        const raw = text.slice(i + 1, j);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        if (frame.keys.has(key)) return frame.path;
        frame.keys.add(key);
        frame.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ keys: c === 0x7b ? new Set() : undefined, path: childPath(stack), index: 0, key: undefined });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const frame = stack[stack.length - 1];
      if (frame !== undefined) {
        if (frame.keys === undefined) frame.index++;
        else expectKey = true;
      }
    }
  }
  return undefined;
}

function childPath(stack: Frame[]): string {
  const parent = stack[stack.length - 1];
  if (parent === undefined) return '$';
  if (parent.keys === undefined) return `${parent.path}[${parent.index}]`;
  const key = parent.key ?? '';
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent.path}.${key}` : `${parent.path}[${JSON.stringify(key)}]`;
}
