/** Waiting for a condition that no event announces (a log line, a screen, a process exit): check, wait a tick, again. */
const POLL_MS = 25;

/** Resolves with the first defined result of `probe`, or undefined once `timeoutMs` has passed. */
export async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result !== undefined || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
