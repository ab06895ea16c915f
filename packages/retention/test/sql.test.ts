/**
 * @module
 * The SQL builder of the PostgreSQL store: values become numbered parameters in the order they
 * appear, fragments splice in with their parameters renumbered, raw text goes in as it is.
 */
import { describe, expect, it } from 'vitest';
import { compile, join, raw, sql } from '../src/postgres/sql.js';

describe('sql', () => {
  it('numbers parameters in order, across nested fragments and joins', () => {
    const filter = join([sql`a = ${1}`, sql`b = ANY(${['x', 'y']}::text[])`, raw('true')], ' AND ');
    const statement = compile(
      sql`SELECT ${raw('"id"')} FROM ${raw('"s"."t"')} WHERE ${filter} AND c <= ${'now'}::timestamptz LIMIT ${5}`,
    );
    expect(statement.text).toBe(
      'SELECT "id" FROM "s"."t" WHERE a = $1 AND b = ANY($2::text[]) AND true AND c <= $3::timestamptz LIMIT $4',
    );
    expect(statement.params).toEqual([1, ['x', 'y'], 'now', 5]);
  });

  it('never writes a value into the text, whatever it holds', () => {
    const hostile = "'; DROP TABLE t; --";
    const statement = compile(sql`SELECT ${hostile}, ${'$1'}, ${sql`${hostile}`}`);
    expect(statement.text).toBe('SELECT $1, $2, $3');
    expect(statement.params).toEqual([hostile, '$1', hostile]);
    expect(compile(join([], ', ')).text).toBe('');
  });
});
