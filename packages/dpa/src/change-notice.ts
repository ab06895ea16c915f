/**
 * @module
 * Sub-processor change notices (Art. 28(2) GDPR; Clause 7.7(a) of (EU) 2021/915): from two
 * versions of a model, what changed among the sub-processors and their transfers, and for each
 * customer contract the date by which the customer may object (the notice date plus the
 * contract's objection period, or the DPA's notice period). As JSON (the returned object) and
 * as Markdown ({@link renderChangeNoticeMarkdown}).
 */

import { own } from '@privkit/internal/check';
import { requireDate } from '@privkit/internal/instant';
import { diffModels } from './diff.js';
import { raise } from './errors.js';
import { balanceBidiDeep } from './internal/bidi.js';
import { addToDate } from './internal/dates.js';
import { describeDuration, partsOf } from './internal/durations.js';
import { markdownInline as inline, markdownLine as line } from './internal/markdown.js';
import { Lookup } from './lookup.js';
import type { PrivacyModel, SubProcessor } from './model.js';
import { options as readOptions } from './options.js';
import { describeSafeguards } from './render/phrases.js';
import { changeNoticeSchema } from './schema/change-notice.js';
import { requireModel } from './schema/parse.js';
import { read } from './schema/read.js';

/** One sub-processor change in a notice. */
export interface SubProcessorChange {
  /** Added, removed, or changed (its details or its transfers). */
  readonly kind: 'added' | 'removed' | 'changed';
  /** The sub-processor id. */
  readonly id: string;
  /** Its name. */
  readonly name: string;
  /** Where it is and processes (country codes). */
  readonly countries: readonly string[];
  /** The service it provides. */
  readonly service?: string;
  /** Its transfers outside the EEA, as `country: mechanism` (after the change; before for removals). */
  readonly transfers: readonly string[];
  /** For `changed`: what changed (`service`, `locations`, `transfers`, …). */
  readonly fields?: readonly string[];
}

/** A customer's objection deadline. */
export interface ObjectionDeadline {
  /** The contract id. */
  readonly contract: string;
  /** The customer. */
  readonly customer: string;
  /** Where the notice goes. */
  readonly channel?: string;
  /** The objection period applied (ISO 8601 duration); absent when neither the contract nor the DPA has one. */
  readonly period?: string;
  /** The last day to object, `YYYY-MM-DD`; absent without a period. */
  readonly deadline?: string;
}

/** A sub-processor change notice. */
export interface ChangeNotice {
  /** The processor's name. */
  readonly processor: string;
  /** The date of the notice, `YYYY-MM-DD`. */
  readonly date: string;
  /** The date the changes take effect, when given. */
  readonly effective?: string;
  /** The changes. */
  readonly changes: readonly SubProcessorChange[];
  /** Each customer contract with its objection deadline. */
  readonly deadlines: readonly ObjectionDeadline[];
}

/** Options of {@link subProcessorChangeNotice}. */
export interface ChangeNoticeOptions {
  /** The date the notice is sent, `YYYY-MM-DD`. */
  readonly date: string;
  /** When the changes take effect, `YYYY-MM-DD`. */
  readonly effective?: string;
}

function describe(
  l: Lookup,
  sp: SubProcessor,
  kind: SubProcessorChange['kind'],
  fields?: readonly string[],
): SubProcessorChange {
  const countries = [...new Set([sp.country, ...(sp.locations ?? [])].filter((c): c is string => !!c))];
  return {
    kind,
    id: sp.id,
    name: sp.legalEntity ? `${sp.name} (${sp.legalEntity})` : sp.name,
    countries,
    ...(sp.service ? { service: sp.service } : {}),
    transfers: l.transfersOf(sp).map((t) => `${t.to ?? 'unnamed country'}: ${describeSafeguards(t)}`),
    ...(fields ? { fields } : {}),
  };
}

/**
 * Builds the Art. 28(2) notice of intended changes to sub-processors between two versions of a
 * model: added and removed sub-processors, and sub-processors whose details or transfers changed
 * (a transfer's new mechanism counts as a change of the sub-processor it serves). Each customer
 * contract of the new version gets its objection deadline: the notice date plus the contract's
 * `objectionPeriod`, or else the DPA's `subProcessing.noticePeriod`.
 *
 * @param before - the version the customers agreed to.
 * @param after - the version with the intended changes.
 * @param options - the notice date and, optionally, the effective date.
 * @returns the notice as plain JSON.
 * @throws {@link DpaError} `INVALID_DATE` when a date is not `YYYY-MM-DD` or does not exist;
 * `UNKNOWN_KEY` or `INVALID_OPTIONS` for another option; `UNKNOWN_KEY` or `INVALID_MODEL` when
 * `before` or `after` is not a model.
 *
 * @example
 * ```ts
 * import { parseModel, subProcessorChangeNotice } from '@privkit/dpa';
 *
 * const v1 = parseModel({
 *   id: 'm',
 *   parties: [],
 *   activities: [],
 *   contracts: [{ id: 'c', customer: 'Shop GmbH', objectionPeriod: 'P30D' }],
 * });
 * const v2 = parseModel({ ...v1, subProcessors: [{ id: 'mailer', name: 'Mailer Inc.', country: 'US' }] });
 * const notice = subProcessorChangeNotice(v1, v2, { date: '2026-11-23' });
 * notice.deadlines[0]?.deadline; // "2026-12-23"
 * ```
 */
