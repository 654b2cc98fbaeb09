// Reads the result of `ping -c N <ip>` (iputils) out of a Run Command message
// ("Enable succeeded: \n[stdout]\n...\n[stderr]\n..."). Pure text parsing.

export interface PingSummary {
  packetsSent: number;
  packetsReceived: number;
  averageRttMs?: number;
}

const STATISTICS = /(\d+)\s+packets transmitted,\s+(\d+)\s+(?:packets\s+)?received/;
const RTT = /rtt min\/avg\/max\/mdev = [\d.]+\/([\d.]+)\/[\d.]+\/[\d.]+ ms/;

/** The ping statistics, or undefined when the output holds none (ping did not run). */
export function parsePingOutput(message: string): PingSummary | undefined {
  const stdout = stdoutOf(message);
  const stats = STATISTICS.exec(stdout);
  if (!stats) return undefined;
  const rtt = RTT.exec(stdout);
  return {
    packetsSent: Number(stats[1]),
    packetsReceived: Number(stats[2]),
    ...(rtt ? { averageRttMs: Number(rtt[1]) } : {}),
  };
}

/** The [stdout] section of a Linux Run Command message (the whole text when it has no sections). */
export function stdoutOf(message: string): string {
  const start = message.indexOf('[stdout]');
  if (start < 0) return message;
  const end = message.indexOf('[stderr]', start);
  return message.slice(start + '[stdout]'.length, end < 0 ? undefined : end);
}
