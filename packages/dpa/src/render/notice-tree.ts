/**
 * @module
 * The privacy notice (Arts. 13 and 14) and the record of processing (Art. 30) as block trees.
 * Never exported.
 */

import { EEA } from '../internal/collections.js';
import type { Lookup } from '../lookup.js';
import type { NoticeDocument, PrivacyModel, RecordDocument, Right } from '../model.js';
import { TOM_HEADING_TITLES } from '../rules/headings.js';
import { Builder, type DocumentTree, NOT_STATED } from './blocks.js';
import {
  activityItems,
  contactLine,
  describeSafeguards,
  isGdpr,
  partyItems,
  type Regime,
  RIGHT,
  recipientLine,
  withoutArticle,
} from './phrases.js';
import {
  legalBasesSection,
  practicesSection,
  referencesSection,
  rightsTerms,
  scopeSection,
  specialCategoriesLine,
} from './statements.js';

/** @internal The notice of a model that has one. */
export function noticeTree(model: PrivacyModel, l: Lookup): DocumentTree {
  const n = model.documents?.notice as NoticeDocument; // documentTree checked it is there
  const b = new Builder();
  const title = n.title ?? 'Privacy notice';
  // The EU's and the UK's GDPR ask the same of a notice; a CCPA or LGPD notice is held to neither.
  const regime: Regime = n.regime ?? 'eu-gdpr';
  const gdpr = isGdpr(regime);
  const controller = l.parties.get(n.controller);
  b.h(1, title);
  if (n.date) b.p(`Last updated ${n.date}.`);
  scopeSection(b, n);
  b.h(2, 'Who is responsible');
  b.dl(partyItems(controller, 'Controller', regime));
  legalBasesSection(b, n);
  b.h(2, 'What we process and why');
  const special = specialCategoriesLine(n);
  if (special) b.p(special);
  const acts = l.activitiesOf(n.activities);
  // Recipients the notice names for all its activities are printed once, in their own section;
  // an activity lists only the others it names.
  const noticeWide = new Set(n.recipients ?? []);
  for (const a of acts) {
    b.h(3, a.name);
    // Subject matter and duration are a DPA's Annex II terms; the nature of the processing is
    // printed only where the model states it (a notice need not).
    b.dl(
      activityItems(l, a, !gdpr ? false : n.legalBases?.length ? 'notice' : true, regime).filter(
        ([k]) => k !== 'Subject matter' && k !== 'Duration' && (k !== 'Nature of the processing' || a.nature?.length),
      ),
    );
    const rec = (a.recipients ?? []).filter((id) => !noticeWide.has(id)).map((id) => l.recipients.get(id)?.name ?? id);
    if (rec.length) b.dl([['Recipients', rec]]);
    const ad = a.automatedDecisions;
    if (ad?.exists === true)
      b.dl([
        [
          'Automated decisions',
          [
            `Decisions based solely on automated processing, including profiling, are taken${
              gdpr ? ' (Art. 22 GDPR)' : ''
            }.`,
            `The logic involved: ${ad.logic ?? NOT_STATED}`,
            `Their significance and envisaged consequences for you: ${ad.significance ?? NOT_STATED}`,
          ],
        ],
      ]);
    else if (ad?.exists === false)
      b.dl([['Automated decisions', 'No decisions based solely on automated processing are taken.']]);
  }
  // Processing the notice's author does on another's behalf: the controllers are named, and no
  // legal basis is asked of it (the controller states its own).
  const onBehalf = l.activitiesOf(n.processorActivities ?? []);
  if (onBehalf.length) {
    b.h(2, 'What we process on behalf of others');
    for (const a of onBehalf) {
      b.h(3, a.name);
      const controllers = a.roles
        .filter((r) => r.role === 'controller' || r.role === 'joint-controller')
        .map((r) => l.parties.get(r.party)?.name ?? r.party);
      b.dl([
        ['Controller', controllers.length ? controllers : NOT_STATED],
        ...activityItems(l, a, false, regime).filter(
          ([k]) => k !== 'Subject matter' && k !== 'Duration' && (k !== 'Nature of the processing' || a.nature?.length),
        ),
      ]);
    }
  }
  if (n.recipients) {
    b.h(2, 'Who receives your data');
    if (n.recipients.length === 0) b.p('We do not disclose your personal data to recipients.');
    else b.ul(n.recipients.map((id) => recipientLine(l, id)));
  }
  // A GDPR notice's transfers are those outside the regime's territory (the EEA, the United
  // Kingdom), an LGPD notice's those outside Brazil: a transfer into that territory is not one of
  // them. A CCPA notice has no such territory: its transfers are printed as stated, without the
  // "outside" framing, and only where there are some.
  const [area, inside]: [string | undefined, (to: string) => boolean] =
    regime === 'uk-gdpr'
      ? ['the United Kingdom', (to) => to === 'GB']
      : regime === 'br-lgpd'
        ? ['Brazil', (to) => to === 'BR']
        : regime === 'us-ca-ccpa'
          ? [undefined, () => false]
          : ['the European Economic Area', (to) => EEA.has(to)];
  // The notice's own list when it states one; else the activities' transfers. "We do not
  // transfer" is printed only when that is stated: an empty list in the notice, or every activity
  // stating an empty list. A transfer that no activity names is not evidence of none, and neither
  // is a list whose transfers all stay inside the territory.
  const derived = [...new Set(acts.flatMap((a) => a.transfers ?? []))];
  const statedNone = n.transfers
    ? n.transfers.length === 0
    : derived.length === 0 && acts.length > 0 && acts.every((a) => a.transfers?.length === 0);
  const transfers = (n.transfers ?? derived)
    .map((id) => l.transfers.get(id))
    .filter((t): t is NonNullable<typeof t> => t !== undefined && !(t.to && inside(t.to)));
  const table = () =>
    b.table(
      area ? 'Transfers to third countries and their safeguards' : 'Transfers and their safeguards',
      ['Destination', 'Recipient', 'Safeguard'],
      transfers.map((t) => [
        t.to ?? NOT_STATED,
        (t.importer &&
          (l.subProcessors.get(t.importer)?.name ??
            l.recipients.get(t.importer)?.name ??
            l.parties.get(t.importer)?.name)) ||
          NOT_STATED,
        describeSafeguards(t, regime),
      ]),
    );
  if (area === undefined) {
    if (transfers.length) {
      b.h(2, 'Transfers of personal information');
      table();
    }
  } else {
    if (gdpr || statedNone || transfers.length) b.h(2, `Transfers outside ${area}`);
    if (statedNone) b.p(`We do not transfer your personal data outside ${area}.`);
    else if (transfers.length === 0) {
      if (gdpr) b.p(NOT_STATED);
    } else table();
  }
  practicesSection(b, n);
  b.h(2, 'Your rights');
  // Under the CCPA or the LGPD the GDPR's article numbers would be false: the right is named
  // without them ("(Art. 7(3))" included).
  const right = (r: Right) => (gdpr ? RIGHT[r] : withoutArticle(RIGHT[r]));
  b.ul((n.rights ?? []).map((r) => `${right(r.right)}${r.how ? `: ${r.how}` : ''}`));
  const terms = rightsTerms(n);
  if (terms.length) b.dl(terms);
  if (n.channels?.length)
    b.dl([
      [
        'How to exercise them',
        n.channels.map((c) => `${c.kind}${c.label ? ` (${c.label})` : ''}: ${c.value ?? NOT_STATED}`),
      ],
    ]);
  if (n.supervisoryAuthority) b.dl([['Supervisory authority', contactLine(n.supervisoryAuthority) ?? NOT_STATED]]);
  // Art. 13(2)(e) is the GDPR's: a CCPA notice prints it only where it says it.
  if (gdpr || n.statutoryRequirement) {
    b.h(2, 'Whether you must provide the data');
    b.p(n.statutoryRequirement ?? NOT_STATED);
  }
  referencesSection(b, n.references);
  return { title, blocks: b.blocks };
}

