import { describe, expect, it } from "vitest";
import { startRepeating } from "./repeat";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("startRepeating", () => {
  it("runs after the first delay, again after each run ends, past an error, and never after stop", async () => {
    const starts: number[] = [];
    const errors: unknown[] = [];
    let running = 0;
    let overlapped = false;
    const stop = startRepeating(
      async () => {
        overlapped ||= running > 0;
        running++;
        starts.push(Date.now());
        await sleep(15);
        running--;
        if (starts.length === 2) throw new Error("second run fails");
      },
      { firstMs: 10, intervalMs: 5, onError: (e) => errors.push(e) },
    );
    expect(starts).toHaveLength(0);
    await sleep(200);
    stop();
    const runs = starts.length;
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(errors).toHaveLength(1);
    expect(overlapped).toBe(false);
    // Each run starts at least the run's length plus the interval after the previous one.
    for (let i = 1; i < runs; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(18);
    await sleep(60);
    expect(starts).toHaveLength(runs);
  });

  it("tells a long run it was stopped", async () => {
    let sawStop = false;
    let stop = () => {};
    stop = startRepeating(
      async (stopped) => {
        stop();
        sawStop = stopped();
      },
      { firstMs: 0, intervalMs: 1000, onError: () => {} },
    );
    await sleep(30);
    expect(sawStop).toBe(true);
  });
});
