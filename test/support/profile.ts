// The fast profile runs in `npm test`; the long profile (`npm run test:long`) scales the same
// property, fault, race and fuzz tests up to the figures reported in docs/reliability.md.
export const LONG_PROFILE = process.env.IDV_TEST_PROFILE === 'long';

/** `fast` in `npm test`, `long` in `npm run test:long`. */
export const byProfile = <T>(fast: T, long: T): T => (LONG_PROFILE ? long : fast);
