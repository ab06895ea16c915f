import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({ entry: ['src/index.ts', 'src/docx.ts'], platform: 'neutral' });