/** @internal The record of a model that has one. */
export function recordTree(model: PrivacyModel, l: Lookup): DocumentTree {
  const r = model.documents?.record as RecordDocument; // documentTree checked it is there
  const b = new Builder();
  const title = r.title ?? `Record of processing activities (Art. 30(${r.role === 'controller' ? 1 : 2}) GDPR)`;
  b.h(1, title);
  if (r.date) b.p(`Last updated ${r.date}.`);
  b.h(2, r.role === 'controller' ? 'Controller' : 'Processor');
  b.dl(partyItems(l.parties.get(r.holder), r.role === 'controller' ? 'Controller' : 'Processor'));
  for (const a of l.activitiesOf(r.activities)) {
    b.h(2, a.name);
    const items = activityItems(l, a);
    const parties = a.roles.map((x) => `${l.parties.get(x.party)?.name ?? x.party}: ${x.role}`);
    const recipients = (a.recipients ?? []).map((id) => recipientLine(l, id));
    const transfers = (a.transfers ?? [])
      .map((id) => l.transfers.get(id))
      .filter((t) => t !== undefined)
      .map((t) => `${t.to ?? NOT_STATED}: ${describeSafeguards(t)}`);
    // "None" where the activity states an empty list; "Not stated." where it states nothing.
    const none = (ids: readonly string[] | undefined) => (ids?.length === 0 ? 'None' : NOT_STATED);
    b.dl([
      ['Parties and roles', parties],
      ...items,
      ['Recipients', recipients.length ? recipients : none(a.recipients)],
      ['Transfers to third countries', transfers.length ? transfers : none(a.transfers)],
    ]);
  }
  b.h(2, 'Technical and organisational measures');
  b.ul((model.toms ?? []).map((t) => `${TOM_HEADING_TITLES[t.heading]}: ${t.measures}`));
  return { title, blocks: b.blocks };
}
