/**
 * @module
 * `explainClientIp`: the answer of `clientIp` with the reasons for it, for a debugging user and
 * for a log line. The trace is plain data (strings, numbers, booleans), so `JSON.stringify`
 * writes it as it is. It holds the canonical text of the addresses that parsed and, for the
 * entries that did not, only the reason code: an entry the client wrote can hold anything (a
 * line break forging a log line, a script, someone else's personal data), so its text is never
 * copied into the trace, nor into the error.
 */

import { type IpAddress, isIpAddress } from './address.js';
import {
  type ClientIpHeader,
  type ClientIpOptions,
  entryError,
  readOptions,
  type WalkRecorder,
  walk,
} from './client-ip.js';
import { IpError, type IpErrorCode } from './errors.js';
import { ruleOf, type TrustRule } from './trust.js';

/**
 * One hop of the walk: the socket peer (`hop` 0) or a header entry (`hop` 1 is the right-most).
 *
 * @example
 * ```ts
 * import type { ClientIpHop } from '@privkit/ip';
 * const hop: ClientIpHop = {
 *   hop: 0,
 *   from: 'socket',
 *   address: '10.0.0.5',
 *   problem: undefined,
 *   trusted: true,
 *   rule: { kind: 'list', entry: '10.0.0.0/8', preset: undefined },
 * };
 * ```
 */
export interface ClientIpHop {
  /**
   * 0 for the socket peer, then 1, 2, … for the header's entries counted from the right; the
   * address read from a CDN's header comes one after the CDN server that vouched for it.
   */
  readonly hop: number;
  /**
   * Where the address was read: `socket`, the proxy header (`x-forwarded-for`, `forwarded`), or
   * the CDN's own header (`cf-connecting-ip`) for the address a CDN server vouched for.
   */
  readonly from: string;
  /** The address in canonical form (RFC 5952), when the entry is one; `undefined` otherwise. */
  readonly address: string | undefined;
  /**
   * Why the entry gave no address: `NOT_AN_ADDRESS` (`unknown`, an obfuscated name),
   * `FORWARDED_SYNTAX`, `TOO_LONG` (beyond the characters read) or the parse code
   * (`IPV4_LEADING_ZERO`, `LIST`, …). Never the entry's text.
   */
  readonly problem: IpErrorCode | undefined;
  /** Whether your rule trusts this hop; `undefined` when it was not asked (an entry that is no address). */
  readonly trusted: boolean | undefined;
  /** The part of your rule that decided, when it was asked. */
  readonly rule: TrustRule | undefined;
}

/**
 * Why `clientIp` chose its address, as {@link explainClientIp} returns it. Safe to log as JSON:
 * no entry's raw text, no value in the error message (`ip` is written as its canonical text).
 * It does hold the addresses that parsed, the client's among them, which are personal data:
 * log it while debugging, truncate or drop it before you keep logs.
 *
 * @example
 * ```ts
 * import { explainClientIp, type ClientIpTrace } from '@privkit/ip';
 * const trace: ClientIpTrace = explainClientIp({ remoteAddress: '203.0.113.9' });
 * trace.decision; // "socket-untrusted"
 * JSON.stringify(trace.ip); // '"203.0.113.9"'
 * ```
 */
export interface ClientIpTrace {
  /** What `clientIp` returns; `undefined` for `no-remote-address` and `rejected`. */
  readonly ip: IpAddress | undefined;
  /**
   * Why:
   * - `socket-untrusted`: the socket peer is not a trusted proxy, so it is the client and no
   *   header is read.
   * - `cdn-header`: a hop is one of the CDN's servers (`options.cdn`), and the CDN's header
   *   names the client.
   * - `no-header`: the socket peer is trusted but the header is absent: the peer is the client
   *   (or a CDN server sent no client header: that server is returned).
   * - `untrusted-hop`: the walk reached the first hop your rule does not trust: that hop.
   * - `left-most-entry`: every hop was trusted, so the left-most entry is the client.
   * - `malformed-entry`: an entry the walk had to read is not an address; under
   *   `onMalformed: 'use-last-trusted'` the last trusted hop is returned.
   * - `read-limit`: the trusted part of the header runs past `MAX_HEADER_READ` characters; the
   *   last hop read is returned.
   * - `rejected`: `malformed-entry` or `read-limit` under `onMalformed: 'throw'`, where
   *   `clientIp` throws: no address, and `error` says why.
   * - `no-remote-address`: `remoteAddress` is `undefined` (the connection has closed).
   */
  readonly decision:
    | 'socket-untrusted'
    | 'cdn-header'
    | 'no-header'
    | 'untrusted-hop'
    | 'left-most-entry'
    | 'malformed-entry'
    | 'read-limit'
    | 'rejected'
    | 'no-remote-address';
  /** The header configured (`options.header`). */
  readonly header: 'x-forwarded-for' | 'forwarded';
  /** Whether that header was present and read (it is read only behind a trusted socket peer). */
  readonly headerRead: boolean;
  /** Every hop looked at, from the socket peer leftwards; empty for `no-remote-address`. */
  readonly hops: readonly ClientIpHop[];
  /** For `rejected`: the error `clientIp` throws (its message never holds the entry). */
  readonly error:
    | {
        /** The error's code (`INVALID_CHARACTER`, `NOT_AN_ADDRESS`, `TOO_LONG`, …). */
        readonly code: IpErrorCode;
        /** Where: `options.headers["x-forwarded-for"][-2]`. */
        readonly path: string | undefined;
        /** The message, naming the header and the entry's position, never its text. */
        readonly message: string;
      }
    | undefined;
}

