/**
 * @module
 * `@privkit/ip/cdn`: trust presets for the places requests really come from, to spread into
 * `clientIp`, `explainClientIp` or `@privkit/request`'s options. Each preset says which header
 * the CDN or platform writes with the client's address and which servers may write it:
 *
 * | preset | header read | only when the peer (or a hop behind your proxies) is |
 * | --- | --- | --- |
 * | `cloudflare()` | `CF-Connecting-IP` | in Cloudflare's published ranges |
 * | `fastly()` | `X-Forwarded-For`, walked | in Fastly's published ranges |
 * | `fastly({ clientIpHeader: true })` | `Fastly-Client-IP` | in Fastly's ranges (your VCL must overwrite it) |
 * | `akamai({ ranges })` | `True-Client-IP` | in your Site Shield map (Akamai publishes no list) |
 * | `cloudfront()` | `CloudFront-Viewer-Address` | in AWS's `CLOUDFRONT_ORIGIN_FACING` ranges |
 * | `awsAlb({ proxies })` | `X-Forwarded-For`, walked | in your VPC's subnets |
 * | `googleCloud()` | `X-Forwarded-For`, walked | in the Google Front End ranges |
 * | `vercel()`, `netlify()`, `flyio()` | the platform's header | any peer: the platform is the only way in |
 * | `ingressNginx({ proxies })` | `X-Forwarded-For`, walked | in your ingress controller pods' range |
 *
 * The ranges ship as dated snapshots of the providers' lists (`CDN_RANGES`: source URL, day,
 * origin of the snapshot); a preset warns once, when made, if its snapshot is older than
 * `staleAfter` (default 180 days). `scripts/refresh-cdn-ranges.mjs` in the package's repository
 * refreshes them; `ranges` replaces them with your own fetch.
 */

import { own, strictOptions } from '@privkit/internal/check';
import { IpError, raise } from './errors.js';
import {
  type CdnPreset,
  type CdnPresetOptions,
  cidrList,
  edgesOf,
  headerPreset,
  platform,
  proxiesOf,
  RANGE_KEYS,
  rangesFor,
  walkPreset,
} from './internal/cdn-preset.js';
import { ruleOf, type TrustRule, withRule } from './trust.js';

// The error the presets raise, from this entry too (as from `@privkit/ip`: the same class).
export { IpError } from './errors.js';
export {
  CDN_RANGES,
  type CdnPreset,
  type CdnPresetOptions,
  type StaleRangesWarning,
} from './internal/cdn-preset.js';
export type { RangeSnapshot } from './internal/cdn-snapshot.js';

/**
 * Cloudflare: the client is `CF-Connecting-IP`, read only when the socket peer (or the hop your
 * `proxies` hand over) is in Cloudflare's published ranges (https://www.cloudflare.com/ips/).
 * Cloudflare sets the header on every request to the origin
 * (https://developers.cloudflare.com/fundamentals/reference/http-headers/); a peer outside the
 * ranges that sends it is the client itself. Any Cloudflare customer's Worker also connects
 * from those ranges: to be sure a request came through your zone, add Authenticated Origin Pulls.
 *
 * @param options - your proxies, your own ranges, the staleness limit; see {@link CdnPresetOptions}.
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `INVALID_OPTIONS` or `UNKNOWN_KEY` for bad options, `CIDR` or a parse
 *   code for a bad block in `proxies` or `ranges`.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { cloudflare } from '@privkit/ip/cdn';
 *
 * const behindCloudflare = cloudflare(); // once, at start-up
 * clientIp({
 *   remoteAddress: '173.245.48.10', // a Cloudflare server
 *   headers: { 'cf-connecting-ip': '198.51.100.23' },
 *   ...behindCloudflare,
 * }).toString(); // "198.51.100.23"
 * clientIp({
 *   remoteAddress: '203.0.113.9', // not Cloudflare: its header is not read
 *   headers: { 'cf-connecting-ip': '198.51.100.23' },
 *   ...behindCloudflare,
 * }).toString(); // "203.0.113.9"
 * ```
 */
