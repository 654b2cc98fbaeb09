// The Azure Stack Hub stamp: named by id or by ARM endpoint (an https origin, because ARM clients refuse to send a
// bearer token over http). Whether it is a configured stamp is checked by bindStamp, with the app settings.
import { echoText } from './echo';
import type { Findings } from './findings';
import type { SiteAt } from './sides';

const ARM_PATH_SEGMENT = /\/(subscriptions|providers|resourcegroups|tenants|metadata)(\/|$)/i;

export function checkArmEndpoints(sites: readonly SiteAt[], findings: Findings): void {
  for (const site of sites) checkArmEndpoint(site, findings);
}

function checkArmEndpoint({ site, path }: SiteAt, findings: Findings): void {
  const at = `${path}.armEndpoint`;
  const text = site.armEndpoint;
  if (text === undefined) {
    if (site.stamp === undefined) {
      findings.error(`${path}.stamp`, 'is required: name the Azure Stack Hub stamp (or give its armEndpoint)');
    }
    return;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    findings.error(at, 'must be an absolute URL such as https://management.local.azurestack.external');
    return;
  }
  if (url.protocol === 'http:') {
    url.protocol = 'https:';
    findings.error(
      at,
      `http is refused: ARM clients never send a bearer token over http; use ${echoText(stripSlash(url.toString()))}`,
    );
    return;
  }
  if (url.protocol !== 'https:') {
    findings.error(
      at,
      `must be an https URL such as https://management.local.azurestack.external (got ${echoText(url.protocol)})`,
    );
    return;
  }
  if (url.username || url.password) {
    findings.error(at, 'must not carry credentials: remove user:password@ (credentials come from app settings)');
  }
  // A path prefix is an ARM root too (a reverse proxy, the simulator's /azurestack: the SDKs keep it); a path with
  // ARM's own segments is a pasted resource or metadata URL, not a root.
  if (url.search || url.hash || ARM_PATH_SEGMENT.test(url.pathname)) {
    findings.error(
      at,
      `must be the ARM root, not a resource, metadata or query URL: use ${echoText(`${url.protocol}//${url.host}`)}`,
    );
  }
}

export function stripSlash(text: string): string {
  return text.replace(/\/+$/, '');
}
