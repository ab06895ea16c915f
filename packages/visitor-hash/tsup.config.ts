import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({ entry: ['src/index.ts', 'src/redis.ts', 'src/postgres.ts'], platform: 'neutral' });