export function cloudflare(options?: CdnPresetOptions): CdnPreset {
  const o = strictOptions(options, RANGE_KEYS, raise);
  const edges = edgesOf('cloudflare', rangesFor('cloudflare', o), 'options.ranges');
  return headerPreset('cloudflare', 'cf-connecting-ip', undefined, edges, proxiesOf(o, false));
}

/**
 * Fastly: by default the `X-Forwarded-For` walk across Fastly's published ranges
 * (https://api.fastly.com/public-ip-list), to which each Fastly server appends its peer; the
 * first hop outside them is the client. `Fastly-Client-IP` is read only with
 * `clientIpHeader: true`, because Fastly keeps a value the client sent unless your VCL
 * overwrites it (https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Client-IP/).
 *
 * @param options - as {@link CdnPresetOptions}, and `clientIpHeader: true` once your service sets
 *   `Fastly-Client-IP` itself.
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `INVALID_OPTIONS`, `UNKNOWN_KEY`, `CIDR` or a parse code for bad options.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { fastly } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '151.101.1.1', // a Fastly server
 *   headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' }, // 6.6.6.6 written by the client
 *   ...fastly(),
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function fastly(options?: CdnPresetOptions & { clientIpHeader?: boolean | undefined }): CdnPreset {
  const o = strictOptions(options, [...RANGE_KEYS, 'clientIpHeader'], raise);
  const edges = edgesOf('fastly', rangesFor('fastly', o), 'options.ranges');
  const clientIpHeader = own(o, 'clientIpHeader') ?? false;
  if (typeof clientIpHeader !== 'boolean') {
    throw new IpError('INVALID_OPTIONS', '"options.clientIpHeader" must be true or false', {
      path: 'options.clientIpHeader',
    });
  }
  return clientIpHeader
    ? headerPreset('fastly', 'fastly-client-ip', undefined, edges, proxiesOf(o, false))
    : walkPreset(edges, proxiesOf(o, false));
}

/**
 * Akamai: the client is `True-Client-IP`, read only from your Site Shield map's ranges, which
 * you must pass: Akamai publishes no list of its servers (the map is in your Control Center).
 * Keep the property's "Allow Clients To Set True Client IP Header" off, so Akamai overwrites
 * the header (https://techdocs.akamai.com/property-mgr/docs/origin-server).
 *
 * @param options - `ranges` (required: your Site Shield map's CIDR blocks) and `proxies`.
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `INVALID_OPTIONS` without `ranges`, `UNKNOWN_KEY`, `CIDR` or a parse
 *   code for a bad block.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { akamai } from '@privkit/ip/cdn';
 *
 * const siteShield = akamai({ ranges: ['192.0.2.0/24'] }); // your map's blocks
 * clientIp({
 *   remoteAddress: '192.0.2.10',
 *   headers: { 'true-client-ip': '198.51.100.23' },
 *   ...siteShield,
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function akamai(options: { ranges: readonly string[]; proxies?: readonly string[] | undefined }): CdnPreset {
  const o = strictOptions(options, ['ranges', 'proxies'], raise);
  const edges = edgesOf('akamai', cidrList(own(o, 'ranges'), 'options.ranges', true) ?? [], 'options.ranges');
  return headerPreset('akamai', 'true-client-ip', undefined, edges, proxiesOf(o, false));
}

/**
 * AWS CloudFront: the client is `CloudFront-Viewer-Address` (`address:port`), read only from
 * AWS's `CLOUDFRONT_ORIGIN_FACING` ranges (https://ip-ranges.amazonaws.com/ip-ranges.json). Add
 * the header to your origin request policy
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html);
 * without it the CloudFront server is returned. Any AWS customer's distribution connects from
 * the same ranges: to be sure a request came through yours, have CloudFront add a secret
 * origin header and check it.
 *
 * @param options - your proxies (an ALB between CloudFront and the app), your own ranges, the
 *   staleness limit; see {@link CdnPresetOptions}.
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `INVALID_OPTIONS`, `UNKNOWN_KEY`, `CIDR` or a parse code for bad options.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { cloudfront } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '130.176.1.1', // a CloudFront origin-facing server
 *   headers: { 'cloudfront-viewer-address': '2001:db8::7:46532' },
 *   ...cloudfront(),
 * }).toString(); // "2001:db8::7" (the port is dropped by toString)
 * ```
 */
