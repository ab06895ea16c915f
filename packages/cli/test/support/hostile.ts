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
