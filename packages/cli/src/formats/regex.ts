/**
 * @module
 * The `regex` format: every match of a user's regular expression is an address field, its group
 * `ip` (or its first group) the address; groups `ua` and `time` of the first match feed visitor
 * ids. Every match is masked, not only the first, whether or not the pattern had the `g` flag;
 * everything outside the groups is searched for addresses by the anonymiser. A line without a
 * match is not in the format.
 *
 * The pattern is the user's: its cost per line is theirs to bound (a pattern with nested
 * quantifiers can take exponential time on a crafted line).
 */

import { parseInstant } from '@privkit/internal/instant';
import { parseClfTime } from '../internal/clf-time.js';
import type { LineContext, LineFormat } from './format.js';

/**
 * The `regex` format.
 * @param pattern - the compiled pattern, with the `g` and `d` flags.
 */
export function regexFormat(pattern: RegExp): LineFormat {
  return {
    rewrite(line: string, context: LineContext): string | undefined {
      const spans: [number, number][] = [];
      let agent: string | undefined;
      let time: string | undefined;
      for (const match of line.matchAll(pattern)) {
        const groups = match.indices?.groups;
        // A named group ip that did not take part in this match is no address; only without one
        // does the first group stand in for it.
        const span = groups !== undefined && Object.hasOwn(groups, 'ip') ? groups['ip'] : match.indices?.[1];
        if (span === undefined) continue;
        spans.push(span);
        agent ??= match.groups?.['ua'];
        time ??= match.groups?.['time'];
      }
      if (spans.length === 0) return context.unmatched() ? line + context.emptyColumns() : undefined;
      const values: string[] = [];
      for (const [start, end] of spans) {
        const masked = context.address(line.slice(start, end));
        if (masked === undefined) {
          const replacement = context.unparsable();
          if (replacement === undefined) return undefined;
          return (
            splice(
              line,
              spans,
              spans.map(() => replacement),
            ) + context.emptyColumns()
          );
        }
        values.push(masked);
      }
      let id: string | undefined;
      if (context.visitorIds !== 'off') {
        const at = time === undefined ? undefined : (parseClfTime(time) ?? parseInstant(time));
        if (at === undefined && time !== undefined)
          return context.unmatched() ? line + context.emptyColumns() : undefined;
        id = context.visitorId(agent, at);
      }
      context.masked();
      const written = context.visitorIds === 'replace' ? values.map(() => id as string) : values;
      return splice(line, spans, written) + context.columns(id);
    },
  };
}

function splice(line: string, spans: readonly [number, number][], values: readonly string[]): string {
  let out = '';
  let at = 0;
  spans.forEach(([start, end], i) => {
    // Groups of overlapping matches cannot overlap each other: matchAll moves past each match.
    out += line.slice(at, start) + values[i];
    at = end;
  });
  return out + line.slice(at);
}
