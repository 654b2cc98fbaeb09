// The CLI's rendering as pure functions: durations, bars, the TTY redraw, the status block, the plain log that only
// appends on change, teardown progress, the list table and the closing summary.
import { parseConnectionView, type ConnectionView, type TeardownView } from '../../cli/client/apiTypes';
import { ServerClock } from '../../cli/client/serverClock';
import { CURSOR, painter, stripAnsi, truncateVisible, visibleLength } from '../../cli/render/ansi';
import { expectedDuration } from '../../cli/render/expectedDurations';
import { formatApprox, formatDuration, formatRange } from '../../cli/render/format';
import { eventLabel, stageLabel } from '../../cli/render/labels';
import { renderList } from '../../cli/render/listTable';
import { LiveScreen, redrawFrame } from '../../cli/render/liveScreen';
import { outcomeLines, teardownOutcomeLines } from '../../cli/render/outcomeLines';
import { milestoneOf, PlainLog } from '../../cli/render/plainLog';
import { progressBar, runningFraction } from '../../cli/render/progressBar';
import { stageRows } from '../../cli/render/stageRows';
import { renderStatus } from '../../cli/render/statusView';
import { renderTeardown, TeardownPlainLog } from '../../cli/render/teardownView';
import type { WithFailures } from '../../cli/render/failures';
import { at, completedStatus, failedInBothCloudsStatus, failedStatus, MIN, runningStatus, T0 } from './statusFixtures';

const view = (raw: Record<string, unknown>): ConnectionView => parseConnectionView(raw);
/** A view with the API's `errors` beside `error` (what the renderers read when the parsed view carries it). */
const viewWithErrors = (raw: Record<string, unknown>): ConnectionView & WithFailures => ({
  ...view(raw),
  errors: (raw.errors as Record<string, unknown>[])
    .map((error) => view({ ...raw, error }).error)
    .filter((e) => e !== null),
});
const plain = { colour: false, bars: 'ascii' as const };

describe('durations', () => {
  it('formats elapsed time as seconds, minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(60_000)).toBe('1m 00s');
    expect(formatDuration(12 * MIN + 4_000)).toBe('12m 04s');
    expect(formatDuration(62 * MIN)).toBe('1h 02m');
  });

  it('rounds estimates and shows typical ranges compactly', () => {
    expect(formatApprox(37.5 * MIN)).toBe('~38m');
    expect(formatApprox(45_000)).toBe('~45s');
    expect(formatRange(30 * MIN, 45 * MIN)).toBe('30–45m');
    expect(formatRange(10_000, 30_000)).toBe('10–30s');
    expect(formatRange(30_000, 5 * MIN)).toBe('30s–5m');
    expect(formatRange(17 * MIN, 17.2 * MIN)).toBe('17m');
    expect(formatRange(MIN, 3 * MIN)).toBe('1–3m');
  });
});

describe('progress bars', () => {
  it('fills unicode bars in eighths and ascii bars in cells, always at the given width', () => {
    expect(progressBar(0, 10, 'unicode')).toBe('░'.repeat(10));
    expect(progressBar(1, 10, 'unicode')).toBe('█'.repeat(10));
    expect(progressBar(0.5, 10, 'unicode')).toBe(`${'█'.repeat(5)}${'░'.repeat(5)}`);
    expect(progressBar(0.05, 10, 'unicode')).toBe(`▌${'░'.repeat(9)}`);
    expect(progressBar(0.0125, 10, 'unicode')).toBe(`▏${'░'.repeat(9)}`);
    expect(progressBar(0.3, 10, 'ascii')).toBe('###.......');
    for (let f = -0.5; f <= 1.5; f += 0.01) {
      expect([...progressBar(f, 20, 'unicode')]).toHaveLength(20);
      expect(progressBar(f, 20, 'ascii')).toHaveLength(20);
    }
  });

  it('never fills a running bar, however long the stage overruns, and never moves it backwards', () => {
    let previous = -1;
    for (let elapsed = 0; elapsed <= 10 * 38 * MIN; elapsed += 30_000) {
      const fraction = runningFraction(elapsed, 38 * MIN);
      expect(fraction).toBeGreaterThanOrEqual(previous);
      expect(fraction).toBeLessThan(0.975);
      previous = fraction;
    }
    expect(runningFraction(19 * MIN, 38 * MIN)).toBeCloseTo(0.5);
  });
});

