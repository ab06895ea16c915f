/**
 * @module
 * Coarse grid cells: the only form in which this package lets a location finer than a region
 * out. A cell is a band of latitude cut into columns, sized so that *every* cell is at least
 * `km` kilometres tall and at least `km` kilometres wide even along its edge nearest a pole; a
 * geohash of length 4 is about 20 × 20 km at 60° N and narrower still further north, which is
 * why it is not used. The cell's name reveals its area, never the point inside it.
 */

import { GeoError } from './errors.js';

/** Mean Earth radius in km (IUGG). */
const R = 6371.0088;
/**
 * Smallest cell size accepted, in km: finer cells would single out a town.
 *
 * @example
 * ```ts
 * import { createLocator, MIN_CELL_KM } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const geo = createLocator({ database, cell: MIN_CELL_KM }); // the finest cells allowed
 * ```
 */
export const MIN_CELL_KM = 20;

/**
 * The grid cell holding a point, named `"<km>km:<row>:<column>"`. Rows are latitude bands from
 * the South Pole, each `180° / floor(πR / km)` tall; a band has
 * `max(1, floor(2πR·cos(φ) / km))` columns, where φ is the latitude of the band's edge nearest
 * a pole, so no cell is narrower than `km`.
 *
 * @param latitude - degrees, −90 to 90.
 * @param longitude - degrees, −180 to 180.
 * @param km - the minimum cell side, at least 20 (a whole number).
 * @returns the cell name, e.g. `"50km:306:284"`.
 * @throws {@link GeoError} `INVALID_ARGUMENT` when `km` is not a whole number from 20 to 20,000,
 * or the point is out of range.
 * @example
 * ```ts
 * import { gridCell } from '@privkit/geo';
 * gridCell(48.1374, 11.5755, 50); // Munich: "50km:306:284"
 * gridCell(48.2082, 16.3738, 50); // Vienna: another cell
 * ```
 */
export function gridCell(latitude: number, longitude: number, km: number): string {
  if (!Number.isInteger(km) || km < MIN_CELL_KM || km > 20000) {
    throw new GeoError('INVALID_ARGUMENT', `"km" must be a whole number from ${MIN_CELL_KM} to 20000`, { path: 'km' });
  }
  if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) {
    const path = Math.abs(latitude) <= 90 ? 'longitude' : 'latitude';
    throw new GeoError('INVALID_ARGUMENT', `"${path}" must be a number of degrees in range`, { path });
  }
  const rows = Math.max(1, Math.floor((Math.PI * R) / km));
  const band = 180 / rows;
  const row = Math.min(rows - 1, Math.floor((latitude + 90) / band));
  const south = -90 + row * band;
  const poleward = Math.max(Math.abs(south), Math.abs(south + band));
  const columns = Math.max(1, Math.floor((2 * Math.PI * R * Math.cos((poleward * Math.PI) / 180)) / km));
  const column = Math.min(columns - 1, Math.floor(((longitude + 180) / 360) * columns));
  return `${km}km:${row}:${column}`;
}
