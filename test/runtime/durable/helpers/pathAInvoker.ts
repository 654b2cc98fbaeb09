// A DurableFunctionInvoker for engine tests: it drives functions registered through the real @azure/functions +
// durable-functions packages via the programming model (Path A, docs/durable-protocol.md §1.4), exactly as the worker
// would, and hands back plain JSON values. Test-only; the host has its own.
import { randomUUID } from 'node:crypto';
import type { DurableFunctionInvoker, DurableFunctionKind } from '../../../../runtime/contracts';
import { getProgrammingModel, registrations, type Registration } from './fakeFunctionsCore';

interface RpcTypedData {
  string?: string;
  json?: string;
  int?: number | string;
  double?: number | string;
  bytes?: Uint8Array;
}

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: (...args: unknown[]) => unknown): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ returnValue?: RpcTypedData | null }>;
}

interface ProgrammingModel {
  getInvocationModel(coreContext: unknown): InvocationModel | Promise<InvocationModel>;
}

/** Counts invocations per function name, so tests can assert how often an activity ran. */
export class PathAInvoker implements DurableFunctionInvoker {
  readonly calls = new Map<string, number>();

  kindOf(functionName: string): DurableFunctionKind | undefined {
    const type = triggerOf(registrations.get(functionName.toLowerCase()))?.type;
    if (type === 'orchestrationTrigger') return 'orchestration';
    if (type === 'activityTrigger') return 'activity';
    if (type === 'entityTrigger') return 'entity';
    return undefined;
  }

  invokeOrchestrator(functionName: string, bindingInfo: object): Promise<unknown> {
    return this.invoke(functionName, { string: JSON.stringify(bindingInfo) }, undefined);
  }

  invokeActivity(functionName: string, inputText: string | undefined, instanceId: string): Promise<unknown> {
    return this.invoke(functionName, inputText === undefined ? undefined : { string: inputText }, {
      instanceId: { string: instanceId },
    });
  }

  private async invoke(
    functionName: string,
    data: RpcTypedData | undefined,
    triggerMetadata: Record<string, RpcTypedData> | undefined,
  ): Promise<unknown> {
    this.calls.set(functionName, (this.calls.get(functionName) ?? 0) + 1);
    const registration = registrations.get(functionName.toLowerCase());
    const trigger = triggerOf(registration);
    if (!registration || !trigger) throw new Error(`No function named ${functionName}`);
    const invocationId = randomUUID();
    const coreContext = {
      invocationId,
      metadata: registration.metadata,
      request: {
        invocationId,
        functionId: registration.metadata.name,
        inputData: data === undefined ? [] : [{ name: trigger.name, data }],
        triggerMetadata,
      },
      state: undefined,
      log: (): void => undefined,
    };
    const model = await (getProgrammingModel() as ProgrammingModel).getInvocationModel(coreContext);
    const { context, inputs } = await model.getArguments();
    const result = await model.invokeFunction(context, inputs, registration.handler);
    const response = await model.getResponse(context, result);
    return fromTypedData(response.returnValue);
  }
}

function triggerOf(registration: Registration | undefined): { name: string; type: string } | undefined {
  if (!registration) return undefined;
  for (const [name, binding] of Object.entries(registration.metadata.bindings)) {
    if (/trigger$/i.test(binding.type)) return { name, type: binding.type };
  }
  return undefined;
}

function fromTypedData(data: RpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (data.json !== undefined) return JSON.parse(data.json) as unknown;
  if (data.string !== undefined) return data.string;
  if (data.int !== undefined) return Number(data.int);
  if (data.double !== undefined) return Number(data.double);
  if (data.bytes !== undefined) return Buffer.from(data.bytes);
  return undefined;
}
