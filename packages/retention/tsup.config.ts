import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({ entry: ['src/index.ts', 'src/postgres.ts', 'src/schedule.ts'], platform: 'neutral' });
