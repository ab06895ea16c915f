import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({
  entry: ['src/index.ts', 'src/model.ts', 'src/schema.ts', 'src/rules.ts', 'src/dpv.ts', 'src/docx.ts'],
  platform: 'neutral',
});
