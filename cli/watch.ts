// `hybrid-connection watch NAME`: follows a connection's run (or its teardown, when that is what is running) to the
// end with the live view; exit 0 when it succeeded, 1 when it failed. Also the follow loop `up` and `down` reuse.
import type { Command } from 'commander';
import { hasFailed, isFinished, type ConnectionView } from './client/apiTypes';
import {
  addConnectionOptions,
  addIntervalOption,
  intervalMsOf,
  onInterrupt,
  runConnectionCommand,
  writeJson,
  type CommandContext,
  type ConnectionCommandOptions,
} from './client/commandKit';
import { fetchConnection, follow, type Followed } from './client/follow';
import { ServerClock } from './client/serverClock';
import { EXIT_FAILED, EXIT_OK } from './exitCodes';
import { colourWanted } from './render/ansi';
import { teardownPhaseOf } from './render/labels';
import { outcomeLines, teardownOutcomeLines } from './render/outcomeLines';
import { progressModeFor, ProgressSession, type ProgressKind } from './render/progressSession';

export interface FollowToEndOptions {
  kind: ProgressKind;
  intervalMs: number;
}

export function provisioningEnded(view: ConnectionView): boolean {
  return isFinished(view.runtimeStatus);
}

export function teardownEnded(view: ConnectionView): boolean {
  return view.teardown !== null && isFinished(view.teardown.runtimeStatus);
}

/**
 * Polls until the run (or teardown) ends, showing progress: on stdout, or on stderr with --json so stdout keeps
 * its one JSON document. Stage durations seen finishing are remembered for the next progress bars.
 */
export async function followToEnd(
  context: CommandContext,
  name: string,
  options: FollowToEndOptions,
): Promise<Followed> {
  const history = await context.openHistory();
  const stream = context.json ? process.stderr : process.stdout;
  const session = new ProgressSession({
    stream,
    mode: progressModeFor(stream),
    kind: options.kind,
    clock: new ServerClock(),
    history: (cloud, stage) => history.samples(cloud, stage),
  });
  const removeInterrupt = onInterrupt(name, () => session.stop());
  let learned = false;
  try {
    return await follow(context.client, name, {
      intervalMs: options.intervalMs,
      until: options.kind === 'teardown' ? teardownEnded : provisioningEnded,
      onView: (view) => {
        session.show(view);
        if (history.record(view)) learned = true;
      },
      onRetry: (error, attempt) => process.stderr.write(`warning: ${error.message} (retrying, attempt ${attempt})\n`),
    });
  } finally {
    session.stop();
    removeInterrupt();
    if (learned) await history.save();
  }
}

/** Prints the end of a followed run (JSON or words) and returns its exit code. */
export function finishFollowed(context: CommandContext, followed: Followed, kind: ProgressKind): number {
  const { view } = followed;
  const failed = kind === 'teardown' ? view.teardown?.runtimeStatus !== 'Completed' : hasFailed(view);
  if (context.json) {
    writeJson(followed.body);
  } else {
    const stream = failed ? process.stderr : process.stdout;
    const colour = colourWanted(stream);
    const lines = kind === 'teardown' ? teardownOutcomeLines(view, colour) : outcomeLines(view, colour);
    stream.write(`${lines.join('\n')}\n`);
  }
  return failed ? EXIT_FAILED : EXIT_OK;
}

export function registerWatchCommand(program: Command): void {
  const command = program
    .command('watch')
    .description('Follow a connection live until its run (or its teardown) ends; exit 0 succeeded, 1 failed')
    .argument('<name>', 'the connection name (plan.name)');
  addIntervalOption(addConnectionOptions(command)).action(async (name: string, options: ConnectionCommandOptions) => {
    await runConnectionCommand(options, async (context) => {
      const first = await fetchConnection(context.client, name);
      // Follow whatever is running: the provisioning, else a teardown; a finished one is reported as it ended. A
      // connection whose teardown ran after its run is reported by that teardown (`phase` says so), never as
      // "connected".
      const teardownRunning = first.view.teardown !== null && !teardownEnded(first.view);
      const tornDown = teardownPhaseOf(first.view.phase) !== undefined;
      const kind: ProgressKind =
        provisioningEnded(first.view) && (teardownRunning || tornDown) ? 'teardown' : 'provision';
      const followed = await followToEnd(context, name, { kind, intervalMs: intervalMsOf(options) });
      return finishFollowed(context, followed, kind);
    });
  });
}
