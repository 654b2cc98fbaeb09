// `hybrid-connection status NAME [--live]`: one look at a connection — every stage per cloud with its bar, the
// tunnel, the last events, the error with its hint, the teardown; with --live also what ARM reads now. Exit 0
// unless the run failed (1). It never waits; `watch` does.
import type { Command } from 'commander';
import { hasFailed } from './client/apiTypes';
import {
  addConnectionOptions,
  runConnectionCommand,
  writeJson,
  type ConnectionCommandOptions,
} from './client/commandKit';
import { fetchConnection } from './client/follow';
import { ServerClock } from './client/serverClock';
import { EXIT_FAILED, EXIT_OK } from './exitCodes';
import { parseRotations } from './client/rotationTypes';
import { colourWanted, painter } from './render/ansi';
import { rotationLines } from './render/rotationLines';
import { renderStatus } from './render/statusView';

interface StatusOptions extends ConnectionCommandOptions {
  live?: boolean;
}

export function registerStatusCommand(program: Command): void {
  const command = program
    .command('status')
    .description("Show a connection's stages, tunnel, events and error once (exit 1 when its run failed)")
    .argument('<name>', 'the connection name (plan.name)')
    .option('--live', "also read the resources and the tunnel from ARM now (the API's ?live=true)");
  addConnectionOptions(command).action(async (name: string, options: StatusOptions) => {
    await runConnectionCommand(options, async (context) => {
      const { view, body } = await fetchConnection(context.client, name, { live: options.live === true });
      if (context.json) {
        writeJson(body);
      } else {
        const clock = new ServerClock();
        clock.observe(view, Date.now());
        const history = await context.openHistory();
        const lines = renderStatus(view, {
          serverNowMs: clock.now(Date.now()),
          colour: colourWanted(process.stdout),
          bars: process.stdout.isTTY === true ? 'unicode' : 'ascii',
          history: (cloud, stage) => history.samples(cloud, stage),
          maxEvents: 8,
        });
        const rotations = rotationLines(parseRotations(body), painter(colourWanted(process.stdout)));
        process.stdout.write(`${[...lines, ...rotations].join('\n')}\n`);
      }
      return hasFailed(view) ? EXIT_FAILED : EXIT_OK;
    });
  });
}
