// Registers every activity with the Durable Functions app (`df.app.activity`), under its contract name.
// functions/index.ts imports this file; nothing else should (importing it registers functions).
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { ACTIVITY, type ActivityName } from './contracts';
import { ACTIVITY_HANDLERS } from './handlers';
import { PREFLIGHT_ACTIVITY, type PreflightActivityName } from './preflightContracts';
import { PREFLIGHT_HANDLERS } from './preflightHandlers';

for (const name of Object.values(ACTIVITY) as ActivityName[]) {
  const typed = ACTIVITY_HANDLERS[name] as (input: unknown, context: InvocationContext) => Promise<unknown>;
  // The host hands over the input the orchestrator passed (JSON), typed by the contract on both sides.
  df.app.activity(name, { handler: (input: unknown, context: InvocationContext) => typed(input, context) });
}

for (const name of Object.values(PREFLIGHT_ACTIVITY) as PreflightActivityName[]) {
  const typed = PREFLIGHT_HANDLERS[name] as (input: unknown, context: InvocationContext) => Promise<unknown>;
  df.app.activity(name, { handler: (input: unknown, context: InvocationContext) => typed(input, context) });
}
