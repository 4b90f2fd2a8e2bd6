/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it is true; throws `timed out … waiting until <what>` at the deadline, with the
 * last error `check` threw (a service that is restarting answers with errors: they are retried).
 */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    let ok = false;
    try {
      ok = await check();
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (ok) return;
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${(lastError as Error).message})` : '';
      throw new Error(`faults: timed out after ${timeoutMs} ms waiting until ${what}${why}`);
    }
    await sleep(everyMs);
  }
}
