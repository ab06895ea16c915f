// The example's self-check (`node examples/form-analytics/main.mjs --self-check`, run in CI by
// `npm run examples:test`): the whole life of the data, on the embedded PGlite and on a real
// PostgreSQL server (PRIVKIT_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test; a
// missing server is skipped with a reason, or fails under PRIVKIT_REQUIRE_SERVERS=1).
import { randomBytes } from 'node:crypto';
import { definePolicy } from '@privkit/retention';
import { verifyProofBundle } from '@privkit/retention/verify';
import { createMemorySaltStore } from '@privkit/visitor-hash';
import { config as shippedConfig } from './config.mjs';
import { createCustomerDesk } from './customer.mjs';
import { openDatabase } from './db.mjs';
import { checkAgainstRunning, loadModel } from './documents.mjs';
import { startFormAnalytics } from './start.mjs';
import { makeVisitors, sendTraffic } from './traffic.mjs';

const HOUR = 3_600_000;

export async function selfCheck({ env = process.env, log = console.log } = {}) {
  const results = [];
  const check = (name, ok, detail = '') => {
    results.push({ name, ok });
    log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
    return ok;
  };

  log('form-analytics self-check: documents against a drifted configuration');
  driftCheck(check);

  log('form-analytics self-check on PGlite (embedded)');
  await scenario({ check });

  const url = env.PRIVKIT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
  let reachable = true;
  try {
    const probe = await openDatabase({ url });
    await probe.close();
  } catch (error) {
    reachable = false;
    const reason = `no PostgreSQL server at ${new URL(url).host} (${error.code ?? error.name})`;
    if (env.PRIVKIT_REQUIRE_SERVERS === '1') check(`PostgreSQL reachable (PRIVKIT_REQUIRE_SERVERS=1)`, false, reason);
    else log(`form-analytics self-check on PostgreSQL: skipped, ${reason}`);
  }
  if (reachable) {
    log(`form-analytics self-check on PostgreSQL (${new URL(url).host})`);
    await scenario({ check, url, schema: `form_analytics_check_${randomBytes(4).toString('hex')}` });
  }

  const failed = results.filter((r) => !r.ok);
  log(
    failed.length === 0
      ? `form-analytics: all ${results.length} checks passed`
      : `form-analytics: ${failed.length} of ${results.length} checks FAILED`,
  );
  return failed.length === 0;
}

/** The shipped documents match the shipped configuration; a drifted one is caught. */
function driftCheck(check) {
  const model = loadModel();
  const fakeApp = (config, grace) => ({
    config,
    retention: { policy: definePolicy({ rules: config.retentionRules }) },
    hasherOptions: { store: createMemorySaltStore(), grace },
  });
  const ok = checkAgainstRunning(model, fakeApp(shippedConfig, 'PT30M'));
  check('shipped documents agree with the shipped configuration', ok.length === 0, ok.map((f) => f.rule).join(', '));
  const drifted = {
    ...shippedConfig,
    retentionRules: shippedConfig.retentionRules.map((r) => (r.id === 'visits-24h' ? { ...r, period: 'P30D' } : r)),
    securityCopyPreset: 'matomo1',
    dsar: { forwardWithinDays: 10 },
  };
  const rules = checkAgainstRunning(model, fakeApp(drifted, 'PT2H')).map((f) => f.rule);
  for (const rule of [
    'retention.period-mismatch',
    'running.visitor-id',
    'running.ip-prefix',
    'running.forward-within',
  ]) {
    check(`a drifted configuration is reported: ${rule}`, rules.includes(rule));
  }
}

