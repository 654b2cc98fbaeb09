// The shapes Event Grid stores and delivers: events as published (CloudEvents 1.0 or Event Grid schema), with the
// arrival order and virtual receive time the inspection API reports. Types only.
import type { JsonObject } from '../http/types';

export type EventSchema = 'CloudEventSchemaV1_0' | 'EventGridSchema';

export interface StoredEvent {
  /** 1-based arrival order across all publishes. */
  sequence: number;
  /** The schema the event was published in. */
  schema: EventSchema;
  id: string;
  /** CloudEvents `type` or Event Grid `eventType`. */
  type: string;
  subject?: string;
  /** CloudEvents `source` (Event Grid schema events have a topic instead). */
  source?: string;
  /** Virtual epoch ms at which the topic accepted the publish. */
  receivedAt: number;
  /** The `aeg-channel-name` header of the publish, if any (partner topics). */
  channelName?: string;
  /** The event exactly as published (a private copy). */
  event: JsonObject;
}
