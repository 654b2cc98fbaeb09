// The poll schedules as pure functions of elapsed time, and how a gateway read is classified.
import {
  MINUTE_MS,
  SECOND_MS,
  gatewayPollBands,
  gatewayPollInterval,
  nextPollAfter,
  nextPollAt,
  tunnelPollInterval,
  virtualMachinePollInterval,
} from '../../orchestrations/pollSchedules';
import { classifyGateway } from '../../orchestrations/siteWatches';
import { SITE_PROFILES } from '../../lib/sites/profiles';

describe('poll schedules', () => {
  it('gateway bands from the site profile: rare before the typical window, every 20 s in it, every 2 minutes after', () => {
    const azure = gatewayPollInterval(SITE_PROFILES.azure.typicalDurations.gateway);
    expect(SITE_PROFILES.azure.typicalDurations.gateway).toEqual({ minMs: 30 * MINUTE_MS, maxMs: 45 * MINUTE_MS });
    expect(azure(0)).toBe(10 * MINUTE_MS);
    // Cut short at the window's start, so the first dense poll is not skipped.
    expect(azure(25 * MINUTE_MS)).toBe(5 * MINUTE_MS);
    expect(azure(30 * MINUTE_MS)).toBe(20 * SECOND_MS);
    // Into a sparser band: not cut short.
    expect(azure(44 * MINUTE_MS + 50 * SECOND_MS)).toBe(20 * SECOND_MS);
    expect(azure(45 * MINUTE_MS)).toBe(2 * MINUTE_MS);
    // Azure Stack Hub's shorter window: three early reads over its first 10 minutes.
    expect(gatewayPollInterval(SITE_PROFILES.azureStack.typicalDurations.gateway)(0)).toBe(200 * SECOND_MS);
    expect(gatewayPollBands({ minMs: 10 * MINUTE_MS, maxMs: 20 * MINUTE_MS }).at(-1)?.untilMs).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('VM bands from the site profile: three reads before its typical window, every 15 s in it, every minute after', () => {
    const azure = virtualMachinePollInterval(SITE_PROFILES.azure.typicalDurations.virtualMachine);
    expect(SITE_PROFILES.azure.typicalDurations.virtualMachine).toEqual({ minMs: MINUTE_MS, maxMs: 4 * MINUTE_MS });
    expect(azure(0)).toBe(20 * SECOND_MS);
    expect(azure(MINUTE_MS)).toBe(15 * SECOND_MS);
    expect(azure(4 * MINUTE_MS)).toBe(MINUTE_MS);
    // Stack Hub's VMs take 3-8 minutes: a read a minute until then.
    const stack = virtualMachinePollInterval(SITE_PROFILES.azureStack.typicalDurations.virtualMachine);
    expect(stack(0)).toBe(MINUTE_MS);
    expect(stack(3 * MINUTE_MS + 5 * SECOND_MS)).toBe(15 * SECOND_MS);
  });

  describe('the tunnel: paced by the connection begun last', () => {
    const windows = {
      connection: SITE_PROFILES.azure.typicalDurations.connection,
      tunnel: SITE_PROFILES.azure.typicalDurations.tunnel,
    };
    const begunAtMs = 1_000_000;
    const writing = (sinceBegunMs: number) => tunnelPollInterval(windows, { begunAtMs }, begunAtMs + sinceBegunMs);
    const provisioned = (sinceMs: number) =>
      tunnelPollInterval(windows, { begunAtMs, provisionedAtMs: begunAtMs + 90_000 }, begunAtMs + 90_000 + sinceMs);

    it("while the write runs: every 20 s before its typical duration, every 10 s (ARM's Retry-After for it) in it, every 30 s after", () => {
      expect(windows.connection).toEqual({ minMs: MINUTE_MS, maxMs: 3 * MINUTE_MS });
      expect(writing(0)).toBe(20 * SECOND_MS);
      // Cut short at the window, so the first dense read is not skipped.
      expect(writing(50 * SECOND_MS)).toBe(10 * SECOND_MS);
      expect(writing(MINUTE_MS)).toBe(10 * SECOND_MS);
      expect(writing(3 * MINUTE_MS)).toBe(30 * SECOND_MS);
      // Never faster than the write's own Retry-After once it is due.
      for (let t = MINUTE_MS; t < 10 * MINUTE_MS; t += SECOND_MS) {
        expect(writing(t)).toBeGreaterThanOrEqual(10 * SECOND_MS);
      }
    });

    it('once both are provisioned: every 5 s for a minute (IKE takes seconds), every 15 s until the typical tunnel time, then 30 s', () => {
      expect(provisioned(0)).toBe(5 * SECOND_MS);
      expect(provisioned(55 * SECOND_MS)).toBe(5 * SECOND_MS);
      expect(provisioned(MINUTE_MS)).toBe(15 * SECOND_MS);
      expect(provisioned(windows.tunnel.maxMs)).toBe(30 * SECOND_MS);
      // A read scheduled from a due time a little before the read that found them provisioned: still the dense band.
      expect(provisioned(-3 * SECOND_MS)).toBe(5 * SECOND_MS);
    });
  });

  it('never schedules a poll past the deadline', () => {
    const interval = gatewayPollInterval({ minMs: 30 * MINUTE_MS, maxMs: 45 * MINUTE_MS });
    expect(nextPollAt(9 * MINUTE_MS, 0, 10 * MINUTE_MS, interval)).toBe(10 * MINUTE_MS);
    expect(nextPollAt(29 * MINUTE_MS, 0, 60 * MINUTE_MS, interval)).toBe(30 * MINUTE_MS);
  });

  it('counts the next poll from when the last one was due, unless the run fell a whole interval behind', () => {
    const every20s = () => 20 * SECOND_MS;
    const hour = 60 * MINUTE_MS;
    // Due at 100 s, run at 104 s (the host's delay): the next is still due at 120 s.
    expect(nextPollAfter(100 * SECOND_MS, 104 * SECOND_MS, 0, hour, every20s)).toBe(120 * SECOND_MS);
    // Run at 130 s, past the next due time: one interval from now, never a burst of catch-up reads.
    expect(nextPollAfter(100 * SECOND_MS, 130 * SECOND_MS, 0, hour, every20s)).toBe(150 * SECOND_MS);
  });

  it('waits for a Succeeded gateway to get its public IP', () => {
    const site = { cloud: 'azureStack' as const, stage: 'gateway' as const };
    expect(classifyGateway({ provisioningState: 'Succeeded' }, site)).toMatchObject({ kind: 'pending' });
    expect(classifyGateway({ provisioningState: 'Succeeded', publicIpAddress: '1.2.3.4' }, site)).toEqual({
      kind: 'done',
    });
    expect(classifyGateway({ provisioningState: 'NotFound' }, site)).toMatchObject({
      kind: 'failed',
      failure: { code: 'ResourceNotFound' },
    });
  });
});
