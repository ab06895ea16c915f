/**
 * @module
 * The Common Log Format time, `23/Nov/2026:10:00:00 +0100` (Apache `%t`, nginx `$time_local`),
 * as epoch milliseconds. Read by position rather than with a regular expression, and the day
 * (date and zone) is remembered: consecutive lines nearly always share it, so most lines cost
 * three two-digit reads.
 */

const LENGTH = 26;
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const scratch = new Uint8Array(LENGTH);
const lastDay = new Uint8Array(LENGTH);
let lastDayStart = Number.NaN;

function two(i: number): number {
  const a = (scratch[i] as number) - 48;
  const b = (scratch[i + 1] as number) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
}

/** Parses the 26 characters in `scratch`. */
function parse(): number | undefined {
  // dd/Mon/yyyy:HH:MM:SS ±hhmm
  const s = scratch;
  if (s[2] !== 47 || s[6] !== 47 || s[11] !== 58 || s[14] !== 58 || s[17] !== 58 || s[20] !== 32) return undefined;
  let same = !Number.isNaN(lastDayStart);
  for (let i = 0; same && i < 11; i++) same = s[i] === lastDay[i];
  for (let i = 20; same && i < LENGTH; i++) same = s[i] === lastDay[i];
  if (!same) {
    const month = MONTHS.indexOf(String.fromCharCode(s[3] as number, s[4] as number, s[5] as number));
    const sign = s[21] === 45 ? -1 : s[21] === 43 ? 1 : 0;
    const day = two(0);
    const year = two(7) * 100 + two(9);
    const offset = (two(22) * 60 + two(24)) * 60_000 * sign;
    if (month < 0 || month % 3 !== 0 || sign === 0 || !(day >= 1 && day <= 31)) return undefined;
    const start = Date.UTC(year, month / 3, day) - offset;
    if (!Number.isFinite(start)) return undefined;
    lastDay.set(s);
    lastDayStart = start;
  }
  const h = two(12);
  const m = two(15);
  const sec = two(18);
  if (!(h <= 23 && m <= 59 && sec <= 60)) return undefined;
  return lastDayStart + ((h * 60 + m) * 60 + sec) * 1000;
}

/** The time of a CLF timestamp (without brackets), or `undefined` when it is not one. */
export function parseClfTime(text: string): number | undefined {
  if (text.length !== LENGTH) return undefined;
  for (let i = 0; i < LENGTH; i++) scratch[i] = text.charCodeAt(i) & 0xff;
  return parse();
}

/** Like {@link parseClfTime}, for the 26 bytes of `bytes` from `start`. */
export function parseClfTimeBytes(bytes: Uint8Array, start: number): number | undefined {
  if (start + LENGTH > bytes.length) return undefined;
  for (let i = 0; i < LENGTH; i++) scratch[i] = bytes[start + i] as number;
  return parse();
}
