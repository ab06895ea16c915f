/**
 * @module
 * SQL built from fragments: `sql` is a tagged template whose interpolated values become numbered
 * parameters (`$1`, `$2`, …) and whose interpolated fragments are spliced in with their own
 * parameters renumbered. Identifiers (checked once, when the store is made) and fixed SQL go in
 * as {@link raw} text. No value is ever written into the statement's text, and no placeholder is
 * renumbered by searching the text.
 */

const FRAGMENT: unique symbol = Symbol('sql fragment');

/** A piece of SQL: text parts with a value or a fragment between each two. */
export interface Fragment {
  readonly [FRAGMENT]: true;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

const isFragment = (value: unknown): value is Fragment =>
  typeof value === 'object' && value !== null && (value as Fragment)[FRAGMENT] === true;

/** A fragment of SQL with parameters: `` sql`… ${value}::timestamptz …` ``. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  return { [FRAGMENT]: true, strings: [...strings], values };
}

/** Trusted SQL text, spliced in as it is: checked identifiers, keywords, constants. */
export function raw(text: string): Fragment {
  return { [FRAGMENT]: true, strings: [text], values: [] };
}

/** The fragments joined by `separator` (SQL text). */
export function join(fragments: readonly Fragment[], separator: string): Fragment {
  if (fragments.length === 0) return raw('');
  const strings: string[] = [''];
  const values: unknown[] = [];
  fragments.forEach((f, i) => {
    strings[strings.length - 1] += i === 0 ? '' : separator;
    values.push(f);
    strings.push('');
  });
  return { [FRAGMENT]: true, strings, values };
}

/** A statement: its text with `$n` placeholders, and the parameters in order. */
export interface Statement {
  readonly text: string;
  readonly params: unknown[];
}

/** The statement of a fragment, parameters numbered in the order they appear. */
export function compile(fragment: Fragment): Statement {
  const params: unknown[] = [];
  const write = (f: Fragment): string => {
    let text = f.strings[0] as string;
    for (let i = 0; i < f.values.length; i++) {
      const value = f.values[i];
      if (isFragment(value)) text += write(value);
      else {
        params.push(value);
        text += `$${params.length}`;
      }
      text += f.strings[i + 1] as string;
    }
    return text;
  };
  return { text: write(fragment), params };
}