type Decision = ClientIpTrace['decision'];

/**
 * `clientIp` with its reasons: the same walk and the same answer, plus a trace of the header
 * read, each hop from the socket peer leftwards (its address or why it is none, whether your
 * rule trusted it and which part of the rule decided) and the decision. Where `clientIp` would
 * throw because of the header (`onMalformed: 'throw'`), this returns `ip: undefined` with the
 * decision `rejected` and the error in the trace, so one call shows what went wrong. Slower than
 * `clientIp` (it builds objects for each hop): use it to debug a configuration, to log a sample,
 * or where you need the reason, and `clientIp` on the hot path.
 *
 * @param options - the same options as `clientIp`; see {@link ClientIpOptions}.
 * @returns the address (`ip`) and the reasons; see {@link ClientIpTrace}.
 * @throws {@link IpError} `INVALID_OPTIONS`, `UNKNOWN_KEY` or a parse code for bad options, as
 *   `clientIp` does (never because of the headers' content).
 * @example
 * ```ts
 * import { explainClientIp } from '@privkit/ip';
 *
 * const trace = explainClientIp({
 *   remoteAddress: '10.0.0.5',
 *   headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' },
 *   trustProxy: ['10.0.0.0/8'],
 * });
 * trace.ip?.toString(); // "198.51.100.23"
 * trace.decision; // "untrusted-hop"
 * trace.hops.map((h) => `${h.hop} ${h.address} ${h.trusted} ${h.rule?.entry}`);
 * // ["0 10.0.0.5 true 10.0.0.0/8", "1 198.51.100.23 false undefined"]
 * ```
 */
export function explainClientIp(options: ClientIpOptions): ClientIpTrace {
  const settings = readOptions(options);
  const { remote } = settings;
  if (remote === undefined) {
    return trace('no-remote-address', undefined, settings.header, false, [], undefined);
  }
  const hops: ClientIpHop[] = [];
  let headerRead = false;
  let decision: Decision = 'rejected';
  let problem = false;
  const rec: WalkRecorder = {
    read() {
      headerRead = true;
    },
    hop(hop, found, trusted, cdn) {
      const { cdn: preset } = settings;
      // The address a CDN server vouched for is read from the CDN's header; the server itself
      // from wherever the walk found it.
      const from = cdn && trusted === undefined ? (preset?.header ?? '') : hop === 0 ? 'socket' : settings.header;
      const ok = isIpAddress(found);
      if (!ok) problem = true;
      // `trusted` is undefined for an entry that is no address: no rule was asked.
      const rule =
        trusted === undefined ? undefined : ruleOf((cdn && preset?.edges) || settings.trusted, found as IpAddress, hop);
      hops.push(
        Object.freeze({
          hop,
          from,
          address: ok ? found.toString() : undefined,
          problem: ok ? undefined : entryError(from, hop, found).code,
          trusted,
          rule: rule && Object.freeze(rule),
        }),
      );
    },
    end(how) {
      decision = how;
    },
  };
  try {
    const ip = walk({ ...settings, remote }, rec);
    return trace(decision, ip, settings.header, headerRead, hops, undefined);
  } catch (error) {
    // Only the header's content is turned into a decision; a bad option or an exception of
    // your own trust predicate passes through, as from clientIp.
    if (!problem || !(error instanceof IpError)) throw error;
    const { code, path, message } = error;
    const reported = Object.freeze({ code, path, message });
    return trace('rejected', undefined, settings.header, headerRead, hops, reported);
  }
}

function trace(
  decision: Decision,
  ip: IpAddress | undefined,
  header: ClientIpHeader,
  headerRead: boolean,
  hops: readonly ClientIpHop[],
  error: ClientIpTrace['error'],
): ClientIpTrace {
  return Object.freeze({ ip, decision, header, headerRead, hops: Object.freeze(hops), error });
}
