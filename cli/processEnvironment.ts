// Sets environment variables of this process for an in-process app and puts the previous values back on demand.
// Values may be secrets: this module never prints or returns them.

/** Sets each variable (undefined values are skipped) and returns a function that restores what was there before. */
export function setProcessEnvironment(values: Readonly<Record<string, string | undefined>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** NO_PROXY extended with the loopback names, so a proxy configured for the machine never sees local traffic. */
export function noProxyWithLoopback(current: string | undefined): string {
  const entries = (current ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const loopback of ['127.0.0.1', 'localhost']) if (!entries.includes(loopback)) entries.push(loopback);
  return entries.join(',');
}
