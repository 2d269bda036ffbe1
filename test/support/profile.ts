// The fast profile runs in `npm test`; the long profile (`npm run test:long`) scales the same
// property, fault, race and fuzz tests up to the figures reported in docs/reliability.md.
export const LONG_PROFILE = process.env.IDV_TEST_PROFILE === 'long';

/** `fast` in `npm test`, `long` in `npm run test:long`. */
export const byProfile = <T>(fast: T, long: T): T => (LONG_PROFILE ? long : fast);

/**
 * The time a test that generates thousands of inputs may take: about 4 s on an idle 2-core
 * machine, several times that when other test runs share it.
 */
export const GENERATED_INPUTS_TIMEOUT_MS = byProfile(60_000, 1_800_000);
