// Registers every activity with the Durable Functions app (`df.app.activity`), under its contract name.
// functions/index.ts imports this file; nothing else should (importing it registers functions).
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { ACTIVITY, type ActivityName } from './contracts';
import { ACTIVITIES_WITH_DURABLE_CLIENT, ACTIVITY_HANDLERS } from './handlers';
import { toActivityFailureError } from './shared/activityFailure';
import { PREFLIGHT_ACTIVITY, type PreflightActivityName } from './preflightContracts';
import { PREFLIGHT_HANDLERS } from './preflightHandlers';

/**
 * The host hands over the input the orchestrator passed (JSON), typed by the contract on both sides. What an
 * activity throws reaches the orchestrator as message text only: it leaves as the encoded ActivityFailure.
 */
function register(
  name: string,
  typed: (input: unknown, context: InvocationContext) => Promise<unknown>,
  withClient = false,
): void {
  df.app.activity(name, {
    ...(withClient ? { extraInputs: [df.input.durableClient()] } : {}),
    handler: async (input: unknown, context: InvocationContext) => {
      try {
        return await typed(input, context);
      } catch (error) {
        throw toActivityFailureError(error);
      }
    },
  });
}

for (const name of Object.values(ACTIVITY) as ActivityName[]) {
  register(
    name,
    ACTIVITY_HANDLERS[name] as (input: unknown, context: InvocationContext) => Promise<unknown>,
    ACTIVITIES_WITH_DURABLE_CLIENT.has(name),
  );
}

for (const name of Object.values(PREFLIGHT_ACTIVITY) as PreflightActivityName[]) {
  register(name, PREFLIGHT_HANDLERS[name] as (input: unknown, context: InvocationContext) => Promise<unknown>);
}
