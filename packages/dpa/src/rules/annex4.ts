/**
 * @module
 * The Art. 28 pack's Annex IV checks: the name, address, contact person and processing of each
 * sub-processor (Annex IV of (EU) 2021/915), and each one inside the locations the DPA allows
 * (Art. 28(3)(a)). Never exported.
 */

import type { Finding } from '../findings.js';
import { EEA } from '../internal/collections.js';
import type { DpaDocument, PrivacyModel, SubProcessor } from '../model.js';

type Report = (rule: string, severity: Finding['severity'], article: string, path: string, message: string) => void;

/** @internal Annex IV findings for the sub-processors of a DPA. */
export function annex4(model: PrivacyModel, dpa: DpaDocument, sps: readonly SubProcessor[], f: Report): void {
  const allowed = dpa.processingLocations;
  for (const s of sps) {
    const at = `subProcessors[${(model.subProcessors ?? []).indexOf(s)}]`;
    const lacking = [
      !s.address && 'address',
      !s.contact && 'contact person',
      !s.service && 'description of the processing',
      !s.country && 'country',
    ].filter(Boolean);
    if (lacking.length > 0)
      f(
        'annex4.details',
        'warning',
        'Annex IV of (EU) 2021/915',
        at,
        `sub-processor "${s.id}" has no ${lacking.join(', ')}`,
      );
    if (allowed) {
      const where = [s.country, ...(s.locations ?? [])].filter((c): c is string => !!c);
      const outside = where.filter((c) => !allowed.includes(c) && !(allowed.includes('EEA') && EEA.has(c)));
      if (outside.length > 0)
        f(
          'dpa.processing-location',
          'error',
          'Art. 28(3)(a) GDPR',
          at,
          `sub-processor "${s.id}" is in ${[...new Set(outside)].join(', ')}, outside where the DPA allows ` +
            `processing (${allowed.join(', ')})`,
        );
    }
  }
}
