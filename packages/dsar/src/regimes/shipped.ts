/**
 * @module
 * The regimes that ship with the package, one file each under `src/regimes/`. Adding a regime
 * is one file there, its line here, and its vectors in `test/vectors/regimes/` (see the
 * package's CONTRIBUTING.md).
 */

import type { Regime } from '../regime.js';
import { AR_PDPA } from './ar-pdpa.js';
import { AU_APP } from './au-app.js';
import { CCPA } from './ccpa.js';
import { CH_FADP } from './ch-fadp.js';
import { CO_HABEAS_DATA } from './co-habeas-data.js';
import { COLORADO } from './colorado.js';
import { CONNECTICUT } from './connecticut.js';
import { DELAWARE } from './delaware.js';
import { GDPR } from './gdpr.js';
import { HK_PDPO } from './hk-pdpo.js';
import { INDIANA } from './indiana.js';
import { IOWA } from './iowa.js';
import { JP_APPI } from './jp-appi.js';
import { KENTUCKY } from './kentucky.js';
import { KR_PIPA } from './kr-pipa.js';
import { LGPD } from './lgpd.js';
import { MARYLAND } from './maryland.js';
import { MINNESOTA } from './minnesota.js';
import { MONTANA } from './montana.js';
import { NEBRASKA } from './nebraska.js';
import { NEW_HAMPSHIRE } from './new-hampshire.js';
import { NEW_JERSEY } from './new-jersey.js';
import { NZ_PRIVACY_ACT } from './nz-privacy-act.js';
import { OREGON } from './oregon.js';
import { PIPEDA } from './pipeda.js';
import { QUEBEC } from './quebec.js';
import { RHODE_ISLAND } from './rhode-island.js';
import { TENNESSEE } from './tennessee.js';
import { TEXAS } from './texas.js';
import { TH_PDPA } from './th-pdpa.js';
import { TR_KVKK } from './tr-kvkk.js';
import { UK_GDPR } from './uk-gdpr.js';
import { UTAH } from './utah.js';
import { VIRGINIA } from './virginia.js';
import { ZA_PAIA } from './za-paia.js';

/** @internal Every shipped regime, unchecked (the registry checks each with `defineRegime`). */
export const SHIPPED_REGIMES: readonly Regime[] = [
  GDPR,
  UK_GDPR,
  CCPA,
  LGPD,
  PIPEDA,
  QUEBEC,
  CH_FADP,
  VIRGINIA,
  COLORADO,
  CONNECTICUT,
  TEXAS,
  UTAH,
  OREGON,
  MONTANA,
  IOWA,
  DELAWARE,
  NEBRASKA,
  NEW_JERSEY,
  TENNESSEE,
  MINNESOTA,
  INDIANA,
  NEW_HAMPSHIRE,
  RHODE_ISLAND,
  MARYLAND,
  KENTUCKY,
  NZ_PRIVACY_ACT,
  KR_PIPA,
  HK_PDPO,
  TH_PDPA,
  ZA_PAIA,
  AR_PDPA,
  CO_HABEAS_DATA,
  TR_KVKK,
  JP_APPI,
  AU_APP,
];
