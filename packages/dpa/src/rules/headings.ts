/**
 * @module
 * The 17 headings of Annex III of the Commission's Art. 28 clauses (Implementing Decision (EU)
 * 2021/915) under which a DPA lists its technical and organisational measures, with their
 * English titles as the annex words them.
 */

import type { TomHeading } from '../model.js';

/**
 * The English titles of the 17 Annex III headings of (EU) 2021/915, by heading id.
 *
 * @example
 * ```ts
 * import { TOM_HEADING_TITLES } from '@privkit/dpa/rules';
 *
 * TOM_HEADING_TITLES['event-logging']; // "Measures for ensuring events logging"
 * ```
 */
export const TOM_HEADING_TITLES: Record<TomHeading, string> = {
  'pseudonymisation-encryption': 'Measures of pseudonymisation and encryption of personal data',
  'confidentiality-integrity-availability':
    'Measures for ensuring ongoing confidentiality, integrity, availability and resilience of processing ' +
    'systems and services',
  'restore-availability':
    'Measures for ensuring the ability to restore the availability and access to personal data in a timely ' +
    'manner in the event of a physical or technical incident',
  'testing-evaluation':
    'Processes for regularly testing, assessing and evaluating the effectiveness of technical and ' +
    'organisational measures in order to ensure the security of the processing',
  'identification-authorisation': 'Measures for user identification and authorisation',
  'transmission-protection': 'Measures for the protection of data during transmission',
  'storage-protection': 'Measures for the protection of data during storage',
  'physical-security': 'Measures for ensuring physical security of locations at which personal data are processed',
  'event-logging': 'Measures for ensuring events logging',
  'system-configuration': 'Measures for ensuring system configuration, including default configuration',
  'it-governance': 'Measures for internal IT and IT security governance and management',
  certification: 'Measures for certification/assurance of processes and products',
  'data-minimisation': 'Measures for ensuring data minimisation',
  'data-quality': 'Measures for ensuring data quality',
  'limited-retention': 'Measures for ensuring limited data retention',
  accountability: 'Measures for ensuring accountability',
  'portability-erasure': 'Measures for allowing data portability and ensuring erasure',
};

/**
 * The ids of the 17 headings of Annex III of (EU) 2021/915, in the annex's order.
 *
 * @example
 * ```ts
 * import { TOM_HEADING_IDS } from '@privkit/dpa/rules';
 *
 * TOM_HEADING_IDS.length; // 17
 * ```
 */
export const TOM_HEADING_IDS: readonly TomHeading[] = Object.keys(TOM_HEADING_TITLES) as TomHeading[];
