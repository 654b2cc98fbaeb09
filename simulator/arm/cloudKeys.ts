// How the simulator names its clouds and where it serves them: `azure` at /azure, the first Azure Stack Hub stamp
// `azureStack` at /azurestack (as before there were several), stamp N >= 2 `azureStackN` at /azurestackN. Pure.
import type { CloudKey } from './resourceType';

/** The most stamps one simulator serves (`azureStackStamps`, `--stamps`). */
export const MAX_AZURE_STACK_STAMPS = 20;

/** The key of stamp `n` (1-based). */
export function stampKey(n: number): CloudKey {
  return n === 1 ? 'azureStack' : `azureStack${n}`;
}

/** The 1-based stamp number of a key, or undefined for Azure. */
export function stampNumber(key: CloudKey): number | undefined {
  if (key === 'azure') return undefined;
  return key === 'azureStack' ? 1 : Number(key.slice('azureStack'.length));
}

/** The path prefix of stamp `n`'s ARM on the simulator's origin. */
export function stampPathPrefix(n: number): string {
  return n === 1 ? '/azurestack' : `/azurestack${n}`;
}

/** Every cloud key of a simulator serving `stamps` stamps, Azure first. */
export function cloudKeys(stamps: number): CloudKey[] {
  return ['azure', ...Array.from({ length: stamps }, (_, i) => stampKey(i + 1))];
}

/** A cloud key as written (`azure`, `azureStack`, `azureStack2`...), whatever the stamp count; else undefined. */
export function parseCloudKey(text: string): CloudKey | undefined {
  if (text === 'azure' || text === 'azureStack') return text;
  const match = /^azureStack([1-9]\d*)$/.exec(text);
  return match && Number(match[1]) >= 2 ? stampKey(Number(match[1])) : undefined;
}
