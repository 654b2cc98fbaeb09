// What a refresh changed, in words for the page's aria-live region ("Azure gateway succeeded"): the run's runtime
// status, each stage's state, the tunnel (a fleet's: the hub's stages and each site's tunnel), the teardown, the
// monitor's transitions and the rotations. The first
// paint announces nothing; only a refresh that changes something does. Shipped to the browser as source text (see
// pageDocument.ts): self-contained, its helpers come in as arguments.
import type { MonitorStatus, MonitorTransition, RotationStatus } from '../../lib/api/connectionStatus';
import type { Reading, StatusFields } from './pageReading';

export interface Announcer {
  /** The changes from one status to the next, one sentence each; none when nothing a reader cares about moved. */
  changes: (before: unknown, after: unknown) => string[];
}

export function createAnnouncer(read: Reading): Announcer {
  const TUNNEL_WORDS: Record<string, string> = {
    connecting: 'connecting',
    connected: 'connected',
    notConnected: 'not connected',
  };
  const PHASE_WORDS: Record<string, string> = {
    deleting: 'Teardown started',
    deleted: 'Connection deleted',
    deleteFailed: 'Teardown failed',
  };

  function rotationStates(status: StatusFields): Record<string, string> {
    const sent = status.rotations;
    const out: Record<string, string> = {};
    for (const rotation of Array.isArray(sent) ? sent : []) {
      const fields = read.rec<RotationStatus>(rotation);
      out[read.str(fields.instanceId)] = read.str(fields.state);
    }
    return out;
  }

  function transitionIds(status: StatusFields): string[] {
    const sent = read.rec<MonitorStatus>(status.monitor).transitions;
    return (Array.isArray(sent) ? sent : []).map((t) => read.str(read.rec<MonitorTransition>(t).eventId));
  }

  /** A single site's: each cloud's stages, then the tunnel. */
  function pairChanges(before: StatusFields, after: StatusFields): string[] {
    const said: string[] = [];
    for (const cloud of read.clouds) {
      const was = read.stageMap(before, cloud);
      const now = read.stageMap(after, cloud);
      for (const stage of Object.keys(now)) {
        const state = read.partOf(read.rec(now[stage]).state);
        if (state !== read.partOf(read.rec(was[stage]).state)) {
          said.push(`${read.cloudTitle(cloud)} ${read.stageTitle(stage)} ${state}`);
        }
      }
    }
    const tunnel = read.str(read.rec(after.connection).state);
    if (tunnel !== read.str(read.rec(before.connection).state) && TUNNEL_WORDS[tunnel]) {
      said.push(`Tunnel ${TUNNEL_WORDS[tunnel]}`);
    }
    return said;
  }

  /** A fleet's: the hub's shared stages, then each site's tunnel (a site a replacing run removes too). */
  function fleetChanges(before: StatusFields, after: StatusFields): string[] {
    const said: string[] = [];
    const hubStages = (status: StatusFields) => read.rec<Record<string, unknown>>(read.rec(status.hub).stages);
    const was = hubStages(before);
    for (const [stage, sent] of Object.entries(hubStages(after))) {
      const state = read.partOf(read.rec(sent).state);
      if (state !== read.partOf(read.rec(was[stage]).state)) {
        said.push(`${read.cloudTitle('azure')} hub ${read.stageTitle(stage)} ${state}`);
      }
    }
    const sites = (status: StatusFields): Map<string, string> =>
      new Map([
        ...read.siteNames(status).map((site): [string, string] => [site, read.siteState(status, site).words]),
        ...read.removedSites(status).map(({ name, state }): [string, string] => [name, state.words]),
      ]);
    const known = sites(before);
    for (const [site, words] of sites(after)) {
      if (known.get(site) !== words) said.push(`Site ${site} ${words}`);
    }
    return said;
  }

  function changes(beforeSent: unknown, afterSent: unknown): string[] {
    const before: StatusFields = read.rec(beforeSent);
    const after: StatusFields = read.rec(afterSent);
    const said: string[] = [];
    const runtime = read.str(after.runtimeStatus);
    if (runtime && runtime !== read.str(before.runtimeStatus)) said.push(`Run ${runtime}`);
    said.push(...(read.isFleet(after) ? fleetChanges(before, after) : pairChanges(before, after)));
    const phase = read.teardownPhase(after);
    if (phase && phase !== read.teardownPhase(before)) said.push(PHASE_WORDS[phase] ?? phase);
    const seen = transitionIds(before);
    const sentTransitions = read.rec<MonitorStatus>(after.monitor).transitions;
    const transitions: unknown[] = Array.isArray(sentTransitions) ? sentTransitions : [];
    // Newest first as sent: said oldest first.
    for (const sent of transitions.slice().reverse()) {
      const t = read.rec<MonitorTransition>(sent);
      if (!seen.includes(read.str(t.eventId))) said.push(`${read.cloudTitle(read.str(t.cloud))} ${read.str(t.kind)}`);
    }
    const rotated = rotationStates(before);
    for (const [id, state] of Object.entries(rotationStates(after))) {
      if (rotated[id] !== state) said.push(`Key rotation ${state}`);
    }
    return said;
  }

  return { changes };
}