export function subProcessorChangeNotice(
  before: PrivacyModel,
  after: PrivacyModel,
  options: ChangeNoticeOptions,
): ChangeNotice {
  const from = requireModel(before, 'before');
  const to = requireModel(after, 'after');
  if (options === undefined) throw raise('INVALID_OPTIONS', 'options', '"options" must be a plain object');
  const o = readOptions(options, ['date', 'effective']);
  const date = requireDate(own(o, 'date'), 'options.date', raise);
  const effective =
    own(o, 'effective') === undefined ? undefined : requireDate(own(o, 'effective'), 'options.effective', raise);
  const la = new Lookup(from);
  const lb = new Lookup(to);
  const { changes: all } = diffModels(from, to);
  const changes: SubProcessorChange[] = [];
  const touched = new Map<string, Set<string>>();
  const mark = (id: string, field: string) => {
    const set = touched.get(id) ?? new Set<string>();
    set.add(field);
    touched.set(id, set);
  };
  for (const c of all) {
    if (c.entity === 'subProcessors' && c.kind === 'changed') for (const f of c.fields ?? []) mark(c.id, f);
    if (c.entity === 'transfers') {
      // A transfer that changed, appeared or disappeared changes the sub-processors it serves.
      for (const l of [la, lb])
        for (const sp of l.model.subProcessors ?? [])
          if (
            l.transfersOf(sp).some((t) => t.id === c.id) &&
            la.subProcessors.has(sp.id) &&
            lb.subProcessors.has(sp.id)
          )
            mark(sp.id, 'transfers');
    }
  }
  for (const sp of to.subProcessors ?? []) {
    if (!la.subProcessors.has(sp.id)) changes.push(describe(lb, sp, 'added'));
    else if (touched.has(sp.id))
      changes.push(describe(lb, sp, 'changed', [...(touched.get(sp.id) as Set<string>)].sort()));
  }
  for (const sp of from.subProcessors ?? [])
    if (!lb.subProcessors.has(sp.id)) changes.push(describe(la, sp, 'removed'));

  const fallback = to.documents?.dpa?.subProcessing?.noticePeriod;
  const deadlines: ObjectionDeadline[] = (to.contracts ?? []).map((c) => {
    const period = c.objectionPeriod ?? fallback;
    return {
      contract: c.id,
      customer: c.customer,
      ...(c.noticeChannel ? { channel: c.noticeChannel } : {}),
      ...(period ? { period, deadline: addToDate(date, partsOf(period)) } : {}),
    };
  });
  const processorId = to.documents?.dpa?.processor;
  return {
    processor: (processorId && lb.parties.get(processorId)?.name) || processorId || 'the processor',
    date,
    ...(effective === undefined ? {} : { effective }),
    changes,
    deadlines,
  };
}

/**
 * Renders a change notice as Markdown: the changes as a table, then each customer's objection
 * deadline. Deterministic.
 *
 * @param notice - from {@link subProcessorChangeNotice} (a hand-built notice is checked as strictly).
 * @returns Markdown text ending with a newline.
 * @throws {@link DpaError} `UNKNOWN_KEY`, `INVALID_DATE`, `INVALID_DURATION` or
 * `INVALID_ARGUMENT` when `notice` is not a change notice.
 *
 * @example
 * ```ts
 * import { parseModel, renderChangeNoticeMarkdown, subProcessorChangeNotice } from '@privkit/dpa';
 *
 * const v1 = parseModel({ id: 'm', parties: [], activities: [] });
 * const v2 = parseModel({ ...v1, subProcessors: [{ id: 'mailer', name: 'Mailer Inc.' }] });
 * const email = renderChangeNoticeMarkdown(subProcessorChangeNotice(v1, v2, { date: '2026-11-23' }));
 * ```
 */
export function renderChangeNoticeMarkdown(notice: ChangeNotice): string {
  return write(balanceBidiDeep(read<ChangeNotice>(changeNoticeSchema, notice, NOTICE)));
}

const NOTICE = { prefix: 'notice', name: 'notice', code: 'INVALID_ARGUMENT' } as const;

function write(notice: ChangeNotice): string {
  const lines = [
    '# Notice of changes to sub-processors',
    '',
    line(
      `${notice.processor} informs you, under Article 28(2) GDPR, of the following intended changes to its ` +
        `sub-processors, notified on ${notice.date}` +
        `${notice.effective ? ` and taking effect on ${notice.effective}` : ''}.`,
    ),
    '',
  ];
  if (notice.changes.length === 0) lines.push('No changes to sub-processors.', '');
  else {
    lines.push('| Change | Sub-processor | Countries | Service | Transfers |', '| --- | --- | --- | --- | --- |');
    for (const c of notice.changes)
      lines.push(
        `| ${c.kind}${c.fields ? ` (${inline(c.fields.join(', '))})` : ''} | ${inline(c.name)} | ` +
          `${inline(c.countries.join(', ') || 'not stated')} | ${inline(c.service ?? 'not stated')} | ` +
          `${inline(c.transfers.join('; ') || 'none')} |`,
      );
    lines.push('');
  }
  lines.push('## Your right to object', '');
  if (notice.deadlines.length === 0) lines.push('No customer contracts are recorded.');
  for (const d of notice.deadlines)
    lines.push(
      d.deadline && d.period
        ? `- ${line(d.customer)} (contract ${inline(d.contract)}): you may object until ${d.deadline} ` +
            `(${describeDuration(d.period)} from this notice)${d.channel ? ` by writing to ${inline(d.channel)}` : ''}.`
        : `- ${line(d.customer)} (contract ${inline(d.contract)}): no objection period is agreed; Article 28(2) ` +
            `still gives you the opportunity to object.`,
    );
  return `${lines.join('\n')}\n`;
}
