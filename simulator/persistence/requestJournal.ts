// Journals the requests that shape the simulator's state, and replays them on the next start. The simulator is
// deterministic given its seed, the requests it handled in order and the virtual time of each (ids, latencies, fault
// decisions, throttling all follow from them), so replaying the journal on the recorded times rebuilds everything a
// resumed run needs: resources, locks, operations still in progress (with their completions), Key Vault secrets and
// versions, Event Grid events, faults and account settings set over HTTP, the request log and every random stream's
// position. Nothing is recorded while replaying.
import type { Router } from '../http/server';
import type { SimHandler, SimRequest } from '../http/types';
import type { IssuedToken } from '../identity/tokenStore';
import type { ReplayClock } from './replayClock';
import type { StateDatabase } from './stateDatabase';

export class RequestJournal {
  private replaying = false;

  constructor(
    private readonly database: StateDatabase,
    readonly clock: ReplayClock,
  ) {}

  get file(): string {
    return this.database.file;
  }

  /** Appends one request, handled at `virtualTime`, before its answer leaves: a kill after this replays it. */
  record(request: SimRequest, virtualTime: number): void {
    if (this.replaying) return;
    this.clock.holdDuringHandling(virtualTime);
    this.database.record({
      virtualTime,
      wallTime: this.clock.wallTime(),
      method: request.method,
      url: request.url.href,
      headers: request.headers,
      body: request.body,
    });
  }

  recordToken(accessToken: string, token: IssuedToken): void {
    if (!this.replaying) this.database.recordToken(accessToken, token);
  }

  /** The bearer tokens issued before this start (clients still hold them). */
  savedTokens(): [string, IssuedToken][] {
    return this.database.tokens();
  }

  /**
   * A handler that records each request it is given (those `shapesState` accepts) at the time it starts. Only for
   * services that handle a request without waiting (Key Vault, Event Grid, the inspection API): ARM records its own,
   * after it has held a poll.
   */
  recorded(handler: SimHandler, shapesState: (request: SimRequest) => boolean = () => true): SimHandler {
    return (request) => {
      if (shapesState(request)) this.record(request, this.clock.now());
      return handler(request);
    };
  }

  /** Replays every journaled request through `router` on its recorded times; returns how many. */
  async replay(router: Router, onError: (error: unknown) => void): Promise<number> {
    this.replaying = true;
    let count = 0;
    try {
      for (const entry of this.database.entries()) {
        this.clock.replayTo(entry.virtualTime, entry.wallTime);
        const url = new URL(entry.url);
        const route = router(url.pathname);
        if (route === undefined) continue;
        count++;
        try {
          await route.handler({
            method: entry.method,
            url,
            path: route.path,
            headers: entry.headers,
            body: entry.body,
          });
        } catch (error) {
          // It failed the same way when it first came: the live run answered 500 and went on.
          onError(error);
        }
      }
    } finally {
      this.replaying = false;
    }
    return count;
  }
}
