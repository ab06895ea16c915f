/**
 * @module
 * libmaxminddb's `mmdblookup` (Debian package `mmdb-bin`) as the oracle, and a corpus of
 * addresses drawn from a database's own search tree: the first, last and a random address of
 * randomly chosen networks, and the addresses just outside them, so every boundary the tree
 * draws is crossed. The tree walk here is written from the MaxMind DB spec independently of
 * `src/internal/mmdb.ts`. CI installs mmdb-bin; where it is missing the suites are skipped with a
 * printed reason, and with PRIVKIT_REQUIRE_SERVERS=1 (set by CI) they fail instead.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { classifyIp, parseIp } from '@privkit/ip';

const run = promisify(execFile);
const REQUIRE = process.env['PRIVKIT_REQUIRE_SERVERS'] === '1';

/** Whether a program runs; otherwise prints why its suite is skipped, or throws under CI. */
export function toolAvailable(what: string, command: string, args: string[], hint: string): boolean {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return true;
  } catch (error) {
    const reason =
      `${what} is not available ` +
      `(${error instanceof Error ? error.message.split('\n')[0] : String(error)}); ${hint}`;
    if (REQUIRE) throw new Error(`${reason}; PRIVKIT_REQUIRE_SERVERS=1 requires it`);
    console.warn(`[geo tests] ${reason}: its suites are skipped on this machine`);
    return false;
  }
}

export const mmdblookupAvailable = () =>
  toolAvailable('mmdblookup', 'mmdblookup', ['--version'], 'install the Debian package mmdb-bin');

/**
 * Looks every address up with `mmdblookup --file <file> --ip <ip> <path…>`, in two parallel
 * shell loops (one process per address is how the tool works). Returns, per address, the
 * string found at the path, or `null` when the database has no entry (or no such field).
 */
export async function mmdblookup(
  file: string,
  ips: readonly string[],
  path: readonly string[],
): Promise<Map<string, string | null>> {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-geo-oracle-'));
  try {
    const half = Math.ceil(ips.length / 2);
    const chunks = [ips.slice(0, half), ips.slice(half)].filter((c) => c.length > 0);
    const script =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash script, not a template.
      'while IFS= read -r ip; do printf "@@ %s\\n" "$ip"; mmdblookup --file "$1" --ip "$ip" "${@:3}" 2>&1 || true; ' +
      'done < "$2"';
    const outputs = await Promise.all(
      chunks.map(async (chunk, i) => {
        const list = join(dir, `ips-${i}.txt`);
        writeFileSync(list, `${chunk.join('\n')}\n`);
        const { stdout } = await run('bash', ['-c', script, 'oracle', file, list, ...path], { maxBuffer: 1 << 28 });
        return stdout;
      }),
    );
    const answers = new Map<string, string | null>();
    for (const block of outputs.join('').split('@@ ').slice(1)) {
      const newline = block.indexOf('\n');
      const ip = block.slice(0, newline);
      const body = block.slice(newline + 1);
      const value = /"((?:[^"\\]|\\.)*)" <utf8_string>/.exec(body);
      if (value) answers.set(ip, JSON.parse(`"${value[1]}"`));
      else if (/Could not find an entry|No data was found|lookup path does not match the data/.test(body))
        answers.set(ip, null);
      else throw new Error(`mmdblookup gave an unexpected answer for an address: ${body.slice(0, 200)}`);
    }
    if (answers.size !== new Set(ips).size)
      throw new Error(`mmdblookup answered ${answers.size} of ${ips.length} addresses`);
    return answers;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A seeded xorshift32, so a failing corpus can be reproduced from its seed. */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function format(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  return groups.join(':');
}

/** Reads the node count and record size from the metadata (a tiny reader of its own). */
function treeShape(db: Uint8Array): { nodeCount: number; recordSize: number; ipVersion: number } {
  const text = new TextDecoder('latin1').decode(db.subarray(Math.max(0, db.length - 131072)));
  const at = text.lastIndexOf('\xab\xcd\xefMaxMind.com');
  const meta = db.subarray(db.length - text.length + at + 14);
  const uintAfter = (name: string): number => {
    const key = new TextEncoder().encode(name);
    for (let i = 0; i < meta.length - key.length; i++) {
      if (meta[i] === 0x40 + key.length && key.every((b, j) => meta[i + 1 + j] === b)) {
        let p = i + 1 + key.length;
        const control = meta[p++] as number;
        const size = control & 0x1f;
        if (control >> 5 === 0) p++; // extended type
        let v = 0;
        for (let j = 0; j < size; j++) v = v * 256 + (meta[p + j] as number);
        return v;
      }
    }
    throw new Error(`metadata key ${name} not found`);
  };
  return {
    nodeCount: uintAfter('node_count'),
    recordSize: uintAfter('record_size'),
    ipVersion: uintAfter('ip_version'),
  };
}

