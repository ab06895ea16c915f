import { packageBuild } from '../internal/config/tsup.js';

export default packageBuild({
  entry: ['src/index.ts', 'src/node.ts', 'src/fetch.ts', 'src/express.ts', 'src/fastify.ts', 'src/hono.ts', 'src/otel.ts', 'src/pino.ts'],
  platform: 'neutral',
});
