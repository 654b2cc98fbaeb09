// Reads a plan file for `validate` and `up` without trusting the path: only a regular file of at most 64 KB, decided
// from stat before opening (a FIFO would block, /dev/zero never ends), then read with a bound should it grow meanwhile.
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { MAX_PLAN_BODY_BYTES } from '../lib/plan';

export type PlanFileRead = { ok: true; bytes: Buffer } | { ok: false; reason: string };

export async function readPlanFile(file: string, limit = MAX_PLAN_BODY_BYTES): Promise<PlanFileRead> {
  let handle: FileHandle;
  try {
    const refused = refusal(await stat(file), limit);
    if (refused) return { ok: false, reason: refused };
    // O_NONBLOCK: should the path become a FIFO between stat and open, open returns instead of waiting for a writer.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
  try {
    const refused = refusal(await handle.stat(), limit);
    if (refused) return { ok: false, reason: refused };
    // One byte more than the limit tells a file that grew (or a /proc-like file that reports size 0) from one that fits.
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      length += bytesRead;
      if (bytesRead === 0 || length === buffer.length) break;
    }
    if (length > limit) return { ok: false, reason: `it holds more than the ${sizeText(limit)} a plan file may have` };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  } finally {
    await handle.close();
  }
}

function refusal(info: Stats, limit: number): string | undefined {
  if (!info.isFile()) return `it is ${kindOf(info)}, not a regular file: give the path of a plan JSON file`;
  if (info.size > limit) return `it is ${info.size} bytes, over the ${sizeText(limit)} a plan file may have`;
  return undefined;
}

function sizeText(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'something else';
}

function reasonOf(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'no such file';
  return error instanceof Error ? error.message : String(error);
}