/**
 * Addresses around `count` networks of the database, chosen by random descents of its tree
 * (IPv4 from ::/96, IPv6 from 2000::/3), preferring branches that lead to data, and with
 * `preferDeep` (0–1) branches that lead further down, to small networks.
 */
export function treeCorpus(db: Uint8Array, count: number, seed: number, ipv6Share = 0.4, preferDeep = 0): string[] {
  const { nodeCount, recordSize, ipVersion } = treeShape(db);
  const nodeBytes = recordSize / 4;
  const rand = random(seed);
  const read = (node: number, bit: number): number => {
    const o = node * nodeBytes;
    let v = 0;
    if (recordSize === 28) {
      const mid = db[o + 3] as number;
      const base = bit ? o + 4 : o;
      v =
        (bit ? mid & 0xf : mid >> 4) * 2 ** 24 +
        (db[base] as number) * 65536 +
        (db[base + 1] as number) * 256 +
        (db[base + 2] as number);
    } else {
      const width = recordSize / 8;
      const base = o + bit * width;
      for (let i = 0; i < width; i++) v = v * 256 + (db[base + i] as number);
    }
    return v;
  };
  const out = new Set<string>();
  for (let n = 0; n < count; n++) {
    const v6 = ipVersion === 6 && rand() < ipv6Share;
    const bits: number[] = [];
    let node = 0;
    if (ipVersion === 6) {
      const start = v6 ? [0, 0, 1] : new Array(96).fill(0);
      for (const b of start) {
        if (node >= nodeCount) break;
        node = read(node, b);
      }
      if (v6) bits.push(0, 0, 1);
    }
    const total = v6 || ipVersion === 4 ? (v6 ? 128 : 32) : 32;
    while (node < nodeCount && bits.length < total) {
      const left = read(node, 0);
      const right = read(node, 1);
      let bit = rand() < 0.5 ? 0 : 1;
      const empty = (r: number) => r === nodeCount;
      if (empty(bit ? right : left) && !empty(bit ? left : right) && rand() < 0.9) bit ^= 1;
      // With preferDeep, lean towards the child that is another node: small networks.
      else if ((bit ? right : left) > nodeCount && (bit ? left : right) < nodeCount && rand() < preferDeep) bit ^= 1;
      bits.push(bit);
      node = bit ? right : left;
    }
    const depth = bits.length;
    for (const fill of ['zeros', 'ones', 'random', 'before', 'after'] as const) {
      const b = bits.slice();
      while (b.length < total) b.push(fill === 'ones' ? 1 : fill === 'random' ? (rand() < 0.5 ? 0 : 1) : 0);
      const bytes: number[] = [];
      for (let i = 0; i < total; i += 8) bytes.push(b.slice(i, i + 8).reduce((a, x) => a * 2 + x, 0));
      // One below the network's first address, one above its last.
      if (fill === 'before' || fill === 'after') {
        if (fill === 'after') for (let i = depth; i < total; i++) b[i] = 1;
        let i = bytes.length - 1;
        const step = fill === 'after' ? 1 : -1;
        if (fill === 'after')
          for (let j = 0; j < bytes.length; j++) bytes[j] = b.slice(j * 8, j * 8 + 8).reduce((a, x) => a * 2 + x, 0);
        while (i >= 0) {
          const next = (bytes[i] as number) + step;
          if (next >= 0 && next <= 255) {
            bytes[i] = next;
            break;
          }
          bytes[i] = next < 0 ? 255 : 0;
          i--;
        }
        if (i < 0) continue;
      }
      out.add(format(bytes));
    }
  }
  return [...out];
}

/** Whether an IPv6 address carries an IPv4 address that `locate` looks up instead. */
export function carriesIpv4(ip: string): boolean {
  const cls = classifyIp(ip);
  // The NAT64 well-known prefix takes the class of the IPv4 address inside it.
  const b = parseIp(ip).toBytes();
  const wellKnownNat64 =
    b.length === 16 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((x) => x === 0);
  return cls === '6to4' || cls === 'teredo' || cls === 'nat64' || (b[0] === 0 && wellKnownNat64);
}
