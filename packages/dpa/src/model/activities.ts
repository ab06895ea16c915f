/**
 * @module
 * Processing activities with their purposes and legal bases (Art. 6(1), 9(2)), the data
 * categories, data subjects and recipients they concern, and automated decisions (Art. 22).
 */

import type { PartyRole } from './parties.js';

/**
 * Legal bases of Art. 6(1): (a) consent, (b) contract, (c) legal obligation, (d) vital
 * interests, (e) public task, (f) legitimate interests.
 */
export type LegalBasis =
  | 'consent'
  | 'contract'
  | 'legal-obligation'
  | 'vital-interests'
  | 'public-task'
  | 'legitimate-interests';

/** The condition of Art. 9(2) for special categories: its letter, `a` to `j`. */
export type SpecialCategoryCondition = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j';

/** A purpose of an activity with its legal basis. */
export interface Purpose {
  /** Stable id within the activity. */
  readonly id: string;
  /** What the data is used for. */
  readonly description: string;
  /** The Art. 6(1) basis. */
  readonly legalBasis?: LegalBasis;
  /** The legitimate interests pursued, required with `legitimateInterests` (Art. 13(1)(d)). */
  readonly legitimateInterest?: string;
  /** The Art. 9(2) condition, required when special categories are processed. */
  readonly specialCategoryCondition?: SpecialCategoryCondition;
  /**
   * The law the basis rests on, as the document names it (Art. 6(3): a legal obligation or a
   * public task is laid down by Union or Member State law): `["Local Government Act 1972"]`.
   * Rendered after the basis; absent when the document names none.
   */
  readonly law?: readonly string[];
}

/** Automated decision-making, including profiling (Art. 22). */
export interface AutomatedDecisions {
  /** Whether decisions based solely on automated processing are taken. */
  readonly exists: boolean;
  /** Meaningful information about the logic involved (Art. 13(2)(f)). */
  readonly logic?: string;
  /** Its significance and envisaged consequences for the data subject. */
  readonly significance?: string;
}

/** A processing activity: one purpose-bound set of operations on personal data. */
export interface Activity {
  /** Stable id. */
  readonly id: string;
  /** A short name ("Form analytics"). */
  readonly name: string;
  /** Who plays which role in this activity (a SaaS is controller of one, processor of another). */
  readonly roles: readonly {
    /** The party id. */
    readonly party: string;
    /** Its role in this activity. */
    readonly role: PartyRole;
  }[];
  /** Subject matter of the processing (Art. 28(3)). */
  readonly subjectMatter?: string;
  /** Duration of the processing (Art. 28(3)), in words. */
  readonly duration?: string;
  /** Nature of the processing: the operations (collection, storage, hashing, …). */
  readonly nature?: readonly string[];
  /** Purposes with their legal bases. */
  readonly purposes?: readonly Purpose[];
  /** Data category ids. */
  readonly categories?: readonly string[];
  /** Data subject category ids. */
  readonly subjects?: readonly string[];
  /** Recipient ids. */
  readonly recipients?: readonly string[];
  /** Transfer ids. */
  readonly transfers?: readonly string[];
  /** Retention rule ids. */
  readonly retention?: readonly string[];
  /** The criteria that determine the storage period, where no period is stated (Art. 13(2)(a)). */
  readonly retentionCriteria?: string;
  /** Where the data comes from: the data subject (Art. 13) or elsewhere (Art. 14). */
  readonly sources?: readonly ('data-subject' | 'third-party' | 'publicly-available')[];
  /** The source in words, for Art. 14(2)(f). */
  readonly sourceDescription?: string;
  /** Automated decision-making. */
  readonly automatedDecisions?: AutomatedDecisions;
  /** TOM ids that apply to this activity (all when absent). */
  readonly toms?: readonly string[];
}

/** A category of personal data. */
export interface DataCategory {
  /** Stable id. */
  readonly id: string;
  /** Name ("IP address"). */
  readonly name: string;
  /** More detail. */
  readonly description?: string;
  /** `special`: Art. 9 categories; `criminal`: Art. 10 data; `ordinary` otherwise (the default). */
  readonly sensitivity?: 'ordinary' | 'special' | 'criminal';
}

/** A category of data subjects. */
export interface DataSubject {
  /** Stable id. */
  readonly id: string;
  /** Name ("Visitors of the customer's websites"). */
  readonly name: string;
}

/** A recipient or category of recipients (Art. 4(9)). */
export interface Recipient {
  /** Stable id. */
  readonly id: string;
  /** Name or category ("Hosting providers"). */
  readonly name: string;
  /** What kind of recipient it is. */
  readonly kind?: 'processor' | 'controller' | 'public-authority' | 'group' | 'other';
  /** Countries where it receives the data, ISO 3166-1 alpha-2. */
  readonly countries?: readonly string[];
}
