// The soak's child processes: `hybrid-connection sim` and `hybrid-connection host`, each started in a process group of
// its own (so a SIGKILL reaches everything it started), its one JSON ready line read from stdout, its stderr appended
// to a file the secrets scan reads later. Whoever starts a process stops it; nothing here outlives the soak.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../cli/packageRoot';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** Node 22: this process's when it is one (npm scripts, npx), else the `node` package's binary. */
export function node22(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const bundled = join(packageRoot(), 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) throw new Error('Node 22 not found: run npm install');
  return bundled;
}

/** The options `sim` and `host` share: any free port, a data folder, a time scale. */
export function serverArgs(dataDir: string, timeScale: number): string[] {
  return ['--port', '0', '--data', dataDir, '--time-scale', String(timeScale)];
}

export interface ServerProcess<Ready> {
  pid: number;
  ready: Ready;
  /** Everything printed on stdout after the ready line. */
  stdout(): string;
  /** Resolves once the process has exited and its pipes are closed. */
  exited: Promise<void>;
  /** SIGKILL to the whole process group, then waits for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), SIGKILL to the group if it is still there after 20 s. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  /** stderr is appended here. */
  stderrFile: string;
  /** Called once the process has ended, with what it printed after its ready line. */
  onExit?: (stdoutAfterReady: string) => void;
}

/** Starts `hybrid-connection <args>` in a new process group and waits for its ready line. */
export async function startServerProcess<Ready>(args: string[], options: StartOptions): Promise<ServerProcess<Ready>> {
  const stderrFd = openSync(options.stderrFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(node22(), [join(packageRoot(), 'bin', 'hybrid-connection.js'), ...args], {
      cwd: packageRoot(),
      env: options.env,
      stdio: ['ignore', 'pipe', stderrFd],
      detached: true,
    });
  } finally {
    closeSync(stderrFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`hybrid-connection ${args[0]} did not start`);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let code: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('close', (exitCode) => {
      code = exitCode;
      resolve();
    }),
  );
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const kill = async (): Promise<void> => {
    killGroup('SIGKILL');
    await exited;
  };
  let ready: Ready;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${args[0]} printed no ready line within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      const onData = (): void => {
        const newline = out.indexOf('\n');
        if (newline < 0) return;
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(out.slice(0, newline));
      };
      child.stdout?.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${args[0]} exited with ${code} before it was ready (stderr: ${options.stderrFile})`));
      });
    });
    ready = JSON.parse(line) as Ready;
  } catch (error) {
    await kill();
    throw error;
  }
  const readyLength = out.indexOf('\n') + 1;
  void exited.then(() => options.onExit?.(out.slice(readyLength)));
  return {
    pid,
    ready,
    stdout: () => out.slice(readyLength),
    exited,
    kill,
    async stop() {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
