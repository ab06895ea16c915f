import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({ entry: ['src/index.ts'], platform: 'neutral' });
