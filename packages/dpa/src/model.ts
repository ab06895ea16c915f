/**
 * @module
 * The model: one set of entities (parties, processing activities, data categories, data
 * subjects, recipients, sub-processors, transfers, technical and organisational measures,
 * retention rules, customer contracts) and the documents as views of them (a DPA with the four
 * annexes of the Commission's Art. 28 clauses, Implementing Decision (EU) 2021/915; a privacy
 * notice under Arts. 13 and 14; a record of processing under Art. 30). Every entity has a stable
 * `id` that documents reference and diffs key on. Almost everything is optional, so a draft
 * parses; what the law requires is checked by the rule packs ({@link checkModel}).
 */

import type { RetentionRule } from './retention.js';

/** A role a party plays in one processing activity (Art. 4(7), 4(8), 26, 28(4)). */
export type PartyRole = 'controller' | 'jointController' | 'processor' | 'subProcessor';

/**
 * Legal bases of Art. 6(1): (a) consent, (b) contract, (c) legal obligation, (d) vital
 * interests, (e) public task, (f) legitimate interests.
 */
export type LegalBasis =
  | 'consent'
  | 'contract'
  | 'legalObligation'
  | 'vitalInterests'
  | 'publicTask'
  | 'legitimateInterests';

/** The condition of Art. 9(2) for special categories: its letter, `a` to `j`. */
export type SpecialCategoryCondition = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j';

/** Contact details of a person or office. */
export interface Contact {
  /** A name or function ("Data Protection Officer"). */
  readonly name?: string;
  /** Postal address. */
  readonly address?: string;
  /** E-mail address. */
  readonly email?: string;
  /** Telephone number. */
  readonly phone?: string;
  /** A web page or form. */
  readonly url?: string;
}

/** A legal person or individual that is a controller, processor or sub-processor somewhere. */
export interface Party {
  /** Stable id. */
  readonly id: string;
  /** Legal name. */
  readonly name: string;
  /** Registered address. */
  readonly address?: string;
  /** Country of establishment, ISO 3166-1 alpha-2 (`BE`, `GB`). */
  readonly country?: string;
  /** How to reach the party. */
  readonly contact?: Contact;
  /** The representative in the Union (Art. 27), for parties established outside it. */
  readonly representative?: Contact;
  /** The data protection officer (Arts. 37–39), when one is designated. */
  readonly dpo?: Contact;
}

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
  readonly sources?: readonly ('dataSubject' | 'thirdParty' | 'publiclyAvailable')[];
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
  readonly kind?: 'processor' | 'controller' | 'publicAuthority' | 'group' | 'other';
  /** Countries where it receives the data, ISO 3166-1 alpha-2. */
  readonly countries?: readonly string[];
}

/** A sub-processor (Annex IV of 2021/915). */
export interface SubProcessor {
  /** Stable id. */
  readonly id: string;
  /** Name as the DPA lists it. */
  readonly name: string;
  /** The legal entity, when the listed name is a product ("Redis" run by Google Cloud). */
  readonly legalEntity?: string;
  /** Address of the legal entity. */
  readonly address?: string;
  /** Contact person or office (Annex IV asks for name, position and contact details). */
  readonly contact?: Contact;
  /** Country of the legal entity, ISO 3166-1 alpha-2. */
  readonly country?: string;
  /** Countries where it processes the data, ISO 3166-1 alpha-2. */
  readonly locations?: readonly string[];
  /** The service it provides (the processing it carries out). */
  readonly service?: string;
  /** Transfer ids covering data it receives outside the EEA. */
  readonly transfers?: readonly string[];
}

/** How a transfer outside the EEA is made lawful (Chapter V). */
export type TransferMechanism =
  | {
      /** An adequacy decision under Art. 45. */
      readonly type: 'adequacy';
      /** The decision, e.g. `"(EU) 2023/1795"`. */
      readonly decision?: string;
      /** What the decision covers that applies here ("commercial organisations under PIPEDA"). */
      readonly scope?: string;
    }
  | {
      /** Standard contractual clauses under Art. 46(2)(c), Decision (EU) 2021/914. */
      readonly type: 'scc';
      /** The SCC module: 1 C2C, 2 C2P, 3 P2P, 4 P2C. */
      readonly module?: 1 | 2 | 3 | 4;
      /** A transfer impact assessment has been done. */
      readonly tia?: boolean;
    }
  | {
      /** Binding corporate rules under Art. 47. */
      readonly type: 'bcr';
      /** The authority that approved them. */
      readonly approvedBy?: string;
    }
  | {
      /** Certification under the EU–US Data Privacy Framework (adequacy decision (EU) 2023/1795). */
      readonly type: 'dpf';
      /** The importer is on the DPF list. */
      readonly certified?: boolean;
    }
  | {
      /** A derogation of Art. 49(1), by its letter. */
      readonly type: 'derogation';
      /** The letter of Art. 49(1), `a` to `g`. */
      readonly article?: 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
    };

