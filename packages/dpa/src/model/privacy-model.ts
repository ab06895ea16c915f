/**
 * @module
 * The model: one set of entities (parties, processing activities, data categories, data
 * subjects, recipients, sub-processors, transfers, technical and organisational measures,
 * retention rules, customer contracts) and the documents as views of them (a DPA with the four
 * annexes of the Commission's Art. 28 clauses, Implementing Decision (EU) 2021/915; a privacy
 * notice under Arts. 13 and 14; a record of processing under Art. 30). Every entity has a stable
 * `id` that documents reference and diffs key on. Almost everything is optional, so a draft
 * parses; what the law requires is checked by the rule packs.
 */

import type { Activity, DataCategory, DataSubject, Recipient } from './activities.js';
import type { Documents } from './documents.js';
import type { Party } from './parties.js';
import type { RetentionRule } from './retention.js';
import type { SubProcessor, Tom, Transfer } from './transfers.js';

/** A customer's contract under which the DPA applies, for sub-processor change notices. */
export interface CustomerContract {
  /** Stable id. */
  readonly id: string;
  /** The customer (controller) name. */
  readonly customer: string;
  /** Time the customer has to object to a new sub-processor; the DPA's notice period when absent. */
  readonly objectionPeriod?: string;
  /** Where the notice goes (an e-mail address, a portal). */
  readonly noticeChannel?: string;
}

/** A complete privacy model: entities plus documents. Produced by `parseModel`. */
export interface PrivacyModel {
  /** Stable id of the model. */
  readonly id: string;
  /** Title. */
  readonly title?: string;
  /** Version label. */
  readonly version?: string;
  /** Date, `YYYY-MM-DD`, or `YYYY-MM`. */
  readonly date?: string;
  /** Parties. */
  readonly parties: readonly Party[];
  /** Processing activities. */
  readonly activities: readonly Activity[];
  /** Data categories. */
  readonly dataCategories?: readonly DataCategory[];
  /** Data subject categories. */
  readonly dataSubjects?: readonly DataSubject[];
  /** Recipients. */
  readonly recipients?: readonly Recipient[];
  /** Sub-processors. */
  readonly subProcessors?: readonly SubProcessor[];
  /** Transfers. */
  readonly transfers?: readonly Transfer[];
  /** Technical and organisational measures. */
  readonly toms?: readonly Tom[];
  /** Retention rules (the `@privkit/retention` shape). */
  readonly retention?: readonly RetentionRule[];
  /** Customer contracts, for sub-processor change notices. */
  readonly contracts?: readonly CustomerContract[];
  /** Documents as views of the entities. */
  readonly documents?: Documents;
}
