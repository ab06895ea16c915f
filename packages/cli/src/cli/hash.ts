/**
 * @module
 * `privkit hash`: the daily visitor id one request gets, for debugging a deployment. With the
 * deployment's master secret (`--secret-file`, the stateless salt source) it prints the id the
 * deployment computes; with no secret it uses a fresh random salt, which shows the shape only.
 */

import {
  createMemorySaltStore,
  createVisitorHasher,
  describeVisitorHash,
  type SaltStore,
  VisitorHashError,
} from '@privkit/visitor-hash';
import { instant } from './files.js';
import { EXIT_OK, failure, type Io, integer, oneOf, parse, usage, write } from './io.js';
import { secretFileSource } from './secret-file.js';

export const HASH_HELP = `Usage: privkit hash --tenant NAME --ua USER-AGENT [options] <ip>

Prints the daily visitor id (@privkit/visitor-hash) of one request.

Options
  --tenant NAME        the site or customer (required)
  --ua TEXT            the User-Agent header (required)
  --extra TEXT         the extra input, if the deployment uses one
  --at TIME            RFC 3339 instant of the request (default now; the day must still be live)
  --secret-file FILE   the deployment's stateless master secret; without it a random salt is
                       used and the id matches nothing else
  --ipv4-prefix N      bits of IPv4 hashed (default 32)
  --ipv6-prefix N      bits of IPv6 hashed (default 64)
  --bits N             id length in bits (default 128)
  --encoding NAME      hex (default) or base64url
  --describe           print the construction, as a privacy notice would describe it
  --json               print { id, day, … } as JSON
  -h, --help           this help
`;

/** Runs `privkit hash`. */
export async function hashCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    tenant: { type: 'string' },
    ua: { type: 'string' },
    extra: { type: 'string' },
    at: { type: 'string' },
    'secret-file': { type: 'string' },
    'ipv4-prefix': { type: 'string' },
    'ipv6-prefix': { type: 'string' },
    bits: { type: 'string' },
    encoding: { type: 'string' },
    describe: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    await write(io.stdout, HASH_HELP);
    return EXIT_OK;
  }
  const store: SaltStore =
    values['secret-file'] === undefined ? createMemorySaltStore() : await secretFileSource(values['secret-file']);
  const options = {
    store,
    ...(values['ipv4-prefix'] !== undefined && {
      ipv4PrefixLength: integer('ipv4-prefix', values['ipv4-prefix'], 0, 32) as number,
    }),
    ...(values['ipv6-prefix'] !== undefined && {
      ipv6PrefixLength: integer('ipv6-prefix', values['ipv6-prefix'], 0, 128) as number,
    }),
    ...(values.bits !== undefined && { outputBits: integer('bits', values.bits, 64, 256) as number }),
    ...(values.encoding !== undefined && {
      encoding: oneOf('encoding', values.encoding, ['hex', 'base64url'] as const) as 'hex',
    }),
  };
  if (options.outputBits !== undefined && options.outputBits % 8 !== 0) throw usage('--bits must be a multiple of 8');
  if (values.describe) {
    const about = describeVisitorHash(options);
    await write(io.stdout, values.json ? `${JSON.stringify(about)}\n` : `${about.text}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw usage('give exactly one IP address');
  if (values.tenant === undefined || values.ua === undefined) throw usage('--tenant and --ua are required');
  const at = instant(values.at) ?? Date.now();
  if (Number.isNaN(at)) throw usage('--at must be an RFC 3339 instant with an offset, such as 2026-11-23T10:00:00Z');
  const hasher = createVisitorHasher(options);
  let id: string;
  try {
    id = await hasher.id({
      tenant: values.tenant,
      ip: positionals[0] as string,
      userAgent: values.ua,
      at,
      ...(values.extra !== undefined && { extra: values.extra }),
    });
  } catch (error) {
    if (error instanceof VisitorHashError) throw failure(error.message);
    throw error;
  }
  const day = new Date(at).toISOString().slice(0, 10);
  await write(
    io.stdout,
    values.json
      ? `${JSON.stringify({ id, day, tenant: values.tenant, stateless: store.forgets === false })}\n`
      : `${id}\n`,
  );
  return EXIT_OK;
}
