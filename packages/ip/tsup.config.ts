import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({ entry: ['src/index.ts', 'src/bytes.ts', 'src/cdn.ts'], platform: 'neutral' });
