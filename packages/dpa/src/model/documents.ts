/**
 * @module
 * The privacy notice (Arts. 13 and 14) and the record of processing (Art. 30) as views of the
 * model's entities, and the documents of a model.
 */

import type { LegalBasis } from './activities.js';
import type { DpaDocument } from './dpa-document.js';
import type { Contact } from './parties.js';

/** A date as a document gives it: a day `YYYY-MM-DD`, or only a month `YYYY-MM` ("January 2025"). */
export type DocumentDate = string;

/** Another document a notice or agreement refers to, by URL or by name. */
export interface DocumentReference {
  /** What the other document holds. */
  readonly kind:
    | 'cookie-policy'
    | 'sub-processor-list'
    | 'data-locations'
    | 'transfer-safeguards'
    | 'terms'
    | 'privacy-notice'
    | 'other';
  /** Its title, as the document names it. */
  readonly title?: string;
  /** Where it is: a URL, or a reference in words ("Annex 3 of the Master Agreement"). */
  readonly at: string;
}

/** What a notice covers, and what it says it does not. */
export interface NoticeScope {
  /** What the notice covers, in its words ("the Services", "our website"). */
  readonly covers?: string;
  /** What it says it does not cover; an empty list states that it excludes nothing. */
  readonly excludes?: readonly {
    /** The excluded processing or service, in the notice's words. */
    readonly description: string;
    /** Where that processing is described instead (a URL, another notice). */
    readonly see?: string;
  }[];
}

/** A legal basis a notice states for its processing as a whole, not for one purpose. */
export interface NoticeLegalBasis {
  /** The Art. 6(1) basis. */
  readonly basis: LegalBasis;
  /** The notice relies on it only "where required" (consent where the law requires consent). */
  readonly whereRequired?: boolean;
  /** What the notice says it covers, in its words. */
  readonly description?: string;
}

/** Something a notice says it stores on, or reads from, the visitor's device (ePrivacy Art. 5(3)). */
export interface StorageItem {
  /** The cookie's or key's name, or a description ("analytics cookies"). */
  readonly name: string;
  /** Where it is stored. */
  readonly kind: 'cookie' | 'local-storage' | 'session-storage' | 'other';
  /** What it is for. */
  readonly purpose?: string;
  /** How long it is kept, in the notice's words. */
  readonly duration?: string;
  /** Who sets it (a third party), when not the controller. */
  readonly provider?: string;
}

/** What a notice says about cookies and other storage on the device. */
export interface DeviceStorage {
  /** Whether the notice says cookies are used (`false`: "we use no cookies"). */
  readonly cookies?: boolean;
  /** Whether the notice says local or session storage is used. */
  readonly localStorage?: boolean;
  /** The items it describes; an empty list states that it describes none. */
  readonly items?: readonly StorageItem[];
}

/**
 * A data subject right of Arts. 15–22 and 77 GDPR, or a consumer's right under the CCPA (Cal. Civ.
 * Code §§ 1798.100–1798.150): `know-categories` and `know-specific-pieces` (the right to know,
 * § 1798.110(a)(1)–(4) and (a)(5)), `opt-out-of-sale` and `opt-out-of-sharing` (§ 1798.120),
 * `limit-sensitive` (limit the use of sensitive personal information, § 1798.121),
 * `non-discrimination` (§ 1798.125) and `sue-for-breach` (the private right of action for security
 * breaches, § 1798.150). The CCPA's rights to delete and correct are `erasure` and
 * `rectification`.
 */
export type Right =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'portability'
  | 'object'
  | 'withdraw-consent'
  | 'automated-decisions'
  | 'complaint'
  | 'know-categories'
  | 'know-specific-pieces'
  | 'opt-out-of-sale'
  | 'opt-out-of-sharing'
  | 'limit-sensitive'
  | 'non-discrimination'
  | 'sue-for-breach';

