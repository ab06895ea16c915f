/**
 * @module
 * Findings and rule packs. A rule pack reads a parsed model and reports what a careful reader
 * would: which article or SCC clause, where in the model, and what concrete detail is missing.
 * Packs never throw on a draft; {@link checkModel} runs them in order and returns every finding.
 */

import type { Lookup } from './lookup.js';
import type { PrivacyModel, RetentionRule } from './model.js';

/**
 * How serious a finding is: `error` breaks a legal requirement, `warning` is a likely gap or risk,
 * `info` is worth knowing.
 */
export type Severity = 'error' | 'warning' | 'info';

/** One finding of a rule pack. */
export interface Finding {
  /** Stable rule id (`art28.3.g.end-of-processing`): key snapshots and suppressions on it. */
  readonly rule: string;
  /** How serious it is. */
  readonly severity: Severity;
  /** The article or clause, e.g. `Art. 28(3)(g) GDPR`. */
  readonly article: string;
  /** JSON path in the model, e.g. `documents.dpa.endOfProcessing`. */
  readonly path: string;
  /** What is missing or wrong, concretely. */
  readonly message: string;
  /**
   * Every place in the model the same fact shows, `path` first, when there is more than one (a
   * transfer without a destination that five activities record is one finding with six paths).
   */
  readonly paths?: readonly string[];
  /**
   * Every rule that reported this fact, `rule` (the most severe) first, when more than one did
   * (a transfer's missing destination matters to Art. 13(1)(f), Art. 30(1)(e) and Chapter V).
   */
  readonly rules?: readonly string[];
}

/** What a rule pack receives besides the model. */
export interface RuleContext {
  /** Id lookups over the model. */
  readonly lookup: Lookup;
  /** The rules the running retention policy enforces, when given to {@link index!checkModel}. */
  readonly runningRetention?: readonly RetentionRule[];
}

/** A named set of rules. */
export interface RulePack {
  /** Stable id (`art28`). */
  readonly id: string;
  /** What the pack checks. */
  readonly title: string;
  /**
   * Reports the findings for a model.
   *
   * @param model - the parsed model.
   * @param context - lookups and extra inputs.
   * @returns the findings, in a deterministic order.
   */
  check(model: PrivacyModel, context: RuleContext): Finding[];
}

/** Options of {@link checkModel}. */
export interface CheckOptions {
  /** The packs to run; {@link rules!DEFAULT_RULE_PACKS} when absent. */
  readonly packs?: readonly RulePack[];
  /** The rules the running `@privkit/retention` policy enforces, for the consistency pack. */
  readonly runningRetention?: readonly RetentionRule[];
}

// The fact each built-in finding reports, where packs can report the same one: findings with the
// same fact are one finding (see mergeFindings). Findings of custom packs have none.
const facts = new WeakMap<Finding, string>();

/**
 * @internal A finding; `fact` names what it reports (`transfers[2].to` missing) where another
 * rule, or the same rule at another place, can report the same.
 */
export function finding(
  rule: string,
  severity: Severity,
  article: string,
  path: string,
  message: string,
  fact?: string,
): Finding {
  const out: Finding = { rule, severity, article, path, message };
  if (fact !== undefined) facts.set(out, fact);
  return out;
}

/** @internal A function that adds a {@link finding} to `out`: the rule packs' one way to report. */
export function reporter(out: Finding[]) {
  return (rule: string, severity: Severity, article: string, path: string, message: string, fact?: string) => {
    out.push(finding(rule, severity, article, path, message, fact));
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

// "Art. 13(1)(f) GDPR" and "Art. 13(1)(f), Art. 30(1)(e) GDPR" are "Art. 13(1)(f), Art. 30(1)(e)
// GDPR": the GDPR's articles once each, in order; an article of another act is kept as written.
function mergeArticles(articles: readonly string[]): string {
  const gdpr: string[] = [];
  const other: string[] = [];
  for (const a of articles) {
    if (a.endsWith(' GDPR') && !a.includes(';')) {
      for (const piece of a.slice(0, -5).split(/,\s*/)) if (!gdpr.includes(piece)) gdpr.push(piece);
    } else if (!other.includes(a)) other.push(a);
  }
  return [...(gdpr.length ? [`${gdpr.join(', ')} GDPR`] : []), ...other].join('; ');
}

/**
 * @internal One finding per fact: findings that report the same fact become the most severe of
 * them (the first, on a tie), with every path and rule listed, at the place of the first of them.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const fact = facts.get(f);
    if (fact === undefined) continue;
    const group = groups.get(fact);
    if (group === undefined) groups.set(fact, [f]);
    else group.push(f);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const fact = facts.get(f);
    const group = fact === undefined ? undefined : groups.get(fact);
    if (group === undefined || group.length === 1) {
      out.push(f);
      continue;
    }
    if (group[0] !== f) continue;
    const lead = group.reduce((a, b) => (RANK[b.severity] < RANK[a.severity] ? b : a));
    const distinct = (xs: string[]) => [...new Set(xs)];
    const paths = distinct([lead.path, ...group.map((g) => g.path)]);
    const rules = distinct([lead.rule, ...group.map((g) => g.rule)]);
    out.push({
      ...lead,
      article: mergeArticles([lead.article, ...group.map((g) => g.article)]),
      ...(paths.length > 1 ? { paths } : {}),
      ...(rules.length > 1 ? { rules } : {}),
    });
  }
  return out;
}
