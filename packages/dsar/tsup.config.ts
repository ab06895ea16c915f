import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({
  entry: [
    'src/index.ts',
    'src/deadlines/index.ts',
    'src/regimes/index.ts',
    'src/fulfilment/index.ts',
    'src/verify/index.ts',
    'src/postgres.ts',
  ],
  platform: 'neutral',
});
