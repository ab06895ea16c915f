/**
 * @module
 * `privkit ip parse|truncate|classify`: `@privkit/ip` from a shell, for checking what a
 * deployment will do with an address. Addresses come from the arguments, or one per line on
 * stdin when there are none.
 */

import { createInterface } from 'node:readline';
import {
  classifyIp,
  IpError,
  isPublicIp,
  parseIp,
  TRUNCATION_PRESETS,
  type TruncationPolicy,
  type TruncationPreset,
  truncateIpToNetwork,
} from '@privkit/ip';
import { colours, EXIT_FINDINGS, EXIT_OK, type Io, integer, oneOf, parse, usage, write } from './io.js';

export const IP_HELP = `Usage: privkit ip <parse|truncate|classify> [options] [addresses…]

  parse      the canonical form (RFC 5952), family, zone and port; strict: 0177.0.0.1, 127.1,
             lists and host names are errors
  truncate   the network kept by a truncation preset or prefix lengths
  classify   the IANA special-purpose class (private, loopback, cgnat, …) or public

Addresses are read from the arguments, or one per line from stdin.

Options
  --preset NAME      truncate: ${Object.keys(TRUNCATION_PRESETS).join(', ')} (default cnil)
  --ipv4-prefix N    truncate: IPv4 bits to keep, 0–32
  --ipv6-prefix N    truncate: IPv6 bits to keep, 0–128
  --json             one JSON object per address
  -h, --help         this help

Exit status: 0 all addresses valid, 1 some address invalid, 2 usage error.
`;

async function addresses(positionals: string[], io: Io): Promise<string[]> {
  if (positionals.length > 0) return positionals;
  const list: string[] = [];
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() !== '') list.push(line.trim());
  }
  return list;
}

/** Runs `privkit ip …`. */
export async function ipCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parse(rest, {
    preset: { type: 'string' },
    'ipv4-prefix': { type: 'string' },
    'ipv6-prefix': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help || sub === undefined || sub === '--help' || sub === '-h') {
    await write(io.stdout, IP_HELP);
    return sub === undefined && !values.help ? 2 : EXIT_OK;
  }
  if (sub !== 'parse' && sub !== 'truncate' && sub !== 'classify') throw usage(`unknown command "ip ${sub}"`);
  if (sub !== 'truncate' && (values.preset ?? values['ipv4-prefix'] ?? values['ipv6-prefix']) !== undefined) {
    throw usage('--preset and the prefix options apply to "ip truncate" only');
  }
  const preset = oneOf('preset', values.preset, Object.keys(TRUNCATION_PRESETS) as TruncationPreset[]) ?? 'cnil';
  const ipv4 = integer('ipv4-prefix', values['ipv4-prefix'], 0, 32);
  const ipv6 = integer('ipv6-prefix', values['ipv6-prefix'], 0, 128);
  const policy: TruncationPolicy | TruncationPreset =
    ipv4 === undefined && ipv6 === undefined
      ? preset
      : { ipv4: ipv4 ?? TRUNCATION_PRESETS[preset].ipv4, ipv6: ipv6 ?? TRUNCATION_PRESETS[preset].ipv6 };
  const c = colours(io.stdout, io.env);
  const e = colours(io.stderr, io.env);
  let failed = 0;
  const list = await addresses(positionals, io);
  for (const [index, text] of list.entries()) {
    let result: Record<string, unknown>;
    try {
      const ip = parseIp(text, { path: `address ${index + 1}` });
      if (sub === 'parse') {
        result = { address: ip.toString(), family: ip.family, zone: ip.zone ?? null, port: ip.port ?? null };
      } else if (sub === 'truncate') {
        const net = truncateIpToNetwork(ip, policy);
        result = { address: net.address.toString(), prefixLength: net.prefixLength, cidr: net.cidr };
      } else {
        result = { address: ip.toString(), class: classifyIp(ip), public: isPublicIp(ip) };
      }
    } catch (error) {
      if (!(error instanceof IpError)) throw error;
      failed++;
      if (values.json) await write(io.stdout, `${JSON.stringify({ error: error.code, message: error.message })}\n`);
      else await write(io.stderr, `${e.red('privkit:')} ${error.message}\n`);
      continue;
    }
    if (values.json) {
      await write(io.stdout, `${JSON.stringify(result)}\n`);
    } else if (sub === 'parse') {
      const extra = [
        result['zone'] !== null ? `zone ${result['zone']}` : '',
        result['port'] !== null ? `port ${result['port']}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      await write(
        io.stdout,
        `${c.bold(String(result['address']))}  IPv${result['family']}${extra ? `  ${extra}` : ''}\n`,
      );
    } else if (sub === 'truncate') {
      await write(io.stdout, `${result['cidr']}\n`);
    } else {
      const kind = String(result['class']);
      await write(io.stdout, `${result['address']}  ${kind === 'public' ? c.green(kind) : c.yellow(kind)}\n`);
    }
  }
  return failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
