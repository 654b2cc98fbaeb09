// Conformance: an Event Grid trigger that starts an orchestration through the durable client, served by
// `hybrid-connection host` at /runtime/webhooks/eventgrid, including the subscription-validation handshake.
import {
  http,
  makeDataDir,
  removeDir,
  startConformanceHost,
  waitForFinal,
  type ConformanceHost,
} from './helpers/conformanceHost';

let dataDir: string;
let host: ConformanceHost;

beforeAll(async () => {
  dataDir = await makeDataDir('eventgrid');
  host = await startConformanceHost({ dataDir, timeScale: 20_000 });
}, 40_000);

afterAll(async () => {
  await host?.stop('SIGTERM');
  await removeDir(dataDir);
});

function webhook(): string {
  return `${host.url}/runtime/webhooks/eventgrid?functionName=EventGridStart&code=${encodeURIComponent(host.masterKey)}`;
}

describe('Event Grid trigger starting an orchestration', () => {
  it('answers the subscription validation handshake', async () => {
    const response = await http(webhook(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' },
      body: JSON.stringify([
        {
          id: 'validation-1',
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          subject: '',
          eventTime: '2024-01-01T00:00:00Z',
          dataVersion: '1',
          data: { validationCode: 'code-123' },
        },
      ]),
    });
    expect(response).toMatchObject({ status: 200, body: { validationResponse: 'code-123' } });
  });

  it('starts one orchestration per delivered event and runs it to completion', async () => {
    const event = {
      id: 'ticket-42',
      eventType: 'Contoso.Tickets.Opened',
      subject: 'tickets/42',
      eventTime: '2024-01-01T00:00:00Z',
      dataVersion: '1',
      data: { cities: ['Reykjavik', 'Nairobi'] },
    };
    const delivered = await http(webhook(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: JSON.stringify([event]),
    });
    expect(delivered.status).toBeLessThan(300);
    const statusUrl = `${host.url}/runtime/webhooks/durabletask/instances/eg-ticket-42?code=${encodeURIComponent(host.masterKey)}`;
    const done = await waitForFinal(statusUrl);
    expect(done).toMatchObject({
      name: 'Chaining',
      runtimeStatus: 'Completed',
      input: { cities: ['Reykjavik', 'Nairobi'] },
      output: ['Hello Reykjavik!', 'Hello Nairobi!'],
    });
  });
});
