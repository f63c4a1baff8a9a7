import { runConformance } from '../src/conformance/index.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

// The suite run against the in-process peer, so the suite itself is tested.
const server = new LoopServer('conformance');
runConformance({
  name: 'loop (core self-test)',
  driver: loopDriver,
  harness: {
    address: () => 'loop://conformance',
    drop: async () => server.drop(),
    restore: async () => server.restore(),
    patienceMs: 2000,
    secretAddress: () => ({ address: 'loop://bot:p@ss/w0rd?#x@conformance', secret: 'p@ss/w0rd?#x' }),
  },
});
