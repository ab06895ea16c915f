/**
 * @module
 * The Art. 28 terms of a data processing agreement: the processor's obligations, quoted
 * carve-outs that limit them, and liability caps.
 */

import type { DocumentDate, DocumentReference } from './documents.js';

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
  | 'sub-processing'
  | 'data-subject-rights'
  | 'assistance'
  | 'end-of-processing'
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
  /** Date, `YYYY-MM-DD`, or `YYYY-MM` where the agreement gives only a month. */
  readonly date?: DocumentDate;
  /** Other documents it refers to (sub-processor list, data locations, copies of the safeguards). */
  readonly references?: readonly DocumentReference[];
  /** What the agreement says it applies to, in its words ("any processed data that could be personal data"). */
  readonly scope?: string;
  /** The law the agreement says it is made under, beside Art. 28 GDPR ("the UK GDPR"). */
  readonly applicableLaw?: readonly string[];
  /** How and when the agreement is concluded, in its words ("by creating an account"). */
  readonly conclusion?: string;
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
    /**
     * What follows an objection: the processor refrains from using the sub-processor, proposes an
     * alternative, or the controller may terminate the affected services. `[]`: none is stated as given.
     */
    readonly objectionRemedies?: readonly ('refrain' | 'alternative' | 'terminate')[];
    /** The same data protection obligations are imposed on sub-processors (Art. 28(4)). */
    readonly flowDown?: boolean;
    /** The processor remains fully liable for its sub-processors (Art. 28(4)). */
    readonly processorLiable?: boolean;
    /**
     * Where the agreement says the current list of sub-processors is published, when it is not
     * in the agreement itself: a URL or a reference to a document ("Annex 3 of the Master
     * Agreement"). Annex IV then points there instead of listing none.
     */
    readonly list?: string;
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
    /** The deadline (`PT24H`, `PT72H`), counted from the moment `from` names. */
    readonly notifyWithin?: string;
    /**
     * When the agreement starts the clock: the processor becoming aware of the breach (Art. 33(2)'s
     * words) or the breach being confirmed ("once the breach has been determined"). Absent, a
     * rendered agreement names no starting point: it does not assume Art. 33(2)'s.
     */
    readonly from?: 'awareness' | 'confirmation';
    /** The processor notifies without undue delay. */
    readonly withoutUndueDelay?: boolean;
    /** The notice carries the information of Art. 33(3). */
    readonly content?: boolean;
    /** The agreement's own definition of a breach, quoted, where it departs from Art. 4(12). */
    readonly definition?: string;
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
    /** How often audits may take place at most (`P1Y`: once a year). */
    readonly frequency?: string;
    /** Audits take place during business hours. */
    readonly businessHours?: boolean;
    /** Other conditions, in the agreement's words. */
    readonly conditions?: string;
    /** Clause number. */
    readonly clause?: string;
  };
  /**
   * Requests from public authorities for the data (the commitments of Clause 15 of the 2021 SCCs,
   * Decision (EU) 2021/914, where a DPA makes them).
   */
  readonly governmentAccess?: {
    /** The processor notifies the controller of a request (where the law allows). */
    readonly notify?: boolean;
    /** The processor reviews the request's legality and challenges it where there are grounds. */
    readonly challenge?: boolean;
    /** The processor discloses the minimum the request requires. */
    readonly minimise?: boolean;
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
