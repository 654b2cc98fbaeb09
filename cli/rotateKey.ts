// `hybrid-connection rotate-key NAME`: rotates a provisioned connection's VPN shared key (POST
// /api/connections/{name}/rotate-key) and, with --wait (the default on a terminal, as for `up` and `down`), follows
// the rotation to its end and shows the new Key Vault version and the downtime. Exit 0 started (or rotated, with
// --wait); 1 refused (unknown name, not provisioned, being torn down, a rotation already running), restored or failed.
import type { Command } from 'commander';
import { ApiStatusError } from './client/apiStatusError';
import { apiErrorOf } from './client/apiTypes';
import {
  addConnectionOptions,
  addIntervalOption,
  addWaitOptions,
  intervalMsOf,
  runConnectionCommand,
  shouldWait,
  writeJson,
  type CommandContext,
  type ConnectionCommandOptions,
} from './client/commandKit';
import { parseRotations, type RotationView } from './client/rotationTypes';
import { SITE_NAME_PATTERN } from '../lib/plan/types';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';
import { colourWanted, painter } from './render/ansi';
import { downtime, rotationLine } from './render/rotationLines';

interface RotateKeyOptions extends ConnectionCommandOptions {
  wait?: boolean;
  site?: string;
}

export function registerRotateKeyCommand(program: Command): void {
  const command = program
    .command('rotate-key')
    .description("Rotate a connection's VPN shared key (a new Key Vault version on both sides); --wait follows it")
    .argument('<name>', 'the connection name (plan.name)')
    .option('--site <site>', "a fleet's one site to rotate (default: every site, one after the other)")
    .addHelpText(
      'after',
      '\nExit codes: 0 rotation started (or rotated, with --wait); 1 refused (unknown name, not provisioned, being\n' +
        'torn down, a rotation already running), or the rotation failed (restored: both sides are back on the\n' +
        'previous key). The key itself is never shown: only Key Vault version ids.',
    );
  addIntervalOption(addConnectionOptions(addWaitOptions(command, 'rotation'))).action(
    async (name: string, options: RotateKeyOptions) => {
      if (options.site !== undefined && !SITE_NAME_PATTERN.test(options.site)) {
        process.stderr.write(
          `--site must be a site name (${SITE_NAME_PATTERN.source}), got ${JSON.stringify(options.site.slice(0, 40))}\n`,
        );
        process.exitCode = EXIT_USAGE;
        return;
      }
      await runConnectionCommand(options, async (context) => {
        const response = await context.client.rotateKey(name, options.site);
        if (response.status === 400 || response.status === 409 || response.status === 404) {
          if (context.json) writeJson(response.body);
          else process.stderr.write(`${refusalOf(response.body) ?? `cannot rotate the key of ${name}`}\n`);
          return EXIT_FAILED;
        }
        if (response.status !== 202) throw new ApiStatusError(response, `rotating the key of ${name}`);
        const instanceId = instanceIdOf(response.body);
        if (!shouldWait(options.wait)) {
          if (context.json) writeJson(response.body);
          else
            process.stdout.write(
              `rotation ${instanceId} of ${name} started; see it with: hybrid-connection status ${name}\n`,
            );
          return EXIT_OK;
        }
        if (!context.json) process.stdout.write(`rotation ${instanceId} of ${name} started\n`);
        const rotation = await followRotation(context, name, instanceId, intervalMsOf(options));
        if (context.json) writeJson(rotation);
        else process.stdout.write(`${resultLine(name, rotation)}\n`);
        return rotation.state === 'succeeded' ? EXIT_OK : EXIT_FAILED;
      });
    },
  );
}

/** A refusal's words: the error's message, or a field error's (`site: the plan has no site named x`). */
function refusalOf(body: unknown): string | undefined {
  const message = apiErrorOf(body)?.message;
  if (message !== undefined) return message;
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  const [first] = Array.isArray(errors) ? (errors as { path?: unknown; message?: unknown }[]) : [];
  return first !== undefined ? `${String(first.path)}: ${String(first.message)}` : undefined;
}

function instanceIdOf(body: unknown): string {
  const id = typeof body === 'object' && body !== null ? (body as { instanceId?: unknown }).instanceId : undefined;
  return typeof id === 'string' ? id : '';
}

/** Reads the connection's status until this rotation is no longer running. */
async function followRotation(
  context: CommandContext,
  name: string,
  instanceId: string,
  intervalMs: number,
): Promise<RotationView> {
  for (;;) {
    const response = await context.client.get(name);
    if (response.status !== 200) throw new ApiStatusError(response, `reading the rotation of ${name}`);
    const rotation = parseRotations(response.body).find((each) => each.instanceId === instanceId);
    if (rotation && rotation.state !== 'running') return rotation;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function resultLine(name: string, rotation: RotationView): string {
  const paint = painter(colourWanted(process.stdout));
  const sites = Object.entries(rotation.sites ?? {});
  if (rotation.state === 'succeeded' && sites.length > 0) {
    const versions = sites.map(([site, entry]) => `${site} ${entry.newVersion ?? '?'}`).join(', ');
    return `rotated the shared keys of ${name}, one site after the other: Key Vault versions ${versions} on both sides of each tunnel, longest downtime ${downtime(rotation)}`;
  }
  if (rotation.state === 'succeeded') {
    return `rotated the shared key of ${name}: Key Vault version ${rotation.newVersion ?? '?'} on both sides, downtime ${downtime(rotation)}`;
  }
  return rotationLine(rotation, paint);
}
