/**
 * @module
 * The log formats by name: one module per format behind {@link LineFormat}.
 */

import type { ResolvedOptions } from '../options.js';
import { clfFormat } from './clf.js';
import { columnFormat } from './column.js';
import type { LineFormat } from './format.js';
import { jsonlFormat } from './jsonl.js';
import { regexFormat } from './regex.js';
import { textFormat } from './text.js';

/** The format module for checked options. */
export function formatFor(options: ResolvedOptions): LineFormat {
  switch (options.format) {
    case 'jsonl':
      return jsonlFormat(options);
    case 'column':
      return columnFormat(options.column, options.delimiter);
    case 'regex':
      return regexFormat(options.pattern as RegExp);
    case 'text':
      return textFormat;
    default:
      return clfFormat(options.format);
  }
}
