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

/** @internal A finding builder bound to one pack's rule ids. */
export function finding(rule: string, severity: Severity, article: string, path: string, message: string): Finding {
  return { rule, severity, article, path, message };
}
