// A raw TCP client for tests that must control exactly what is sent and when: a request head, part of a body, bytes
// dribbled on a timer; it tells what the server answered and when it closed the connection. Whoever opens one calls
// destroy() (tests do it in afterEach); the dribble timer stops by itself when the connection closes.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  /** Resolves when the server has closed the connection, with everything it sent. */
  closed: Promise<string>;
  write(data: string | Buffer): void;
  /** Writes `data` every `everyMs` until the connection closes. */
  dribble(data: string, everyMs: number): void;
  /** Resolves once the received text contains `marker` (e.g. the end of a response head). */
  received(marker: string): Promise<string>;
  destroy(): void;
}

export interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function openRaw(origin: string): Promise<RawConnection> {
  const { hostname, port } = new URL(origin);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  const waiters: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  // Writing after the server closed fails with EPIPE/ECONNRESET: expected here, and 'close' follows.
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) =>
    socket.once('close', () => {
      if (timer) clearInterval(timer);
      for (const wake of waiters.splice(0)) wake();
      resolve(text);
    }),
  );
  return {
    closed,
    write: (data) => {
      if (!socket.destroyed) socket.write(data);
    },
    dribble: (data, everyMs) => {
      timer = setInterval(() => {
        if (!socket.destroyed) socket.write(data);
      }, everyMs);
    },
    received: async (marker) => {
      while (!text.includes(marker)) {
        if (socket.destroyed) throw new Error(`connection closed before '${marker}' arrived; got: ${text}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return text;
    },
    destroy: () => {
      if (timer) clearInterval(timer);
      socket.destroy();
    },
  };
}

/** The first response in `text`: status, lower-case headers and the body after the head. */
export function parseResponse(text: string): ParsedResponse {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine?.split(' ')[1]), headers, body: text.slice(end + 4) };
}
