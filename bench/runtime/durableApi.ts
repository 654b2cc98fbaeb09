// A minimal client of the Durable HTTP API under /runtime/webhooks/durabletask/ (start, start-and-wait, status, raise
// event), as any HTTP caller would use it: system key in x-functions-key. It never reaches into the host in process.
import { BenchScenarioError } from '../errors';

export interface InstanceStatus {
  runtimeStatus: string;
  output: unknown;
}

const WEBHOOK = '/runtime/webhooks/durabletask';

export class DurableApi {
  constructor(
    private readonly baseUrl: string,
    private readonly systemKey: string,
  ) {}

  /** Starts an instance and answers once it is final (the API's `?timeout=` start): its output when Completed. */
  async startAndWait(name: string, instanceId: string, input: unknown, timeoutSeconds: number): Promise<unknown> {
    const url = `${this.baseUrl}${WEBHOOK}/orchestrators/${name}/${instanceId}?timeout=${timeoutSeconds}`;
    const response = await this.send('POST', url, input);
    // 200 with the output when Completed; 200 with a status body when Failed/Terminated; 202 when still running.
    if (response.status === 202) {
      throw new BenchScenarioError(`${name} '${instanceId}' was still running after ${timeoutSeconds} s`);
    }
    if (response.status !== 200) throw badStatus(`start of ${name} '${instanceId}'`, response.status);
    const status = await this.status(instanceId);
    if (status.runtimeStatus !== 'Completed') {
      throw new BenchScenarioError(`${name} '${instanceId}' ended ${status.runtimeStatus}`);
    }
    return response.body;
  }

  async start(name: string, instanceId: string, input: unknown): Promise<void> {
    const response = await this.send('POST', `${this.baseUrl}${WEBHOOK}/orchestrators/${name}/${instanceId}`, input);
    if (response.status !== 202) throw badStatus(`start of ${name} '${instanceId}'`, response.status);
  }

  async status(instanceId: string): Promise<InstanceStatus> {
    const found = await this.findStatus(instanceId);
    if (!found) throw badStatus(`status of '${instanceId}'`, 404);
    return found;
  }

  /** The instance's status, or undefined while it does not exist (404). */
  async findStatus(instanceId: string): Promise<InstanceStatus | undefined> {
    const response = await this.send('GET', `${this.baseUrl}${WEBHOOK}/instances/${instanceId}?showInput=false`);
    if (response.status === 404) return undefined;
    if (response.status !== 200 && response.status !== 202) {
      throw badStatus(`status of '${instanceId}'`, response.status);
    }
    const body = response.body;
    if (
      typeof body !== 'object' ||
      body === null ||
      !('runtimeStatus' in body) ||
      typeof body.runtimeStatus !== 'string'
    )
      throw new BenchScenarioError(`status of '${instanceId}' has no runtimeStatus`);
    return { runtimeStatus: body.runtimeStatus, output: 'output' in body ? body.output : undefined };
  }

  async raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void> {
    const url = `${this.baseUrl}${WEBHOOK}/instances/${instanceId}/raiseEvent/${eventName}`;
    const response = await this.send('POST', url, data);
    if (response.status !== 202) throw badStatus(`event ${eventName} for '${instanceId}'`, response.status);
  }

  private async send(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { 'x-functions-key': this.systemKey };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, body: text ? parseJson(text) : undefined };
  }
}

function badStatus(what: string, status: number): BenchScenarioError {
  return new BenchScenarioError(`${what}: unexpected HTTP ${status}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
