// The engine integration scenarios of test/local/cluster-mode-enabled.test.ts, run by the engine inside the engine image
// (runtime 'container'), clients on the host.
import { ensureEngineImage } from './engine-image';

process.env.CDK_ELASTICACHE_RUNTIME = 'container';
beforeAll(ensureEngineImage, 180_000);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../local/cluster-mode-enabled.test');