describe('expected durations', () => {
  it('takes the documented range from the table: an Azure gateway is 30-45 minutes', () => {
    const gateway = expectedDuration('azure', 'gateway');
    expect(gateway).toMatchObject({ minMs: 30 * MIN, maxMs: 45 * MIN, source: 'table' });
    expect(gateway.typicalMs).toBe(37.5 * MIN);
    expect(expectedDuration('azureStack', 'gateway').maxMs).toBeLessThan(gateway.minMs);
  });

  it("prefers this server's own history (its median) when it has one", () => {
    const fromHistory = expectedDuration('azure', 'gateway', [20 * MIN, 50 * MIN, 22 * MIN]);
    expect(fromHistory).toEqual({ minMs: 20 * MIN, maxMs: 50 * MIN, typicalMs: 22 * MIN, source: 'history' });
  });
});

describe('stage rows', () => {
  it('measures running stages against server time and finished ones by their own start and end', () => {
    const rows = stageRows(view(runningStatus()), T0 + 12 * MIN);
    const gateway = rows.find((row) => row.cloud === 'azure' && row.stage === 'gateway');
    expect(gateway).toMatchObject({ state: 'running', elapsedMs: 11.4 * MIN, overdue: false, detail: 'Updating' });
    expect(gateway?.remainingMs).toBe(37.5 * MIN - 11.4 * MIN);
    const network = rows.find((row) => row.cloud === 'azure' && row.stage === 'virtualNetwork');
    expect(network).toMatchObject({ state: 'succeeded', elapsedMs: 0.4 * MIN, fraction: 1 });
    // Dependency order, whatever order the server sent.
    expect(rows.filter((row) => row.cloud === 'azure').map((row) => row.stage)).toEqual([
      'resourceGroup',
      'virtualNetwork',
      'publicIp',
      'gateway',
      'networkInterface',
      'virtualMachine',
      'localNetworkGateway',
      'connection',
      'tunnel',
      'verify',
    ]);
  });

  it('marks a stage running past its slowest typical time as overdue', () => {
    const rows = stageRows(view(runningStatus()), T0 + 50 * MIN);
    expect(rows.find((row) => row.cloud === 'azure' && row.stage === 'gateway')?.overdue).toBe(true);
    expect(rows.find((row) => row.cloud === 'azureStack' && row.stage === 'gateway')?.overdue).toBe(true);
  });
});

describe('server clock', () => {
  it('follows a server whose (virtual) clock runs ahead, and never goes backwards', () => {
    const clock = new ServerClock();
    const wall = T0 - 60 * MIN; // the server is an hour ahead of the wall clock
    clock.observe(view(runningStatus()), wall);
    expect(clock.now(wall)).toBe(T0 + 12 * MIN);
    expect(clock.now(wall + 1000)).toBe(T0 + 12 * MIN + 1000);
    // An older answer (or a slower wall clock) cannot pull the estimate back.
    clock.observe(view({ ...runningStatus(), lastUpdatedTime: at(0) }), wall + 2000);
    expect(clock.now(wall + 500)).toBe(T0 + 12 * MIN + 1000);
  });

  it('is the wall clock for a server that is not ahead (production)', () => {
    const clock = new ServerClock();
    clock.observe(view(runningStatus()), T0 + 13 * MIN);
    expect(clock.now(T0 + 13 * MIN)).toBe(T0 + 13 * MIN);
  });

  it('takes the server’s now when it sends one: ahead of the wall, or behind it', () => {
    const ahead = new ServerClock();
    const wall = T0 - 60 * MIN;
    // Three minutes after the run's last update, which the timestamps alone could not tell.
    ahead.observe(view({ ...runningStatus(), now: at(15 * MIN) }), wall);
    expect(ahead.now(wall)).toBe(T0 + 15 * MIN);
    expect(ahead.now(wall + 1000)).toBe(T0 + 15 * MIN + 1000);
    const behind = new ServerClock();
    behind.observe(view({ ...runningStatus(), now: at(15 * MIN) }), T0 + 15 * MIN + 2000);
    expect(behind.now(T0 + 15 * MIN + 2000)).toBe(T0 + 15 * MIN);
  });
});

