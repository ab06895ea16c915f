/**
 * @module
 * Retention rules: the plain shape `@privkit/retention` runs, so the rule written in a DPA, a
 * privacy notice or a record of processing is the object the deletion job runs. The type and its
 * checks are the ones `@privkit/retention` uses (one parser for both packages), so a rule object
 * is accepted by one exactly when the other accepts it.
 */

export type {
  RetentionAnchor,
  RetentionRange,
  RetentionRule,
  RetentionTrigger,
} from '@privkit/internal/retention-rule';
