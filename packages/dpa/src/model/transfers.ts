/**
 * @module
 * Sub-processors (Annex IV of 2021/915) and transfers to third countries with the mechanism
 * that makes each lawful (Chapter V), and the technical and organisational measures under the
 * 17 headings of Annex III.
 */

import type { Contact } from './parties.js';
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
  /**
   * Where it processes the data in the list's words, where a country code says too much or too
   * little ("us-east-1", "global edge network; primary US").
   */
  readonly region?: string;
  /** The service it provides (the processing it carries out). */
  readonly service?: string;
  /**
   * The personal data it receives, in the list's words ("billing email, customer ID"): a
   * published sub-processor list often says what each one sees.
   */
  readonly data?: string;
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
  /**
   * The safeguards that apply, in this order, where the one before does not (a DPA's order of
   * precedence: the Data Privacy Framework, then the SCCs, then the UK Addendum).
   */
  readonly alternatives?: readonly TransferMechanism[];
  /** What is transferred and why. */
  readonly description?: string;
}

/** The 17 headings of Annex III of the Commission's Art. 28 clauses (2021/915). */
export type TomHeading =
  | 'pseudonymisation-encryption'
  | 'confidentiality-integrity-availability'
  | 'restore-availability'
  | 'testing-evaluation'
  | 'identification-authorisation'
  | 'transmission-protection'
  | 'storage-protection'
  | 'physical-security'
  | 'event-logging'
  | 'system-configuration'
  | 'it-governance'
  | 'certification'
  | 'data-minimisation'
  | 'data-quality'
  | 'limited-retention'
  | 'accountability'
  | 'portability-erasure';

/** A technical or organisational measure under one Annex III heading. */
export interface Tom {
  /** Stable id. */
  readonly id: string;
  /** The Annex III heading. */
  readonly heading: TomHeading;
  /** The measure in concrete terms (Annex III: "in specific (and not generic) terms"). */
  readonly measures: string;
}
