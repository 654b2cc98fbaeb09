// The invocation log, `<data>/host.log`: one JSON line {time, level, functionName, invocationId, instanceId?, message}
// per log line an invocation writes and per finished invocation, appended as it happens (so a reader following the
// file sees it at once, and a kill loses nothing written). Lines hold what stderr shows, `code=` keys redacted, and
// no payload. Past 16 MB the file moves to host.log.1 (one generation kept).
import { closeSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { messageOf } from './errors';
import { redactUrl, type HostLog, type HostLogLevel } from './log';

export const INVOCATION_LOG_FILE = 'host.log';
export const INVOCATION_LOG_MAX_BYTES = 16 * 1024 * 1024;

export interface InvocationLogEntry {
  /** Wall-clock time, ISO 8601. */
  time: string;
  level: HostLogLevel;
  functionName: string;
  invocationId: string;
  /** The Durable instance an orchestrator or activity invocation ran for. */
  instanceId?: string;
  message: string;
}

export interface InvocationRecorder {
  record(entry: Omit<InvocationLogEntry, 'time'>): void;
  close(): void;
}

/** Records nothing (a host without a data folder). */
export const NO_INVOCATION_LOG: InvocationRecorder = { record: () => undefined, close: () => undefined };

export function openInvocationLog(
  dataDir: string,
  log: HostLog,
  maxBytes: number = INVOCATION_LOG_MAX_BYTES,
): InvocationRecorder {
  const path = join(dataDir, INVOCATION_LOG_FILE);
  let fd: number | undefined = openSync(path, 'a', 0o600);
  let size = statSync(path).size;
  const stopRecording = (error: unknown): void => {
    // The log is an aid: a full disk must not fail the invocations it describes.
    log('warn', `The invocation log ${path} stopped: ${messageOf(error)}`);
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    record(entry) {
      if (fd === undefined) return;
      const line = `${JSON.stringify({ time: new Date().toISOString(), ...entry, message: redactUrl(entry.message) })}\n`;
      try {
        if (size > 0 && size + Buffer.byteLength(line) > maxBytes) {
          closeSync(fd);
          fd = undefined;
          renameSync(path, `${path}.1`);
          fd = openSync(path, 'a', 0o600);
          size = 0;
        }
        size += writeSync(fd, line);
      } catch (error) {
        stopRecording(error);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
