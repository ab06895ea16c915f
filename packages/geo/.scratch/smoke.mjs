import smoke from '../../../fixtures/runtime-smoke/geo.mjs';
console.log('checks', await smoke());
