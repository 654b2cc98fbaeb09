// Reads the invocation log as it grows: complete lines only (a line being written is kept until its newline comes),
// from the older generation (host.log.1) first, and across a rotation without losing the old file's last lines.
import { open, stat } from 'node:fs/promises';

interface Position {
  /** The inode of the file read so far: a new one means the file was rotated. */
  ino: number;
  offset: number;
}

export class LogFileReader {
  private position: Position | undefined;
  private partial: Buffer = Buffer.alloc(0);

  constructor(private readonly path: string) {}

  /** The lines of host.log.1 and host.log so far, oldest first; the next readNew() continues from here. */
  async readAll(): Promise<string[]> {
    const older = await readWhole(`${this.path}.1`);
    return [...older, ...(await this.readNew())];
  }

  /** Complete lines appended since the last read (none when the file does not exist yet). */
  async readNew(): Promise<string[]> {
    const now = await statOrUndefined(this.path);
    if (now === undefined) return [];
    const lines: string[] = [];
    if (this.position !== undefined && this.position.ino !== now.ino) {
      // Rotated: the file read so far is host.log.1 now; take what was appended to it before it moved.
      const moved = await statOrUndefined(`${this.path}.1`);
      if (moved?.ino === this.position.ino)
        lines.push(...this.take(await readFrom(`${this.path}.1`, this.position.offset)));
      this.partial = Buffer.alloc(0);
      this.position = undefined;
    }
    // Truncated in place (by hand): start over from its beginning.
    const offset = this.position !== undefined && this.position.offset <= now.size ? this.position.offset : 0;
    const bytes = await readFrom(this.path, offset);
    this.position = { ino: now.ino, offset: offset + bytes.length };
    lines.push(...this.take(bytes));
    return lines;
  }

  private take(bytes: Buffer): string[] {
    const all = Buffer.concat([this.partial, bytes]);
    const end = all.lastIndexOf(0x0a);
    this.partial = end < 0 ? all : all.subarray(end + 1);
    if (end < 0) return [];
    return all
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
  }
}

async function readWhole(path: string): Promise<string[]> {
  const bytes = await readFrom(path, 0);
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/** The bytes of `path` from `offset` to its current end; empty when it does not exist. */
async function readFrom(path: string, offset: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function statOrUndefined(path: string): Promise<{ ino: number; size: number } | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
