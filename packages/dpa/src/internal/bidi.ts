/**
 * @module
 * Bidirectional controls kept inside the field that holds them. An override (U+202E RLO) left
 * open in a party's name would reverse the rest of the sentence it is printed in ("… (the
 * controller) and …"), so a rendered document could show words in an order the model does not
 * say. Each field is balanced on its own before it is rendered: openers left open are closed at
 * its end (and at the end of each of its lines), so every field ends at the embedding level it
 * started at (UAX #9 §3.3.2, rules X1–X8). Never exported.
 */

// LRE, RLE, LRO, RLO: embeddings and overrides, closed by PDF.
const EMBEDDING = /[\u202A\u202B\u202D\u202E]/;
const PDF = '\u202C';
// LRI, RLI, FSI: isolates, closed by PDI (which also closes the embeddings opened inside them).
const ISOLATE = /[\u2066\u2067\u2068]/;
const PDI = '\u2069';
const ANY = /[\u202A-\u202E\u2066-\u2069]/;

// The characters that end a paragraph for the bidirectional algorithm (type B, UAX #9 §3.2) or
// a line for a viewer: each line of a field is balanced on its own, so a view that breaks lines
// there (a text editor, the HTML source) sees balanced lines too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: line and paragraph separators are what it splits on
const LINE = /(\r\n|[\n\r\v\f\u001C-\u001E\u0085\u2028\u2029])/;

/** `text` with its explicit bidirectional controls balanced, line by line; unchanged when it has none. */
export function balanceBidi(text: string): string {
  if (!ANY.test(text)) return text;
  return text
    .split(LINE)
    .map((part, i) => (i % 2 === 1 ? part : balanceLine(part)))
    .join('');
}

// Terminators that match nothing are kept: the algorithm ignores them (rules X6a, X7), and the
// text before the field never has anything open for them to close (every field is balanced and
// the renderers open nothing). Openers left open are closed at the end.
function balanceLine(text: string): string {
  const stack: ('e' | 'i')[] = [];
  for (const c of text) {
    if (EMBEDDING.test(c)) stack.push('e');
    else if (ISOLATE.test(c)) stack.push('i');
    else if (c === PDF) {
      if (stack[stack.length - 1] === 'e') stack.pop();
    } else if (c === PDI) {
      const at = stack.lastIndexOf('i');
      if (at >= 0) stack.length = at;
    }
  }
  let out = text;
  for (let i = stack.length - 1; i >= 0; i--) out += stack[i] === 'e' ? PDF : PDI;
  return out;
}

/** A copy of `value` with every string balanced by {@link balanceBidi}; `value` itself when none needs it. */
export function balanceBidiDeep<T>(value: T): T {
  if (typeof value === 'string') return balanceBidi(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const b = balanceBidiDeep(v);
      if (b !== v) changed = true;
      return b;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const b = balanceBidiDeep(v);
      if (b !== v) changed = true;
      out[k] = b;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
