// Where a secret must never be, read from a `serve --simulate` under test: every orchestration's input, history,
// output and custom status as Durable's own HTTP API answers them, the events the topic took, the API's answers, and
// (once the process stopped) its logs and the raw task hub files. A test collects the places, then lists which of its
// secret values any of them holds.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simEvents, type Serve } from './harness';

/** Every instance of the task hub, with input, history (and its outputs) and custom status, as Durable answers. */
export async function durableInstances(serve: Serve): Promise<{ instanceIds: string[]; text: string }> {
  const keys = JSON.parse(readFileSync(join(serve.dataDir, 'keys.json'), 'utf8')) as {
    system: { durabletask_extension: string };
  };
  const webhook = `${serve.ready.url}/runtime/webhooks/durabletask/instances`;
  const headers = { 'x-functions-key': keys.system.durabletask_extension };
  const listed = (await (await fetch(webhook, { headers })).json()) as { instanceId: string }[];
  const texts = await Promise.all(
    listed.map(async ({ instanceId }) => {
      const url = `${webhook}/${encodeURIComponent(instanceId)}?showHistory=true&showHistoryOutput=true&showInput=true`;
      return (await fetch(url, { headers })).text();
    }),
  );
  return { instanceIds: listed.map((instance) => instance.instanceId), text: texts.join('\n') };
}

/** The places of a running app: the events the topic took and every answer the test was given. */
export async function livePlaces(serve: Serve): Promise<Record<string, string>> {
  return {
    events: JSON.stringify(await simEvents(serve)),
    answers: serve.answers.map((a) => `${a.status} ${JSON.stringify(a.headers)} ${a.text}`).join('\n'),
  };
}

/** The places of a stopped app: what it logged, and its task hub and host log files as bytes. */
export function storedPlaces(serve: Serve): Record<string, string> {
  return {
    logs: serve.stdout() + serve.stderr(),
    rawFiles: readdirSync(serve.dataDir)
      .filter((file) => file.includes('.sqlite') || file.startsWith('host.log'))
      .map((file) => readFileSync(join(serve.dataDir, file)).toString('latin1'))
      .join('\n'),
  };
}

/** `<value's label> in <place>` for every value found in a place: [] when none is anywhere. */
export function secretsFound(places: Record<string, string>, values: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [place, text] of Object.entries(places)) {
    for (const [label, value] of Object.entries(values)) if (text.includes(value)) found.push(`${label} in ${place}`);
  }
  return found;
}
