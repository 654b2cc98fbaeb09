// What the ticket trigger does with one Event Grid event: the configured type only, a plan with a ticketId, at most
// one run per ticket. Invalid plans are logged (paths and messages only) and dropped; duplicate deliveries (same
// event id, or a ticket already run) and a ticket for a connection already running start nothing. The guarantee is
// durable state: the task hub refuses a second start of an active instance, and the ticket id recorded in the
// instance's input marks a ticket as run; the recent event ids are only a shortcut for quick redeliveries.
import { DEFAULT_TICKET_EVENT_TYPE } from '../lib/settings';
import { instanceIdFor } from '../lib/naming';
import type { StampSettings } from '../lib/settings';
import { readProvisionInput } from '../orchestrations/planInput';
import { startConflict, startProvisioning, validateBoundPlan } from './connectionService';
import type { ApiResult } from './apiResult';
import type { InstanceSnapshot, InstanceStore } from './instanceStore';

export type TicketOutcome =
  | { kind: 'started'; instanceId: string; ticketId: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'duplicate'; reason: string }
  | { kind: 'conflict'; reason: string };

/** The fields of an Event Grid event (Event Grid or CloudEvents schema) this trigger reads. */
export interface TicketEvent {
  id?: string;
  eventType?: string;
  type?: string;
  data?: unknown;
}

export function ticketEventType(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.HC_TICKET_EVENT_TYPE?.trim() || DEFAULT_TICKET_EVENT_TYPE;
}

/** Event ids seen recently in this process: Event Grid redelivers at least once, sometimes in quick succession. */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 1000) {}

  /** True when `id` was seen before; remembers it otherwise. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return false;
  }

  forget(id: string): void {
    this.ids.delete(id);
  }
}

export async function handleTicketEvent(
  store: InstanceStore,
  event: TicketEvent | null,
  recent: RecentIds,
  expectedType: string,
  stamps: readonly StampSettings[],
): Promise<TicketOutcome> {
  // The host checks the batch's shape; a sender may still get a non-object through, and redelivery cannot fix it.
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { kind: 'invalid', reason: 'the event is not a JSON object' };
  }
  const type = event.eventType ?? event.type;
  if (type !== expectedType) return { kind: 'ignored', reason: `event type ${bounded(type)} is not ${expectedType}` };
  const validation = validateBoundPlan(event.data, stamps);
  if (!validation.ok) {
    const fields = validation.errors.map((error) => `${error.path || '(plan)'}: ${error.message}`).join('; ');
    return { kind: 'invalid', reason: `the event's plan is invalid: ${fields}` };
  }
  const plan = validation.plan;
  if (plan.ticketId === undefined) return { kind: 'invalid', reason: 'the event carries a plan without ticketId' };
  const eventId = event.id ?? `${plan.name}/${plan.ticketId}`;
  if (recent.seen(eventId)) return { kind: 'duplicate', reason: `event ${eventId} was delivered before` };

  const ticketId = plan.ticketId;
  const instanceId = instanceIdFor(plan.name);
  let outcome: TicketOutcome | undefined;
  try {
    const refused = await startProvisioning(store, plan, async (): Promise<ApiResult | undefined> => {
      const previous = await store.get(instanceId);
      if (previous && ticketOf(previous.input) === ticketId) {
        outcome = duplicateOf(ticketId, previous);
        return { status: 409, body: null };
      }
      const conflict = await startConflict(store, plan.name, plan);
      if (conflict) {
        outcome = {
          kind: 'conflict',
          reason: `connection ${plan.name} is already running (${previous?.runtimeStatus ?? 'Pending'})`,
        };
      }
      return conflict;
    });
    if (refused) return outcome ?? (await refusedStart(store, instanceId, ticketId, plan.name));
  } catch (error) {
    // Let Event Grid redeliver: the id must not count as seen when nothing was started.
    recent.forget(eventId);
    throw error;
  }
  return { kind: 'started', instanceId, ticketId };
}

/**
 * A start refused without a decision of ours (the task hub, or another delivery in this process, got there first):
 * the ticket id recorded in the instance's input tells a repeat of this ticket from another ticket's run.
 */
async function refusedStart(
  store: InstanceStore,
  instanceId: string,
  ticketId: string,
  name: string,
): Promise<TicketOutcome> {
  const current = await store.get(instanceId);
  if (current && ticketOf(current.input) === ticketId) return duplicateOf(ticketId, current);
  return { kind: 'conflict', reason: `connection ${name} is being started by another delivery or ticket` };
}

function duplicateOf(ticketId: string, instance: InstanceSnapshot): TicketOutcome {
  return {
    kind: 'duplicate',
    reason: `ticket ${ticketId} already ran as ${instance.instanceId} (${instance.runtimeStatus})`,
  };
}

/** An event's own text in a log line, bounded: the sender chooses it. */
function bounded(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/** The ticket of the plan a run was started with (any plan version this app reads). */
function ticketOf(input: unknown): string | undefined {
  const stored = readProvisionInput(input);
  return stored.ok ? stored.plan.ticketId : undefined;
}
