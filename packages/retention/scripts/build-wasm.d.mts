/**
 * @module
 * Types of `build-wasm.mjs`, for the test that checks the committed wasm against its source.
 */
/** The WAT source. */
export declare const WAT_PATH: string;
/** The generated TypeScript module. */
export declare const WASM_TS_PATH: string;
/** Assembles WAT text into a validated binary module. */
export declare function assembleWat(wat: string): Promise<Uint8Array>;
/** The text of `sha256x4.wasm.ts` for the current `.wat`. */
export declare function renderWasmModule(): Promise<string>;
