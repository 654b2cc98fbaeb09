// Registers the Event Grid trigger that starts a connection from a ticket (HC_TICKET_EVENT_TYPE, default
// Tickets.HybridConnection.Requested). It logs what it decided and why; never the plan or anything secret.
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { configuredStamps } from '../lib/settings';
import { durableInstanceStore } from './instanceStore';
import { handleTicketEvent, RecentIds, ticketEventType } from './ticketStart';

export const TICKET_FUNCTION = 'ticketStart';

const recent = new RecentIds();

app.eventGrid(TICKET_FUNCTION, {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent | null, context: InvocationContext): Promise<void> => {
    // A malformed HC_AZURESTACK_STAMPS throws here: the delivery fails and Event Grid retries it once it is fixed.
    const store = durableInstanceStore(df.getClient(context));
    const outcome = await handleTicketEvent(store, event, recent, ticketEventType(), configuredStamps());
    const id = typeof event?.id === 'string' ? JSON.stringify(event.id.slice(0, 100)) : '(no id)';
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
