/**
 * @module
 * The `text` format: any log at all (syslog, application output, a format privkit does not
 * know). There is no address field; the anonymiser masks every address anywhere in the line, so
 * every line is in the format, and one without an address is written as it is.
 */

import type { LineContext, LineFormat } from './format.js';

/** The `text` format. */
export const textFormat: LineFormat = {
  // The anonymiser's search of the whole line is all there is to do; it counts the line as
  // masked when it found an address.
  rewrite(line: string, _context: LineContext): string {
    return line;
  },
};
