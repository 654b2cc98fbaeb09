// Reads the simulator's request log (the inspection API, in process) for what the bench needs: where the log stands
// now, and the requests a cloud answered since then. It only reads; it never resets or steers the simulator.
import type { LoggedRequest, Simulator } from '../../simulator';
import type { BenchCloud } from './sdkClients';

/** The sequence number of the last logged request (0 when none): later entries are "since" it. */
export function logPosition(sim: Simulator): number {
  const all = sim.inspect.requests();
  return all[all.length - 1]?.sequence ?? 0;
}

export function requestsSince(sim: Simulator, cloud: BenchCloud, since: number): LoggedRequest[] {
  return sim.inspect.requests({ service: cloud, since });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
