/**
 * @module
 * Generators for hostile log text: addresses in every spelling a log can hold them in (IPv4 with
 * leading zeros, every RFC 4291 IPv6 form, IPv4-mapped, NAT64, 6to4, Teredo, zones, brackets,
 * ports, URLs, percent-encoding, nginx/Apache `\xHH` escapes, NUL bytes inside), next to every
 * separator, mixed with junk built from the characters addresses are made of, and lines of every
 * format with every line break between them. Shared by the unit properties and the slow suite.
 */
import fc from 'fast-check';

/** Prefix lengths: the presets people use, and random ones. */
export const policies = fc.oneof(
  fc.constantFrom({ ipv4: 16, ipv6: 48 }, { ipv4: 24, ipv6: 48 }, { ipv4: 20, ipv6: 44 }, { ipv4: 8, ipv6: 24 }),
  fc.record({ ipv4: fc.integer({ min: 0, max: 32 }), ipv6: fc.integer({ min: 0, max: 128 }) }),
);

const octet = fc.integer({ min: 0, max: 255 });
/** IPv4 text, sometimes with leading zeros (`010.001.002.003`). */
export const ipv4 = fc
  .tuple(octet, octet, octet, octet, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }))
  .map(([a, b, c, d, pad]) => [a, b, c, d].map((n, i) => (pad[i] ? String(n).padStart(3, '0') : String(n))).join('.'));

const hex16 = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
/** IPv6 text in every form: fast-check's (compressed, embedded IPv4), upper case, and the IPv4-carrying prefixes. */
export const ipv6 = fc.oneof(
  fc.ipV6(),
  fc.ipV6().map((s) => s.toUpperCase()),
  ipv4.map((v) => `::ffff:${v}`),
  ipv4.map((v) => `::${v}`),
  ipv4.map((v) => `64:ff9b::${v}`),
  fc.tuple(hex16, hex16).map(([a, b]) => `64:ff9b:1:${a}:${b}::`),
  fc.tuple(hex16, hex16, hex16).map(([a, b, c]) => `2002:${a}:${b}::${c}`),
  fc.tuple(hex16, hex16, hex16, hex16).map(([a, b, c, d]) => `2001:0:${a}:${b}::${c}:${d}`),
  fc.array(hex16, { minLength: 8, maxLength: 8 }).map((g) => g.join(':')),
);

/** An address as a log holds it: alone, with a port, bracketed, zoned, or in a URL. */
export const spelled = fc.oneof(
  ipv4,
  ipv6,
  fc.tuple(ipv4, fc.integer({ min: 0, max: 65535 })).map(([a, p]) => `${a}:${p}`),
  fc.tuple(ipv6, fc.integer({ min: 0, max: 65535 })).map(([a, p]) => `[${a}]:${p}`),
  ipv6.map((a) => `[${a}]`),
  fc.tuple(ipv6, fc.constantFrom('eth0', '1', 'en0')).map(([a, z]) => `${a}%${z}`),
  fc.tuple(ipv6, fc.constantFrom('eth0', '1')).map(([a, z]) => `[${a}%25${z}]`),
  fc
    .tuple(
      fc.constantFrom('http', 'https'),
      fc.oneof(
        ipv4,
        ipv6.map((a) => `[${a}]`),
      ),
    )
    .map(([s, h]) => `${s}://${h}/path?q=1`),
);

const hex2 = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
/** Writes some characters of `text` as `%HH`, `\xHH`, or with a NUL after them. */
export const encoded = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(
      text,
      fc.array(fc.constantFrom('plain', 'plain', 'plain', 'percent', 'PERCENT', 'x', 'nul'), { maxLength: 64 }),
    )
    .map(([t, modes]) =>
      [...t]
        .map((c, i) => {
          const mode = modes[i % Math.max(1, modes.length)] ?? 'plain';
          if (mode === 'percent') return `%${hex2(c)}`;
          if (mode === 'PERCENT') return `%${hex2(c).toUpperCase()}`;
          if (mode === 'x') return `\\x${hex2(c).toUpperCase()}`;
          if (mode === 'nul') return `${c}\0`;
          return c;
        })
        .join(''),
    );

/** What stands next to an address in a log. */
export const separators = fc.constantFrom(
  ...' \t"\'=/?&,;()[]<>|@#!*+~^`{}-_$'.split(''),
  ', ',
  '%20',
  '%22',
  '\\x22',
  'ip=',
  'client:',
  'from ',
  '',
);

/** Junk made of the characters addresses are made of, and a few that end them. */
export const junk = fc.string({
  unit: fc.constantFrom(...'0123456789abcdefABCDEF::..%\\xgG_- ,[]'.split('')),
  maxLength: 40,
});

