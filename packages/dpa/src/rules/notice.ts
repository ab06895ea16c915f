/**
 * @module
 * The Arts. 13 and 14 pack: what a privacy notice must tell data subjects, for `documents.notice`.
 * Art. 14 items apply to activities whose data does not come from the data subject.
 */

import { type Finding, type RulePack, reporter } from '../findings.js';
import { EEA } from '../internal/collections.js';
import type { Right } from '../model.js';
import { statementFindings } from './notice-statements.js';

const N = 'documents.notice';

const CHANNEL_VALUE = { email: 'e-mail address', web: 'address', phone: 'number', post: 'postal address' } as const;

/**
 * Arts. 12–14 GDPR: the information to provide to data subjects.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 * import { noticePack } from '@privkit/dpa/rules';
 *
 * const model = parseModel({
 *   id: 'm',
 *   parties: [{ id: 'shop', name: 'Shop GmbH' }, { id: 'acme', name: 'Acme SA' }],
 *   activities: [],
 *   documents: {
 *     dpa: { id: 'dpa', controller: 'shop', processor: 'acme', activities: [] },
 *     notice: { id: 'notice', controller: 'shop', activities: [] },
 *   },
 * });
 * const findings = checkModel(model, { packs: [noticePack] });
 * ```
 */
export const noticePack: RulePack = {
  id: 'notice',
  title: 'Arts. 13 and 14 GDPR: information to data subjects',
  check(model, { lookup }) {
    const notice = model.documents?.notice;
    // Arts. 12–14 are the GDPR's (the EU's and the UK's): a CCPA or LGPD notice is not held to them.
    if (!notice || notice.regime === 'us-ca-ccpa' || notice.regime === 'br-lgpd') return [];
    const out: Finding[] = [];
    const f = reporter(out);

    const controller = lookup.parties.get(notice.controller);
    if (
      controller &&
      !controller.address &&
      !controller.contact?.email &&
      !controller.contact?.address &&
      !controller.contact?.url &&
      !controller.contact?.phone
    )
      f(
        'art13.1.a.identity',
        'error',
        'Art. 13(1)(a) GDPR',
        `parties[${model.parties.indexOf(controller)}].contact`,
        `no contact details for the controller "${controller.id}"`,
      );
    // The territory is the regime's: the EEA under the EU GDPR, the United Kingdom under the UK's.
    const uk = notice.regime === 'uk-gdpr';
    if (
      controller?.country &&
      !(uk ? controller.country === 'GB' : EEA.has(controller.country)) &&
      !controller.representative
    )
      f(
        'art13.1.a.representative',
        'warning',
        uk ? 'Art. 13(1)(a), Art. 27 UK GDPR' : 'Art. 13(1)(a), Art. 27 GDPR',
        `parties[${model.parties.indexOf(controller)}].representative`,
        uk
          ? `the controller "${controller.id}" is established outside the United Kingdom and no representative in ` +
              `the United Kingdom is named (unless Art. 27(2) exempts it)`
          : `the controller "${controller.id}" is established outside the EEA and no representative in the Union is ` +
              `named (unless Art. 27(2) exempts it)`,
      );
    if (
      controller?.dpo &&
      !controller.dpo.email &&
      !controller.dpo.address &&
      !controller.dpo.phone &&
      !controller.dpo.url
    )
      f(
        'art13.1.b.dpo',
        'error',
        'Art. 13(1)(b) GDPR',
        `parties[${model.parties.indexOf(controller)}].dpo`,
        'a data protection officer is designated but no contact details are given',
      );

    const activities = lookup.activitiesOf(notice.activities);
    // Bases stated for the whole notice count for the rights they bring; a purpose without its own
    // basis is then not reported as having none (statementFindings says the mapping is missing).
    const noticeWide = notice.legalBases ?? [];
    const bases = new Set<string>(noticeWide.map((b) => b.basis));
    for (const a of activities) {
      const at = `activities[${model.activities.indexOf(a)}]`;
      if (
        !a.roles.some(
          (r) => r.party === notice.controller && (r.role === 'controller' || r.role === 'joint-controller'),
        )
      )
        f(
          'art13.controller-role',
          'info',
          'Arts. 13 and 14 GDPR',
          `${at}.roles`,
          `the notice's author is not a controller of activity "${a.id}": informing data subjects is that ` +
            `activity's controller's duty`,
        );
      const purposes = a.purposes ?? [];
      if (purposes.length === 0)
        f(
          'art13.1.c.purposes',
          'error',
          'Art. 13(1)(c) GDPR',
          `${at}.purposes`,
          `activity "${a.id}" states no purpose`,
        );
      purposes.forEach((p, j) => {
        if (!p.legalBasis && noticeWide.length === 0)
          f(
            'art13.1.c.legal-basis',
            'error',
            'Art. 13(1)(c) GDPR',
            `${at}.purposes[${j}].legalBasis`,
            `purpose "${p.id}" of "${a.id}" states no legal basis`,
          );
        else if (p.legalBasis) bases.add(p.legalBasis);
        if (p.legalBasis === 'legitimate-interests' && !p.legitimateInterest)
          f(
            'art13.1.d.legitimate-interest',
            'warning',
            'Art. 13(1)(d) GDPR',
            `${at}.purposes[${j}].legitimateInterest`,
            `purpose "${p.id}" of "${a.id}" relies on legitimate interests without saying which`,
          );
      });
      const special = (a.categories ?? []).some((c) => lookup.categories.get(c)?.sensitivity === 'special');
      if (special && !purposes.some((p) => p.specialCategoryCondition))
        f(
          'art9.2.condition',
          'error',
          'Art. 9(2) GDPR',
          `${at}.purposes`,
          `activity "${a.id}" processes special categories without an Art. 9(2) condition`,
        );
      // A notice that says it processes no special categories, beside an activity that does.
      if (special && notice.specialCategories === false)
        f(
          'notice.special-categories.contradiction',
          'error',
          'Art. 5(1)(a), Art. 9(1) GDPR',
          'documents.notice.specialCategories',
          `the notice says it processes no special categories and activity "${a.id}" processes them`,
        );
      if ((a.retention?.length ?? 0) === 0 && !a.retentionCriteria)
        f(
          'art13.2.a.retention',
          'error',
          'Art. 13(2)(a) GDPR',
          `${at}.retention`,
          `activity "${a.id}" states neither a storage period nor the criteria to determine it`,
        );
      else if ((a.retention?.length ?? 0) === 0)
        f(
          'art13.2.a.criteria-only',
          'info',
          'Art. 13(2)(a) GDPR',
          `${at}.retentionCriteria`,
          `activity "${a.id}" states only criteria, no period a retention policy can enforce`,
        );
      if (a.automatedDecisions?.exists && !a.automatedDecisions.logic)
        f(
          'art13.2.f.automated',
          'error',
          'Art. 13(2)(f) GDPR',
          `${at}.automatedDecisions.logic`,
          `activity "${a.id}" takes automated decisions without explaining the logic involved`,
        );
      const indirect = (a.sources ?? []).some((s) => s !== 'data-subject');
      if (indirect && !a.sourceDescription)
        f(
          'art14.2.f.source',
          'error',
          'Art. 14(2)(f) GDPR',
          `${at}.sourceDescription`,
          `activity "${a.id}" obtains data from other sources without naming them`,
        );
      if (indirect && (a.categories?.length ?? 0) === 0)
        f(
          'art14.1.d.categories',
          'error',
          'Art. 14(1)(d) GDPR',
          `${at}.categories`,
          `activity "${a.id}" obtains data from other sources without stating the categories of data`,
        );
    }

    // Transfers the notice states: destination and safeguard, or the data subject cannot ask.
    const transferIds = notice.transfers ?? [...new Set(activities.flatMap((a) => a.transfers ?? []))];
    for (const id of transferIds) {
      const t = lookup.transfers.get(id);
      if (!t) continue;
      const i = (model.transfers ?? []).indexOf(t);
      // One finding per missing item, each the fact the Chapter V and record packs report too.
      if (!t.to)
        f(
          'art13.1.f.transfers',
          'error',
          'Art. 13(1)(f) GDPR',
          `transfers[${i}].to`,
          `the notice states transfer "${t.id}" without the destination`,
          `transfers[${i}].to`,
        );
      if (!t.mechanism)
        f(
          'art13.1.f.transfers',
          'error',
          'Art. 13(1)(f) GDPR',
          `transfers[${i}].mechanism`,
          `the notice states transfer "${t.id}" without the adequacy decision or safeguards`,
          `transfers[${i}].mechanism`,
        );
    }

    // Rights (Art. 13(2)(b)–(d)); object, portability and withdrawal depend on the bases.
    const offered = new Set(notice.rights?.map((r) => r.right));
    const required: [Right, string, string][] = [
      ['access', 'Art. 13(2)(b) GDPR', 'art13.2.b.rights'],
      ['rectification', 'Art. 13(2)(b) GDPR', 'art13.2.b.rights'],
      ['erasure', 'Art. 13(2)(b) GDPR', 'art13.2.b.rights'],
      ['restriction', 'Art. 13(2)(b) GDPR', 'art13.2.b.rights'],
    ];
    if (bases.has('legitimate-interests') || bases.has('public-task'))
      required.push(['object', 'Art. 13(2)(b), Art. 21(4) GDPR', 'art13.2.b.rights']);
    if (bases.has('consent') || bases.has('contract'))
      required.push(['portability', 'Art. 13(2)(b), Art. 20 GDPR', 'art13.2.b.rights']);
    if (bases.has('consent')) required.push(['withdraw-consent', 'Art. 13(2)(c) GDPR', 'art13.2.c.withdraw-consent']);
    if (activities.some((a) => a.automatedDecisions?.exists === true))
      required.push(['automated-decisions', 'Art. 13(2)(f), Art. 22(3) GDPR', 'art13.2.f.art22-right']);
    for (const [right, article, rule] of required)
      if (!offered.has(right))
        f(
          rule,
          'error',
          article,
          `${N}.rights`,
          `the notice does not mention the right ` +
            (right === 'withdraw-consent'
              ? 'to withdraw consent'
              : right === 'automated-decisions'
                ? 'not to be subject to a decision based solely on automated processing, which its activities take'
                : `of ${right}`),
        );
    if (!offered.has('complaint') && !notice.supervisoryAuthority)
      f(
        'art13.2.d.complaint',
        'error',
        'Art. 13(2)(d) GDPR',
        `${N}.rights`,
        'the notice does not mention the right to lodge a complaint with a supervisory authority',
      );
    if (!notice.statutoryRequirement)
      f(
        'art13.2.e.requirement',
        'warning',
        'Art. 13(2)(e) GDPR',
        `${N}.statutoryRequirement`,
        'the notice does not say whether providing the data is a statutory or contractual requirement, or the ' +
          'consequences of not providing it',
      );

    (notice.channels ?? []).forEach((c, i) => {
      if (!c.value)
        f(
          'art12.2.channel',
          'warning',
          'Art. 12(2) GDPR',
          `${N}.channels[${i}].value`,
          `the notice invites requests by ${c.kind} but gives no ${CHANNEL_VALUE[c.kind]}`,
        );
    });
    if ((notice.channels?.length ?? 0) === 0 && !(notice.rights ?? []).some((r) => r.how))
      f(
        'art12.2.how',
        'warning',
        'Art. 12(2) GDPR',
        `${N}.channels`,
        'the notice does not say how to exercise the rights',
      );
    out.push(...statementFindings(notice, activities));
    return out;
  },
};
