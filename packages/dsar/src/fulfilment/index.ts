/**
 * @module
 * `@privkit/dsar/fulfilment`: carrying a request out across the systems that hold the subject's
 * data. Data sources (`DataSource`), export bundles with a manifest of SHA-256 digests
 * (`buildExportBundle`, `toCsv`), erasure with per-source outcomes (`eraseSubject`), search and
 * rectification, and keyed identifier digests and suppression lists (`digestIdentifier`,
 * `suppressionRecord`, `isSuppressed`). The service's `fulfil` runs these for you.
 */

export type { FulfilOptions, FulfilResult } from '../service.js';
export {
  type BundleFile,
  type BundleFileDigest,
  type BundleManifest,
  type BundleSource,
  buildExportBundle,
  type ExportBundle,
  toCsv,
} from './bundle.js';
export {
  digestIdentifier,
  isSuppressed,
  normalizeIdentifier,
  type SuppressionRecord,
  suppressionRecord,
} from './identifiers.js';
export {
  type DataSource,
  type ErasureResult,
  eraseSubject,
  findSubject,
  rectifySubject,
  type SubjectRef,
} from './sources.js';
