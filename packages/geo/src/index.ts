/**
 * @module
 * `@privkit/geo`: coarse location from an IP address (country, continent, EU/EEA, and on
 * request a region and a grid cell of at least 20 km) over a MaxMind DB, after which the address
 * can be dropped; and a k-threshold roll-up for publishing counts per location. Runs in Node,
 * browsers and edge runtimes: pass the database's bytes. In Node, `@privkit/geo/default` loads
 * the DB-IP Lite Country database (CC BY 4.0) from its optional npm package.
 */

export type { GeoBucket, GeoBucketStatus } from './bucket.js';
export { gridCell, MIN_CELL_KM } from './cell.js';
export {
  type ContinentCode,
  continentOf,
  EU_MEMBER_STATES,
  isInEEA,
  isInEU,
} from './countries.js';
export { GeoError, type GeoErrorCode } from './errors.js';
export {
  createLocator,
  type LocateAndTruncateOptions,
  type LocatedPrefix,
  type Locator,
  type LocatorOptions,
} from './locator.js';
export type { GeoProvenance, StaleDatabaseWarning } from './provenance.js';
