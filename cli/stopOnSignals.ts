// Stops a long-running command (host, serve, sim) on SIGINT/SIGTERM/SIGHUP: once, within a deadline, then exits 0 or 1.
// Install it BEFORE printing the ready line. It writes to stderr only: the ready line is the only stdout output.
import { EXIT_FAILED, EXIT_OK } from './exitCodes';

/** A shutdown that takes longer than this is abandoned (exit 1) rather than leaving a process behind. */
export const STOP_TIMEOUT_MS = 15_000;

/** Interrupt, termination, and a closed terminal (SIGHUP) all stop the command cleanly. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface StoppableCommand {
  /** What the first stderr line says is stopped: `SIGTERM: stopping <what>` ('the host'). */
  what: string;
  /** Who failed, at the start of a failure line: `<who> did not stop in time` ('The host', 'serve'). */
  who: string;
  /** Stops everything the command started; resolves when it is down. */
  stop(): Promise<void>;
}

export function stopOnSignals(command: StoppableCommand): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while stopping must not start a second shutdown.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping ${command.what}\n`);
    setTimeout(() => {
      process.stderr.write(`${command.who} did not stop in time; exiting\n`);
      process.exit(EXIT_FAILED);
    }, STOP_TIMEOUT_MS).unref();
    command.stop().then(
      // Exit explicitly: keep-alive sockets (the app's SDK clients) or a timer a service forgot must not keep a
      // stopped process around.
      () => process.exit(EXIT_OK),
      (error: unknown) => {
        process.stderr.write(
          `${command.who} failed to stop: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(EXIT_FAILED);
      },
    );
  };
  // `on`, not `once`: the same signal often comes twice (Ctrl-C reaches both bin/hybrid-connection.js and the Node 22
  // child it started, and the parent forwards it too), and a second one must not fall through to Node's default
  // (an abrupt exit that leaves server.json behind) while the first shutdown runs.
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
}
