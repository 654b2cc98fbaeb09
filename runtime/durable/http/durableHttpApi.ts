// The Durable extension's HTTP API (docs/durable-protocol.md §5.2-5.4): the routes DurableClient calls on the RPC listener and the
// public management URLs under /runtime/webhooks/durabletask/. It translates HTTP to engine operations and back;
// it never touches the store directly and never checks keys (the host does that for the public path).
import type { RuntimeHttpRequest, RuntimeHttpResponse } from '../../contracts';
import type { DurableEngine, InstanceCommandResult } from '../engine';
import { BadRequestError } from '../errors/badRequestError';
import { InstanceConflictError } from '../errors/instanceConflictError';
import { errorMessage, parseStoredText } from '../jsonText';
import { isTerminal, parseRuntimeStatus, type RuntimeStatus } from '../runtimeStatus';
import type { InstanceQuery } from '../store/durableStore';
import { badRequest, emptyResponse, jsonResponse, notImplemented, serverError } from './httpResponses';
import { managementUrls, WEBHOOK_PATH, type UrlSettings } from './managementUrls';
import { statusPayload, type StatusOptions } from './statusPayload';

/** Where a request came in: the public webhook (behind the host's key check) or the local RPC listener. */
export type ApiChannel = 'public' | 'rpc';

export const RPC_PATH = '/durabletask';
const DEFAULT_PAGE_SIZE = 100;
const CONTINUATION_HEADER = 'x-ms-continuation-token';
const ENTITIES_NOT_SUPPORTED = 'Durable entities are not supported by the hybrid-connection runtime.';

export class DurableHttpApi {
  constructor(
    private readonly engine: DurableEngine,
    private readonly settings: UrlSettings & {
      publicBaseUrl: string;
      /** The RPC channel's base path, `/<token>/durabletask` (see RpcListener). */
      rpcPath: string;
    },
  ) {}

  async handle(request: RuntimeHttpRequest, channel: ApiChannel): Promise<RuntimeHttpResponse> {
    try {
      return await this.route(request, channel);
    } catch (error) {
      if (error instanceof BadRequestError) return badRequest(error.message);
      if (error instanceof InstanceConflictError)
        return serverError(error.message, 'OrchestrationAlreadyExistsException');
      return serverError(errorMessage(error));
    }
  }

  private async route(request: RuntimeHttpRequest, channel: ApiChannel): Promise<RuntimeHttpResponse> {
    const segments = routeSegments(request.url.pathname, channel === 'public' ? WEBHOOK_PATH : this.settings.rpcPath);
    if (!segments) return jsonResponse(404, { Message: 'No Durable API route matches this path.' });
    const method = request.method.toUpperCase();
    const [root, first, second, third] = segments;
    if (root === 'orchestrators' && first !== undefined && method === 'POST' && third === undefined) {
      return this.startNew(request, channel, first, second);
    }
    if (root === 'entities') return notImplemented(ENTITIES_NOT_SUPPORTED);
    if (root === 'instances') {
      if (first === undefined) {
        if (method === 'GET') return this.list(request);
        if (method === 'DELETE') return this.purgeBy(request);
      } else if (second === undefined) {
        if (method === 'GET') return this.status(request, first);
        if (method === 'DELETE') return this.purge(first);
      } else if (method === 'POST' && second === 'raiseEvent' && third !== undefined) {
        return this.raiseEvent(request, first, third);
      } else if (method === 'POST' && third === undefined) {
        return this.instanceOperation(request, channel, first, second);
      }
    }
    return jsonResponse(404, { Message: `No Durable API route for ${method} ${request.url.pathname}.` });
  }

  private async startNew(
    request: RuntimeHttpRequest,
    channel: ApiChannel,
    functionName: string,
    instanceId: string | undefined,
  ): Promise<RuntimeHttpResponse> {
    const start: Parameters<DurableEngine['startOrchestration']>[0] = {
      name: functionName,
      input: jsonBodyText(request.body),
    };
    if (instanceId !== undefined) start.instanceId = instanceId;
    const version = request.url.searchParams.get('version');
    if (version) start.version = version;
    // A bad timeout is refused before anything starts: a 400 must not leave an orchestration running behind it.
    const waitMs = timeoutMs(request.url.searchParams.get('timeout'));
    const id = this.engine.startOrchestration(start);
    if (waitMs === undefined) return this.checkStatusResponse(request, channel, id);
    await this.engine.waitForFinish(id, waitMs);
    const instance = this.engine.getInstance(id);
    if (instance?.runtimeStatus === 'Completed') return jsonResponse(200, parseStoredText(instance.output));
    if (instance && isTerminal(instance.runtimeStatus)) {
      return jsonResponse(
        200,
        statusPayload(instance, { showInput: true, showHistory: false, showHistoryOutput: false }),
      );
    }
    return this.checkStatusResponse(request, channel, id);
  }

