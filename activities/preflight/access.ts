// Pre-flight's first checks for one site, in the order a run meets them: the app settings and (Stack Hub) the
// stamp's configuration, its metadata endpoint, a token, ARM answering, and the subscription's state. Each failure
// becomes a failed check; transient ones are thrown (armCall), so the activity's durable retry applies.
import { siteProfile } from '../../lib/sites/profiles';
import { armCall, readClientsFor, type ErrorSite, type ReadClients, type SiteLocator } from '../../lib/clouds';
import type { ArmOperationErrorDetails } from '../../lib/errors';
import { failed, ok, warning, type CheckResult } from '../../lib/preflight';
import type { AppSettings } from '../../lib/settings';

export type Access = { ok: true; read: ReadClients } | { ok: false };

/** TLS failures: ARM was reached but its certificate is not trusted. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;

export async function checkAccess(
  site: ErrorSite,
  locator: SiteLocator,
  settings: AppSettings,
  checks: CheckResult[],
): Promise<Access> {
  const { cloud } = site;
  const stack = siteProfile(cloud).identity === 'stamp';
  const profile = await armCall(site, () => readClientsFor(locator, settings));
  if (!profile.ok) {
    checks.push(profileFailure(site, profile.error));
    return { ok: false };
  }
  checks.push(
    ok(
      cloud,
      'settings',
      stack ? `stamp ${locator.stamp ?? locator.armEndpoint ?? ''} is configured` : 'Azure settings are complete',
    ),
  );
  if (stack)
    checks.push(
      ok(cloud, 'metadata', "the stamp's /metadata/endpoints advertises the configured login endpoint and audience"),
    );
  const read = profile.value;

  const token = await armCall(site, () => read.token());
  if (!token.ok) {
    checks.push(failed(cloud, 'token', describe(token.error), token.error.hint ?? 'check the credential app settings'));
    return { ok: false };
  }
  checks.push(ok(cloud, 'token', 'a token for ARM was issued'));

  const subscription = await armCall(site, () => read.subscription());
  if (!subscription.ok) {
    const error = subscription.error;
    if (TLS_CODES.test(error.code)) {
      checks.push(
        failed(cloud, 'armReachable', describe(error), error.hint ?? 'trust the endpoint CA (HC_CA_CERT_FILE)'),
      );
      return { ok: false };
    }
    checks.push(ok(cloud, 'armReachable', `ARM answered (HTTP ${error.httpStatus ?? '?'})`));
    checks.push(
      failed(
        cloud,
        'subscription',
        describe(error),
        error.code === 'SubscriptionNotFound'
          ? `check ${cloud}.subscriptionId in the plan, and that the identity has a role on that subscription`
          : (error.hint ?? 'check the subscription and the identity'),
      ),
    );
    return { ok: false };
  }
  checks.push(ok(cloud, 'armReachable', 'ARM answered'));
  checks.push(subscriptionCheck(site, subscription.value.state));
  return { ok: true, read };
}

function subscriptionCheck(site: ErrorSite, state: string | undefined): CheckResult {
  const { cloud } = site;
  switch ((state ?? 'Enabled').toLowerCase()) {
    case 'enabled':
      return ok(cloud, 'subscription', 'the subscription is Enabled');
    case 'warned':
    case 'pastdue':
      return warning(
        cloud,
        'subscription',
        `the subscription is ${state ?? ''}: it still works, but will be disabled if nothing is done`,
        'settle the subscription (billing) before it is disabled mid-run',
      );
    default:
      return failed(
        cloud,
        'subscription',
        `the subscription is ${state ?? ''}: ARM refuses every write (ReadOnlyDisabledSubscription)`,
        'reactivate the subscription, or name another one in the plan',
      );
  }
}

/** Where a profile failed: settings, the stamp's metadata, or reaching the endpoint at all. */
function profileFailure(site: ErrorSite, error: ArmOperationErrorDetails): CheckResult {
  const { cloud } = site;
  const hint = error.hint ?? 'check the app settings';
  if (error.code === 'InvalidAppSetting' || error.code === 'UnknownStamp')
    return failed(cloud, 'settings', describe(error), hint);
  if (TLS_CODES.test(error.code)) return failed(cloud, 'armReachable', describe(error), hint);
  if (siteProfile(cloud).identity === 'stamp') {
    return failed(
      cloud,
      'metadata',
      describe(error),
      error.code === 'StampMetadataMismatch'
        ? hint
        : "check the stamp's ARM endpoint: its /metadata/endpoints must answer",
    );
  }
  return failed(cloud, 'settings', describe(error), hint);
}

export function describe(error: ArmOperationErrorDetails): string {
  const status = error.httpStatus !== undefined ? ` (HTTP ${error.httpStatus})` : '';
  return `${error.code}${status}${error.armMessage ? `: ${error.armMessage}` : ''}`;
}
