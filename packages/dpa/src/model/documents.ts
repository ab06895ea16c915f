/**
 * @module
 * The privacy notice (Arts. 13 and 14) and the record of processing (Art. 30) as views of the
 * model's entities, and the documents of a model.
 */

import type { DpaDocument } from './dpa-document.js';
import type { Contact } from './parties.js';

/** A data subject right of Arts. 15–22 and 77. */
export type Right =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'portability'
  | 'object'
  | 'withdraw-consent'
  | 'automated-decisions'
  | 'complaint';

/** A privacy notice (Arts. 13 and 14). */
export interface NoticeDocument {
  /** Stable id. */
  readonly id: string;
  /** Title. */
  readonly title?: string;
  /** Date, `YYYY-MM-DD`. */
  readonly date?: string;
  /** The controller party id (Art. 13(1)(a)). */
  readonly controller: string;
  /** Activity ids the notice covers. */
  readonly activities: readonly string[];
  /** Rights offered, with how to exercise each. */
  readonly rights?: readonly {
    /** The right. */
    readonly right: Right;
    /** How to exercise it, when it differs from the channels. */
    readonly how?: string;
  }[];
  /** Where to send requests. */
  readonly channels?: readonly {
    /** The kind of channel. */
    readonly kind: 'email' | 'post' | 'web' | 'phone';
    /** The address, URL or number; absent when the document names the channel without it. */
    readonly value?: string;
  }[];
  /** The supervisory authority named for complaints (Art. 13(2)(d)). */
  readonly supervisoryAuthority?: Contact;
  /** Whether providing the data is a statutory or contractual requirement, and the consequences (Art. 13(2)(e)). */
  readonly statutoryRequirement?: string;
  /** Retention rule ids the notice states (derived from the activities when absent). */
  readonly retention?: readonly string[];
  /** Recipient ids the notice names (derived from the activities when absent). */
  readonly recipients?: readonly string[];
  /** Transfer ids the notice states (derived from the activities when absent). */
  readonly transfers?: readonly string[];
}

/** A record of processing activities (Art. 30). */
export interface RecordDocument {
  /** Stable id. */
  readonly id: string;
  /** Title. */
  readonly title?: string;
  /** Date, `YYYY-MM-DD`. */
  readonly date?: string;
  /** The party that keeps the record. */
  readonly holder: string;
  /** Art. 30(1) controller's record or Art. 30(2) processor's record. */
  readonly role: 'controller' | 'processor';
  /** Activity ids recorded. */
  readonly activities: readonly string[];
  /** Retention rule ids the record states (derived from the activities when absent). */
  readonly retention?: readonly string[];
  /** Recipient ids the record names (derived from the activities when absent). */
  readonly recipients?: readonly string[];
  /** Transfer ids the record states (derived from the activities when absent). */
  readonly transfers?: readonly string[];
}

/** The documents, each a view of the model's entities. */
export interface Documents {
  /** The data processing agreement. */
  readonly dpa?: DpaDocument;
  /** The privacy notice. */
  readonly notice?: NoticeDocument;
  /** The record of processing. */
  readonly record?: RecordDocument;
}
