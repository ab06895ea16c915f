/**
 * @module
 * The Minnesota Consumer Data Privacy Act (Minn. Stat. §§ 325M.10 to 325M.21), in force 31 July
 * 2025: 45 days, extendable by 45 with notice and reasons. Minn. Stat. § 645.15 computes any period
 * "prescribed and fixed by law" for an act or duty, excluding the first day and omitting a last day
 * on a Saturday, Sunday or legal holiday.
 */

import { usState } from './common.js';

/** @internal Minnesota Consumer Data Privacy Act. */
export const MINNESOTA = /* @__PURE__ */ usState({
  id: 'minnesota',
  name: 'Minnesota Consumer Data Privacy Act',
  jurisdiction: 'Minnesota, USA',
  effectiveFrom: '2025-07-31',
  section: 'Minn. Stat. § 325M.14',
  counting: 'Minn. Stat. § 645.15: the first day is excluded and the last included',
  roll: {
    calendar: 'us-mn',
    citation:
      'Minn. Stat. § 645.15: a last day on a Saturday, Sunday or legal holiday (§ 645.44, subd. 5) is omitted ' +
      'from the computation',
  },
  extensionText:
    'Minn. Stat. § 325M.14: may be extended by an additional 45 days when reasonably necessary, the consumer ' +
    'informed of the extension and its reason within the initial 45-day period',
  evidence:
    "45 + 45 days and the notice with reasons from the Minnesota Attorney General's guidance for controllers; " +
    'that the notice falls within the first 45 days is the reading the US state laws share, not confirmed from ' +
    "the section's text; effective date from secondary sources; § 645.15 from the Revisor of Statutes",
  appeal: 'Minn. Stat. §§ 325M.14 (appeal process), 325M.20 (Attorney General enforcement)',
});
