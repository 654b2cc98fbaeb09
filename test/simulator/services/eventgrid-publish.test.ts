// Publishing to the simulated Event Grid topic through the real EventGridPublisherClient over HTTPS: both schemas,
// key and SAS auth, size limits and required fields, and what the topic stores.
import {
  AzureKeyCredential,
  AzureSASCredential,
  EventGridPublisherClient,
  generateSharedAccessSignature,
} from '@azure/eventgrid';
import { VirtualClock } from '../../../clock';
import { createEventGridTopic, type SimEventGridTopic } from '../../../simulator/eventgrid';
import { rawRequest, restError, seededRandom, startHarness, type Harness } from './harness';

const START = Date.UTC(2030, 0, 1, 12, 0, 0);
const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

describe('simulated Event Grid topic: publishing through EventGridPublisherClient', () => {
  let clock: VirtualClock;
  let topic: SimEventGridTopic;
  let harness: Harness;
  let endpoint: string;
  const logs: string[] = [];

  beforeAll(async () => {
    clock = new VirtualClock({ startAt: START, scale: 1 });
    topic = createEventGridTopic({ key: KEY, clock, random: seededRandom(11), log: (line) => logs.push(line) });
    harness = await startHarness([{ prefix: '/eventgrid', handler: topic.handler }]);
    endpoint = `${harness.origin}/eventgrid/api/events`;
  });

  beforeEach(() => topic.reset());

  afterAll(async () => {
    topic.stop();
    await harness.close();
    clock.dispose();
  });

  const cloudClient = (key = KEY) => new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureKeyCredential(key));

  it('accepts a CloudEvents batch and stores the events in arrival order with the virtual receive time', async () => {
    await cloudClient().send([
      { id: 'e1', source: '/hybrid-connection', type: 'HybridConnection.Provisioning.Started', data: { n: 1 } },
      {
        id: 'e2',
        source: '/hybrid-connection',
        type: 'HybridConnection.Site.Ready',
        subject: 'connections/demo/azure/site',
        data: { n: 2 },
        extensionAttributes: { hcinstance: 'hc-demo' },
      },
    ]);
    const events = topic.events();
    expect(events.map((e) => [e.sequence, e.id, e.type, e.schema])).toEqual([
      [1, 'e1', 'HybridConnection.Provisioning.Started', 'CloudEventSchemaV1_0'],
      [2, 'e2', 'HybridConnection.Site.Ready', 'CloudEventSchemaV1_0'],
    ]);
    expect(events[1].subject).toBe('connections/demo/azure/site');
    expect(events[1].source).toBe('/hybrid-connection');
    expect(events[1].event).toMatchObject({ specversion: '1.0', data: { n: 2 }, hcinstance: 'hc-demo' });
    expect(events[0].receivedAt).toBeGreaterThanOrEqual(START);
    expect(events[0].receivedAt).toBeLessThan(START + 60_000);
  });

  it('resets every connection during an outage, which ends on the virtual clock (or when set to 0)', async () => {
    const event = {
      id: 'e-out',
      source: '/hybrid-connection',
      type: 'HybridConnection.Provisioning.Started',
      data: {},
    };
    // One attempt per send: the SDK's own retries would only repeat the reset.
    const once = new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureKeyCredential(KEY), {
      retryOptions: { maxRetries: 0 },
    });
    const set = topic.setOutage(60_000);
    expect(set).toMatchObject({ down: true, refused: 0 });
    expect(set.until).toBeGreaterThanOrEqual(START + 60_000);
    await expect(once.send([event])).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(topic.outage()).toMatchObject({ down: true, refused: 1 });
    expect(topic.events()).toEqual([]);
    clock.advance(60_000);
    await once.send([event]);
    expect(topic.outage()).toEqual({ down: false, until: set.until, refused: 1 });
    topic.setOutage(60_000);
    expect(topic.setOutage(0)).toEqual({ down: false, refused: 1 });
    await once.send([event]);
    expect(topic.events().map((stored) => stored.id)).toEqual(['e-out', 'e-out']);
    expect(() => topic.setOutage(-1)).toThrow(RangeError);
  });

  it('arms an outage that starts with the next publish, which it is the first to refuse', async () => {
    const once = new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureKeyCredential(KEY), {
      retryOptions: { maxRetries: 0 },
    });
    const event = { id: 'e-armed', source: '/hybrid-connection', type: 'HybridConnection.Site.Ready', data: {} };
    expect(topic.setOutage(60_000, { fromNextRequest: true })).toEqual({ down: false, refused: 0, armedForMs: 60_000 });
    // Armed, it is not down: the time passing before the next publish does not count.
    clock.advance(10 * 60_000);
    expect(topic.outage()).toEqual({ down: false, refused: 0, armedForMs: 60_000 });
    const startedAt = clock.now();
    await expect(once.send([event])).rejects.toMatchObject({ code: 'ECONNRESET' });
    const down = topic.outage();
    expect(down).toMatchObject({ down: true, refused: 1 });
    expect(down.armedForMs).toBeUndefined();
    expect(down.until).toBeGreaterThanOrEqual(startedAt + 60_000);
    clock.advance(60_000);
    await once.send([event]);
    expect(topic.events().map((stored) => stored.id)).toEqual(['e-armed']);
    // Set to 0, an armed outage is disarmed.
    topic.setOutage(60_000, { fromNextRequest: true });
    expect(topic.setOutage(0)).toEqual({ down: false, refused: 1 });
  });

  it('accepts a single structured CloudEvent (application/cloudevents+json)', async () => {
    const response = await rawRequest(
      `${endpoint}?api-version=2018-01-01`,
      'POST',
      { 'content-type': 'application/cloudevents+json; charset=utf-8', 'aeg-sas-key': KEY },
      JSON.stringify({ specversion: '1.0', id: 'single', source: '/raw', type: 'Raw.Single', data: {} }),
    );
    expect(response.status).toBe(200);
    expect(topic.events().map((e) => e.id)).toEqual(['single']);
  });

  it('accepts Event Grid schema events', async () => {
    const client = new EventGridPublisherClient(endpoint, 'EventGrid', new AzureKeyCredential(KEY));
    await client.send([
      { id: 'g1', subject: 'connections/demo', eventType: 'Legacy.Event', dataVersion: '1.0', data: { ok: true } },
    ]);
    const [event] = topic.events();
    expect(event).toMatchObject({
      id: 'g1',
      type: 'Legacy.Event',
      subject: 'connections/demo',
      schema: 'EventGridSchema',
    });
    expect(event.event).toMatchObject({ dataVersion: '1.0', data: { ok: true } });
  });

  it('keeps the channel name of a publish', async () => {
    await cloudClient().send([{ source: '/s', type: 'T', data: {} }], { channelName: 'partner-channel' });
    expect(topic.events()[0].channelName).toBe('partner-channel');
  });

  it('answers a wrong key with 401 Unauthorized and stores nothing', async () => {
    const error = await restError(cloudClient(OTHER_KEY).send([{ source: '/s', type: 'T', data: {} }]));
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('Unauthorized');
    expect(error.message).toMatch(/^The request authorization key is not authorized for 127\.0\.0\.1\./);
    expect(topic.events()).toEqual([]);
  });

  it('accepts a SAS token made by generateSharedAccessSignature and refuses an expired or foreign one', async () => {
    const sasClient = (sas: string) =>
      new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureSASCredential(sas));
    const sign = (key: string, expiresOn: number) =>
      generateSharedAccessSignature(endpoint, new AzureKeyCredential(key), new Date(expiresOn));
    // Publishers sign with wall-clock expiries, so that is the clock the topic judges them by.
    await sasClient(await sign(KEY, Date.now() + 3600e3)).send([{ id: 'sas', source: '/s', type: 'T', data: {} }]);
    expect(topic.events().map((e) => e.id)).toEqual(['sas']);
    // Virtual time moving on does not expire a token signed for an hour of wall time.
    clock.advance(2 * 3600e3);
    await sasClient(await sign(KEY, Date.now() + 3600e3)).send([{ id: 'sas2', source: '/s', type: 'T', data: {} }]);

    const expired = await restError(
      sasClient(await sign(KEY, Date.now() - 60e3)).send([{ source: '/s', type: 'T', data: {} }]),
    );
    expect(expired.statusCode).toBe(401);
    expect(expired.message).toContain('expired');

    const foreign = await restError(
      sasClient(await sign(OTHER_KEY, Date.now() + 3600e3)).send([{ source: '/s', type: 'T', data: {} }]),
    );
    expect(foreign.statusCode).toBe(401);
    const otherTopic = await generateSharedAccessSignature(
      `${harness.origin}/eventgrid/other/api/events`,
      new AzureKeyCredential(KEY),
      new Date(Date.now() + 3600e3),
    );
    expect((await restError(sasClient(otherTopic).send([{ source: '/s', type: 'T', data: {} }]))).statusCode).toBe(401);
    expect(topic.events().map((e) => e.id)).toEqual(['sas', 'sas2']);
  });

  it('refuses a malformed SAS token with 400', async () => {
    const client = new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureSASCredential(KEY));
    const error = await restError(client.send([{ source: '/s', type: 'T', data: {} }]));
    expect(error.statusCode).toBe(400);
  });

  it('refuses an event over 1 MB with 413 PayloadTooLarge', async () => {
    const error = await restError(
      cloudClient().send([{ source: '/s', type: 'T', data: { blob: 'x'.repeat(1_100_000) } }]),
    );
    expect(error.statusCode).toBe(413);
    expect(error.code).toBe('PayloadTooLarge');
    expect(topic.events()).toEqual([]);
  });

  it('refuses a batch over 1 MB even when each event is smaller', async () => {
    const half = { blob: 'y'.repeat(600_000) };
    const error = await restError(
      cloudClient().send([
        { source: '/s', type: 'T', data: half },
        { source: '/s', type: 'T', data: half },
      ]),
    );
    expect(error.statusCode).toBe(413);
    expect(topic.events()).toEqual([]);
  });

  it('accepts a batch just under the limit', async () => {
    await cloudClient().send([{ source: '/s', type: 'T', data: { blob: 'z'.repeat(1_000_000) } }]);
    expect(topic.events()).toHaveLength(1);
  });

  it('refuses an Event Grid schema event without a subject with 400 BadRequest, rejecting the whole batch', async () => {
    // The Custom schema client sends objects as given, so the service (not the SDK) has to find the missing field.
    const custom = new EventGridPublisherClient(endpoint, 'Custom', new AzureKeyCredential(KEY));
    const complete = {
      id: 'ok',
      subject: 's',
      eventType: 'T',
      eventTime: new Date(START).toISOString(),
      data: {},
      dataVersion: '1',
    };
    const { subject: _dropped, ...withoutSubject } = { ...complete, id: 'bad' };
    const error = await restError(custom.send([complete, withoutSubject]));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('BadRequest');
    expect(error.message).toContain("'subject'");
    expect(topic.events()).toEqual([]);
  });

  it.each([
    ['eventType', { eventType: undefined }],
    ['eventTime', { eventTime: 'yesterday' }],
    ['dataVersion', { dataVersion: '' }],
    ['data', { data: undefined }],
    ['id', { id: '' }],
  ])('refuses an Event Grid schema event with a missing or invalid %s', async (field, change) => {
    const custom = new EventGridPublisherClient(endpoint, 'Custom', new AzureKeyCredential(KEY));
    const event = {
      id: 'x',
      subject: 's',
      eventType: 'T',
      eventTime: new Date(START).toISOString(),
      data: {},
      dataVersion: '1',
      ...change,
    };
    const error = await restError(custom.send([event]));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain(`'${field}'`);
  });

  it('refuses a CloudEvent with an empty type or a wrong specversion', async () => {
    const emptyType = await restError(cloudClient().send([{ source: '/s', type: '', data: {} }]));
    expect(emptyType.statusCode).toBe(400);
    expect(emptyType.message).toContain("'type'");

    const custom = new EventGridPublisherClient(endpoint, 'Custom', new AzureKeyCredential(KEY));
    const oldSpec = await restError(custom.send([{ specversion: '0.3', id: 'a', source: '/s', type: 'T' }]));
    expect(oldSpec.statusCode).toBe(400);
    expect(oldSpec.message).toContain('specversion');
    expect(topic.events()).toEqual([]);
  });

  it('answers other paths with 404 and other methods with 405, in the service error shape', async () => {
    const wrongPath = await rawRequest(`${harness.origin}/eventgrid/api/other?api-version=2018-01-01`, 'POST', {
      'aeg-sas-key': KEY,
    });
    expect(wrongPath.status).toBe(404);
    expect(JSON.parse(wrongPath.body)).toMatchObject({
      error: { code: 'NotFound', details: [{ code: 'ResourceNotFound' }] },
    });
    const get = await rawRequest(`${endpoint}?api-version=2018-01-01`, 'GET', { 'aeg-sas-key': KEY });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
  });

  it('requires an api-version', async () => {
    const response = await rawRequest(
      endpoint,
      'POST',
      { 'aeg-sas-key': KEY, 'content-type': 'application/json' },
      '[]',
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('never writes the key into its logs', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(KEY);
  });
});
