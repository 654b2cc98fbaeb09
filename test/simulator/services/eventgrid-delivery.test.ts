// Webhook delivery from the simulated Event Grid topic: validation handshakes, delivery headers and bodies in both
// schemas, filters, retries with back-off on the virtual clock, non-retriable answers, attempt limits and stop().
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { VirtualClock } from '../../../clock';
import {
  SubscriptionValidationError,
  createEventGridTopic,
  type SimEventGridTopic,
} from '../../../simulator/eventgrid';
import type { SimHandler } from '../../../simulator/http/types';
import { seededRandom, startHarness, type Harness } from './harness';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

const START = Date.UTC(2030, 0, 1, 12, 0, 0);
const KEY = Buffer.alloc(32, 3).toString('base64');
const TOPIC_ID =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.EventGrid/topics/hc';

/** An https webhook served by the harness itself, to prove delivery over TLS too. */
const httpsHook: SimHandler = (request) => {
  if (request.method === 'OPTIONS') {
    return { status: 200, headers: { 'webhook-allowed-origin': String(request.headers['webhook-request-origin']) } };
  }
  return { status: 200 };
};

describe('simulated Event Grid topic: webhook delivery', () => {
  // A fast clock: Event Grid's 10 s and 30 s retry steps take 4 ms of wall time, while the default 24 h time to live
  // (8.6 s of wall time) stays far beyond any request latency on a loaded machine.
  let clock: VirtualClock;
  let topic: SimEventGridTopic;
  let harness: Harness;
  let receiver: WebhookReceiver;
  let cloud: EventGridPublisherClient<'CloudEvent'>;
  let legacy: EventGridPublisherClient<'EventGrid'>;
  const logs: string[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });

  beforeEach(async () => {
    clock = new VirtualClock({ startAt: START, scale: 10_000 });
    topic = createEventGridTopic({
      key: KEY,
      clock,
      random: seededRandom(5),
      topicId: TOPIC_ID,
      log: (l) => logs.push(l),
    });
    harness = await startHarness([
      { prefix: '/eventgrid', handler: topic.handler },
      { prefix: '/hook', handler: httpsHook },
    ]);
    const endpoint = `${harness.origin}/eventgrid/api/events`;
    cloud = new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureKeyCredential(KEY));
    legacy = new EventGridPublisherClient(endpoint, 'EventGrid', new AzureKeyCredential(KEY));
    receiver.requests.length = 0;
  });

  afterEach(async () => {
    topic.stop();
    await harness.close();
    clock.dispose();
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('validates a CloudEvents subscriber with the OPTIONS handshake first, then delivers each event', async () => {
    const subscription = await topic.subscribe({ endpoint: `${receiver.base}/ce`, name: 'ceSub' });
    expect(receiver.requests.map((r) => r.method)).toEqual(['OPTIONS']);
    expect(receiver.requests[0].headers['webhook-request-origin']).toBe('eventgrid.azure.net');
    expect(subscription.schema).toBe('CloudEventSchemaV1_0');

    await cloud.send([
      {
        id: 'a',
        source: '/hc',
        type: 'HybridConnection.Provisioning.Started',
        subject: 'connections/x',
        data: { n: 1 },
      },
      { id: 'b', source: '/hc', type: 'HybridConnection.Provisioning.Succeeded', data: { n: 2 } },
    ]);
    await topic.whenDeliveriesIdle();

    const delivered = receiver.notifications('/ce');
    expect(delivered).toHaveLength(2);
    const bodies = delivered.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.id).sort()).toEqual(['a', 'b']);
    expect(bodies.find((b) => b.id === 'a')).toMatchObject({
      specversion: '1.0',
      source: '/hc',
      subject: 'connections/x',
      data: { n: 1 },
    });
    for (const request of delivered) {
      expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(request.headers['aeg-subscription-name']).toBe('CESUB');
      expect(request.headers['aeg-delivery-count']).toBe('0');
      expect(request.headers['aeg-sas-key']).toBeUndefined();
    }
    expect(topic.deliveries().map((d) => d.state)).toEqual(['delivered', 'delivered']);
  });

  it('validates an Event Grid schema subscriber with the SubscriptionValidation event and delivers arrays', async () => {
    await topic.subscribe({ endpoint: `${receiver.base}/eg`, name: 'egSub', schema: 'EventGridSchema' });
    const [handshake] = receiver.requests;
    expect(handshake.method).toBe('POST');
    expect(handshake.headers['aeg-event-type']).toBe('SubscriptionValidation');
    const [validation] = JSON.parse(handshake.body) as Record<string, unknown>[];
    expect(validation).toMatchObject({
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      topic: TOPIC_ID,
      data: { validationCode: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown },
    });

    await legacy.send([
      { id: 'g', subject: 'connections/y', eventType: 'Legacy.Done', dataVersion: '2.0', data: { ok: 1 } },
    ]);
    await topic.whenDeliveriesIdle();
    const [notification] = receiver.notifications('/eg');
    expect(notification.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(notification.headers['aeg-data-version']).toBe('2.0');
    expect(JSON.parse(notification.body)).toEqual([
      expect.objectContaining({
        id: 'g',
        eventType: 'Legacy.Done',
        topic: TOPIC_ID,
        metadataVersion: '1',
        data: { ok: 1 },
      }),
    ]);
  });

  it('converts Event Grid schema events for CloudEvents subscribers, but never the other way', async () => {
    await topic.subscribe({ endpoint: `${receiver.base}/ce`, name: 'ce' });
    await topic.subscribe({ endpoint: `${receiver.base}/eg`, name: 'eg', schema: 'EventGridSchema' });
    await legacy.send([{ id: 'legacy', subject: 'sub/1', eventType: 'Legacy.T', dataVersion: '1', data: { v: 1 } }]);
    await cloud.send([{ id: 'modern', source: '/hc', type: 'Modern.T', data: {} }]);
    await topic.whenDeliveriesIdle();

    const ce = receiver.notifications('/ce').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(ce.map((e) => e.id).sort()).toEqual(['legacy', 'modern']);
    expect(ce.find((e) => e.id === 'legacy')).toMatchObject({
      specversion: '1.0',
      type: 'Legacy.T',
      source: TOPIC_ID,
      subject: 'sub/1',
      data: { v: 1 },
    });
    const eg = receiver.notifications('/eg').map((r) => (JSON.parse(r.body) as Record<string, unknown>[])[0]);
    expect(eg.map((e) => e.id)).toEqual(['legacy']);
  });

  it('delivers to an https webhook as well', async () => {
    await topic.subscribe({ endpoint: `${harness.origin}/hook/events`, name: 'tls' });
    await cloud.send([{ id: 'over-tls', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    expect(topic.deliveries()).toEqual([expect.objectContaining({ eventId: 'over-tls', state: 'delivered' })]);
    expect(harness.requests.filter((r) => r.path === '/hook/events').map((r) => r.method)).toEqual(['OPTIONS', 'POST']);
  });

  it('filters by event type and subject prefix, case-insensitively', async () => {
    await topic.subscribe({
      endpoint: `${receiver.base}/filtered`,
      eventTypes: ['HybridConnection.Gateway.Ready'],
      subjectBeginsWith: 'Connections/Demo/',
    });
    await cloud.send([
      {
        id: 'match',
        source: '/hc',
        type: 'hybridconnection.gateway.ready',
        subject: 'connections/demo/azure/gateway',
        data: {},
      },
      {
        id: 'other-type',
        source: '/hc',
        type: 'HybridConnection.Site.Ready',
        subject: 'connections/demo/azure/site',
        data: {},
      },
      {
        id: 'other-subject',
        source: '/hc',
        type: 'HybridConnection.Gateway.Ready',
        subject: 'connections/prod/azure/gateway',
        data: {},
      },
      { id: 'no-subject', source: '/hc', type: 'HybridConnection.Gateway.Ready', data: {} },
    ]);
    await topic.whenDeliveriesIdle();
    const ids = receiver.notifications('/filtered').map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids).toEqual(['match']);
  });

  it('retries a failing subscriber with back-off: two 500s, then the 3rd attempt delivers', async () => {
    receiver.script('/flaky', [500, 503]);
    await topic.subscribe({ endpoint: `${receiver.base}/flaky` });
    await cloud.send([{ id: 'persistent', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();

    const attempts = receiver.notifications('/flaky');
    expect(attempts.map((r) => r.headers['aeg-delivery-count'])).toEqual(['0', '1', '2']);
    expect(attempts.every((r) => (JSON.parse(r.body) as { id: string }).id === 'persistent')).toBe(true);
    const [record] = topic.deliveries();
    expect(record.state).toBe('delivered');
    expect(record.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    // Event Grid's schedule: at least 10 s before the 2nd attempt and 30 s before the 3rd (virtual time).
    expect(record.attempts[1].at - record.attempts[0].at).toBeGreaterThanOrEqual(10_000);
    expect(record.attempts[2].at - record.attempts[1].at).toBeGreaterThanOrEqual(30_000);
  });

  it('retries when the subscriber cannot be reached at all', async () => {
    const closed = await startWebhookReceiver();
    await topic.subscribe({ endpoint: `${closed.base}/gone`, maxDeliveryAttempts: 2 });
    await closed.close();
    await cloud.send([{ id: 'unreachable', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    const [record] = topic.deliveries();
    expect(record.attempts).toHaveLength(2);
    expect(record.attempts.every((a) => a.status === undefined && typeof a.error === 'string')).toBe(true);
    expect(record).toMatchObject({ state: 'dropped', reason: 'MaxDeliveryAttemptsExceeded' });
  });

  it('stops after maxDeliveryAttempts and drops the event', async () => {
    receiver.script('/down', [500, 500, 500, 500, 500]);
    await topic.subscribe({ endpoint: `${receiver.base}/down`, maxDeliveryAttempts: 3 });
    await cloud.send([{ id: 'lost', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    expect(receiver.notifications('/down')).toHaveLength(3);
    expect(topic.deliveries()[0]).toMatchObject({ state: 'dropped', reason: 'MaxDeliveryAttemptsExceeded' });
  });

  it('does not retry 400, 401 or 413 answers', async () => {
    receiver.script('/reject', [400]);
    await topic.subscribe({ endpoint: `${receiver.base}/reject` });
    await cloud.send([{ id: 'refused', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    expect(receiver.notifications('/reject')).toHaveLength(1);
    expect(topic.deliveries()[0]).toMatchObject({ state: 'dropped', reason: 'NonRetriableStatus400' });
  });

  it('drops an event whose time to live runs out before the next retry', async () => {
    // Slower clock here: at 10 000x one millisecond of request latency is 10 virtual seconds, a sixth of this TTL.
    clock.setScale(100);
    receiver.script('/slow', [500, 500, 500, 500, 500]);
    // 1 minute of TTL: attempts at 0, ~10 s and ~40 s; the next step (1 min) would end past the TTL.
    await topic.subscribe({ endpoint: `${receiver.base}/slow`, eventTimeToLiveInMinutes: 1 });
    await cloud.send([{ id: 'stale', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    expect(topic.deliveries()[0]).toMatchObject({ state: 'dropped', reason: 'TimeToLiveExceeded' });
    expect(receiver.notifications('/slow')).toHaveLength(3);
  });

  it('refuses a subscription whose endpoint does not answer the handshake', async () => {
    receiver.refuseHandshake('/mute-ce');
    receiver.refuseHandshake('/mute-eg');
    await expect(topic.subscribe({ endpoint: `${receiver.base}/mute-ce` })).rejects.toBeInstanceOf(
      SubscriptionValidationError,
    );
    await expect(topic.subscribe({ endpoint: `${receiver.base}/mute-eg`, schema: 'EventGridSchema' })).rejects.toThrow(
      /Webhook validation handshake failed/,
    );
    expect(topic.subscriptions()).toEqual([]);
  });

  it('refuses invalid subscription settings', async () => {
    await expect(topic.subscribe({ endpoint: 'ftp://127.0.0.1/x' })).rejects.toThrow(/http or https/);
    await expect(topic.subscribe({ endpoint: `${receiver.base}/x`, maxDeliveryAttempts: 31 })).rejects.toThrow(
      /maxDeliveryAttempts/,
    );
  });

  it('delivers nothing published before the subscription existed, and nothing after unsubscribe', async () => {
    await cloud.send([{ id: 'early', source: '/hc', type: 'T', data: {} }]);
    const subscription = await topic.subscribe({ endpoint: `${receiver.base}/late` });
    await cloud.send([{ id: 'on-time', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    expect(topic.unsubscribe(subscription.id)).toBe(true);
    await cloud.send([{ id: 'after', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    expect(receiver.notifications('/late').map((r) => (JSON.parse(r.body) as { id: string }).id)).toEqual(['on-time']);
    expect(topic.events().map((e) => e.id)).toEqual(['early', 'on-time', 'after']);
  });

  it('stop() cancels pending retries: nothing more is sent however far the clock moves', async () => {
    clock.setScale(1); // real time: the 10 s retry cannot fire before stop()
    receiver.script('/pending', [500]);
    await topic.subscribe({ endpoint: `${receiver.base}/pending` });
    await cloud.send([{ id: 'cut-short', source: '/hc', type: 'T', data: {} }]);
    while (receiver.notifications('/pending').length === 0 || topic.deliveries()[0].attempts[0].status === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    topic.stop();
    clock.advance(24 * 3600e3);
    await topic.whenDeliveriesIdle();
    expect(receiver.notifications('/pending')).toHaveLength(1);
    expect(topic.deliveries()[0]).toMatchObject({ state: 'cancelled', reason: 'TopicStopped' });
    await expect(topic.subscribe({ endpoint: `${receiver.base}/pending` })).rejects.toThrow(/stopped/);
  });

  it('logs endpoints without their query string (function keys live there) and never the topic key', async () => {
    await topic.subscribe({ endpoint: `${receiver.base}/keyed?code=function-key-secret` });
    receiver.script('/keyed', [500]);
    await cloud.send([{ id: 'k', source: '/hc', type: 'T', data: {} }]);
    await topic.whenDeliveriesIdle();
    expect(receiver.notifications('/keyed')[0].query).toBe('?code=function-key-secret');
    const text = logs.join('\n');
    expect(text).toContain('/keyed');
    expect(text).not.toContain('function-key-secret');
    expect(text).not.toContain(KEY);
  });
});
