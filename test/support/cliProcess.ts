// The built `hybrid-connection` command (bin/hybrid-connection.js) as a child process, for tests: run one to
// completion, or start a long-running one (host, serve, sim) and read its one-line JSON ready message. Test-only;
// whoever starts a process stops it (stop() in afterAll/finally), and nothing here hides a process that lingers.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const CLI = join(PROJECT_ROOT, 'bin', 'hybrid-connection.js');

const READY_TIMEOUT_MS = 30_000;
/** Longer than the commands' own 15 s stop deadline, so their exit code is seen before a SIGKILL replaces it. */
const STOP_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 60_000;

/** Node 22. bin/hybrid-connection.js re-spawns itself on Node < 22, and signals would then miss the real process. */
export function nodeBinary(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const bundled = join(PROJECT_ROOT, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) throw new Error('Node 22 not found: run npm install');
  return bundled;
}

/** Fails early, with what to do, when a built file the CLI needs is missing (`npm test` builds first). */
export function assertBuilt(files: string[] = ['dist/cli/index.js']): void {
  for (const file of files) {
    if (!existsSync(join(PROJECT_ROOT, file))) {
      throw new Error(`${file} is missing: build first (npx tsc -p tsconfig.build.json, or npm test)`);
    }
  }
}

/**
 * The machine's own `node`: the first on PATH outside this project (npm and npx put the bundled Node 22 first), else
 * the one running the tests. Started with an older Node, bin/hybrid-connection.js re-runs itself on Node 22.
 */
export function machineNode(path: string = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter)) {
    if (dir === '' || !isAbsolute(dir) || dir.startsWith(PROJECT_ROOT)) continue;
    const candidate = join(dir, 'node');
    if (existsSync(candidate)) return candidate;
  }
  return process.execPath;
}

/** The major version of a Node binary. */
export function nodeMajor(node: string): number {
  return Number(execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);
}

export interface CliSpawnOptions {
  /** Default: the project root. */
  cwd?: string;
  /** The Node that runs bin/hybrid-connection.js; default nodeBinary() (Node 22, so the bin runs in that process). */
  node?: string;
  /** Laid over this process's environment; a name set to undefined is removed. */
  env?: NodeJS.ProcessEnv;
}

export interface CliRun {
  /** null when the process ended by a signal (the run timed out). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `hybrid-connection <args>` to its end; killed with SIGKILL after `timeoutMs` (default 60 s). */
export function runCli(args: string[], options: CliSpawnOptions & { timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? RUN_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    // 'close', not 'exit': the output is complete only when the pipes are.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout: () => string;
  /** Everything written to stderr so far. */
  stderr: () => string;
  /**
   * Resolves with the exit code (null when ended by a signal) once the process has exited AND its pipes are closed:
   * stdout() and stderr() then hold everything it wrote.
   */
  exited: Promise<number | null>;
  /**
   * Sends `signal` (default SIGTERM) unless the process already ended, and resolves with its exit code once its
   * output is complete (as `exited`); SIGKILL when it is still there after `timeoutMs` (default 20 s). Safe to call
   * again.
   */
  stop: (signal?: NodeJS.Signals, timeoutMs?: number) => Promise<number | null>;
}

export interface CliProcess<Ready> extends RunningCli {
  /** The first stdout line, parsed. */
  ready: Ready;
  /** The first stdout line as printed. */
  readyText: string;
}

export interface StartCliOptions extends CliSpawnOptions {
  /** How long to wait for the ready line (default 30 s); then the process is killed and the start fails. */
  readyTimeoutMs?: number;
}

/** Starts `hybrid-connection <args>` and returns at once, collecting its output; whoever starts it stops it. */
export function spawnCliProcess(args: string[], options: CliSpawnOptions = {}): RunningCli {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': 'exit' may come before the pipes are drained, and a caller that asserts on the output after
  // the process ended (the stop message on stderr, a line printed just before exiting) would read it cut short.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = STOP_TIMEOUT_MS): Promise<number | null> => {
    // Already exited (its pipes may still be draining): only wait for the output to be complete.
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      // A process it started and left behind may hold the pipes open forever: cut the output rather than hang (the
      // exit code, null after the SIGKILL, then fails whoever expected a clean stop).
      void ended.then(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      });
    }, timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return { child, stdout: () => stdout, stderr: () => stderr, exited, stop };
}

/** Starts `hybrid-connection <args>` and waits for its JSON ready line; fails with its stderr if it exits first. */
export async function startCliProcess<Ready>(
  args: string[],
  options: StartCliOptions = {},
): Promise<CliProcess<Ready>> {
  const running = spawnCliProcess(args, options);
  const command = args[0] ?? 'hybrid-connection';
  let readyText: string;
  let ready: Ready;
  try {
    readyText = await firstLine(running.child, running.stdout, running.exited, {
      timeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
      failure: (reason) => `${command} ${reason}; stderr:\n${running.stderr()}`,
    });
    ready = parseReady<Ready>(readyText);
  } catch (error) {
    await running.stop('SIGKILL');
    throw error;
  }
  return { ...running, ready, readyText };
}

function spawnCli(args: string[], options: CliSpawnOptions): ChildProcess {
  return spawn(options.node ?? nodeBinary(), [CLI, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    // spawn leaves out names whose value is undefined: that is how an override removes one.
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The first complete stdout line, within the deadline and before the process ends. */
function firstLine(
  child: ChildProcess,
  stdout: () => string,
  closed: Promise<number | null>,
  { timeoutMs, failure }: { timeoutMs: number; failure: (reason: string) => string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.stdout?.off('data', onData);
      reject(new Error(failure(`printed no ready line within ${timeoutMs} ms`)));
    }, timeoutMs);
    const onData = (): void => {
      const newline = stdout().indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(stdout().slice(0, newline));
    };
    child.stdout?.on('data', onData);
    void closed.then((code) => {
      clearTimeout(timer);
      reject(new Error(failure(`exited with ${code} before it was ready`)));
    });
  });
}

function parseReady<Ready>(line: string): Ready {
  try {
    return JSON.parse(line) as Ready;
  } catch {
    throw new Error(`the first stdout line is not the JSON ready message: ${line}`);
  }
}