  private checkStatusResponse(
    request: RuntimeHttpRequest,
    channel: ApiChannel,
    instanceId: string,
  ): RuntimeHttpResponse {
    const urls = managementUrls(this.originFor(request, channel), this.settings, instanceId);
    const body = {
      id: instanceId,
      purgeHistoryDeleteUri: urls.purgeHistoryDeleteUri,
      sendEventPostUri: urls.sendEventPostUri,
      statusQueryGetUri: urls.statusQueryGetUri,
      terminatePostUri: urls.terminatePostUri,
      suspendPostUri: urls.suspendPostUri,
      resumePostUri: urls.resumePostUri,
      restartPostUri: urls.restartPostUri,
    };
    return jsonResponse(202, body, { location: urls.statusQueryGetUri ?? '', 'retry-after': '10' });
  }

  private status(request: RuntimeHttpRequest, instanceId: string): RuntimeHttpResponse {
    const instance = this.engine.getInstance(instanceId);
    if (!instance) return emptyResponse(404);
    const query = request.url.searchParams;
    const options: StatusOptions = {
      showInput: flag(query.get('showInput'), true),
      showHistory: flag(query.get('showHistory'), false),
      showHistoryOutput: flag(query.get('showHistoryOutput'), false),
    };
    const history = options.showHistory ? this.engine.getHistory(instanceId) : undefined;
    const body = statusPayload(instance, options, history);
    if (!isTerminal(instance.runtimeStatus)) {
      return jsonResponse(202, body, { location: request.url.href, 'retry-after': '5' });
    }
    const failedAs500 =
      instance.runtimeStatus === 'Failed' && flag(query.get('returnInternalServerErrorOnFailure'), false);
    return jsonResponse(failedAs500 ? 500 : 200, body);
  }

  private list(request: RuntimeHttpRequest): RuntimeHttpResponse {
    const params = request.url.searchParams;
    const query: InstanceQuery = {};
    const prefix = params.get('instanceIdPrefix');
    if (prefix) query.instanceIdPrefix = prefix;
    const from = timeParam(params.get('createdTimeFrom'), 'createdTimeFrom');
    if (from !== undefined) query.createdFrom = from;
    const to = timeParam(params.get('createdTimeTo'), 'createdTimeTo');
    if (to !== undefined) query.createdTo = to;
    const statuses = statusList(params.get('runtimeStatus'));
    if (statuses) query.statuses = statuses;
    const top = params.get('top');
    const pageSize = top === null || top === '' ? DEFAULT_PAGE_SIZE : Number(top);
    if (!Number.isInteger(pageSize) || pageSize <= 0) throw new BadRequestError(`Invalid top value: ${top}`);
    const token = headerValue(request, CONTINUATION_HEADER);
    if (token) query.after = decodeContinuation(token);
    query.limit = pageSize + 1;
    const rows = this.engine.query(query);
    const page = rows.slice(0, pageSize);
    const showInput = flag(params.get('showInput'), false);
    const body = page.map((row) => statusPayload(row, { showInput, showHistory: false, showHistoryOutput: false }));
    const last = page[page.length - 1];
    const headers: Record<string, string> = {};
    if (rows.length > pageSize && last) {
      headers[CONTINUATION_HEADER] = encodeContinuation(last.createdTime, last.instanceId);
    }
    return jsonResponse(200, body, headers);
  }

  private purge(instanceId: string): RuntimeHttpResponse {
    const deleted = this.engine.purge(instanceId);
    return deleted === 0 ? emptyResponse(404) : jsonResponse(200, { instancesDeleted: deleted });
  }

  private purgeBy(request: RuntimeHttpRequest): RuntimeHttpResponse {
    const params = request.url.searchParams;
    const from = timeParam(params.get('createdTimeFrom'), 'createdTimeFrom');
    if (from === undefined) return jsonResponse(400, "Please provide value for 'createdTimeFrom' parameter.");
    const filter: Parameters<DurableEngine['purgeBy']>[0] = {
      createdFrom: from,
      createdTo: timeParam(params.get('createdTimeTo'), 'createdTimeTo') ?? this.engine.now(),
    };
    const statuses = statusList(params.get('runtimeStatus'));
    if (statuses) filter.statuses = statuses;
    const deleted = this.engine.purgeBy(filter);
    return deleted === 0 ? emptyResponse(404) : jsonResponse(200, { instancesDeleted: deleted });
  }

