import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({ entry: ['src/index.ts', 'src/default.ts', 'src/rollup.ts'], platform: 'neutral' });