export function cloudfront(options?: CdnPresetOptions): CdnPreset {
  const o = strictOptions(options, RANGE_KEYS, raise);
  const edges = edgesOf('cloudfront', rangesFor('cloudfront', o), 'options.ranges');
  return headerPreset('cloudfront', 'cloudfront-viewer-address', viewerAddress, edges, proxiesOf(o, false));
}

/**
 * `CloudFront-Viewer-Address` as `parseIp` reads it: CloudFront writes IPv6 with its port but
 * without brackets (`2001:db8::7:46532`), so the last group is bracketed off as the port.
 */
function viewerAddress(value: string): string {
  const text = value.trim();
  const colon = text.lastIndexOf(':');
  return text.startsWith('[') || text.indexOf(':') === colon ? text : `[${text.slice(0, colon)}]${text.slice(colon)}`;
}

/**
 * AWS Application Load Balancer: the `X-Forwarded-For` walk across the balancer's nodes, which
 * connect from your VPC's subnets (pass them) and append the address they received the request
 * from (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html,
 * the default `append` mode).
 *
 * @param options - `proxies` (required: the subnets of the balancer, or the VPC's CIDR).
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `INVALID_OPTIONS` without `proxies`, `UNKNOWN_KEY`, `CIDR` or a parse code.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { awsAlb } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '10.0.1.17',
 *   headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' },
 *   ...awsAlb({ proxies: ['10.0.0.0/16'] }),
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function awsAlb(options: { proxies: readonly string[] }): CdnPreset {
  const o = strictOptions(options, ['proxies'], raise);
  return Object.freeze({ trustProxy: proxiesOf(o, true), header: 'x-forwarded-for', cdn: undefined });
}

/**
 * Google Cloud's global external and classic Application Load Balancers: the Google Front End
 * connects from 35.191.0.0/16 or 130.211.0.0/22 (IPv6: 2600:2d00:1:b029::/64,
 * 2600:2d00:1:1::/64; https://cloud.google.com/load-balancing/docs/firewall-rules) and appends
 * `<client>,<load balancer>` to `X-Forwarded-For`
 * (https://cloud.google.com/load-balancing/docs/https#x-forwarded-for_header). So, behind a
 * Front End peer, the right-most entry (the balancer's own address) is trusted and the next one
 * is the client. Backends on instance groups and zonal NEGs; internet NEGs connect from other
 * ranges (pass them as `ranges`).
 *
 * @param options - your own ranges and the staleness limit; `proxies` is not taken (the
 *   balancer's entry is found by its position behind the Front End).
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `INVALID_OPTIONS`, `UNKNOWN_KEY`, `CIDR` or a parse code for bad options.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { googleCloud } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '35.191.10.20', // a Google Front End
 *   headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23, 203.0.113.80' }, // 203.0.113.80: the balancer
 *   ...googleCloud(),
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function googleCloud(options?: Omit<CdnPresetOptions, 'proxies'>): CdnPreset {
  const o = strictOptions(options, ['ranges', 'staleAfter', 'onStale', 'clock'], raise);
  const edges = edgesOf('google-cloud', rangesFor('google', o), 'options.ranges');
  const balancer: TrustRule = { kind: 'preset', entry: 'load balancer entry', preset: 'google-cloud' };
  return walkPreset(
    withRule(
      (ip, hop) => (hop === 0 ? edges(ip, hop) : hop === 1),
      (ip, hop) => (hop === 0 ? ruleOf(edges, ip, hop) : hop === 1 ? balancer : { ...balancer, entry: undefined }),
    ),
    false,
  );
}

/**
 * Vercel: the client is `x-vercel-forwarded-for`, which Vercel sets on every request and a proxy
 * in front of Vercel cannot overwrite (https://vercel.com/docs/headers/request-headers). Every
 * peer is trusted, since a Vercel function is reached only through Vercel: use it only in code
 * deployed there, never in a server reachable otherwise.
 *
 * @param options - none; any key is `UNKNOWN_KEY`.
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `UNKNOWN_KEY` for any option.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { vercel } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '127.0.0.1',
 *   headers: { 'x-vercel-forwarded-for': '198.51.100.23' },
 *   ...vercel(),
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function vercel(options?: Record<string, never>): CdnPreset {
  strictOptions(options, [], raise); // takes none: a misspelt option is an error, never ignored
  return platform('vercel', 'x-vercel-forwarded-for');
}

/**
 * Netlify: the client is `x-nf-client-connection-ip`, the header Netlify keeps for the
 * connecting address (https://answers.netlify.com/t/52665). Every peer is trusted, since a
 * Netlify function is reached only through Netlify: use it only in code deployed there.
 *
 * @param options - none; any key is `UNKNOWN_KEY`.
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `UNKNOWN_KEY` for any option.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { netlify } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '127.0.0.1',
 *   headers: { 'x-nf-client-connection-ip': '2001:db8::23' },
 *   ...netlify(),
 * }).toString(); // "2001:db8::23"
 * ```
 */
