// What iputils `ping` prints on a Linux VM, for a path that answers or not. Formatting only: whether packets come
// back is decided by reachability.ts; RTTs come from the simulator's seeded random source.

export interface PingOptions {
  target: string;
  count: number;
  /** Seconds between echo requests (-i). */
  intervalSeconds: number;
  quiet: boolean;
}

export interface PingRun {
  stdout: string;
  exitCode: number;
  /** Virtual ms the command runs. */
  durationMs: number;
}

/** iputils prints RTTs with three significant digits below 100 ms and none after the point above. */
function rttText(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

export function pingRun(
  options: PingOptions,
  answer: { ttl: number; baseRttMs: number } | undefined,
  random: () => number,
): PingRun {
  const { target, count, intervalSeconds } = options;
  const lines = [`PING ${target} (${target}) 56(84) bytes of data.`];
  const rtts: number[] = [];
  if (answer) {
    for (let seq = 1; seq <= count; seq++) {
      const rtt = answer.baseRttMs * (0.85 + random() * 0.3);
      rtts.push(rtt);
      if (!options.quiet)
        lines.push(`64 bytes from ${target}: icmp_seq=${seq} ttl=${answer.ttl} time=${rttText(rtt)} ms`);
    }
  }
  const spanMs = Math.round((count - 1) * intervalSeconds * 1000 + (answer ? Math.max(...rtts) : 40 + random() * 60));
  const received = rtts.length;
  const loss = Math.round(((count - received) / count) * 100);
  lines.push('', `--- ${target} ping statistics ---`);
  lines.push(`${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${spanMs}ms`);
  if (received > 0) {
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = rtts.reduce((sum, v) => sum + v, 0) / received;
    const mdev = Math.sqrt(rtts.reduce((sum, v) => sum + (v - avg) ** 2, 0) / received);
    lines.push(`rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms`);
  }
  // With no reply at all, ping waits one more interval before giving up (plus the 1 s reply timeout).
  const waitMs = answer ? spanMs : spanMs + 1000;
  return { stdout: `${lines.join('\n')}\n${answer ? '' : '\n'}`, exitCode: received > 0 ? 0 : 1, durationMs: waitMs };
}
