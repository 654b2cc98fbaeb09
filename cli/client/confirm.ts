// Asking before something billable or destructive: only a person at a terminal is asked (stdin and stdout both
// TTYs); scripts, pipes and CI never are, so they cannot hang on a prompt. `--yes` answers for the person.
import { createInterface } from 'node:readline/promises';

/** A person is at the keyboard and sees the output. */
export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/** Asks a yes/no question on the terminal; only `y` or `yes` (any case) is yes, end of input is no. */
export async function confirm(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  const ended = new Promise<string>((resolve) => terminal.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([terminal.question(`${question} [y/N] `), ended]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    terminal.close();
  }
}
