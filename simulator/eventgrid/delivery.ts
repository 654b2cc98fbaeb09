// Delivers stored events to webhook subscribers at least once: one request per event and subscription, retried on
// the virtual clock with Event Grid's back-off until success, a non-retriable answer, the attempt limit or the TTL.
// stop() cancels every pending retry and in-flight request. Logs endpoints without their query (keys live there).
import type { ClockTimer, VirtualClock } from '../../clock';
import { deliveryRequest } from './deliveryPayload';
import type { StoredEvent } from './events';
import { isRetriable, isSuccess, retryDelayMs } from './retrySchedule';
import { redactEndpoint, type EventSubscription } from './subscriptions';
import { callWebhook } from './webhookClient';

export interface DeliveryAttempt {
  /** Virtual epoch ms the attempt started. */
  at: number;
  /** The `aeg-delivery-count` sent: 0 on the first attempt. */
  deliveryCount: number;
  status?: number;
  error?: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'dropped' | 'cancelled';

export interface DeliveryRecord {
  subscriptionId: string;
  subscriptionName: string;
  eventId: string;
  eventSequence: number;
  state: DeliveryState;
  /** Why a delivery was dropped or cancelled. */
  reason?: string;
  attempts: DeliveryAttempt[];
}

export interface DelivererOptions {
  clock: VirtualClock;
  random: () => number;
  topicId: string;
  /** Wall ms to wait for a subscriber's answer (Event Grid waits 30 s). */
  timeoutMs: number;
  log?: (line: string) => void;
}

interface Job {
  record: DeliveryRecord;
  subscription: EventSubscription;
  event: StoredEvent;
  firstAttemptAt: number;
  timer?: ClockTimer;
  inFlight?: AbortController;
}

export class Deliverer {
  private readonly jobs: Job[] = [];
  private readonly waiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: DelivererOptions) {}

  enqueue(subscription: EventSubscription, event: StoredEvent): void {
    if (this.stopped) return;
    const record: DeliveryRecord = {
      subscriptionId: subscription.id,
      subscriptionName: subscription.name,
      eventId: event.id,
      eventSequence: event.sequence,
      state: 'pending',
      attempts: [],
    };
    const job: Job = { record, subscription, event, firstAttemptAt: this.options.clock.now() };
    this.jobs.push(job);
    this.schedule(job, 0);
  }

  records(): DeliveryRecord[] {
    return this.jobs.map((j) => ({ ...j.record, attempts: j.record.attempts.map((a) => ({ ...a })) }));
  }

  /** Resolves once no delivery is pending (immediately if none is). */
  whenIdle(): Promise<void> {
    if (!this.jobs.some((j) => j.record.state === 'pending')) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Cancels the pending deliveries of one subscription (it was deleted). */
  cancelSubscription(subscriptionId: string): void {
    for (const job of this.jobs) {
      if (job.subscription.id === subscriptionId) this.cancel(job, 'SubscriptionDeleted');
    }
    this.notifyIfIdle();
  }

  stop(): void {
    this.stopped = true;
    for (const job of this.jobs) this.cancel(job, 'TopicStopped');
    this.notifyIfIdle();
  }

  clear(): void {
    for (const job of this.jobs) this.cancel(job, 'Reset');
    this.jobs.length = 0;
    this.notifyIfIdle();
  }

  private cancel(job: Job, reason: string): void {
    if (job.record.state !== 'pending') return;
    job.timer?.cancel();
    job.inFlight?.abort();
    job.record.state = 'cancelled';
    job.record.reason = reason;
  }

  private schedule(job: Job, delayMs: number): void {
    job.timer = this.options.clock.setTimer(delayMs, () => {
      job.timer = undefined;
      void this.attempt(job);
    });
  }

  private async attempt(job: Job): Promise<void> {
    if (job.record.state !== 'pending') return;
    const { clock, topicId, timeoutMs } = this.options;
    const attempt: DeliveryAttempt = { at: clock.now(), deliveryCount: job.record.attempts.length };
    job.record.attempts.push(attempt);
    const request = deliveryRequest(job.subscription, job.event, attempt.deliveryCount, topicId);
    const controller = new AbortController();
    job.inFlight = controller;
    try {
      const response = await callWebhook(
        job.subscription.endpoint,
        'POST',
        request.headers,
        request.body,
        timeoutMs,
        controller.signal,
      );
      attempt.status = response.status;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    } finally {
      job.inFlight = undefined;
    }
    if (job.record.state !== 'pending') return; // cancelled while the request was in flight
    this.settle(job, attempt);
    this.notifyIfIdle();
  }

  private settle(job: Job, attempt: DeliveryAttempt): void {
    const { record, subscription } = job;
    const where = `${subscription.name} (${redactEndpoint(subscription.endpoint)})`;
    const outcome = attempt.status !== undefined ? `status ${attempt.status}` : `error ${attempt.error ?? ''}`;
    if (attempt.status !== undefined && isSuccess(attempt.status)) {
      record.state = 'delivered';
      this.log(`delivered event ${record.eventId} to ${where} on attempt ${record.attempts.length}`);
      return;
    }
    if (attempt.status !== undefined && !isRetriable(attempt.status)) {
      return this.drop(job, `NonRetriableStatus${attempt.status}`, `${where} answered ${outcome}`);
    }
    if (record.attempts.length >= subscription.maxDeliveryAttempts) {
      return this.drop(job, 'MaxDeliveryAttemptsExceeded', `${where} failed ${record.attempts.length} times`);
    }
    const delay = retryDelayMs(record.attempts.length, this.options.random);
    const ttlMs = subscription.eventTimeToLiveInMinutes * 60e3;
    if (this.options.clock.now() + delay - job.firstAttemptAt > ttlMs) {
      return this.drop(job, 'TimeToLiveExceeded', `${where} still failing when the event's time to live ran out`);
    }
    this.log(`delivery of event ${record.eventId} to ${where} failed (${outcome}); retry in ${delay} ms (virtual)`);
    this.schedule(job, delay);
  }

  private drop(job: Job, reason: string, detail: string): void {
    job.record.state = 'dropped';
    job.record.reason = reason;
    // No dead-letter destination is configurable here, so the event is dropped as Event Grid would drop it.
    this.log(`dropped event ${job.record.eventId}: ${reason}: ${detail}`);
  }

  private log(line: string): void {
    this.options.log?.(`eventgrid: ${line}`);
  }

  private notifyIfIdle(): void {
    if (this.jobs.some((j) => j.record.state === 'pending')) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
