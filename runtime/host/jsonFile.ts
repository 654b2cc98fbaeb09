// Reads an optional JSON configuration file. Missing = undefined; unreadable or invalid JSON = HostConfigError.
import { readFile } from 'node:fs/promises';
import { HostConfigError, messageOf } from './errors';

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new HostConfigError(`Cannot read ${path}: ${messageOf(error)}`, { cause: error });
  }
  try {
    // host.json and local.settings.json are often saved by editors with a byte-order mark.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new HostConfigError(`${path} is not valid JSON: ${messageOf(error)}`, { cause: error });
  }
}
