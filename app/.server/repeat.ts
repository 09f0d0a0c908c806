/**
 * The background workers' timer (outbox, open month, requests, audit anchors,
 * policy lapses): runs `tick` after `firstMs`, then `intervalMs` after each
 * run ends, so two runs never overlap; an error goes to `onError` and the
 * next run still comes. `tick` is told whether it has been stopped, so a
 * long run can end early. Returns the stop.
 */
export function startRepeating(
  tick: (stopped: () => boolean) => Promise<unknown>,
  { firstMs, intervalMs, onError }: { firstMs: number; intervalMs: number; onError: (e: unknown) => void },
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const isStopped = () => stopped;
  const run = async () => {
    if (stopped) return;
    try {
      await tick(isStopped);
    } catch (e) {
      onError(e);
    }
    if (!stopped) timer = setTimeout(run, intervalMs);
  };
  timer = setTimeout(run, firstMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
