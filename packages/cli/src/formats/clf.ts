/**
 * @module
 * The Common Log Format family: `common` (`%h %l %u %t "%r" %>s %b`), `combined` (then
 * `"%{Referer}i" "%{User-agent}i"`) and Debian's `vhost-combined` (`%v:%p` first), as Apache's
 * mod_log_config and nginx's `log_format combined` write them, with any further fields after.
 *
 * A line is read against the whole grammar, not just its first field: a line whose fields do not
 * line up is not in the format, and is masked address by address instead. That is what stops a
 * client from shifting the fields: with `X-Forwarded-For: 1.1.1.1 x` logged in the address
 * position, the proxy's appended real address lands in the `%u` position
 * (`1.1.1.1 x, 203.0.113.77 - - [`), and the line no longer parses.
 *
 * Inside quotes Apache escapes `"` and `\` with a backslash and nginx writes `\x22`, so a quoted
 * field ends at the first quote not escaped by a backslash.
 */

import { parseInstant } from '@privkit/internal/instant';
import { parseClfTime } from '../internal/clf-time.js';
import type { LineContext, LineFormat } from './format.js';

/** Where the fields are in a line that is in the format. */
interface Fields {
  /** The address field, `[start, end)`. */
  host: number;
  hostEnd: number;
  /** The time inside the brackets. */
  time: number;
  timeEnd: number;
  /** The user agent inside its quotes (`combined` only; -1 otherwise). */
  agent: number;
  agentEnd: number;
}

/** The index after the space-free field starting at `i` (and followed by a space), or -1. */
function word(line: string, i: number): number {
  const space = line.indexOf(' ', i);
  return space > i ? space : -1;
}

/**
 * The index after the quoted field starting at `i`, or -1. A backslash escapes the character after
 * it, so a quote ends the field when an even number of backslashes comes right before it (the run
 * starts after a character that is not one, which was read unescaped or as an escaped one). The
 * quotes are found by `indexOf`, which is native: reading the line a character at a time here
 * cost as much as the whole-line address scan (issue 17).
 */
export function quoted(line: string, i: number): number {
  if (line.charCodeAt(i) !== 34) return -1;
  let q = line.indexOf('"', i + 1);
  while (q >= 0) {
    let k = q;
    while (k > i + 1 && line.charCodeAt(k - 1) === 92) k--;
    if (((q - k) & 1) === 0) return q + 1;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

/** `%>s`: three digits or `-`; `%b`/`%O`: digits or `-`. Returns the index after, or -1. */
function number(line: string, i: number, digits: number): number {
  const n = line.length;
  if (line.charCodeAt(i) === 45) return i + 1;
  let j = i;
  while (j < n && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
  if (j === i || (digits > 0 && j - i !== digits)) return -1;
  return j;
}

/** A space then more, or the end of the line: where a field must stop. */
function endsField(line: string, i: number): boolean {
  return i === line.length || line.charCodeAt(i) === 32;
}

function parse(line: string, vhost: boolean, agent: boolean): Fields | undefined {
  const n = line.length;
  let i = 0;
  if (vhost) {
    i = word(line, 0);
    if (i < 0) return undefined;
    i++;
  }
  // %h: an address, or a list whose entries are joined by "," and an optional space.
  const host = i;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 32 && line.charCodeAt(i - 1) !== 44) break;
    i++;
  }
  const hostEnd = i;
  if (hostEnd === host || i === n) return undefined;
  // %l %u: one word each.
  i = word(line, i + 1);
  if (i < 0) return undefined;
  i = word(line, i + 1);
  if (i < 0) return undefined;
  // %t
  if (line.charCodeAt(i + 1) !== 91) return undefined;
  const time = i + 2;
  const timeEnd = line.indexOf(']', time);
  if (timeEnd < 0 || line.charCodeAt(timeEnd + 1) !== 32) return undefined;
  // "%r" %>s %b
  i = quoted(line, timeEnd + 2);
  if (i < 0 || line.charCodeAt(i) !== 32) return undefined;
  i = number(line, i + 1, 3);
  if (i < 0 || line.charCodeAt(i) !== 32) return undefined;
  i = number(line, i + 1, 0);
  if (i < 0 || !endsField(line, i)) return undefined;
  let agentStart = -1;
  let agentEnd = -1;
  if (agent) {
    // "%{Referer}i" "%{User-agent}i"
    if (i === n) return undefined;
    i = quoted(line, i + 1);
    if (i < 0 || line.charCodeAt(i) !== 32) return undefined;
    agentStart = i + 2;
    i = quoted(line, i + 1);
    if (i < 0 || !endsField(line, i)) return undefined;
    agentEnd = i - 1;
  }
  return { host, hostEnd, time, timeEnd, agent: agentStart, agentEnd };
}

/** The time of a CLF timestamp, or of RFC 3339 text (nginx `$time_iso8601`). */
function timeOf(text: string): number | undefined {
  return parseClfTime(text) ?? parseInstant(text);
}

/**
 * The `common`, `combined` or `vhost-combined` format.
 * @param variant - which one.
 */
export function clfFormat(variant: 'common' | 'combined' | 'vhost-combined'): LineFormat {
  const vhost = variant === 'vhost-combined';
  const agent = variant !== 'common';
  return {
    rewrite(line: string, context: LineContext): string | undefined {
      const fields = parse(line, vhost, agent);
      if (fields === undefined) return context.unmatched() ? line + context.emptyColumns() : undefined;
      const before = line.slice(0, fields.host);
      const after = line.slice(fields.hostEnd);
      const masked = context.address(line.slice(fields.host, fields.hostEnd));
      if (masked === undefined) {
        const replacement = context.unparsable();
        return replacement === undefined ? undefined : before + replacement + after + context.emptyColumns();
      }
      let id: string | undefined;
      if (context.visitorIds !== 'off') {
        const at = timeOf(line.slice(fields.time, fields.timeEnd));
        // A visitor id is hashed under its line's day: without a time there is no day to vouch for.
        if (at === undefined) return context.unmatched() ? line + context.emptyColumns() : undefined;
        id = context.visitorId(fields.agent < 0 ? undefined : line.slice(fields.agent, fields.agentEnd), at);
      }
      context.masked();
      return before + (context.visitorIds === 'replace' ? id : masked) + after + context.columns(id);
    },
  };
}
