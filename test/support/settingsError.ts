// Test-only: the SettingsError a call throws (fails the test when it throws nothing, or something else).
import { SettingsError } from '../../lib/settings';

export function settingsErrorOf(run: () => unknown): SettingsError {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}
