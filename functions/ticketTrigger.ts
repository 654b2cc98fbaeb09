// Registers the Event Grid trigger that starts a connection from a ticket (HC_TICKET_EVENT_TYPE, default
// Tickets.HybridConnection.Requested). It logs what it decided and why; never the plan or anything secret.
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { durableInstanceStore } from './instanceStore';
import { handleTicketEvent, RecentIds } from './ticketStart';

export const TICKET_FUNCTION = 'ticketStart';

const recent = new RecentIds();

app.eventGrid(TICKET_FUNCTION, {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent, context: InvocationContext): Promise<void> => {
    const outcome = await handleTicketEvent(durableInstanceStore(df.getClient(context)), event, recent);
    const id = event.id ?? '(no id)';
    switch (outcome.kind) {
      case 'started':
        context.log(`ticket ${outcome.ticketId} (event ${id}) started ${outcome.instanceId}`);
        break;
      case 'invalid':
        context.warn(`event ${id} dropped: ${outcome.reason}`);
        break;
      default:
        context.log(`event ${id} started nothing: ${outcome.reason}`);
    }
  },
});