async function scenario({ check, url, schema }) {
  let offset = 0;
  const now = () => Date.now() + offset;
  // A fixed mid-day start, so no run straddles midnight and its salt change.
  const start = Date.UTC(2026, 0, 15, 12, 0, 0);
  offset = start - Date.now();
  const app = await startFormAnalytics({ url: url ?? '', schema, now, onStale: () => {} });
  const base = await app.listen();
  try {
    const errors = app.findings.filter((f) => f.severity === 'error');
    check(
      'the DPA and notice check clean against the running app',
      errors.length === 0,
      errors.map((f) => f.rule).join(', '),
    );
    check(
      'the DPA and the notice render',
      app.documents.dpa.includes('<html') && app.documents.notice.includes('HMAC-SHA-256'),
    );

    // Traffic.
    const visitors = makeVisitors(40);
    const sent = await sendTraffic(base, visitors);
    const counts = await app.counts();
    check('every event is stored', counts.visits === sent && counts.security_log === sent, `${sent} events`);

    // Nothing that identifies a visitor directly is stored: no address, no user agent, anywhere.
    const dump = JSON.stringify(await tables(app));
    const leaked = visitors.filter((v) => dump.includes(v.ip) || dump.includes(v.userAgent));
    check('no IP address or user agent in any table', leaked.length === 0, `${leaked.length} leaked`);
    check(
      'no query string (the e-mail in the submit redirect) in any table',
      !dump.includes('example.com') && !dump.includes('sent=1'),
    );
    const prefixes = (await app.db.client.query(`SELECT ip_prefix FROM "${app.db.schema}".security_log`)).rows.map(
      (r) => r.ip_prefix,
    );
    check(
      'the security copy is truncated (/24, /48)',
      prefixes.every((p) => /\.0$/.test(p) || /::$/.test(p)),
    );

    // Fail closed: an octal address in X-Forwarded-For is refused, and stores nothing.
    const refused = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '0177.0.0.1', 'user-agent': 'x' },
      body: JSON.stringify({ customer: 'shop-example', event: 'form-view' }),
    });
    const refusedBody = await refused.text();
    check(
      'a malformed client address is refused without echoing it',
      refused.status === 400 && !refusedBody.includes('0177'),
    );
    check('nothing is stored for a refused event', (await app.counts()).visits === sent);

    // Statistics: every published location holds at least k visitors.
    const stats = await (await fetch(`${base}/v1/stats?customer=shop-example`)).json();
    const day = stats.days[0];
    const k = app.config.minVisitorsPerCountry;
    check(
      'statistics roll small locations up to k visitors',
      day.locations.every((l) => l.visitors >= k) && day.locations.length > 0,
    );
    const distinct = (
      await app.db.client.query(`SELECT count(DISTINCT visitor)::int AS n FROM "${app.db.schema}".visits`)
    ).rows[0].n;
    check(
      'unique visitors add up',
      day.visitors === distinct && day.locations.reduce((a, l) => a + l.visitors, 0) + day.withheld === distinct,
    );

    // An access request from visitor 0, an erasure request from visitor 1.
    const file = (visitor, right) =>
      fetch(`${base}/v1/requests`, {
        method: 'POST',
        headers: { 'x-forwarded-for': visitor.ip, 'user-agent': visitor.userAgent },
        body: JSON.stringify({ customer: 'shop-example', right }),
      }).then((r) => r.json());
    const access = await file(visitors[0], 'access');
    const erasure = await file(visitors[1], 'erasure');
    check(
      'requests are forwarded to the customer at once',
      access.status === 'forwarded' && erasure.status === 'forwarded' && app.dsar.outbox.length === 2,
    );

    // 25 hours later the sweep erases every visit but those held by the open requests.
    offset += 25 * HOUR;
    const held = (await app.db.client.query(`SELECT count(*)::int AS n FROM "${app.db.schema}".visits`)).rows[0].n;
    const first = await app.retention.sweep();
    const left = (await app.counts()).visits;
    check(
      'the 24-hour sweep keeps only the rows held by open requests',
      left > 0 && first.deleted === held - left,
      `${first.deleted} deleted, ${left} held`,
    );

    const customer = createCustomerDesk({
      customer: 'shop-example',
      token: app.config.customers['shop-example'].token,
      baseUrl: base,
      now,
    });
    const answeredAccess = await customer.answer(app.dsar.outbox[0]);
    const files = answeredAccess.processor.bundle.files.map((f) => f.path);
    check(
      'the customer fulfils the access request with the export bundle',
      answeredAccess.state.status === 'fulfilled' && files.includes('form-events.json'),
      files.join(', '),
    );
    // One month from 15 January is Sunday 15 February: Reg. 1182/71 Art. 3(4) moves it to Monday.
    check(
      'its deadline is one month, to the next working day (GDPR Art 12(3))',
      answeredAccess.due.respondBy.date === '2026-02-16',
      answeredAccess.due.respondBy.date,
    );
    const answeredErasure = await customer.answer(app.dsar.outbox[1]);
    const erased = answeredErasure.processor.outcomes.find((o) => o.source === 'form-events');
    check(
      'the erasure request erases the visitor’s rows',
      answeredErasure.state.status === 'fulfilled' && erased?.status === 'done' && erased.records > 0,
    );
    const processorSide = await app.dsar.service.get(access.id);
    check(
      'the processor’s requests are handed over and their audit logs verify',
      processorSide.status === 'handed-over' &&
        answeredAccess.verified &&
        (await app.dsar.service.verify(access.id)).valid,
    );

    // Holds lifted: the next sweep erases the rest; then 7 days, then 90 days.
    const second = await app.retention.sweep();
    check(
      'after the instruction the held rows are swept too',
      (await app.counts()).visits === 0,
      `${second.deleted} deleted`,
    );
    offset += 7 * 24 * HOUR;
    await app.retention.sweep();
    check('the security copy is gone after 7 days', (await app.counts()).security_log === 0);
    offset += 90 * 24 * HOUR;
    await app.retention.sweep();
    check('the anonymous statistics are gone after 90 days', (await app.counts()).daily_stats === 0);

    const { verification } = await app.retention.log();
    check(
      'the deletion log verifies and accounts for every swept row',
      verification.valid &&
        verification.byRule['security-ip-7d'] === sent &&
        verification.byRule['visits-24h'] === sent - erased.records,
      JSON.stringify(verification.byRule),
    );
    const bundle = await app.retention.proof();
    check('its proof bundle verifies offline', verifyProofBundle(bundle).valid);
  } catch (error) {
    check(`scenario ran to the end`, false, `${error.name}: ${error.message}`);
  } finally {
    await app.close();
    if (schema) await app.db.client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await app.db.close();
  }
}

async function tables(app) {
  const out = {};
  const { rows } = await app.db.client.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
    [app.db.schema],
  );
  for (const { table_name } of rows)
    out[table_name] = (await app.db.client.query(`SELECT * FROM "${app.db.schema}"."${table_name}"`)).rows;
  return out;
}
