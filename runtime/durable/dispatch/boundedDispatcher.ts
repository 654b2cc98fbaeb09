// The scheduling both dispatchers share: coalesced dispatch rounds, at most maxConcurrent jobs in flight, a key never
// in flight twice, another round whenever a job ends, and a pause for a key whose job failed in the runtime itself.
// It knows nothing of what a job is and never commits anything.
import type { DispatchContext } from './dispatchContext';

/** How long a key whose job failed in the runtime (the store, a bug) is left alone before it is tried again. */
const RUNTIME_FAILURE_BACKOFF_WALL_MS = 1000;

export abstract class BoundedDispatcher<Job, Key> {
  private readonly inFlight = new Set<Key>();
  private readonly backingOff = new Set<Key>();
  private roundQueued = false;

  constructor(
    protected readonly context: DispatchContext,
    private readonly maxConcurrent: number,
  ) {}

  /** Asks for a dispatch round soon (coalesced). */
  kick(): void {
    if (this.roundQueued || this.context.isStopped()) return;
    this.roundQueued = true;
    setImmediate(() => {
      this.roundQueued = false;
      this.round();
    });
  }

  /** Up to `free` jobs that are due now, none whose key is in `skip` (in flight or backing off). */
  protected abstract claim(free: number, skip: ReadonlySet<Key>): Iterable<Job>;

  protected abstract keyOf(job: Job): Key;

  /** Does the job and commits its outcome; a function's failure is an outcome, not a rejection. */
  protected abstract run(job: Job): Promise<void>;

  /** `run` rejected: the runtime itself failed (the store, a bug). The key then backs off for a wall second. */
  protected abstract runFailed(job: Job, error: unknown): void;

  private round(): void {
    if (this.context.isStopped()) return;
    const free = this.maxConcurrent - this.inFlight.size;
    if (free <= 0) return;
    const skip = new Set([...this.inFlight, ...this.backingOff]);
    for (const job of this.claim(free, skip)) {
      const key = this.keyOf(job);
      this.inFlight.add(key);
      this.run(job)
        .catch((error: unknown) => {
          this.runFailed(job, error);
          // The job is still due: without a pause the next round would run it (and fail) again at once, forever.
          this.backingOff.add(key);
          setTimeout(() => {
            this.backingOff.delete(key);
            this.kick();
          }, RUNTIME_FAILURE_BACKOFF_WALL_MS).unref();
        })
        .finally(() => {
          this.inFlight.delete(key);
          this.kick();
        });
    }
  }
}
