import { testConfig } from './vitest.config.js';

// `npm run test:long`: the same suites with the long profile (test/support/profile.ts): 10,000+
// property runs, 100,000+ fuzzed requests, every fault kind at every call position, bigger races.
export default testConfig('long');
