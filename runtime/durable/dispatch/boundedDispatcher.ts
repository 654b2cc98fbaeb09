// The scheduling both dispatchers share: coalesced dispatch rounds, at most maxConcurrent jobs in flight, a key never
// in flight twice, another round whenever a job ends. It knows nothing of what a job is and never commits anything.
import type { DispatchContext } from './dispatchContext';

export abstract class BoundedDispatcher<Job, Key> {
  private readonly inFlight = new Set<Key>();
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

  /** Jobs in flight now. */
  get busy(): number {
    return this.inFlight.size;
  }

  /** Up to `free` jobs that are due now, none whose key is in `inFlight`. */
  protected abstract claim(free: number, inFlight: ReadonlySet<Key>): Iterable<Job>;

  protected abstract keyOf(job: Job): Key;

  /** Does the job and commits its outcome; a function's failure is an outcome, not a rejection. */
  protected abstract run(job: Job): Promise<void>;

  /** `run` rejected: the runtime itself failed (the store, a bug). The job's key is still in flight meanwhile. */
  protected abstract runFailed(job: Job, error: unknown): void;

  private round(): void {
    if (this.context.isStopped()) return;
    const free = this.maxConcurrent - this.inFlight.size;
    if (free <= 0) return;
    for (const job of this.claim(free, this.inFlight)) {
      const key = this.keyOf(job);
      this.inFlight.add(key);
      this.run(job)
        .catch((error: unknown) => this.runFailed(job, error))
        .finally(() => {
          this.inFlight.delete(key);
          this.kick();
        });
    }
  }
}
