// The outbound proxy the Azure SDK would use, read from the environment when asked: HTTPS_PROXY, else ALL_PROXY,
// else HTTP_PROXY (each also lower-case), and NO_PROXY's host list. core-rest-pipeline reads the proxy when a
// pipeline is built and NO_PROXY once per process; reading both per call and handing them to its proxyPolicy
// explicitly keeps its matching rules while making a change of either take effect (and tests deterministic).
import { getDefaultProxySettings, type ProxySettings } from '@azure/core-rest-pipeline';

export interface ProxyEnvironment {
  /** Undefined: connect directly. */
  settings?: ProxySettings;
  /** Hosts (`.suffix` for a domain) reached without the proxy, as core-rest-pipeline matches them. */
  noProxy: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

export function proxyEnvironment(env: Env = process.env): ProxyEnvironment {
  const value = (name: string): string | undefined => env[name] || env[name.toLowerCase()] || undefined;
  const url = value('HTTPS_PROXY') ?? value('ALL_PROXY') ?? value('HTTP_PROXY');
  const noProxy = (value('NO_PROXY') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // A malformed proxy URL is the SDK's to report on its own calls; here it means "no usable proxy".
  let settings: ProxySettings | undefined;
  try {
    settings = url === undefined ? undefined : getDefaultProxySettings(url);
  } catch {
    settings = undefined;
  }
  return { ...(settings ? { settings } : {}), noProxy };
}
