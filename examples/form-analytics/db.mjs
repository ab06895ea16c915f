// The event database: a real PostgreSQL server when one is configured (DATABASE_URL, or
// PRIVKIT_TEST_PG_URL as CI sets it), the embedded PGlite otherwise (in memory, or in a data
// directory). Both are used through the one method the privkit adapters ask for:
// `query(text, params) → { rows }`.

/** Where the events go, from the environment. A URL's password is never printed. */
export function databaseUrl(env = process.env) {
  return env.DATABASE_URL || env.PRIVKIT_TEST_PG_URL || undefined;
}

/**
 * Opens the database. `schema` keeps this example's tables apart from anything else on a shared
 * server; the self-check uses a fresh schema per run and drops it at the end.
 */
export async function openDatabase({ url = databaseUrl(), dataDir, schema = 'form_analytics' } = {}) {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError('"schema" must be lower-case letters, digits and _');
  if (url) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    await pool.query('SELECT 1');
    const where = new URL(url);
    return {
      kind: 'postgresql',
      where: `${where.hostname}:${where.port || 5432}${where.pathname}`,
      schema,
      client: pool,
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create(dataDir);
  return { kind: 'pglite', where: dataDir ?? 'memory', schema, client, close: () => client.close() };
}

/** Creates the example's tables. Note what is *not* here: no IP column, no user agent column. */
export async function migrate({ client, schema }) {
  const s = `"${schema}"`;
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  // Every table the retention sweeps cover has `due_at` and `rule`, set from the policy when a
  // row is written (see retention.mjs).
  // Personal data (the daily visitor id is pseudonymous): erased 24 hours after receipt.
  await client.query(`CREATE TABLE IF NOT EXISTS ${s}.visits (
    id bigserial PRIMARY KEY,
    customer text NOT NULL,
    visitor text NOT NULL,
    day date NOT NULL,
    form text NOT NULL,
    event text NOT NULL,
    path text,
    country text NOT NULL,
    region text,
    received_at timestamptz NOT NULL,
    due_at timestamptz,
    rule text
  )`);
  await client.query(`CREATE INDEX IF NOT EXISTS visits_received ON ${s}.visits (received_at)`);
  await client.query(`CREATE INDEX IF NOT EXISTS visits_visitor ON ${s}.visits (customer, visitor)`);
  // The security copy of the client address, truncated, for DoS investigation only: 7 days.
  await client.query(`CREATE TABLE IF NOT EXISTS ${s}.security_log (
    id bigserial PRIMARY KEY,
    customer text NOT NULL,
    ip_prefix text NOT NULL,
    received_at timestamptz NOT NULL,
    due_at timestamptz,
    rule text
  )`);
  // Anonymous aggregates (no identifier at all): 90 days.
  await client.query(`CREATE TABLE IF NOT EXISTS ${s}.daily_stats (
    id bigserial PRIMARY KEY,
    customer text NOT NULL,
    day date NOT NULL,
    form text NOT NULL,
    event text NOT NULL,
    country text NOT NULL,
    events integer NOT NULL,
    visitors integer NOT NULL,
    due_at timestamptz,
    rule text,
    UNIQUE (customer, day, form, event, country)
  )`);
}

/** Drops the example's schema (the self-check's cleanup). */
export async function dropSchema({ client, schema }) {
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
