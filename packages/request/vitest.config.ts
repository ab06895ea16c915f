import { packageTests } from '../internal/config/vitest.js';

export default packageTests();
