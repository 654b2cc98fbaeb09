// What the app entry registers with the Functions host: the HTTP API (function keys, our routes, a durable client
// each), the ticket trigger, the orchestrators and every activity of the contract.
import '../orchestrations/registeredFunctions';
import '../../functions/index';
import { InvocationContext } from '@azure/functions';
import { ACTIVITY, ACTIVITY_FAILURE_PREFIX } from '../../activities/contracts';
import { decodeActivityFailure } from '../../orchestrations/activityFailure';
import { ORCHESTRATION } from '../../orchestrations/names';
import { registered } from '../orchestrations/registeredFunctions';

function triggerOf(name: string) {
  return Object.values(registered(name).metadata.bindings).find((binding) => /trigger$/i.test(binding.type));
}

describe('functions/index', () => {
  it.each([
    ['startConnection', 'connections', ['POST']],
    ['listConnections', 'connections', ['GET']],
    ['getConnection', 'connections/{name}', ['GET']],
    ['deleteConnection', 'connections/{name}', ['DELETE']],
  ])('registers %s on %s with a function key and a durable client', (name, route, methods) => {
    expect(triggerOf(name)).toMatchObject({ type: 'httpTrigger', route, methods, authLevel: 'function' });
    const inputs = Object.values(registered(name).metadata.bindings).map((binding) => binding.type);
    expect(inputs).toContain('durableClient');
  });

  it('registers the ticket trigger with a durable client', () => {
    expect(triggerOf('ticketStart')?.type).toBe('eventGridTrigger');
    expect(Object.values(registered('ticketStart').metadata.bindings).map((b) => b.type)).toContain('durableClient');
  });

  it('registers every orchestrator and every activity of the contract', () => {
    for (const name of Object.values(ORCHESTRATION)) expect(triggerOf(name)?.type).toBe('orchestrationTrigger');
    for (const name of Object.values(ACTIVITY)) expect(triggerOf(name)?.type).toBe('activityTrigger');
  });

  it('registers activities so that whatever they throw leaves as the encoded ActivityFailure', async () => {
    const context = new InvocationContext({ functionName: ACTIVITY.getResourceState });
    // No target: the activity fails before any I/O, with a TypeError.
    const thrown: unknown = await Promise.resolve(registered(ACTIVITY.getResourceState).handler({}, context)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message.startsWith(ACTIVITY_FAILURE_PREFIX)).toBe(true);
    expect(decodeActivityFailure(thrown)).toMatchObject({ code: 'TypeError' });
  });
});
