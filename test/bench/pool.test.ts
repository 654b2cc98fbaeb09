// The small concurrency helpers the benchmarks drive load with: a bounded pool and warm-up-aware repetition.
import { runPool } from '../../bench/pool';
import { repeat } from '../../bench/repeat';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('runPool', () => {
  it('runs every job once and never more than the concurrency at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(20, 3, async (index) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick();
      seen.push(index);
      inFlight--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('rethrows the first failure and starts no new job after it', async () => {
    const started: number[] = [];
    const run = runPool(10, 2, async (index) => {
      started.push(index);
      await tick();
      if (index === 1) throw new Error('job 1 broke');
    });
    await expect(run).rejects.toThrow('job 1 broke');
    expect(started.length).toBeLessThan(10);
  });

  it('does nothing for zero jobs', async () => {
    const job = jest.fn(() => Promise.resolve());
    await runPool(0, 4, job);
    expect(job).not.toHaveBeenCalled();
  });
});

describe('repeat', () => {
  it('runs warm-ups first and keeps only the measured runs, in order', async () => {
    const calls: number[] = [];
    const samples = await repeat({ runs: 3, warmups: 2 }, (run) => {
      calls.push(run);
      return Promise.resolve(run * 10);
    });
    expect(calls).toEqual([0, 1, 2, 3, 4]);
    expect(samples).toEqual([20, 30, 40]);
  });
});