/** A transfer of personal data to a third country or international organisation. */
export interface Transfer {
  /** Stable id. */
  readonly id: string;
  /** Destination country, ISO 3166-1 alpha-2; absent when the document leaves it unnamed. */
  readonly to?: string;
  /** The importer: a sub-processor, recipient or party id. */
  readonly importer?: string;
  /** The safeguard. */
  readonly mechanism?: TransferMechanism;
  /** What is transferred and why. */
  readonly description?: string;
}

/** The 17 headings of Annex III of the Commission's Art. 28 clauses (2021/915). */
export type TomHeading =
  | 'pseudonymisationEncryption'
  | 'confidentialityIntegrityAvailability'
  | 'restoreAvailability'
  | 'testingEvaluation'
  | 'identificationAuthorisation'
  | 'transmissionProtection'
  | 'storageProtection'
  | 'physicalSecurity'
  | 'eventLogging'
  | 'systemConfiguration'
  | 'itGovernance'
  | 'certification'
  | 'dataMinimisation'
  | 'dataQuality'
  | 'limitedRetention'
  | 'accountability'
  | 'portabilityErasure';

/** A technical or organisational measure under one Annex III heading. */
export interface Tom {
  /** Stable id. */
  readonly id: string;
  /** The Annex III heading. */
  readonly heading: TomHeading;
  /** The measure in concrete terms (Annex III: "in specific (and not generic) terms"). */
  readonly measures: string;
}

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

/** A clause that limits one of the processor's Art. 28 obligations, quoted. */
export interface CarveOut {
  /** Stable id. */
  readonly id: string;
  /** The clause number in the document ("15.4"). */
  readonly clause?: string;
  /** The words of the clause. */
  readonly quote: string;
  /** The obligations it limits. */
  readonly limits: readonly Obligation[];
}

/** The processor's obligations of Art. 28(2)–(4), by name. */
export type Obligation =
  | 'instructions'
  | 'confidentiality'
  | 'security'
  | 'subProcessing'
  | 'dataSubjectRights'
  | 'assistance'
  | 'endOfProcessing'
  | 'audit';

/** A liability or indemnity cap. */
export interface LiabilityCap {
  /** The party whose liability is capped. */
  readonly party: string;
  /** A liability cap or an indemnity. */
  readonly kind?: 'liability' | 'indemnity';
  /** An amount, insurance cover, or no cap. */
  readonly cap?:
    | {
        /** The amount. */
        readonly amount: number;
        /** ISO 4217 currency code (`EUR`). */
        readonly currency: string;
      }
    | 'insurance'
    | 'unlimited';
  /** The clause number. */
  readonly clause?: string;
  /** What the cap excludes or includes, in words. */
  readonly note?: string;
}

