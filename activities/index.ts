// Registers every activity with the Durable Functions app (`df.app.activity`), under its contract name.
// functions/index.ts imports this file; nothing else should (importing it registers functions).
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { ACTIVITY, type ActivityName } from './contracts';
import { ACTIVITY_HANDLERS } from './handlers';
import { toActivityFailureError } from './shared/activityFailure';
import { PREFLIGHT_ACTIVITY, type PreflightActivityName } from './preflightContracts';
import { PREFLIGHT_HANDLERS } from './preflightHandlers';

const DURABLE_CLIENT_ACTIVITIES: readonly string[] = [ACTIVITY.startKeySchedule];

/**
 * The host hands over the input the orchestrator passed (JSON), typed by the contract on both sides. What an
 * activity throws reaches the orchestrator as message text only: it leaves as the encoded ActivityFailure.
 */
function register(name: string, typed: (input: unknown, context: InvocationContext) => Promise<unknown>): void {
  df.app.activity(name, {
    // The activities that start an orchestration of their own (the key schedule) read the Durable client binding.
    ...(DURABLE_CLIENT_ACTIVITIES.includes(name) ? { extraInputs: [df.input.durableClient()] } : {}),
    handler: async (input: unknown, context: InvocationContext) => {
      try {
        return await typed(input, context);
      } catch (error) {
        throw toActivityFailureError(error, clockScaleOf(context));
      }
    },
  });
}

/**
 * Task hub time per wall time: the local runtime sends it (triggerMetadata.clockScale) when a time scale runs its
 * durable timers faster than the wall clock; the real extension does not, and there both clocks are the same.
 */
function clockScaleOf(context: InvocationContext): number {
  const sent: unknown = context.triggerMetadata?.clockScale;
  const scale = typeof sent === 'number' ? sent : typeof sent === 'string' ? Number(sent) : NaN;
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

for (const name of Object.values(ACTIVITY) as ActivityName[]) {
  register(name, ACTIVITY_HANDLERS[name] as (input: unknown, context: InvocationContext) => Promise<unknown>);
}

for (const name of Object.values(PREFLIGHT_ACTIVITY) as PreflightActivityName[]) {
  register(name, PREFLIGHT_HANDLERS[name] as (input: unknown, context: InvocationContext) => Promise<unknown>);
}
