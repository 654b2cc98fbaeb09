// Runs the built `hybrid-connection` command on a pseudo-terminal, as a person at a keyboard does: python3's pty
// module (python3 is on every machine this project runs on) gives the child a terminal for stdin and stdout, and
// types `answer` once a `[y/N]` question appears. Test-only; the child's end is awaited on 'close' with its output.
import { spawn } from 'node:child_process';
import { CLI, nodeBinary, PROJECT_ROOT } from './cliProcess';

const PTY_DRIVER = `
import os, pty, select, sys
answer = sys.argv[1].encode() + b"\\r"
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
seen = b""
sent = False
while True:
    ready, _, _ = select.select([fd], [], [], 60)
    if not ready:
        break
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    seen += data
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    if not sent and b"[y/N]" in seen:
        os.write(fd, answer)
        sent = True
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

export interface TerminalRun {
  code: number | null;
  /** What the terminal showed (stdout and stderr share it), carriage returns removed. */
  screen: string;
}

/** `hybrid-connection <args>` on a terminal, answering the first [y/N] question with `answer`. */
export function runOnTerminal(args: string[], answer: string, env: NodeJS.ProcessEnv = {}): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', PTY_DRIVER, answer, nodeBinary(), CLI, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, screen: screen.replace(/\r/g, '') }));
  });
}