/** The Art. 28 terms of a data processing agreement, with its annexes as entity references. */
export interface DpaDocument {
  /** Stable id. */
  readonly id: string;
  /** Title. */
  readonly title?: string;
  /** Version label. */
  readonly version?: string;
  /** Date, `YYYY-MM-DD`. */
  readonly date?: string;
  /** Controller party id (Annex I). */
  readonly controller: string;
  /** Processor party id (Annex I). */
  readonly processor: string;
  /** Activity ids described in Annex II. */
  readonly activities: readonly string[];
  /** Sub-processor ids of Annex IV (every sub-processor of the model when absent). */
  readonly subProcessors?: readonly string[];
  /** TOM ids of Annex III (every TOM of the model when absent). */
  readonly toms?: readonly string[];
  /** Where the DPA allows processing: country codes, or `EEA`. Anywhere when absent. */
  readonly processingLocations?: readonly string[];
  /** Art. 28(3)(a): documented instructions, transfers only on instructions, unlawful-instruction notice. */
  readonly instructions?: {
    /** Processing only on documented instructions. */
    readonly documented?: boolean;
    /** Transfers to third countries only on instructions. */
    readonly transfersOnInstructions?: boolean;
    /** The processor tells the controller if an instruction infringes the law (Art. 28(3) last sentence). */
    readonly notifyUnlawfulInstruction?: boolean;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Art. 28(3)(b): persons authorised are bound to confidentiality. */
  readonly confidentiality?: {
    /** The commitment is made. */
    readonly committed?: boolean;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Art. 28(3)(c): the processor takes the measures of Art. 32. */
  readonly security?: {
    /** The commitment is made. */
    readonly art32?: boolean;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Art. 28(2) and (4): sub-processing. */
  readonly subProcessing?: {
    /** Prior specific or general written authorisation. */
    readonly authorisation?: 'specific' | 'general';
    /** How long before a change the controller is told (general authorisation). */
    readonly noticePeriod?: string;
    /** The controller's right to object: unconditional, only on reasonable grounds, or none. */
    readonly objectionRight?: 'unconditional' | 'reasonable' | 'none';
    /** The same data protection obligations are imposed on sub-processors (Art. 28(4)). */
    readonly flowDown?: boolean;
    /** The processor remains fully liable for its sub-processors (Art. 28(4)). */
    readonly processorLiable?: boolean;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Art. 28(3)(e): assistance with data subjects' requests. */
  readonly dataSubjectRights?: {
    /** The processor assists by appropriate measures. */
    readonly assistance?: boolean;
    /** Requests received are forwarded to the controller. */
    readonly forwardRequests?: boolean;
    /** Within how long requests are forwarded. */
    readonly forwardWithin?: string;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Art. 28(3)(f): assistance with Arts. 32 to 36. */
  readonly assistance?: {
    /** Security of processing (Art. 32). */
    readonly security?: boolean;
    /** Breach notification and communication (Arts. 33, 34). */
    readonly breach?: boolean;
    /** Data protection impact assessments (Art. 35). */
    readonly dpia?: boolean;
    /** Prior consultation (Art. 36). */
    readonly priorConsultation?: boolean;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Breach notification by the processor to the controller (Art. 33(2)). */
  readonly breach?: {
    /** The deadline, from the processor becoming aware (`PT24H`, `PT72H`). */
    readonly notifyWithin?: string;
    /** The processor notifies without undue delay. */
    readonly withoutUndueDelay?: boolean;
    /** The notice carries the information of Art. 33(3). */
    readonly content?: boolean;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Art. 28(3)(g): deletion or return at the end of the services. */
  readonly endOfProcessing?: {
    /** What the processor does. */
    readonly options?: readonly ('delete' | 'return')[];
    /** Who chooses. */
    readonly choice?: 'controller' | 'processor';
    /** Deadline. */
    readonly within?: string;
    /** A deletion certificate or log is given. */
    readonly certificate?: boolean;
    /** Existing copies are deleted too, unless Union or Member State law requires storage. */
    readonly deletesCopies?: boolean;
    /** Clause number. */
    readonly clause?: string;
  };
  /** Art. 28(3)(h): information and audits. */
  readonly audit?: {
    /** All information necessary to demonstrate compliance is made available. */
    readonly information?: boolean;
    /** Audits and inspections by the controller or its auditor are allowed. */
    readonly inspections?: boolean;
    /** Advance notice the controller gives. */
    readonly noticePeriod?: string;
    /** Who bears the costs. */
    readonly costs?: 'controller' | 'processor' | 'shared';
    /** Clause number. */
    readonly clause?: string;
  };
  /** Liability and indemnity caps. */
  readonly liability?: readonly LiabilityCap[];
  /** Governing law. */
  readonly governingLaw?: string;
  /** Clauses that limit the obligations above. */
  readonly carveOuts?: readonly CarveOut[];
}

/** A data subject right of Arts. 15–22 and 77. */
export type Right =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'portability'
  | 'object'
  | 'withdrawConsent'
  | 'automatedDecisions'
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

/** A complete privacy model: entities plus documents. Produced by {@link parseModel}. */
export interface PrivacyModel {
  /** Stable id of the model. */
  readonly id: string;
  /** Title. */
  readonly title?: string;
  /** Version label. */
  readonly version?: string;
  /** Date, `YYYY-MM-DD`. */
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
