/**
 * @module
 * Whether a master secret looks like CSPRNG output of at least 256 bits, or like something a
 * person typed or copied from an example. A heuristic cannot prove randomness; it refuses what
 * is certainly not random, with a false-refusal chance for real CSPRNG output below 10^-12 per
 * secret for each rule (the bounds are worked out beside each rule).
 *
 * The secret is read as symbols of an alphabet: raw bytes (256 symbols); text that is all hex
 * digits (16: `openssl rand -hex 32`); text that is all base64 or base64url (64, with `=`
 * padding: `openssl rand -base64 48`); any other text (the printable-ASCII classes it uses,
 * 95 at most, 128 counted for a non-ASCII character). Hex and base64 text is also decoded and its
 * bytes checked the same way, so `base64(0, 1, 2, …, 31)` is refused like the bytes themselves.
 */

/** Why a secret is refused; the hasher turns it into the `WEAK_SECRET` message. */
export type Weakness = 'too-short' | 'repeated-pattern' | 'few-distinct' | 'sequence' | 'placeholder';

/** Key material demanded of a master secret: as much as a daily salt has. */
export const MIN_SECRET_BITS = 256;

// Placeholder words from copied .env files and docker-compose examples ("replace-me-with-a-random-
// string", "changeme", "your-secret-key"), looked for in any text, letters and digits only,
// ignoring case. Each has at least 7 letters, so random base64 text (a letter matches with
// probability 1/32 ignoring case) holds one by chance with probability below 10^-7 per secret:
// the rare false refusal costs drawing another secret.
const PLACEHOLDERS = [
  'changeme',
  'changethis',
  'replaceme',
  'replacethis',
  'yoursecret',
  'mysecret',
  'secretkey',
  'supersecret',
  'placeholder',
  'example',
  'default',
  'password',
  'insecure',
  'notsecure',
  'dontuse',
  'donotuse',
];

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

/** The first weakness of a secret given as raw bytes or text, or `undefined` when it passes. */
export function weakness(secret: Uint8Array | string): Weakness | undefined {
  if (typeof secret !== 'string') return symbolsWeakness(Array.from(secret), 256);
  const letters = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDERS.some((word) => letters.includes(word))) return 'placeholder';
  if (HEX.test(secret)) {
    // Case carries no key material in hex: `ABab` is two symbols, not four.
    const lower = Array.from(secret.toLowerCase(), (c) => c.codePointAt(0) as number);
    return symbolsWeakness(lower, 16) ?? (secret.length % 2 === 0 ? bytesWeakness(decodeHex(secret)) : undefined);
  }
  if (BASE64.test(secret)) {
    const body = secret.replace(/=+$/, '');
    return (
      symbolsWeakness(
        Array.from(body, (c) => c.codePointAt(0) as number),
        64,
      ) ?? bytesWeakness(decodeBase64(body))
    );
  }
  return symbolsWeakness(
    Array.from(secret, (c) => c.codePointAt(0) as number),
    textAlphabet(secret),
  );
}

/** Decoded bytes are judged as raw bytes, but their count was already judged as text. */
function bytesWeakness(bytes: Uint8Array): Weakness | undefined {
  const weak = symbolsWeakness(Array.from(bytes), 256);
  return weak === 'too-short' ? undefined : weak;
}

/** The size of the alphabet of printable-ASCII classes `text` uses; 128 per non-ASCII character. */
function textAlphabet(text: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let symbol = 0;
  let other = 0;
  for (const c of text) {
    if (c >= 'a' && c <= 'z') lower = 26;
    else if (c >= 'A' && c <= 'Z') upper = 26;
    else if (c >= '0' && c <= '9') digit = 10;
    else if (c >= ' ' && c <= '~') symbol = 33;
    else other = 128;
  }
  return lower + upper + digit + symbol + other;
}

/**
 * The rules, on `n` symbols of an alphabet of `k`:
 *
 * 1. A string that repeats its first `p` symbols at least twice (`p ≤ n/2`) carries at most `p`
 *    symbols of key material, so `p × log2(k)` must reach {@link MIN_SECRET_BITS}. A CSPRNG
 *    string has such a period with probability below `n × k^(-n/2)`.
 *    Nor may any run worth 64 bits (8 bytes, 16 hex digits, 11 base64 characters) occur twice:
 *    in `n` random symbols that happens with probability below `n² × 2^-64`, under 10^-15 for
 *    any secret of the accepted length.
 * 2. Distinct symbols: `n` random symbols of `k` show `k(1 - (1 - 1/k)^n)` distinct ones on
 *    average; fewer than half of that is refused. For the minimum lengths (32 bytes, 64 hex,
 *    43 base64) the chance for a CSPRNG string is below 10^-12.
 * 3. A sequence: one step between consecutive symbols (`abcdef…`, `aceg…`, `0246…`) in half the
 *    positions or more. For random symbols a given step has probability at most `2/k`, so this
 *    happens with probability below 10^-20 at the minimum lengths.
 */
function symbolsWeakness(symbols: number[], k: number): Weakness | undefined {
  const n = symbols.length;
  const bitsPerSymbol = Math.log2(k);
  if (n * bitsPerSymbol < MIN_SECRET_BITS) return 'too-short';
  const p = period(symbols);
  if (p * 2 <= n && p * bitsPerSymbol < MIN_SECRET_BITS) return 'repeated-pattern';
  if (repeatsRun(symbols, Math.ceil(64 / bitsPerSymbol))) return 'repeated-pattern';
  const expected = k * (1 - (1 - 1 / k) ** n);
  if (new Set(symbols).size < expected / 2) return 'few-distinct';
  const steps = new Map<number, number>();
  let most = 0;
  for (let i = 1; i < n; i++) {
    const step = (symbols[i] as number) - (symbols[i - 1] as number);
    const count = (steps.get(step) ?? 0) + 1;
    steps.set(step, count);
    if (count > most) most = count;
  }
  if (most * 2 >= n - 1) return 'sequence';
  return undefined;
}

/** Whether some run of `length` symbols occurs twice in `s`. */
function repeatsRun(s: number[], length: number): boolean {
  const seen = new Set<string>();
  for (let i = 0; i + length <= s.length; i++) {
    const run = s.slice(i, i + length).join(',');
    if (seen.has(run)) return true;
    seen.add(run);
  }
  return false;
}

/** The smallest period of `s` (the KMP failure function): `s[i] === s[i + p]` for every `i`. */
function period(s: number[]): number {
  const fail = new Array<number>(s.length).fill(0);
  for (let i = 1, j = 0; i < s.length; i++) {
    while (j > 0 && s[i] !== s[j]) j = fail[j - 1] as number;
    if (s[i] === s[j]) j++;
    fail[i] = j;
  }
  return s.length - (fail[s.length - 1] ?? 0);
}

function decodeHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function decodeBase64(body: string): Uint8Array {
  const standard = body.replace(/-/g, '+').replace(/_/g, '/');
  // A final group of one character holds no whole byte; atob refuses it, the estimate ignores it.
  const usable = standard.length % 4 === 1 ? standard.slice(0, -1) : standard;
  const binary = atob(usable + '='.repeat((4 - (usable.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
