/**
 * @module
 * The `column` format: the address is the Nth field of lines split on a delimiter (anonip's
 * `--column` and `--delimiter`). With a space delimiter, an `X-Forwarded-For` list written with
 * `, ` separators spans several fields and is read whole, as in the first field of a CLF line.
 * Everything else in the line is searched for addresses by the anonymiser.
 */

import type { LineContext, LineFormat } from './format.js';

/**
 * The `column` format.
 * @param column - the 1-based column of the address.
 * @param delimiter - the field delimiter.
 */
export function columnFormat(column: number, delimiter: string): LineFormat {
  return {
    rewrite(line: string, context: LineContext): string | undefined {
      // The start of the address column.
      let start = 0;
      for (let c = 1; c < column; c++) {
        const next = line.indexOf(delimiter, start);
        if (next < 0) return context.unmatched() ? line + context.emptyColumns() : undefined;
        start = next + delimiter.length;
      }
      let end = line.indexOf(delimiter, start);
      if (end < 0) end = line.length;
      // A list written with ", " separators spans fields when the delimiter is a space.
      while (end < line.length && line.charCodeAt(end - 1) === 44 && delimiter === ' ') {
        const next = line.indexOf(delimiter, end + 1);
        end = next < 0 ? line.length : next;
      }
      const before = line.slice(0, start);
      const after = line.slice(end);
      const masked = context.address(line.slice(start, end));
      if (masked === undefined) {
        const replacement = context.unparsable();
        return replacement === undefined ? undefined : before + replacement + after + context.emptyColumns();
      }
      // No time in a column log: ids are hashed under the wall clock's day.
      const id = context.visitorIds === 'off' ? undefined : context.visitorId(undefined, undefined);
      context.masked();
      return before + (context.visitorIds === 'replace' ? id : masked) + after + context.columns(id);
    },
  };
}
