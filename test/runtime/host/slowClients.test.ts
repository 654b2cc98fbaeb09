// Slow clients are bounded: headers that never finish, a body dribbled below the minimum data rate, a body that
// stops coming, and a kept-alive connection left idle are all cut by the host, and no function runs for them. Small
// limits keep the waits short; the assertions are on what happened, never on how long it took.
import { callsOf, startEdgeHost, stopEdgeHosts } from './edgeHost';
import { openRaw, parseResponse, type RawConnection } from './rawHttp';

const connections: RawConnection[] = [];

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  await stopEdgeHosts();
});

async function connectTo(url: string): Promise<RawConnection> {
  const connection = await openRaw(url);
  connections.push(connection);
  return connection;
}

it('answers 408 and closes a connection whose headers never finish (headersTimeoutMs)', async () => {
  const host = await startEdgeHost({ headersTimeoutMs: 300 });
  const connection = await connectTo(host.url);
  connection.write('GET /api/echo HTTP/1.1\r\nHost: x\r\n');
  connection.dribble('X-Slow: 1\r\n', 50);
  expect(parseResponse(await connection.closed).status).toBe(408);
  expect(await callsOf(host, 'echo')).toBe(0);
});

it('cuts a body sent below the minimum data rate after the grace period, without running the function', async () => {
  const host = await startEdgeHost({ minRequestBodyDataRate: { bytesPerSecond: 240, gracePeriodMs: 300 } });
  const connection = await connectTo(host.url);
  connection.write(`POST /api/secured?code=${host.keys.function} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n`);
  connection.dribble('x', 50);
  const response = parseResponse(await connection.closed);
  expect([response.status, response.headers.connection]).toEqual([408, 'close']);
  expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'RequestBodyTimeout' } });
  expect(await callsOf(host, 'secured')).toBe(0);
});

it('closes a request whose body stops coming once requestTimeoutMs is over', async () => {
  const host = await startEdgeHost({ headersTimeoutMs: 200, requestTimeoutMs: 400, minRequestBodyDataRate: false });
  const connection = await connectTo(host.url);
  connection.write(`POST /api/secured?code=${host.keys.function} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nx`);
  expect(parseResponse(await connection.closed).status).toBe(408);
  expect(await callsOf(host, 'secured')).toBe(0);
});

it('closes a kept-alive connection left idle after its answer (keepAliveTimeoutMs)', async () => {
  const host = await startEdgeHost({ keepAliveTimeoutMs: 200 });
  const connection = await connectTo(host.url);
  connection.write('GET /api/echo HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
  const answer = parseResponse(await connection.received('"bodyLength":0}'));
  expect([answer.status, answer.headers.connection]).toEqual([200, 'keep-alive']);
  // Nothing more is sent: only the host closing the idle connection ends this wait.
  await connection.closed;
  expect(await callsOf(host, 'echo')).toBe(1);
});

it('refuses limits Node could not honour, naming the option', async () => {
  await expect(startEdgeHost({ headersTimeoutMs: 2000, requestTimeoutMs: 1000 })).rejects.toThrow(/headersTimeoutMs/);
  await expect(startEdgeHost({ maxRequestBodyBytes: -1 })).rejects.toThrow(/maxRequestBodyBytes/);
});
