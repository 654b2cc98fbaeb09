// The stamps a trigger binds plans to, read from app settings on each request (settings may change between
// requests on a warm instance). A malformed setting is the operator's to fix: it is reported by setting name, as a
// server-side configuration error, never as something wrong with the caller's plan.
import { configuredStamps, SettingsError, type StampSettings } from '../lib/settings';
import { apiError, type ApiResult } from './apiResult';

export type StampsOrRefusal = { ok: true; stamps: StampSettings[] } | { ok: false; refusal: ApiResult };

export function stampsForRequest(): StampsOrRefusal {
  try {
    return { ok: true, stamps: configuredStamps() };
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return {
      ok: false,
      refusal: apiError(500, 'InvalidAppSettings', `the app is misconfigured (${error.setting}); ask its operator`),
    };
  }
}