describe('ANSI and the TTY redraw', () => {
  it('moves up over the previous frame, clears and rewrites each line, then clears what is left below', () => {
    expect(redrawFrame(0, ['a', 'b'], 80)).toBe(`${CURSOR.clearLine}a\n${CURSOR.clearLine}b\n${CURSOR.clearBelow}`);
    expect(redrawFrame(3, ['x'], 80)).toBe(`\u001b[3F${CURSOR.clearLine}x\n${CURSOR.clearBelow}`);
  });

  it('cuts lines to the terminal width so nothing wraps, keeping colour codes whole', () => {
    const paint = painter(true);
    const line = `${paint('green', '✔')} ${'x'.repeat(100)}`;
    const cut = truncateVisible(line, 40);
    expect(visibleLength(cut)).toBe(40);
    expect(stripAnsi(cut)).toBe(`✔ ${'x'.repeat(37)}…`);
    expect(cut.endsWith('\u001b[0m')).toBe(true);
    expect(redrawFrame(0, [line], 41)).toContain(cut);
  });

  it('LiveScreen redraws over exactly the height it drew last and gives the cursor back', () => {
    const written: string[] = [];
    const screen = new LiveScreen({ write: (text) => written.push(text) > 0, columns: 80 });
    screen.draw(['one', 'two', 'three']);
    screen.draw(['only']);
    screen.draw(['again']);
    screen.close();
    expect(written[0]).toBe(CURSOR.hide);
    expect(written[1].startsWith(CURSOR.clearLine)).toBe(true);
    expect(written[2].startsWith('\u001b[3F')).toBe(true);
    expect(written[3].startsWith('\u001b[1F')).toBe(true);
    expect(written.at(-1)).toBe(CURSOR.show);
  });

  it('colours only when asked', () => {
    expect(painter(false)('red', 'x')).toBe('x');
    expect(painter(true)('red', 'x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('the status block', () => {
  it('shows each cloud and stage, the running gateway with elapsed, expected and remaining time', () => {
    const lines = renderStatus(view(runningStatus()), { ...plain, serverNowMs: T0 + 12 * MIN });
    expect(lines[0]).toBe('contoso  ● Running  phase sites  12m 00s elapsed  started 2030-01-01 10:00:00Z');
    expect(lines).toContain('  Azure');
    expect(lines).toContain('  Azure Stack Hub');
    const gateway = lines.find((line) => line.includes('VPN gateway'));
    expect(gateway).toBe(
      `    > VPN gateway            ${progressBar(11.4 / 37.5, 20, 'ascii')}  11m 24s of ~38m · ~26m left · Updating`,
    );
    expect(lines.find((line) => line.includes('local network gateway'))).toMatch(
      /·\s+local network gateway\s+\.{20}\s+usually 10–60s$/,
    );
    expect(lines).toContain('  Tunnel  not started');
    expect(lines.at(-1)).toBe('  Events  Provisioning.Started');
    expect(lines.join('\n')).not.toContain('\u001b');
  });

  it('shows each cloud’s addresses beside its name as soon as they are known, and the summary’s once completed', () => {
    const midRun = view({
      ...runningStatus(),
      addresses: { azure: { vmPrivateIp: '10.100.1.4' }, azureStack: { gatewayPublicIp: '203.0.113.7' } },
    });
    expect(midRun.addresses).toEqual({
      azure: { vmPrivateIp: '10.100.1.4' },
      azureStack: { gatewayPublicIp: '203.0.113.7' },
    });
    const lines = renderStatus(midRun, { ...plain, serverNowMs: T0 + 12 * MIN });
    expect(lines).toContain('  Azure  VM private IP 10.100.1.4');
    expect(lines).toContain('  Azure Stack Hub  gateway public IP 203.0.113.7');
    // Nothing known yet: the bare cloud name.
    expect(renderStatus(view(runningStatus()), { ...plain, serverNowMs: T0 + 12 * MIN })).toContain('  Azure');
    // A server without `addresses` still has them in the summary of a completed run.
    const completed = renderStatus(view(completedStatus()), { ...plain, serverNowMs: T0 + 99 * MIN });
    expect(completed).toContain('  Azure  gateway public IP 20.1.2.3 · VM private IP 10.100.1.4');
    expect(completed).toContain('  Azure Stack Hub  gateway public IP 203.0.113.7 · VM private IP 10.200.1.4');
    // In colour the addresses are dimmed and the cloud name stays bold.
    const coloured = renderStatus(midRun, { colour: true, bars: 'ascii', serverNowMs: T0 + 12 * MIN });
    expect(coloured).toContain('  \u001b[1mAzure\u001b[22m  \u001b[2mVM private IP 10.100.1.4\u001b[22m');
  });

  it('says when a stage takes longer than usual', () => {
    const lines = renderStatus(view(runningStatus()), { ...plain, serverNowMs: T0 + 50 * MIN });
    expect(lines.find((line) => line.includes('VPN gateway'))).toMatch(/49m 24s longer than usual \(usually 30–45m\)/);
  });

  it('shows a failure with cloud, stage, ARM code and hint', () => {
    const lines = renderStatus(view(failedStatus()), { ...plain, serverNowMs: T0 + 14 * MIN });
    expect(lines[0]).toBe('contoso  ✖ Failed  took 14m 00s  started 2030-01-01 10:00:00Z');
    expect(lines).toContain('  ✖ Failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed');
    expect(lines).toContain('    hint: check the stamp capacity for gateways, then rerun');
    expect(lines.find((line) => line.includes('✖ VPN gateway'))).toMatch(/failed after 13m 24s · Failed/);
  });

  it('shows every failure when both clouds failed, the first as Failed and the other as Also failed', () => {
    const lines = renderStatus(viewWithErrors(failedInBothCloudsStatus()), { ...plain, serverNowMs: T0 + 14 * MIN });
    const failures = lines.filter((line) => /✖ (Also f|F)ailed at/.test(line));
    expect(failures).toEqual([
      '  ✖ Failed at Azure / virtual machine: QuotaExceeded (HTTP 409)',
      '  ✖ Also failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
    ]);
    expect(lines).toContain('    hint: check the stamp capacity for gateways, then rerun');
    expect(lines).toContain(
      '    hint: raise the quota (VM cores, public IPs) in the portal, or choose a smaller vm.size',
    );
  });

  it('shows a finished run with its tunnel, ping and events', () => {
    const lines = renderStatus(view(completedStatus()), { ...plain, serverNowMs: T0 + 99 * MIN, maxEvents: 2 });
    expect(lines[0]).toBe('contoso  ✔ Completed  took 42m 00s  started 2030-01-01 10:00:00Z');
    expect(lines).toContain('  Tunnel  Connected (Azure Connected, Azure Stack Hub Connected)');
    expect(lines).toContain('  Ping    VM to VM reachable (4/4 replies)');
    expect(lines.at(-1)).toBe('  Events  Connection.Connected (Azure Stack Hub) · Provisioning.Succeeded (+6 earlier)');
    expect(lines.filter((line) => line.includes('####################'))).toHaveLength(19);
  });
});

describe('the status block after DELETE, and with --live', () => {
  const connected = { connectionStatus: 'Connected', ingressBytesTransferred: 1_234_567, egressBytesTransferred: 950 };
  const resources = (states: string[]) =>
    states.map((provisioningState, index) => ({
      id: `/subscriptions/s/resourceGroups/rg/r${index}`,
      provisioningState,
    }));

  it('says deleting, then deleted, instead of a Completed run with its tunnel Connected', () => {
    const deleting = renderStatus(view({ ...completedStatus(), phase: 'deleting', now: at(50 * MIN) }), {
      ...plain,
      serverNowMs: T0 + 50 * MIN,
    });
    expect(deleting[0]).toBe('contoso  ✔ Completed  ● deleting  took 42m 00s  started 2030-01-01 10:00:00Z');
    expect(deleting).toContain('  Tunnel  being torn down');
    const deleted = renderStatus(view({ ...completedStatus(), phase: 'deleted' }), { ...plain, serverNowMs: T0 });
    expect(deleted[0]).toBe('contoso  ✔ Completed  ○ deleted  took 42m 00s  started 2030-01-01 10:00:00Z');
    expect(deleted).toContain('  Tunnel  torn down');
    expect(deleted.join('\n')).not.toContain('Tunnel  Connected');
    const failed = renderStatus(view({ ...completedStatus(), phase: 'deleteFailed' }), { ...plain, serverNowMs: T0 });
    expect(failed[0]).toBe('contoso  ✔ Completed  ✖ delete failed  took 42m 00s  started 2030-01-01 10:00:00Z');
  });

  it('measures a running run against the server’s now', () => {
    const lines = renderStatus(view({ ...runningStatus(), now: at(25 * MIN) }), {
      ...plain,
      serverNowMs: T0 + 25 * MIN,
    });
    expect(lines[0]).toBe('contoso  ● Running  phase sites  25m 00s elapsed  started 2030-01-01 10:00:00Z');
  });

  it('shows the live state: when read, each side’s tunnel, bytes, gateway and resources, or why it is missing', () => {
    const live = {
      readAt: at(42 * MIN),
      azure: {
        resources: resources(Array<string>(9).fill('Succeeded')),
        connection: connected,
        gatewayIpAddress: '20.1.2.3',
      },
      azureStack: { error: { code: 'AuthorizationFailed', message: 'no read permission' } },
    };
    const lines = renderStatus(view({ ...completedStatus(), live }), { ...plain, serverNowMs: T0 + 42 * MIN + 5000 });
    const at42 = '2030-01-01 10:42:00Z';
    expect(lines).toEqual(
      expect.arrayContaining([
        `  Live    read ${at42} (5s ago)`,
        '    Azure            tunnel Connected · in 1.2 MB, out 950 B · gateway 20.1.2.3 · 9 resources Succeeded',
        '    Azure Stack Hub  not read: AuthorizationFailed: no read permission',
      ]),
    );
    const mixed = view({
      ...completedStatus(),
      phase: 'deleting',
      live: {
        readAt: at(50 * MIN),
        azure: { resources: resources(['Succeeded', 'Deleting']), connection: null, gatewayIpAddress: null },
        azureStack: { resources: [], connection: null, gatewayIpAddress: null },
      },
    });
    const text = renderStatus(mixed, { ...plain, serverNowMs: T0 + 50 * MIN }).join('\n');
    expect(text).toContain('    Azure            no connection resource · 2 resources: 1 Succeeded, 1 Deleting');
    expect(text).toContain('    Azure Stack Hub  nothing there (no resource of this connection exists)');
  });

  it('reads live values it can trust only: anything else is left out or null', () => {
    const parsed = view({
      ...completedStatus(),
      live: {
        readAt: 7,
        azure: { resources: [{ id: 1, provisioningState: {} }, 'x'], connection: { connectionStatus: 5 } },
        azureStack: { error: { code: 'X' } },
        elsewhere: { resources: [] },
      },
    });
    expect(parsed.live).toEqual({
      readAt: '',
      azure: {
        resources: [{ id: '', provisioningState: null }],
        connection: { connectionStatus: null, ingressBytesTransferred: null, egressBytesTransferred: null },
        gatewayIpAddress: null,
      },
      azureStack: { error: { code: 'X', message: '' } },
    });
    expect(view(completedStatus())).not.toHaveProperty('live');
  });
});

describe('plain log lines', () => {
  it('appends lines only when something changed', () => {
    const log = new PlainLog();
    const first = log.update(view(runningStatus()), T0 + 12 * MIN);
    expect(first[0]).toBe('[12m 00s] contoso: Running (phase sites)');
    expect(first).toContain('[12m 00s] Azure / VPN gateway: started (usually 30–45m) (Updating)');
    expect(first).toContain('[12m 00s] Event: Provisioning.Started');
    // The same status a second later: nothing new to say.
    expect(log.update(view(runningStatus()), T0 + 12 * MIN + 1000)).toEqual([]);
  });

  it('says "still running" at each quarter of the typical time, then when it finishes', () => {
    const log = new PlainLog();
    log.update(view(runningStatus()), T0 + 5 * MIN);
    const later = log.update(view(runningStatus()), T0 + 20 * MIN);
    expect(later).toContain(
      '[20m 00s] Azure / VPN gateway: still running (Updating) — 19m 24s of ~38m [##########..........]',
    );
    expect(log.update(view(runningStatus()), T0 + 21 * MIN)).toEqual([]);
    const finished = log.update(view(completedStatus()), T0 + 42 * MIN);
    expect(finished).toContain('[42m 00s] Azure / VPN gateway: done in 37m 24s');
    expect(finished).toContain('[42m 00s] Tunnel: Connected (Azure Connected, Azure Stack Hub Connected)');
    expect(finished).toContain('[42m 00s] Ping VM to VM: reachable (4/4 replies)');
    expect(finished.at(-1)).toBe('[42m 00s] contoso: Completed after 42m 00s');
    // Each event once, however the server reorders the list.
    expect(finished.filter((line) => line.includes('Event:'))).toHaveLength(7);
    const reordered = completedStatus();
    reordered.events = [...(reordered.events as string[])].reverse();
    expect(log.update(view(reordered), T0 + 43 * MIN)).toEqual([]);
  });

  it('reports a new state of a running stage as itself', () => {
    const log = new PlainLog();
    log.update(view(runningStatus()), T0 + 5 * MIN);
    const next = runningStatus();
    (next.stages as Record<string, Record<string, Record<string, unknown>>>).azure.gateway.detail =
      'Succeeded, waiting';
    expect(log.update(view(next), T0 + 6 * MIN)).toEqual([
      '[ 6m 00s] Azure / VPN gateway: Succeeded, waiting — 5m 24s of ~38m [###.................]',
    ]);
  });

  it('prints the failure with its hint once', () => {
    const log = new PlainLog();
    log.update(view(runningStatus()), T0 + 12 * MIN);
    const lines = log.update(view(failedStatus()), T0 + 14 * MIN);
    expect(lines).toContain('[14m 00s] Azure Stack Hub / VPN gateway: failed after 13m 24s (Failed)');
    expect(lines).toContain(
      '[14m 00s] ✖ Failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
    );
    expect(lines).toContain('[14m 00s]   hint: check the stamp capacity for gateways, then rerun');
    expect(log.update(view(failedStatus()), T0 + 15 * MIN)).toEqual([]);
  });

  it('prints both clouds’ failures, and again when a second one arrives after the first', () => {
    const log = new PlainLog();
    log.update(view(runningStatus()), T0 + 12 * MIN);
    expect(log.update(view(failedStatus()), T0 + 14 * MIN)).toContain(
      '[14m 00s] ✖ Failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
    );
    const both = log.update(viewWithErrors(failedInBothCloudsStatus()), T0 + 15 * MIN);
    expect(both.filter((line) => line.includes('✖'))).toEqual([
      // Stamped with the run's elapsed time, which ended at 14 minutes.
      '[14m 00s] ✖ Failed at Azure / virtual machine: QuotaExceeded (HTTP 409)',
      '[14m 00s] ✖ Also failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
    ]);
    expect(log.update(viewWithErrors(failedInBothCloudsStatus()), T0 + 16 * MIN)).toEqual([]);
  });

  it('gives short stages no milestones', () => {
    const [row] = stageRows(view(runningStatus()), T0 + 12 * MIN).filter((r) => r.stage === 'gateway');
    expect(milestoneOf(row)).toBe(1);
    expect(milestoneOf({ ...row, expectation: { ...row.expectation, typicalMs: 30_000 } })).toBe(0);
  });
});

describe('teardown', () => {
  const tearingDown = (runtimeStatus: string, azure: number, azureStack: number): ConnectionView => {
    const ids = (n: number, cloud: string): string[] =>
      Array.from({ length: n }, (_, i) => `/subscriptions/s/resourceGroups/rg/providers/x/${cloud}-${i + 1}`);
    return view({
      ...completedStatus(),
      teardown: {
        instanceId: 'hc-contoso-teardown',
        runtimeStatus,
        createdTime: at(60 * MIN),
        lastUpdatedTime: at(70 * MIN),
        deleted: { azure: ids(azure, 'az'), azureStack: ids(azureStack, 'ash') },
        error: null,
      },
    });
  };

  it('counts deletions against what the run made and names the last one', () => {
    const lines = renderTeardown(tearingDown('Running', 3, 0), { ...plain, serverNowMs: T0 + 65 * MIN });
    expect(lines[0]).toBe('contoso  teardown ● Running  elapsed 5m 00s');
    expect(lines[1]).toMatch(/> Azure\s+#{8}\.{12}\s+deleted 3 of ~8 · last az-3$/);
    expect(lines[2]).toMatch(/> Azure Stack Hub\s+\.{20}\s+deleted 0 of ~8$/);
  });

  it('logs one line per deleted resource and one at the end', () => {
    const log = new TeardownPlainLog();
    expect(log.update(tearingDown('Running', 1, 0), T0 + 61 * MIN)).toEqual([
      '[ 1m 00s] contoso: teardown Running',
      '[ 1m 00s] Azure: deleted az-1 (1 of ~8)',
    ]);
    expect(log.update(tearingDown('Running', 1, 0), T0 + 62 * MIN)).toEqual([]);
    const end = log.update(tearingDown('Completed', 2, 1), T0 + 70 * MIN);
    expect(end).toEqual([
      '[10m 00s] Azure: deleted az-2 (2 of ~8)',
      '[10m 00s] Azure Stack Hub: deleted ash-1 (1 of ~8)',
      '[10m 00s] contoso: teardown Completed, 3 resource(s) deleted',
    ]);
    expect(teardownOutcomeLines(tearingDown('Completed', 2, 1), false)).toEqual([
      '✔ contoso torn down: 3 resource(s) deleted',
    ]);
  });

  it('names both clouds when both teardowns failed', () => {
    const failed = tearingDown('Failed', 1, 0);
    const azure = { code: 'ScopeLocked', message: 'a lock', cloud: 'azure', stage: 'teardown' };
    const stack = { code: 'Conflict', message: 'busy', cloud: 'azureStack', stage: 'teardown' };
    const teardown = { ...(failed.teardown as TeardownView), error: azure, errors: [azure, stack] };
    const lines = teardownOutcomeLines({ ...failed, teardown }, false);
    expect(lines.filter((line) => line.startsWith('✖'))).toEqual([
      '✖ Failed at Azure / teardown: ScopeLocked',
      '✖ Also failed at Azure Stack Hub / teardown: Conflict',
    ]);
    const drawn = renderTeardown({ ...failed, teardown }, { ...plain, serverNowMs: T0 + 70 * MIN });
    expect(drawn.filter((line) => line.includes('✖ Also failed'))).toEqual([
      '  ✖ Also failed at Azure Stack Hub / teardown: Conflict',
    ]);
  });
});

describe('list and outcome', () => {
  it('aligns the list in columns', () => {
    const lines = renderList(
      [
        {
          name: 'contoso',
          instanceId: 'hc-contoso',
          runtimeStatus: 'Completed',
          phase: 'succeeded',
          createdTime: at(0),
          lastUpdatedTime: at(MIN),
        },
        {
          name: 'fabrikam-west',
          instanceId: 'hc-fabrikam-west',
          runtimeStatus: 'Running',
          phase: null,
          createdTime: at(0),
          lastUpdatedTime: '',
        },
      ],
      false,
    );
    expect(lines).toEqual([
      'NAME           STATUS     PHASE      CREATED               UPDATED',
      'contoso        Completed  succeeded  2030-01-01 10:00:00Z  2030-01-01 10:01:00Z',
      'fabrikam-west  Running    -          2030-01-01 10:00:00Z  -',
    ]);
    expect(renderList([], false)[0]).toMatch(/^no connections yet/);
  });

  it('says how long ago each connection was updated, on the server’s clock', () => {
    const item = {
      name: 'contoso',
      instanceId: 'hc-contoso',
      runtimeStatus: 'Completed',
      phase: 'deleted',
      createdTime: at(0),
      lastUpdatedTime: at(MIN),
    };
    expect(renderList([item], false, at(13 * MIN + 4000))[1]).toBe(
      'contoso  Completed  deleted  2030-01-01 10:00:00Z  2030-01-01 10:01:00Z (12m 04s ago)',
    );
  });

  it('sums up a connected run with its addresses, and a failed one with where, why and what next', () => {
    expect(outcomeLines(view(completedStatus()), false)).toEqual([
      '✔ contoso is connected (took 42m 00s)',
      '  Azure            gateway 20.1.2.3         VM 10.100.1.4',
      '  Azure Stack Hub  gateway 203.0.113.7      VM 10.200.1.4',
      '  tunnel Connected · ping VM to VM ok (4/4 replies)',
    ]);
    const failed = outcomeLines(view(failedStatus()), false);
    expect(failed[0]).toBe('✖ Failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed');
    expect(failed).toContain('  hint: check the stamp capacity for gateways, then rerun');
    const both = outcomeLines(viewWithErrors(failedInBothCloudsStatus()), false);
    expect(both.filter((line) => line.startsWith('✖'))).toEqual([
      '✖ Failed at Azure / virtual machine: QuotaExceeded (HTTP 409)',
      '✖ Also failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
    ]);
    expect(both.at(-1)).toMatch(/^ {2}rerun with the same plan to resume/);
  });

  it('names stages and events in words', () => {
    expect(stageLabel('localNetworkGateway')).toBe('local network gateway');
    expect(stageLabel('somethingNew')).toBe('something new');
    expect(eventLabel('hc-contoso/gateway/azureStack')).toBe('Gateway.Ready (Azure Stack Hub)');
    expect(eventLabel('hc-contoso/succeeded/all')).toBe('Provisioning.Succeeded');
    expect(eventLabel('odd')).toBe('odd');
  });
});
