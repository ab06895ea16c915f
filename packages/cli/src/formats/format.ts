/**
 * @module
 * The interface every log format implements, and the services the anonymiser gives it. A format
 * knows where the client address, the user agent and the time are in its lines; everything else
 * (masking, visitor ids, countries, counting, the policy for lines it cannot read) is the
 * anonymiser's, reached through {@link LineContext}, so a format module is only its grammar.
 */

import type { IpAddress } from '@privkit/ip';

/** The anonymiser's services to a format, for the line being rewritten. */
export interface LineContext {
  /**
   * The address field masked: one address, or an `X-Forwarded-For` list whose every entry is one
   * (`203.0.113.9, 10.0.0.1`); `undefined` when it is not. Records the first address for the
   * visitor id and country.
   */
  address(field: string): string | undefined;
  /**
   * Every address in a decoded value masked (a JSON string or key), when the scan covers the
   * whole line; the value as it is otherwise. Text formats need not call it: the anonymiser
   * searches the whole rewritten line afterwards.
   */
  scanValue(text: string): string;
  /** Whether the scan covers the whole line (`scan: 'line'`) or only the address field. */
  readonly scanning: boolean;
  /**
   * The line's address field is not an address: the replacement text to write in its place, or
   * `undefined` to leave the line out. Throws under `onUnparsable: 'fail'`.
   */
  unparsable(): string | undefined;
  /**
   * The line is not in the format: `true` to write it anyway (the anonymiser then masks every
   * address in it), `false` to leave it out. Throws under `onUnparsable: 'fail'`.
   */
  unmatched(): boolean;
  /** The line has no address field and no address at all (JSON without the field): counted. */
  noAddress(): void;
  /** Whether visitor ids are on, and whether they replace the address. */
  readonly visitorIds: 'off' | 'column' | 'replace';
  /** Whether a country is added. */
  readonly countries: boolean;
  /**
   * The visitor id of the line's first address, user agent and time (epoch ms; `undefined` for
   * the wall clock). Throws an internal signal when the day's salt must be loaded first: the
   * anonymiser loads it and rewrites the line again.
   */
  visitorId(userAgent: string | undefined, at: number | undefined): string;
  /** The country of the line's first address, or `undefined`. */
  country(): string | undefined;
  /** The text columns (` id`, ` CC`) for a masked line. */
  columns(id: string | undefined): string;
  /** The same columns as placeholders (` -`) for a line without a usable address. */
  emptyColumns(): string;
  /** The line's address field was masked: counts it. */
  masked(): void;
  /** The first address of the field, for the visitor id and country. */
  readonly first: IpAddress | undefined;
}

/** One log format: rewrites a line (without its break); `undefined` leaves it out. */
export interface LineFormat {
  /**
   * @param line - the line.
   * @param context - the anonymiser's services for this line.
   * @returns the anonymised line, or `undefined` to leave it out.
   */
  rewrite(line: string, context: LineContext): string | undefined;
}
