import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({
  entry: [
    'src/index.ts',
    'src/holds.ts',
    'src/memory.ts',
    'src/postgres.ts',
    'src/schedule.ts',
    'src/tenants.ts',
    'src/log.ts',
    'src/verify.ts',
    'src/store.ts',
  ],
  platform: 'neutral',
});