const word = fc.constantFrom('GET', 'Mozilla/5.0', 'Chrome/124.0.0.0', 'std::fmt', 'Foo::Bar', 'v1.2.3.4', 'a::b');

/** A free-text field: addresses in every spelling among separators, words and junk. */
export const freeText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(separators, encoded(spelled), separators).map((p) => p.join('')) },
      { weight: 2, arbitrary: junk },
      { weight: 1, arbitrary: word },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(' '));

/** Every line break a viewer shows, as the anonymiser reads text decoded as latin1 (bytes). */
export const latin1Breaks = fc.constantFrom(
  '\n',
  '\r\n',
  '\r',
  '\v',
  '\f',
  '\x1c',
  '\x1d',
  '\x1e',
  '\xc2\x85',
  '\xe2\x80\xa8',
  '\xe2\x80\xa9',
);

/** What the anonymiser must count a generated line as. */
export type LineClass = 'masked' | 'unparsable' | 'unmatched' | 'tooLong' | 'noAddress';

/**
 * What a generated line must be counted as. A JSON line without the address field is not in the
 * format only when it holds a full address somewhere (else it is written as it is): `missing`
 * until the test asks the detector.
 */
export type GeneratedClass = LineClass | 'missing';

/** A generated log line and what it must be counted as. */
export interface GeneratedLine {
  readonly text: string;
  readonly class: GeneratedClass;
}

/** Formats the suite generates whole lines for. */
export type GeneratedFormat = 'combined' | 'common' | 'vhost-combined' | 'jsonl' | 'column' | 'regex';

/** The pattern the suite runs the `regex` format with. */
export const REGEX_PATTERN = 'client=(?<ip>[^ ]*)';

