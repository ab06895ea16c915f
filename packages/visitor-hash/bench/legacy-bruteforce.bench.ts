/**
 * @module
 * What the unkeyed legacy construction costs an attacker: SHA-256(customer code ‖ user agent ‖
 * IP ‖ date) tested against a target id, on one core of this machine with `node:crypto`, the
 * customer code and user agent absorbed once (the attack's midstate) and each IPv4 candidate
 * hashed from there. Prints the measured rate and the time to cover all 2^32 IPv4 addresses.
 * Run: `npm run bench:legacy -w @privkit/visitor-hash`.
 */
import { createHash } from 'node:crypto';
import { unsafeUnkeyedSha256 } from '../src/index.js';

const customerCode = 'C-1234';
const userAgent =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const date = '2026-11-23';
const secretIp = '203.0.113.9';
const target = unsafeUnkeyedSha256({ customerCode, userAgent, ip: secretIp, date });

const prefix = createHash('sha256').update(customerCode + userAgent);
const toIp = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

// The rate: one million candidates, timed (none of them is the visitor).
const sample = 1_000_000;
const from = (198 << 24) >>> 0;
let started = performance.now();
let sink = 0;
for (let n = from; n < from + sample; n++)
  if (
    prefix
      .copy()
      .update(toIp(n) + date)
      .digest('hex') === target
  )
    sink++;
const rate = sample / ((performance.now() - started) / 1000);

// The attack: walk 203.0.0.0/16 until the id matches.
started = performance.now();
let found: string | undefined;
for (let n = (203 << 24) >>> 0; n < ((203 << 24) >>> 0) + 65_536; n++) {
  if (
    prefix
      .copy()
      .update(toIp(n) + date)
      .digest('hex') === target
  ) {
    found = toIp(n);
    break;
  }
}
console.log(
  `recovered the visitor's address from the id: ${found === secretIp ? 'yes' : 'no'} ` +
    `(${(performance.now() - started).toFixed(0)} ms)`,
);
console.log(
  `rate: ${Math.round(rate).toLocaleString('en')} candidate IPv4 addresses per second on one core (node:crypto, ` +
    `Node ${process.version})`,
);
console.log(
  `all 2^32 IPv4 addresses for one guessed user agent and day: ${(2 ** 32 / rate / 60).toFixed(0)} minutes on one core`,
);
if (sink < 0) console.log('');
