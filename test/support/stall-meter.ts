/**
 * How well the event loop is served while some work runs: a timer asks for a turn every
 * `everyMs`; the meter reports how many turns it got and the longest wait between two.
 */
export async function measureStalls<T>(work: () => Promise<T>, everyMs = 1): Promise<{ value: T; ticks: number; longestMs: number }> {
  let ticks = 0;
  let longestMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
    ticks++;
  }, everyMs);
  try {
    const value = await work();
    return { value, ticks, longestMs };
  } finally {
    clearInterval(timer);
  }
}
