/**
 * @module
 * The building blocks of the model's zod schemas: ids, text, calendar dates, ISO 8601 durations,
 * country and currency codes. Each format is one regular expression, so the exported JSON Schema
 * says exactly what `parseModel` accepts, and each has the wording of its error message here.
 * Never exported.
 */

import { COUNTRY_PATTERN } from '@privkit/internal/country';
import { DURATION_PATTERN } from '@privkit/internal/duration';
import { parseDate } from '@privkit/internal/instant';
import * as z from 'zod/mini';
import type { DpaErrorCode } from '../errors.js';

/** The longest text a field may hold: more than any clause a document quotes, far less than a memory bomb. */
export const MAX_TEXT = 100_000;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
// Text may hold tab and line breaks (renderers turn them into spaces), never other control
// characters: an ESC sequence in a name would reach a terminal from `privkit dpa render`.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it refuses
const TEXT = /^[^\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]*$/;
// A date that exists in the proleptic Gregorian calendar, years 0000–9999 (leap years: divisible
// by 4 and not by 100, or by 400). The same rule as `parseDate`, written as a pattern for the
// JSON Schema; a slow test checks that the two agree.
const DATE = new RegExp(
  '^(?:(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29' +
    '|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|' +
    '1\\d|2[0-8])))$',
);
// A day, or only a month where a document dates itself "January 2025": the day pattern or YYYY-MM.
const DATE_OR_MONTH = new RegExp(`^(?:${DATE.source.slice(1, -1)}|\\d{4}-(?:0[1-9]|1[0-2]))$`);
// Officially assigned codes only: UK, EU and XX are not countries (the United Kingdom is GB), and
// a transfer "to UK" would otherwise be reported as lacking the adequacy decision GB has.
const COUNTRY = COUNTRY_PATTERN;
const CURRENCY = /^[A-Z]{3}$/;

/** @internal What a date must be, as a message says it. */
export const DATE_MUST = 'a calendar date YYYY-MM-DD that exists (such as 2025-02-28)';

/** @internal The code and wording of a failed format check, by the pattern that failed. */
export const FORMATS: ReadonlyMap<string, { readonly code: DpaErrorCode; readonly must: string }> = new Map([
  [String(ID), { code: 'INVALID_MODEL', must: 'an id of 1 to 128 letters, digits, ".", "_", ":" or "-"' }],
  [String(TEXT), { code: 'INVALID_MODEL', must: 'text without control characters (tab and line breaks allowed)' }],
  [String(DATE), { code: 'INVALID_DATE', must: DATE_MUST }],
  [
    String(DATE_OR_MONTH),
    { code: 'INVALID_DATE', must: 'a calendar date YYYY-MM-DD that exists, or a month YYYY-MM (such as 2025-01)' },
  ],
  [
    String(DURATION_PATTERN),
    { code: 'INVALID_DURATION', must: 'an ISO 8601 duration of whole units, such as P30D, P6M or PT72H' },
  ],
  [
    String(COUNTRY),
    {
      code: 'INVALID_MODEL',
      must: 'an assigned ISO 3166-1 alpha-2 country code in capitals (DE; the United Kingdom is GB, not UK)',
    },
  ],
  [String(CURRENCY), { code: 'INVALID_MODEL', must: 'an ISO 4217 currency code in capitals (EUR)' }],
]);

/** @internal A stable id. */
export const id = z.string().check(z.regex(ID));
/** @internal Non-empty text. */
export const text = z.string().check(z.minLength(1), z.maxLength(MAX_TEXT), z.regex(TEXT));
/** @internal Text built from model text (a change notice's lines): no length limit of its own. */
export const composedText = z.string().check(z.minLength(1), z.regex(TEXT));
/** @internal A calendar date, `YYYY-MM-DD`. */
export const date = z.string().check(
  z.regex(DATE, { abort: true }),
  z.refine((s) => parseDate(s) !== undefined, { abort: true }),
);
/** @internal A document's date: a calendar date, or a month `YYYY-MM` (the pattern holds the calendar). */
export const documentDate = z.string().check(z.regex(DATE_OR_MONTH));
/** @internal An ISO 8601 duration. */
export const duration = z.string().check(z.regex(DURATION_PATTERN));
/** @internal An ISO 3166-1 alpha-2 country code. */
export const country = z.string().check(z.regex(COUNTRY));
/** @internal An ISO 4217 currency code. */
export const currency = z.string().check(z.regex(CURRENCY));
/** @internal A list of ids. */
export const ids = z.array(id);
/** @internal An optional member (absent, never `undefined`). */
export const opt = <T extends z.ZodMiniType>(s: T) => z.exactOptional(s);
/** @internal An optional clause number. */
export const clause = opt(text);
/** @internal An optional yes/no term. */
export const flag = opt(z.boolean());
