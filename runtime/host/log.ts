// The host's log sink: four levels, one line per message. Callers must never pass keys or URLs carrying a `code`
// query parameter; `redactUrl` strips them from URLs that are logged.

export type HostLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type HostLog = (level: HostLogLevel, message: string) => void;

/** Writes info and above to stderr (stdout stays free for the CLI's machine-readable ready line). */
export function stderrLog(options: { debug?: boolean } = {}): HostLog {
  return (level, message) => {
    if (level === 'debug' && !options.debug) return;
    process.stderr.write(`[${new Date().toISOString()}] ${level}: ${message}\n`);
  };
}

/** Maps the worker's RPC log levels (trace ... critical, none) onto the host's; undefined = do not log. */
export function fromRpcLogLevel(level: string): HostLogLevel | undefined {
  switch (level) {
    case 'trace':
    case 'debug':
      return 'debug';
    case 'information':
      return 'info';
    case 'warning':
      return 'warn';
    case 'error':
    case 'critical':
      return 'error';
    default:
      return undefined;
  }
}

/** A URL path and query fit for a log line: the `code` key is replaced. */
export function redactUrl(pathAndQuery: string): string {
  return pathAndQuery.replace(/([?&]code=)[^&#]*/gi, '$1***');
}
