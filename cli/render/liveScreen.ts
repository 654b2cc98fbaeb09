// Redraws a block of lines in place on a terminal: cursor back to the block's first line, each line cleared and
// rewritten, anything left below cleared. Lines are cut to the terminal width first, because a wrapped line would
// throw the cursor arithmetic off. `redrawFrame` is pure; LiveScreen only remembers the last frame's height.
import { CURSOR, truncateVisible } from './ansi';

/** The bytes that replace a block of `previousLineCount` lines (0: nothing drawn yet) with `lines`. */
export function redrawFrame(previousLineCount: number, lines: readonly string[], width: number): string {
  let out = previousLineCount > 0 ? CURSOR.up(previousLineCount) : '';
  for (const line of lines) out += `${CURSOR.clearLine}${truncateVisible(line, width - 1)}\n`;
  return `${out}${CURSOR.clearBelow}`;
}

export interface TerminalStream {
  write(text: string): boolean;
  columns?: number;
}

export class LiveScreen {
  private height = 0;
  private cursorHidden = false;

  constructor(private readonly stream: TerminalStream) {}

  draw(lines: readonly string[]): void {
    if (!this.cursorHidden) {
      this.stream.write(CURSOR.hide);
      this.cursorHidden = true;
    }
    this.stream.write(redrawFrame(this.height, lines, this.stream.columns ?? 100));
    this.height = lines.length;
  }

  /** Leaves the last frame on screen and gives the cursor back. */
  close(): void {
    if (this.cursorHidden) this.stream.write(CURSOR.show);
    this.cursorHidden = false;
  }
}
