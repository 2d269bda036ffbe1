// When a report that did not settle is checked again, and when the fetcher stops trying: the
// retry table of docs/reports.md, in seconds on AWS and in (a few) seconds in local mode.

export interface RetrievalSchedule {
  /** The wait after attempt n (the n-th entry); the last entry repeats. */
  readonly delaysSeconds: readonly number[];
  /**
   * The wait after a 401 or 403: the API key is wrong or was revoked, which an operator fixes
   * (the ReportAuthFailures alarm pages), so asking again every few seconds would only add noise.
   */
  readonly authFailureDelaySeconds: number;
  /** No attempt is started later than this after the first one; the retrieval then gives up. */
  readonly horizonSeconds: number;
}

/**
 * On AWS: quick re-checks first (a report is usually ready within minutes of `completed`), then
 * hourly, for a day. About 30 attempts in all.
 */
export const DEFAULT_RETRIEVAL_SCHEDULE: RetrievalSchedule = {
  delaysSeconds: [30, 60, 120, 300, 600, 1800, 3600],
  authFailureDelaySeconds: 3600,
  horizonSeconds: 24 * 3600,
};

/** In local mode: seconds, so that a demo completes while you watch. */
export const LOCAL_RETRIEVAL_SCHEDULE: RetrievalSchedule = {
  delaysSeconds: [1, 2, 4, 8],
  authFailureDelaySeconds: 10,
  horizonSeconds: 120,
};

/** The wait before the attempt after `attempt`, at least what the API asked for (Retry-After). */
export function delayAfter(
  schedule: RetrievalSchedule,
  attempt: number,
  failure: { readonly error?: string; readonly retryAfterSeconds?: number },
): number {
  const scheduled =
    failure.error === 'unauthorized' || failure.error === 'forbidden'
      ? schedule.authFailureDelaySeconds
      : (schedule.delaysSeconds[Math.min(attempt, schedule.delaysSeconds.length) - 1] ?? 0);
  return Math.max(scheduled, failure.retryAfterSeconds ?? 0);
}

/** How many attempts fit in the horizon, on the ordinary schedule. */
export function attemptsWithin(schedule: RetrievalSchedule): number {
  let attempts = 1;
  let elapsed = 0;
  for (;;) {
    const next = elapsed + delayAfter(schedule, attempts, {});
    if (next > schedule.horizonSeconds || attempts >= 10_000) return attempts;
    elapsed = next;
    attempts++;
  }
}
