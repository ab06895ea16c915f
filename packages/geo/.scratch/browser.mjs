import { build } from 'esbuild';
import vm from 'node:vm';
const r = await build({ stdin: { contents: `import smoke from '../../../fixtures/runtime-smoke/geo.mjs'; globalThis.result = smoke();`, resolveDir: process.cwd() + '/.scratch' }, bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'error' });
const code = r.outputFiles[0].text;
console.log('bundle bytes', code.length, 'mentions Buffer:', /\bBuffer\b/.test(code), 'require(', /require\(/.test(code));
const ctx = vm.createContext({ atob, TextDecoder, console, Uint8Array, DataView });
vm.runInContext(code, ctx);
console.log('checks in a context without Buffer/process:', await ctx.result);
