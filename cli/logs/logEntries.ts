// The lines of the runtime's invocation log (<data>/host.log) that belong to one connection: those of its instance
// `hc-<name>` and of its children and teardown (`hc-<name>:...`). Parsing, filtering and the text form; no I/O.
import type { InvocationLogEntry } from '../../runtime/host/invocationLog';
import { instanceIdFor } from '../../lib/naming';
import { INSTANCE_SUFFIX_SEPARATOR } from '../../orchestrations/names';
import { withoutControlCharacters } from '../client/apiTypes';
import { isRecord } from '../../lib/json';

export type LogEntry = InvocationLogEntry;

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/** One line of the file as an entry, or undefined when it is not one (a damaged or foreign line). */
export function parseLogLine(line: string): LogEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { time, level, functionName, invocationId, instanceId, message } = value;
  if (typeof time !== 'string' || typeof level !== 'string' || !LEVELS.has(level)) return undefined;
  if (typeof functionName !== 'string' || typeof invocationId !== 'string' || typeof message !== 'string') {
    return undefined;
  }
  if (instanceId !== undefined && typeof instanceId !== 'string') return undefined;
  return {
    time,
    level: level as LogEntry['level'],
    functionName,
    invocationId,
    ...(instanceId !== undefined ? { instanceId } : {}),
    message,
  };
}

/** True for the entries of connection `name`: its own instance and those named `hc-<name>:<suffix>`. */
export function belongsTo(name: string): (entry: LogEntry) => boolean {
  const own = instanceIdFor(name);
  return (entry) =>
    entry.instanceId !== undefined &&
    (entry.instanceId === own || entry.instanceId.startsWith(`${own}${INSTANCE_SUFFIX_SEPARATOR}`));
}

/** `TIME LEVEL INSTANCE FUNCTION: MESSAGE`, with control characters replaced so a line cannot drive the terminal. */
export function formatLogEntry(entry: LogEntry): string {
  const clean = withoutControlCharacters(entry) as LogEntry;
  return `${clean.time} ${clean.level.padEnd(5)} ${clean.instanceId ?? '-'} ${clean.functionName}: ${clean.message}`;
}
