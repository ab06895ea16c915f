/**
 * @module
 * `@privkit/dpa/model`: the types of the model, for writing models in TypeScript and for custom
 * rule packs and renderers. One set of entities (parties with a role per activity, activities,
 * data categories, data subjects, recipients, sub-processors, transfers, measures, retention
 * rules, customer contracts) and the documents as views of them: a DPA with the four annexes of
 * the Commission's Art. 28 clauses (Implementing Decision (EU) 2021/915), a privacy notice (Arts.
 * 13 and 14), a record of processing (Art. 30). Types only: nothing here adds to a bundle.
 */

export type {
  Activity,
  AutomatedDecisions,
  DataCategory,
  DataSubject,
  LegalBasis,
  Purpose,
  Recipient,
  SpecialCategoryCondition,
} from './model/activities.js';
export type {
  DeviceStorage,
  DocumentDate,
  DocumentReference,
  Documents,
  NoticeDocument,
  NoticeLegalBasis,
  NoticeScope,
  RecordDocument,
  Right,
  StorageItem,
} from './model/documents.js';
export type { CarveOut, DpaDocument, LiabilityCap, Obligation } from './model/dpa-document.js';
export type { Contact, Party, PartyRole, Registration } from './model/parties.js';
export type { CustomerContract, PrivacyModel } from './model/privacy-model.js';
export type { RetentionAnchor, RetentionRange, RetentionRule, RetentionTrigger } from './model/retention.js';
export type { SubProcessor, Tom, TomHeading, Transfer, TransferMechanism } from './model/transfers.js';