export function netlify(options?: Record<string, never>): CdnPreset {
  strictOptions(options, [], raise); // takes none: a misspelt option is an error, never ignored
  return platform('netlify', 'x-nf-client-connection-ip');
}

/**
 * Fly.io: the client is `Fly-Client-IP`, the address the Fly Proxy accepted the connection from
 * (https://fly.io/docs/networking/request-headers/). Every peer is trusted: use it only in an
 * app that takes traffic through the Fly Proxy alone (machines of your organisation on its
 * private network can reach the app directly and set the header). With another proxy in front of
 * Fly the header names that proxy: walk `X-Forwarded-For` instead.
 *
 * @param options - none; any key is `UNKNOWN_KEY`.
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `UNKNOWN_KEY` for any option.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { flyio } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '172.16.5.2',
 *   headers: { 'fly-client-ip': '198.51.100.23' },
 *   ...flyio(),
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function flyio(options?: Record<string, never>): CdnPreset {
  strictOptions(options, [], raise); // takes none: a misspelt option is an error, never ignored
  return platform('flyio', 'fly-client-ip');
}

/**
 * Kubernetes ingress-nginx: the `X-Forwarded-For` walk across the controller's pods (pass the
 * pod range). Without `use-forwarded-headers` the controller writes the address it received the
 * connection from, so the client is that address; with it (behind a cloud load balancer),
 * also pass the balancer's range, or the client's own entries would be read
 * (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#use-forwarded-headers).
 *
 * @param options - `proxies` (required: the controller pods' CIDR, and any balancer's).
 * @returns options to spread into `clientIp`.
 * @throws {@link IpError} `INVALID_OPTIONS` without `proxies`, `UNKNOWN_KEY`, `CIDR` or a parse code.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { ingressNginx } from '@privkit/ip/cdn';
 *
 * clientIp({
 *   remoteAddress: '10.244.1.9', // an ingress-nginx pod
 *   headers: { 'x-forwarded-for': '198.51.100.23' },
 *   ...ingressNginx({ proxies: ['10.244.0.0/16'] }),
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function ingressNginx(options: { proxies: readonly string[] }): CdnPreset {
  const o = strictOptions(options, ['proxies'], raise);
  return Object.freeze({ trustProxy: proxiesOf(o, true), header: 'x-forwarded-for', cdn: undefined });
}