/** A privacy notice (Arts. 13 and 14). */
export interface NoticeDocument {
  /** Stable id. */
  readonly id: string;
  /** Title. */
  readonly title?: string;
  /** Date of the version, `YYYY-MM-DD`, or `YYYY-MM` where the notice gives only a month. */
  readonly date?: DocumentDate;
  /** The controller party id (Art. 13(1)(a)). */
  readonly controller: string;
  /** What the notice covers and excludes. */
  readonly scope?: NoticeScope;
  /** Other documents it refers to (cookie policy, sub-processor list, data locations, safeguards). */
  readonly references?: readonly DocumentReference[];
  /** The law the notice says applies ("the GDPR", "the Belgian Data Protection Act"). */
  readonly applicableLaw?: readonly string[];
  /**
   * The regime the notice is checked and worded under: `eu-gdpr` (the default) or `uk-gdpr`, the
   * UK's version of the Regulation (same article numbers; the territory is the United Kingdom, so
   * a representative is asked of controllers outside it, and transfers are those outside it), or
   * `us-ca-ccpa`, a California notice under the CCPA: the Arts. 12–14 pack does not apply to it, and
   * it is printed without the GDPR's article numbers, and without a transfers section or an
   * Art. 13(2)(e) section it does not state (its transfers, where stated, printed without an
   * "outside"); `br-lgpd`, a notice under Brazil's LGPD (Lei
   * 13.709/2018, arts. 9 and 18): likewise not held to Arts. 12–14 nor printed with the GDPR's
   * article numbers, its transfers are those outside Brazil, and its `specialCategories` are the
   * LGPD's sensitive personal data (art. 11). A transfer into the regime's own territory is not
   * printed as one outside it, and the EU's adequacy decisions and SCCs are named only under
   * `eu-gdpr` or where the transfer's mechanism names them.
   */
  readonly regime?: 'eu-gdpr' | 'uk-gdpr' | 'us-ca-ccpa' | 'br-lgpd';
  /**
   * Legal bases the notice states for its processing as a whole, without saying which purpose
   * each serves: rendered as stated, and a purpose without its own basis is then not reported as
   * having none.
   */
  readonly legalBases?: readonly NoticeLegalBasis[];
  /** Whether the notice says profiling takes place (Art. 4(4)), and how. */
  readonly profiling?: {
    /** `false`: the notice says no profiling takes place. */
    readonly exists: boolean;
    /** What the notice says about it. */
    readonly description?: string;
  };
  /** Whether the notice says personal data is sold or leased (`false`: "we do not sell or lease your data"). */
  readonly sellsData?: boolean;
  /**
   * Whether the notice says personal information is shared for cross-context behavioral
   * advertising, the CCPA's "sharing" (Cal. Civ. Code §§ 1798.120, 1798.140(ah); 11 CCR § 7011):
   * `false` for "we do not share your personal information".
   */
  readonly sharesData?: boolean;
  /**
   * Whether the notice says special categories of personal data (Art. 9(1) GDPR) are processed:
   * `false` for "we do not process special categories of data".
   */
  readonly specialCategories?: boolean;
  /**
   * Whether a consumer may make requests through an authorized agent, and how (11 CCR
   * § 7011, the privacy policy's content, and § 7063, authorized agents): `allowed: false` where the notice says it
   * does not accept them.
   */
  readonly authorizedAgent?: {
    /** `false`: the notice says requests through an agent are not accepted. */
    readonly allowed: boolean;
    /** How an agent makes a request, in the notice's words. */
    readonly how?: string;
  };
  /** Cookies and other storage on the device. */
  readonly deviceStorage?: DeviceStorage;
  /** Activity ids the notice covers. */
  readonly activities: readonly string[];
  /**
   * Activity ids the notice describes where its author processes data on another's behalf (a
   * processor's "services privacy policy", a SaaS's notice with a processor part): printed in
   * their own section with each activity's controllers, never as the notice's controller's
   * purposes, and not held to Arts. 13 and 14 (the controller informs).
   */
  readonly processorActivities?: readonly string[];
  /** Rights offered, with how to exercise each. */
  readonly rights?: readonly {
    /** The right. */
    readonly right: Right;
    /** How to exercise it, when it differs from the channels. */
    readonly how?: string;
  }[];
  /** Limits the notice puts on the rights ("where we are legally obliged to keep the data"); `[]`: none. */
  readonly rightsLimitations?: readonly string[];
  /** Within how long the notice says requests are answered (Art. 12(3): one month), ISO 8601. */
  readonly responseTime?: string;
  /** Where to send requests. */
  readonly channels?: readonly {
    /** The kind of channel. */
    readonly kind: 'email' | 'post' | 'web' | 'phone';
    /** What the notice labels it with ("Poland", "Data protection officer"). */
    readonly label?: string;
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
  /** Date, `YYYY-MM-DD`, or `YYYY-MM`. */
  readonly date?: DocumentDate;
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
