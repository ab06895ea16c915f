import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({ entry: ['src/index.ts', 'src/verify.ts', 'src/bin.ts'], platform: 'node' });
