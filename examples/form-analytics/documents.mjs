// The DPA and the services privacy policy, as one @privkit/dpa model (privacy-model.json: the
// text the customer signs and visitors read), rendered to HTML, and checked against what the
// running code does. A document that promises 24 hours while the sweep keeps visits for 30
// days, or that describes a salt kept longer than the hasher keeps it, is a finding; the
// self-check and `npm start` fail on any error finding.
import { readFileSync } from 'node:fs';
import { checkModel, checkRetentionAgainst, parseModel, renderHtml } from '@privkit/dpa';
import { TRUNCATION_PRESETS } from '@privkit/ip';
import { describeVisitorHash } from '@privkit/visitor-hash';

export const MODEL_FILE = new URL('./privacy-model.json', import.meta.url);

/** Reads and validates the model (throws a `DpaError` naming the path, for a bad file). */
export function loadModel(file = MODEL_FILE) {
  return parseModel(JSON.parse(readFileSync(file, 'utf8')));
}

const finding = (rule, severity, article, path, message) => ({ rule, severity, article, path, message });

/**
 * Compares the model with the running app: the retention rules the sweeps enforce, the
 * categories the tables hold, the visitor-id construction, the security copy's prefix and the
 * DSAR forwarding period. Returns findings in `@privkit/dpa`'s shape.
 */
export function checkAgainstRunning(model, app) {
  const { config } = app;
  // 1. Retention: the policy the sweeper runs, serialised back to its rules.
  const running = JSON.parse(JSON.stringify(app.retention.policy)).rules;
  const out = [...checkRetentionAgainst(model, running)];

  // 2. Every category a table holds is declared, and has a stated rule.
  const declared = new Set((model.dataCategories ?? []).map((c) => c.id));
  const stated = new Set((model.retention ?? []).map((r) => r.category));
  for (const category of Object.keys(config.storage)) {
    if (!declared.has(category)) {
      out.push(
        finding(
          'running.category-undeclared',
          'error',
          'Art. 13(1)(c), Art. 30(1)(c) GDPR',
          'dataCategories',
          `the app stores category "${category}", which the documents do not declare`,
        ),
      );
    } else if (!stated.has(category)) {
      out.push(
        finding(
          'running.category-no-retention',
          'error',
          'Art. 13(2)(a) GDPR',
          'retention',
          `category "${category}" is stored but the documents state no retention for it`,
        ),
      );
    }
  }

  // 3. The visitor id is described exactly as the running hasher builds it.
  const described = describeVisitorHash(app.hasherOptions).text;
  const analytics = model.activities.find((a) => a.id === 'form-analytics');
  if (!analytics?.nature?.includes(described)) {
    out.push(
      finding(
        'running.visitor-id',
        'error',
        'Art. 13(1)(c), Art. 28(3) GDPR',
        'activities[form-analytics].nature',
        'the documents describe the daily visitor id differently from the running hasher (salt, grace window, ' +
          'inputs or store)',
      ),
    );
  }

  // 4. The security copy keeps no more of the address than the documents say.
  const { ipv4, ipv6 } = TRUNCATION_PRESETS[config.securityCopyPreset];
  const ipCategory = (model.dataCategories ?? []).find((c) => c.id === 'ip-address');
  if (!ipCategory?.name.includes(`/${ipv4}`) || !ipCategory.name.includes(`/${ipv6}`)) {
    out.push(
      finding(
        'running.ip-prefix',
        'error',
        'Art. 5(1)(c) GDPR',
        'dataCategories[ip-address].name',
        `the security copy keeps /${ipv4} (IPv4) and /${ipv6} (IPv6), which the documents do not state`,
      ),
    );
  }

  // 5. Requests are forwarded within the period the DPA promises.
  const promised = model.documents?.dpa?.dataSubjectRights?.forwardWithin;
  const actual = `P${config.dsar.forwardWithinDays}D`;
  // Both in days, so the same period is the same text (P1D and PT24H are not the same period).
  if (promised === undefined || promised !== actual) {
    out.push(
      finding(
        'running.forward-within',
        'error',
        'Art. 28(3)(e) GDPR',
        'documents.dpa.dataSubjectRights.forwardWithin',
        `the DSAR desk forwards within ${actual}, the DPA promises ${promised ?? 'nothing'}`,
      ),
    );
  }
  return out;
}

/** All findings: the rule packs on the model, then the comparison with the running app. */
export function checkDocuments(model, app) {
  return [...checkModel(model), ...checkAgainstRunning(model, app)];
}

/** The DPA and the notice as HTML pages; also served at /dpa and /privacy. */
export function renderDocuments(model) {
  return { dpa: renderHtml(model, 'dpa'), notice: renderHtml(model, 'notice') };
}

/** Registers GET /dpa and GET /privacy on the app. */
export function serveDocuments(app, model) {
  const pages = renderDocuments(model);
  app.routes['GET /dpa'] = async () => ({ status: 200, html: pages.dpa });
  app.routes['GET /privacy'] = async () => ({ status: 200, html: pages.notice });
  return pages;
}
