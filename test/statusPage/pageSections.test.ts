// The status page's day-2 and teardown sections and its words for assistive technology: the health monitor (reads,
// transitions, repairs), the key rotations, the teardown's progress and result, every time as a <time> stamp beside
// how long ago or how long it took (moving on with the server's now), the drawing described in words, and what a
// refresh announces.
import type { ConnectionPageData } from '../../functions/view/pageModel';
import { layoutFromName } from '../../functions/view/pageModel';
import { createPageRenderer, PAGE_PARTS } from '../../functions/view/pageRenderer';
import { PAGE_VOCABULARY } from '../../functions/view/pageVocabulary';
import { at, completedStatus, MIN, runningStatus } from '../cli/statusFixtures';
import { dayTwoStatus, tearingDownStatus } from './dayTwoFixtures';

const renderer = createPageRenderer(PAGE_VOCABULARY, PAGE_PARTS);
const page = (status: unknown): string =>
  renderer.renderConnection(
    {
      name: 'contoso',
      statusPath: '/api/connections/contoso',
      refreshMs: 3000,
      layout: layoutFromName('contoso'),
      status,
    } satisfies ConnectionPageData,
    { live: true },
  );
const stamp = (minutes: number): string => {
  const iso = at(minutes * MIN);
  return `<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC</time>`;
};
/** The page's text without tags, for assertions about what a reader sees. */
const text = (html: string): string => html.replace(/<[^>]+>/g, '');
const section = (html: string, part: string): string => {
  const start = html.indexOf(`<section class="${part}" data-part="${part}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start) + 10);
};

describe('the health monitor section', () => {
  it('shows the state, the period and repair policy, the reads per side, the transitions and the repairs', () => {
    const monitor = section(page(dayTwoStatus()), 'monitor');
    expect(monitor).toContain('data-part="monitor-state">running<');
    expect(text(monitor)).toContain(
      'reads both sides every 5 min · repairs a side after 3 failed reads, at most 2 a day',
    );
    // Reads: newest first, each side's status, a failed read as its error code; each time stamped and aged.
    expect(monitor).toContain(
      `<tr><td>${stamp(60)} <span class="elapsed">(2m 00s ago)</span></td><td><span class="label st-succeeded">Connected</span></td>`,
    );
    expect(monitor).toContain('<span class="label st-failed">NotConnected</span>');
    expect(monitor).toContain('<span class="label st-failed">not read: ResourceNotFound</span>');
    expect(text(monitor)).toContain('(7m 00s ago) · Azure Degraded hc-contoso/degraded/azure/1');
    expect(text(monitor)).toContain('(2m 00s ago) · Azure Recovered hc-contoso/recovered/azure/1');
    expect(text(monitor)).toMatch(
      /\(5m 00s ago\)Azure1reset connectionfailedConflict another operation is in progress/,
    );
  });

  it('is absent before the monitor exists, and says so when repair is off or nothing happened yet', () => {
    expect(page(completedStatus())).not.toContain('data-part="monitor"');
    expect(page({ ...completedStatus(), monitor: null })).not.toContain('Health monitor');
    const quiet = section(
      page({
        ...completedStatus(),
        monitor: { state: 'running', intervalMinutes: 1, repair: null, reads: [], transitions: [], repairs: [] },
      }),
      'monitor',
    );
    expect(text(quiet)).toContain('repair off');
    expect(text(quiet)).toContain('No read yet.');
    expect(text(quiet)).toContain('No transition');
    expect(text(quiet)).toContain('No repair tried.');
  });
});

describe('the key rotations section', () => {
  it('shows each rotation: when (stamps and durations), trigger, state, versions, downtime and error', () => {
    const rotations = section(page(dayTwoStatus()), 'rotations');
    expect(rotations).toContain(`started ${stamp(61)} <span class="elapsed">(running for 1m 00s)</span>`);
    expect(rotations).toContain(`started ${stamp(45)}, ended ${stamp(47)} <span class="elapsed">(took 2m 00s)</span>`);
    expect(text(rotations)).toContain('schedulerunningv2 → –not measured');
    expect(text(rotations)).toContain('requestsucceededv1 → v242s');
    expect(rotations).toContain('<span class="label st-failed">restored</span>');
    expect(text(rotations)).toContain('TunnelNotConnectedError the tunnel did not connect with the new key');
    expect(page(completedStatus())).not.toContain('Key rotations');
  });
});

describe('the teardown section', () => {
  it('shows the progress while it runs: deleted so far per cloud, since when', () => {
    const teardown = section(page(tearingDownStatus('Running')), 'teardown');
    expect(teardown).toContain('data-part="teardown-status">Running<');
    expect(teardown).toContain(`started ${stamp(70)} <span class="elapsed">(running for 10m 00s)</span>`);
    expect(teardown).toContain('data-part="teardown-result">In progress: 2 resource(s) deleted so far<');
    expect(text(teardown)).toContain('Azure: 2 deleted');
    expect(text(teardown)).toContain('Azure Stack Hub: 0 deleted');
  });

  it('shows the result once it ended: how long it took, what it deleted, or why it failed', () => {
    const done = section(page(tearingDownStatus('Completed')), 'teardown');
    expect(done).toContain(`ended ${stamp(79)} <span class="elapsed">(took 9m 00s)</span>`);
    expect(done).toContain('Result: done, 3 resource(s) deleted');
    const failed = page(tearingDownStatus('Failed'));
    expect(failed).toContain('Result: Failed after deleting 2 resource(s)');
    expect(text(failed)).toContain('Teardown failed at Azure Stack Hub');
  });
});

describe('times', () => {
  it('stamps the run’s start in the header and moves its elapsed time on with the server’s now', () => {
    const first = page({ ...runningStatus(), now: at(25 * MIN) });
    const next = page({ ...runningStatus(), now: at(26 * MIN) });
    expect(first).toContain(
      `started ${stamp(0)} · <span class="elapsed" data-part="elapsed">running for 25m 00s</span>`,
    );
    expect(next).toContain('running for 26m 00s');
    // The monitor's reads age as the server's now moves on.
    expect(page({ ...dayTwoStatus(), now: at(70 * MIN) })).toContain('(10m 00s ago)');
  });

  it('shows a time it cannot read as the text sent, never as a made-up date', () => {
    const html = page({ ...runningStatus(), createdTime: 'yesterday 1' });
    expect(html).not.toContain('<time');
  });
});

describe('words for assistive technology', () => {
  it('describes the drawing: which resources exist per cloud, which are being built, which side is connected', () => {
    const running = page(runningStatus());
    expect(running).toContain('role="img" aria-labelledby="blueprint-title blueprint-desc"');
    const desc = /<desc id="blueprint-desc" data-part="blueprint-desc">([^<]*)<\/desc>/.exec(running)?.[1];
    expect(desc).toContain(
      'Azure: exists: resource group, virtual network, public IP, network interface, virtual machine; being built: VPN gateway.',
    );
    expect(desc).toContain(
      'Azure Stack Hub: exists: resource group, virtual network, public IP, network interface; being built: VPN gateway, virtual machine.',
    );
    expect(desc).toContain('Tunnel between the gateways: not started.');
    const live = page({
      ...completedStatus(),
      live: {
        readAt: at(50 * MIN),
        azure: { resources: [], connection: { connectionStatus: 'Connected' }, gatewayIpAddress: null },
        azureStack: { resources: [], connection: { connectionStatus: 'Connecting' }, gatewayIpAddress: null },
      },
    });
    expect(live).toContain('Azure side Connected, Azure Stack Hub side Connecting.');
    const gone = page(tearingDownStatus('Running'));
    expect(gone).toMatch(/Azure: exists: [^.]*; deleted: resource group, connection\./);
  });

  it('says what the stage timeline shows: per cloud how many stages are in each state, and which run', () => {
    expect(page(runningStatus())).toContain(
      'aria-label="Stage timeline. Azure: 5 succeeded, 1 running (VPN gateway), 4 pending. Azure Stack Hub: 4 succeeded, 2 running (VPN gateway, virtual machine), 3 pending."',
    );
  });

  it('announces what a refresh changed, one sentence each, and nothing when nothing changed', () => {
    expect(renderer.changes(runningStatus(), runningStatus())).toEqual([]);
    const said = renderer.changes(runningStatus(), completedStatus());
    expect(said).toContain('Run Completed');
    expect(said).toContain('Azure VPN gateway succeeded');
    expect(said).toContain('Azure Stack Hub virtual machine succeeded');
    expect(said).toContain('Tunnel connected');
    expect(renderer.changes(completedStatus(), dayTwoStatus())).toEqual([
      'Azure degraded',
      'Azure recovered',
      'Key rotation running',
      'Key rotation succeeded',
      'Key rotation restored',
    ]);
    expect(renderer.changes(dayTwoStatus(), tearingDownStatus('Running'))).toEqual(['Teardown started']);
    expect(renderer.changes(tearingDownStatus('Running'), tearingDownStatus('Completed'))).toEqual([
      'Connection deleted',
    ]);
  });
});