  private raiseEvent(request: RuntimeHttpRequest, instanceId: string, eventName: string): RuntimeHttpResponse {
    const mediaType = (headerValue(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json')
      throw new BadRequestError('Only application/json request content is supported');
    const input = jsonBodyText(request.body);
    return commandResponse(this.engine.raiseEvent(instanceId, eventName, input), instanceId);
  }

  private instanceOperation(
    request: RuntimeHttpRequest,
    channel: ApiChannel,
    instanceId: string,
    operation: string,
  ): RuntimeHttpResponse {
    const reason = request.url.searchParams.get('reason');
    switch (operation) {
      case 'terminate':
        return commandResponse(this.engine.terminate(instanceId, reason), instanceId);
      case 'suspend':
        return commandResponse(this.engine.suspend(instanceId, reason), instanceId);
      case 'resume':
        return commandResponse(this.engine.resume(instanceId, reason), instanceId);
      case 'rewind':
        // DurableClient.rewind turns the body into the Error message, so it is a JSON string, not an object.
        return jsonResponse(501, 'The rewind operation is not supported by the hybrid-connection runtime.');
      case 'restart':
        return this.restart(request, channel, instanceId);
      default:
        return jsonResponse(404, { Message: `Unknown instance operation '${operation}'.` });
    }
  }

  private restart(request: RuntimeHttpRequest, channel: ApiChannel, instanceId: string): RuntimeHttpResponse {
    const instance = this.engine.getInstance(instanceId);
    if (!instance) throw new BadRequestError(`An orchestration with the instanceId ${instanceId} was not found.`);
    const newId = !(request.url.searchParams.get('restartWithNewInstanceId')?.toLowerCase() === 'false');
    const start: Parameters<DurableEngine['startOrchestration']>[0] = { name: instance.name, input: instance.input };
    if (!newId) start.instanceId = instanceId;
    const id = this.engine.startOrchestration(start);
    return this.checkStatusResponse(request, channel, id);
  }

  /** Management URLs point at the public webhook: the request's own origin, or the host's for RPC calls. */
  private originFor(request: RuntimeHttpRequest, channel: ApiChannel): string {
    return channel === 'public' ? request.url.origin : new URL(this.settings.publicBaseUrl).origin;
  }
}

/** The path below the channel's prefix, decoded, without a trailing empty segment; undefined if outside. */
export function routeSegments(pathname: string, basePath: string): string[] | undefined {
  if (!pathname.startsWith(`${basePath}/`)) return undefined;
  const parts = pathname.slice(basePath.length + 1).split('/');
  if (parts[parts.length - 1] === '') parts.pop();
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    throw new BadRequestError(`Invalid URL encoding in ${pathname}`);
  }
}

function commandResponse(result: InstanceCommandResult, instanceId: string): RuntimeHttpResponse {
  if (result === 'notFound') return jsonResponse(404, `No instance with ID '${instanceId}' found.`);
  if (result === 'gone') return jsonResponse(410, `The instance '${instanceId}' has already finished.`);
  return emptyResponse(202);
}

/** A JSON request body as compact JSON text; an empty body is null input. */
function jsonBodyText(body: Buffer): string | null {
  const text = body.toString('utf8');
  if (text.length === 0) return null;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    throw new BadRequestError('Invalid JSON content');
  }
}

/** The `?timeout=` of a start-and-wait, in seconds, as wall ms; undefined when absent. */
function timeoutMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new BadRequestError(`Invalid timeout value: ${value}`);
  return seconds * 1000;
}

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null || value === '') return fallback;
  return value.toLowerCase() === 'true';
}

function timeParam(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new BadRequestError(`Invalid ${name} value: ${value}`);
  return time;
}

function statusList(value: string | null): RuntimeStatus[] | undefined {
  if (value === null || value.trim() === '') return undefined;
  return value.split(',').map((name) => {
    const status = parseRuntimeStatus(name);
    if (!status) throw new BadRequestError(`Unknown runtimeStatus '${name}'.`);
    return status;
  });
}

function headerValue(request: RuntimeHttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function encodeContinuation(createdTime: number, instanceId: string): string {
  return Buffer.from(JSON.stringify({ c: createdTime, i: instanceId })).toString('base64url');
}

function decodeContinuation(token: string): { createdTime: number; instanceId: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'c' in parsed && 'i' in parsed) {
      const { c, i } = parsed;
      if (typeof c === 'number' && typeof i === 'string') return { createdTime: c, instanceId: i };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError('Invalid continuation token.');
}