/** An address field the strict parser reads: one address, a port or brackets, or a forwarded list. */
const exactField = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4().map((v) => `::ffff:${v}`),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 65535 })).map(([a, p]) => `${a}:${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 65535 })).map(([a, p]) => `[${a}]:${p}`),
  fc
    .array(fc.oneof(fc.ipV4(), fc.ipV6()), { minLength: 2, maxLength: 4 })
    .chain((list) => fc.constantFrom(', ', ',').map((sep) => list.join(sep))),
);

/** An address field that is not an address: every spelling anonip passes through. */
const badField = fc.oneof(
  fc.constantFrom('0177.0.0.1', '127.1', '2130706433', '0x7f.0.0.1', 'unknown', '-', 'p5b0f3c2a.dip0.t-ipconnect.de'),
  fc.ipV4().map((v) => `[${v}]`),
  fc.ipV4().map((v) => `${v}%eth0`),
  fc.tuple(fc.ipV4(), fc.constantFrom('garbage', '_')).map(([v, g]) => `${v},${g}`),
);

/** Apache's escaping inside a quoted field: `\` and `"` get a backslash. */
const quoted = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const clfTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2037-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => {
    const two = (n: number) => String(n).padStart(2, '0');
    return (
      `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:` +
      `${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
    );
  });

/** The rest of a CLF line after its address field, with addresses in every free field. */
const clfRest = (agent: boolean) =>
  fc
    .tuple(
      fc.constantFrom('-', 'frank', 'alice'),
      clfTime,
      fc
        .tuple(
          fc.constantFrom('GET', 'POST'),
          freeText.map((t) => `/${t}`),
        )
        .map(([m, p]) => `${m} ${p} HTTP/1.1`),
      fc.integer({ min: 100, max: 599 }),
      fc.oneof(fc.nat({ max: 1e6 }).map(String), fc.constant('-')),
      freeText,
      freeText,
      fc.option(freeText, { nil: undefined }),
    )
    .map(([user, time, request, status, bytes, referrer, ua, extra]) => {
      const tail = agent ? ` ${quoted(referrer)} ${quoted(ua)}` : '';
      return (
        ` - ${user} [${time}] ${quoted(request)} ${status} ` +
        `${bytes}${tail}${extra === undefined ? '' : ` ${quoted(extra)}`}`
      );
    });

/** Writes a JSON value with some characters as `\uXXXX`, as some loggers do. */
const jsonText = (value: unknown, escapes: boolean[]) => {
  let i = 0;
  // Inside string literals only, and escapes JSON.stringify wrote (\u0000, \") are kept whole.
  return JSON.stringify(value).replace(/"(?:[^"\\]|\\.)*"/g, (literal) =>
    literal.replace(/\\u[0-9a-f]{4}|\\.|[0-9a-f.:]/g, (c) =>
      c.length === 1 && escapes[i++ % escapes.length] ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c,
    ),
  );
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: the line breaks are control characters
const LATIN1_BREAKS = /[\n\v\f\r\x1c-\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]/g;

/** Bytes that are no line break, read as latin1, with an address in them; never in any format. */
const junkLine = fc
  .tuple(fc.uint8Array({ maxLength: 60 }), encoded(spelled), fc.uint8Array({ maxLength: 60 }))
  .map(([a, address, b]) => {
    const text = (bytes: Uint8Array) =>
      Buffer.from(bytes).toString('latin1').replace(LATIN1_BREAKS, '.').replaceAll('\t', '.');
    // A control character first: no format's line starts with one.
    return { text: `\x01${text(a)} ${address} ${text(b)}`, class: 'unmatched' as const };
  });

/**
 * Whole lines of a format, each with the class the anonymiser must give it: in the format with an
 * address field (`masked`), with a field that is not an address (`unparsable`), shifted or
 * without the field (`unmatched`), and junk bytes with addresses in them (`unmatched`).
 */
export function linesOf(format: GeneratedFormat): fc.Arbitrary<GeneratedLine> {
  if (format === 'column') {
    // Tab-separated, the address in column 2.
    const cell = freeText.map((t) => t.replaceAll('\t', ' '));
    return fc.oneof(
      fc.tuple(cell, exactField, cell).map(([a, f, b]) => ({ text: `${a}\t${f}\t${b}`, class: 'masked' as const })),
      fc.tuple(cell, badField, cell).map(([a, f, b]) => ({ text: `${a}\t${f}\t${b}`, class: 'unparsable' as const })),
      cell.filter((a) => a !== '').map((a) => ({ text: a, class: 'unmatched' as const })),
      junkLine,
    );
  }
  if (format === 'regex') {
    // Every `client=` is an address field; free text never says `client=`.
    const single = exactField.filter((f) => !f.includes(' '));
    const fields = (field: fc.Arbitrary<string>) =>
      fc
        .array(fc.tuple(freeText, field), { minLength: 1, maxLength: 3 })
        .chain((parts) => freeText.map((end) => `${parts.map(([t, f]) => `${t} client=${f} `).join('')}${end}`));
    return fc.oneof(
      fields(single).map((text) => ({ text, class: 'masked' as const })),
      fc
        .tuple(fields(single), fields(badField.filter((f) => !f.includes(' '))))
        .map(([a, b]) => ({ text: `${a} ${b}`, class: 'unparsable' as const })),
      freeText.filter((text) => text !== '').map((text) => ({ text, class: 'unmatched' as const })),
      junkLine,
    );
  }
  if (format === 'jsonl') {
    const record = (ip: string | undefined) =>
      fc
        .tuple(freeText, freeText, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }))
        .map(([path, note, escapes]) =>
          jsonText({ time: '2026-11-23T10:00:00Z', ...(ip === undefined ? {} : { ip }), req: { path }, note }, escapes),
        );
    return fc.oneof(
      exactField.chain((f) => record(f)).map((text) => ({ text, class: 'masked' as const })),
      badField.chain((f) => record(f)).map((text) => ({ text, class: 'unparsable' as const })),
      // nginx's remote_addr under the default field: an address elsewhere, and no "ip".
      fc.tuple(fc.ipV4(), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 })).map(([v, e]) => ({
        text: jsonText({ remote_addr: v, request: 'GET /' }, e),
        class: 'missing' as const,
      })),
      junkLine,
    );
  }
  const agent = format !== 'common';
  const vhost = format === 'vhost-combined' ? 'shop.example:443 ' : '';
  return fc.oneof(
    fc
      .tuple(exactField, clfRest(agent))
      .map(([f, rest]) => ({ text: `${vhost}${f}${rest}`, class: 'masked' as const })),
    fc
      .tuple(badField, clfRest(agent))
      .map(([f, rest]) => ({ text: `${vhost}${f}${rest}`, class: 'unparsable' as const })),
    // A client shifting the fields through X-Forwarded-For: a space inside an entry or before a comma.
    fc
      .tuple(fc.ipV4(), fc.constantFrom(' x, ', ' , ', ' ,', ' - -, '), ipv4, clfRest(agent))
      .map(([a, sep, real, rest]) => ({ text: `${vhost}${a}${sep}${real}${rest}`, class: 'unmatched' as const })),
    // A line with a leading space, or another vhost in front.
    fc.tuple(ipv4, clfRest(agent), fc.constantFrom(' ', 'other.example:80 ', ' - ')).map(([a, rest, lead]) => ({
      text: `${lead}${vhost}${a}${rest}`,
      class: 'unmatched' as const,
    })),
    junkLine,
  );
}
