// Shows a followed connection while it changes: redrawn in place on a terminal (with a ticker, so spinners and
// elapsed times move between polls), appended lines otherwise, or nothing. It owns the screen while it runs and
// always gives the cursor back in stop().
import type { CloudId } from '../../lib/cloudIds';
import type { ConnectionView } from '../client/apiTypes';
import type { ServerClock } from '../client/serverClock';
import { colourWanted } from './ansi';
import { LiveScreen, type TerminalStream } from './liveScreen';
import { PlainLog } from './plainLog';
import { renderStatus } from './statusView';
import { renderTeardown, TeardownPlainLog } from './teardownView';

export type ProgressMode = 'tty' | 'plain' | 'none';
export type ProgressKind = 'provision' | 'teardown';

export interface ProgressStream extends TerminalStream {
  isTTY?: boolean;
}

export interface ProgressSessionOptions {
  stream: ProgressStream;
  mode: ProgressMode;
  kind: ProgressKind;
  clock: ServerClock;
  history?: (cloud: CloudId, stage: string) => readonly number[];
  wallNow?: () => number;
  /** TTY redraw period between polls (default 200 ms). */
  tickMs?: number;
}

/** A terminal gets the live view; pipes, files and CI logs get appended lines. */
export function progressModeFor(stream: ProgressStream, quiet = false): ProgressMode {
  if (quiet) return 'none';
  return stream.isTTY === true ? 'tty' : 'plain';
}

export class ProgressSession {
  private last?: ConnectionView;
  private tick = 0;
  private ticker?: NodeJS.Timeout;
  private readonly screen?: LiveScreen;
  private readonly plain?: PlainLog;
  private readonly teardownLog?: TeardownPlainLog;
  private readonly wallNow: () => number;

  constructor(private readonly options: ProgressSessionOptions) {
    this.wallNow = options.wallNow ?? Date.now;
    if (options.mode === 'tty') this.screen = new LiveScreen(options.stream);
    if (options.mode === 'plain') {
      if (options.kind === 'teardown') this.teardownLog = new TeardownPlainLog();
      else this.plain = new PlainLog(options.history);
    }
  }

  show(view: ConnectionView): void {
    this.options.clock.observe(view, this.wallNow());
    this.last = view;
    if (this.screen) {
      this.draw();
      if (!this.ticker) {
        this.ticker = setInterval(() => this.draw(), this.options.tickMs ?? 200);
        this.ticker.unref();
      }
      return;
    }
    const now = this.options.clock.now(this.wallNow());
    const lines = this.plain?.update(view, now) ?? this.teardownLog?.update(view, now) ?? [];
    for (const line of lines) this.options.stream.write(`${line}\n`);
  }

  /** Stops the ticker and leaves the final frame (drawn once more from the last status) on screen. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.screen) {
      if (this.last) this.draw();
      this.screen.close();
    }
  }

  private draw(): void {
    if (!this.screen || !this.last) return;
    this.tick++;
    const common = {
      serverNowMs: this.options.clock.now(this.wallNow()),
      colour: colourWanted(this.options.stream),
      bars: 'unicode' as const,
      tick: this.tick,
    };
    const lines =
      this.options.kind === 'teardown'
        ? renderTeardown(this.last, common)
        : renderStatus(this.last, { ...common, ...(this.options.history ? { history: this.options.history } : {}) });
    this.screen.draw(lines);
  }
}
