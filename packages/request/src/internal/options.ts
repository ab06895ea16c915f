/**
 * @module
 * The options `createRequestPrivacy` and the span processor share, read one way: the client
 * address walk (checked by `@privkit/ip`'s `clientIp` itself, once, at creation) and the hasher,
 * tenant and locator.
 */
import { nonEmptyString, own } from '@privkit/internal/check';
import {
  type ClientIpCdn,
  type ClientIpOptions,
  clientIp,
  compileTrust,
  IpError,
  type TrustPredicate,
  type TrustProxy,
} from '@privkit/ip';
import { RequestError, raise } from '../errors.js';

/** An `IpError` from an option, as this package's error; its message holds no value either. */
export function optionError(error: unknown, path: string): never {
  if (error instanceof IpError) {
    throw new RequestError('INVALID_OPTIONS', `"${path}" is not valid: ${error.message}`, { path, cause: error });
  }
  throw error;
}

function method(value: unknown, name: string, path: string): void {
  if (typeof value !== 'object' || value === null || typeof (value as Record<string, unknown>)[name] !== 'function') {
    throw new RequestError('INVALID_OPTIONS', `"${path}" must be an object with a "${name}" method`, { path });
  }
}

/** The walk from the socket peer to the client, as `clientIp` takes it. */
export type Walk = Omit<ClientIpOptions, 'remoteAddress' | 'headers'>;

/**
 * `trustProxy`, `header`, `cdn` and (where the caller takes it) `onMalformed`, compiled and
 * checked by `clientIp` on an empty request, so a bad value fails here and never on a request.
 */
export function readWalk(o: Record<string, unknown>, withMalformed: boolean): Walk {
  let trusted: TrustPredicate;
  try {
    trusted = compileTrust((own(o, 'trustProxy') ?? false) as TrustProxy);
  } catch (error) {
    optionError(error, 'options.trustProxy');
  }
  const walk: Walk = {
    trustProxy: trusted,
    header: own(o, 'header') as ClientIpOptions['header'],
    ...(withMalformed ? { onMalformed: own(o, 'onMalformed') as ClientIpOptions['onMalformed'] } : {}),
    cdn: own(o, 'cdn') as ClientIpCdn | undefined,
  };
  try {
    clientIp({ remoteAddress: undefined, ...walk });
  } catch (error) {
    if (!(error instanceof IpError)) throw error;
    throw new RequestError('INVALID_OPTIONS', error.message, { path: error.path, cause: error });
  }
  return walk;
}

/** The hasher (an object with `hasherMethod`), its tenant, and the locator, checked. */
export function readSources<Hasher, Locator>(
  o: Record<string, unknown>,
  hasherMethod: 'id' | 'idSync',
): { readonly hasher: Hasher | undefined; readonly tenant: string; readonly locator: Locator | undefined } {
  const hasher = own(o, 'hasher') as Hasher | undefined;
  const tenantOption = own(o, 'tenant');
  let tenant = '';
  if (hasher !== undefined) {
    method(hasher, hasherMethod, 'options.hasher');
    tenant = nonEmptyString(tenantOption, 'options.tenant', raise, 'INVALID_OPTIONS');
  } else if (tenantOption !== undefined) {
    throw new RequestError('INVALID_OPTIONS', '"options.tenant" is only used with "options.hasher"', {
      path: 'options.tenant',
    });
  }
  const locator = own(o, 'locator') as Locator | undefined;
  if (locator !== undefined) method(locator, 'locate', 'options.locator');
  return { hasher, tenant, locator };
}
