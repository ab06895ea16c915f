/**
 * @module
 * Id lookups over a model, shared by the rule packs, the renderers and the diff, and handed to
 * custom rule packs as {@link RuleContext.lookup}.
 */

import type {
  Activity,
  DataCategory,
  DataSubject,
  Party,
  PrivacyModel,
  Recipient,
  RetentionRule,
  SubProcessor,
  Tom,
  Transfer,
} from './model.js';
import { requireModel } from './schema/parse.js';

/**
 * Each entity kind of a model indexed by id; the first of duplicate ids wins (the structure pack
 * reports the others). Custom rule packs receive one in their context.
 *
 * @example
 * ```ts
 * import { parseModel } from '@privkit/dpa';
 * import { Lookup } from '@privkit/dpa/rules';
 *
 * const model = parseModel({
 *   id: 'm',
 *   parties: [],
 *   activities: [],
 *   subProcessors: [{ id: 'mailer', name: 'Mailer Inc.', country: 'US' }],
 * });
 * new Lookup(model).subProcessors.get('mailer')?.country; // "US"
 * ```
 */
export class Lookup {
  /** Parties by id. */
  readonly parties: ReadonlyMap<string, Party>;
  /** Activities by id. */
  readonly activities: ReadonlyMap<string, Activity>;
  /** Data categories by id. */
  readonly categories: ReadonlyMap<string, DataCategory>;
  /** Data subject categories by id. */
  readonly subjects: ReadonlyMap<string, DataSubject>;
  /** Recipients by id. */
  readonly recipients: ReadonlyMap<string, Recipient>;
  /** Sub-processors by id. */
  readonly subProcessors: ReadonlyMap<string, SubProcessor>;
  /** Transfers by id. */
  readonly transfers: ReadonlyMap<string, Transfer>;
  /** Technical and organisational measures by id. */
  readonly toms: ReadonlyMap<string, Tom>;
  /** Retention rules by id. */
  readonly retention: ReadonlyMap<string, RetentionRule>;

  private importers: Map<string, Transfer[]> | undefined;

  /** The model indexed. */
  readonly model: PrivacyModel;

  /**
   * @param model - the model to index (parsed, or checked here as `parseModel` checks it).
   * @throws `DpaError` `INVALID_MODEL` when `model` is not a model.
   */
  constructor(model: PrivacyModel) {
    this.model = model = requireModel(model, 'model');
    this.parties = byId(model.parties);
    this.activities = byId(model.activities);
    this.categories = byId(model.dataCategories ?? []);
    this.subjects = byId(model.dataSubjects ?? []);
    this.recipients = byId(model.recipients ?? []);
    this.subProcessors = byId(model.subProcessors ?? []);
    this.transfers = byId(model.transfers ?? []);
    this.toms = byId(model.toms ?? []);
    this.retention = byId(model.retention ?? []);
  }

  /**
   * The activities a document covers, in the document's order, unknown ids skipped.
   *
   * @param ids - activity ids.
   * @returns the activities found.
   */
  activitiesOf(ids: readonly string[]): Activity[] {
    return ids.map((id) => this.activities.get(id)).filter((a): a is Activity => a !== undefined);
  }

  /**
   * The sub-processors of the DPA (all of the model's when it lists none).
   *
   * @returns the sub-processors in the DPA's order.
   */
  dpaSubProcessors(): SubProcessor[] {
    const dpa = this.model.documents?.dpa;
    if (!dpa?.subProcessors) return [...(this.model.subProcessors ?? [])];
    return dpa.subProcessors.map((id) => this.subProcessors.get(id)).filter((s): s is SubProcessor => s !== undefined);
  }

  /**
   * Whether the model states that the DPA has no sub-processors: an empty list in the DPA, or,
   * where the DPA lists none, an empty list in the model (read as `dpaSubProcessors` reads it).
   * An absent list states nothing.
   *
   * @returns `true` only for a stated none.
   */
  dpaStatesNoSubProcessors(): boolean {
    const listed = this.model.documents?.dpa?.subProcessors ?? this.model.subProcessors;
    return listed?.length === 0;
  }

  /**
   * The transfers covering a sub-processor: those it lists and those naming it as importer.
   *
   * @param sp - the sub-processor.
   * @returns its transfers.
   */
  transfersOf(sp: SubProcessor): Transfer[] {
    const out = new Map<string, Transfer>();
    for (const id of sp.transfers ?? []) {
      const t = this.transfers.get(id);
      if (t) out.set(t.id, t);
    }
    if (!this.importers) {
      this.importers = new Map();
      for (const t of this.model.transfers ?? [])
        if (t.importer !== undefined) this.importers.set(t.importer, [...(this.importers.get(t.importer) ?? []), t]);
    }
    for (const t of this.importers.get(sp.id) ?? []) out.set(t.id, t);
    return [...out.values()];
  }
}

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}
