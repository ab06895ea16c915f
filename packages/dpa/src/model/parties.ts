/**
 * @module
 * Parties: the legal persons and individuals of a model, their contacts and the role each
 * plays in one processing activity (Art. 4(7), 4(8), 26, 28(4)).
 */

/** A role a party plays in one processing activity (Art. 4(7), 4(8), 26, 28(4)). */
/**
 * `undetermined`: the document does not say which role the party plays (or says it is not yet
 * determined), so the model records that instead of a guess.
 */
export type PartyRole = 'controller' | 'joint-controller' | 'processor' | 'sub-processor' | 'undetermined';

/** A number under which a party is registered ("KBO 0123.456.789", "KvK 12345678"). */
export interface Registration {
  /** The register or scheme, as the document names it (`KBO`, `KvK`, `Companies House`, `VAT`). */
  readonly scheme: string;
  /** The number, as the document writes it. */
  readonly number: string;
}

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
  /** Registration numbers (company register, VAT); an empty list states that none is given. */
  readonly registrations?: readonly Registration[];
  /** How to reach the party. */
  readonly contact?: Contact;
  /** The representative in the Union (Art. 27), for parties established outside it. */
  readonly representative?: Contact;
  /** The data protection officer (Arts. 37–39), when one is designated. */
  readonly dpo?: Contact;
}
