/**
 * @module
 * Semantic diff between two versions of a model, keyed on stable ids: entities added, removed
 * and changed (with the fields that changed), and the documents' terms. Order is the new
 * version's order, removed entities after, so a diff reads like the document does.
 */

import { canonicalJson as canonical } from '@privkit/internal/json';
import type { PrivacyModel } from './model.js';
import { requireModel } from './schema/parse.js';

/** The entity collections a diff compares, by their keys in the model (`documents` for a document's terms). */
export type EntityKind =
  | 'parties'
  | 'activities'
  | 'dataCategories'
  | 'dataSubjects'
  | 'recipients'
  | 'subProcessors'
  | 'transfers'
  | 'toms'
  | 'retention'
  | 'contracts'
  | 'documents';

/** One change between two versions. */
export interface Change {
  /** Added, removed or changed. */
  readonly kind: 'added' | 'removed' | 'changed';
  /** The collection, by its key in the model (`subProcessors`, …); `documents` for a document's terms. */
  readonly entity: EntityKind;
  /** The entity's id (the document's key, `dpa`, `notice` or `record`, for documents). */
  readonly id: string;
  /** For `changed`: the top-level fields whose values differ, sorted. */
  readonly fields?: readonly string[];
  /** The entity before (absent when added). */
  readonly before?: unknown;
  /** The entity after (absent when removed). */
  readonly after?: unknown;
}

/** The changes between two versions of a model. */
export interface ModelDiff {
  /** Every change, collection by collection. */
  readonly changes: readonly Change[];
}

const KINDS: readonly Exclude<EntityKind, 'documents'>[] = [
  'parties',
  'activities',
  'dataCategories',
  'dataSubjects',
  'recipients',
  'subProcessors',
  'transfers',
  'toms',
  'retention',
  'contracts',
];

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonical(a[k]) !== canonical(b[k])).sort();
}

/**
 * Compares two versions of a model by stable id. An entity whose id is kept but whose content
 * changed is `changed` with the changed fields; a renamed id is a removal plus an addition
 * (ids are the identity: keep them stable across versions).
 *
 * @param before - the earlier version.
 * @param after - the later version.
 * @returns the changes; empty when the versions are the same.
 * @throws {@link DpaError} `UNKNOWN_KEY` or `INVALID_MODEL` when either is not a model (paths
 * start with `before` or `after`).
 *
 * @example
 * ```ts
 * import { diffModels, parseModel } from '@privkit/dpa';
 *
 * const v1 = parseModel({ id: 'm', parties: [], activities: [] });
 * const v2 = parseModel({ ...v1, subProcessors: [{ id: 'mailer', name: 'Mailer Inc.' }] });
 * diffModels(v1, v2).changes; // [{ kind: 'added', entity: 'subProcessors', id: 'mailer', after: { … } }]
 * ```
 */
export function diffModels(before: PrivacyModel, after: PrivacyModel): ModelDiff {
  const from = requireModel(before, 'before');
  const to = requireModel(after, 'after');
  const changes: Change[] = [];
  for (const entity of KINDS) {
    const a = (from[entity] ?? []) as readonly { id: string }[];
    const b = (to[entity] ?? []) as readonly { id: string }[];
    // The first of duplicate ids counts (the structure pack reports the others).
    const old = new Map<string, { id: string }>();
    for (const x of a) if (!old.has(x.id)) old.set(x.id, x);
    const now = new Set(b.map((x) => x.id));
    const seen = new Set<string>();
    for (const x of b) {
      if (seen.has(x.id)) continue;
      seen.add(x.id);
      const prev = old.get(x.id);
      if (!prev) changes.push({ kind: 'added', entity, id: x.id, after: x });
      else if (canonical(prev) !== canonical(x))
        changes.push({
          kind: 'changed',
          entity,
          id: x.id,
          fields: changedFields(prev as never, x as never),
          before: prev,
          after: x,
        });
    }
    for (const [id, x] of old) if (!now.has(id)) changes.push({ kind: 'removed', entity, id, before: x });
  }
  for (const key of ['dpa', 'notice', 'record'] as const) {
    const x = from.documents?.[key];
    const y = to.documents?.[key];
    if (!x && y) changes.push({ kind: 'added', entity: 'documents', id: key, after: y });
    else if (x && !y) changes.push({ kind: 'removed', entity: 'documents', id: key, before: x });
    else if (x && y && canonical(x) !== canonical(y))
      changes.push({
        kind: 'changed',
        entity: 'documents',
        id: key,
        fields: changedFields(x as never, y as never),
        before: x,
        after: y,
      });
  }
  return { changes };
}
