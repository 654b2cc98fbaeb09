// One run per connection on a real host process (`serve --simulate`, time scale 1 so every run stays active for the
// whole test): a second host on the same data folder is refused, 50 concurrent POSTs of one name start one instance,
// and 50 deliveries of one ticket (25 event ids, each delivered twice) start one instance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cliProcess';
import { PROJECT_ROOT } from '../support/cliProcess';
import { planFor, startServe, type Serve } from '../e2e/harness';

const TICKET_TYPE = 'Tickets.HybridConnection.Requested';
const CONCURRENT = 50;

let serve: Serve;

beforeAll(async () => {
  // Real time: a gateway takes 30 minutes, so nothing started here finishes (and could be started again) meanwhile.
  serve = await startServe({ timeScale: 1 });
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
});

/** How often the engine scheduled `instanceId`: it logs every start it commits, once. */
function startsOf(instanceId: string): number {
  const line = `Orchestration 'provisionHybridConnection' (${instanceId}) scheduled.`;
  return serve
    .stderr()
    .split('\n')
    .filter((entry) => entry.includes(line)).length;
}

function eventGridKey(): string {
  const keys = JSON.parse(readFileSync(join(serve.dataDir, 'keys.json'), 'utf8')) as {
    system: { eventgrid_extension: string };
  };
  return keys.system.eventgrid_extension;
}

describe('one run per connection on the host', () => {
  it('refuses a second host on the same data folder, naming the task hub', async () => {
    const second = await runCli(['host', '--app', PROJECT_ROOT, '--port', '0', '--data', serve.dataDir]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('HybridConnection.sqlite is in use by another host process');
    // The first host is unharmed.
    expect((await serve.api('GET', '/api/connections')).status).toBe(200);
  }, 60_000);

  it('starts one instance for 50 concurrent POSTs of one name; the others answer 409', async () => {
    const plan = planFor(serve.ready, 'solo');
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () => serve.api('POST', '/api/connections', plan)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, ...Array<number>(CONCURRENT - 1).fill(409)]);
    expect(startsOf('hc-solo')).toBe(1);
  }, 60_000);

  it('starts one instance for 50 deliveries of one ticket', async () => {
    const plan = { ...planFor(serve.ready, 'ticketed'), ticketId: 'CHG-42' };
    const url = `${serve.ready.url}/runtime/webhooks/eventgrid?functionName=ticketStart&code=${eventGridKey()}`;
    const deliver = async (index: number): Promise<number> => {
      const event = {
        // Each id twice: Event Grid's redelivery (same id) and a sender resending the ticket (new id).
        id: `ticket-event-${index % (CONCURRENT / 2)}`,
        eventType: TICKET_TYPE,
        subject: 'tickets/CHG-42',
        eventTime: new Date().toISOString(),
        dataVersion: '1.0',
        data: plan,
      };
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
        body: JSON.stringify([event]),
      });
      await response.text();
      return response.status;
    };
    const statuses = await Promise.all(Array.from({ length: CONCURRENT }, (_, index) => deliver(index)));
    expect(statuses.filter((status) => status >= 300)).toEqual([]);
    expect(startsOf('hc-ticketed')).toBe(1);
    const status = await serve.api('GET', '/api/connections/ticketed');
    expect(status.status).toBe(200);
  }, 60_000);
});
