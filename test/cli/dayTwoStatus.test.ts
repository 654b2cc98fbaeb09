// `status` on day 2: the CLI reads the health monitor and the key rotations from the status document (and from an
// older server, which sends neither, reads none), and shows them with the teardown's progress and result, every
// time as a UTC stamp beside how long ago it was or how long it took.
import { parseConnectionView } from '../../cli/client/apiTypes';
import { renderStatus } from '../../cli/render/statusView';
import { completedStatus, MIN, T0 } from './statusFixtures';
import { dayTwoStatus, monitorFixture, rotationsFixture, tearingDownStatus } from '../statusPage/dayTwoFixtures';

const plain = { colour: false, bars: 'ascii' as const };

describe('reading the day-2 fields', () => {
  it('reads the monitor and the rotations as sent', () => {
    const view = parseConnectionView(JSON.parse(JSON.stringify(dayTwoStatus())));
    expect(view.monitor).toEqual(monitorFixture());
    expect(view.rotations).toEqual(rotationsFixture());
  });

  it('reads an older server’s status (neither field) as no monitor and no rotation', () => {
    const view = parseConnectionView(completedStatus());
    expect(view.monitor).toBeNull();
    expect(view.rotations).toEqual([]);
  });

  it('keeps what it can of values of the wrong type, and never throws on them', () => {
    const view = parseConnectionView({
      ...completedStatus(),
      monitor: {
        state: 7,
        intervalMinutes: '5',
        repair: { afterFailedReads: 'x' },
        reads: [1, { sides: 'no' }],
        transitions: 'no',
        repairs: [{ attempt: 'two', error: 'no' }],
      },
      rotations: [null, { state: 'paused', downtimeSeconds: 'long', error: { code: 5 } }],
    });
    expect(view.monitor).toEqual({
      instanceId: '',
      state: '',
      intervalMinutes: null,
      repair: null,
      reads: [{ readAt: '', sides: {} }],
      transitions: [],
      repairs: [{ at: '', cloud: '', attempt: null, action: '', outcome: '' }],
    });
    expect(view.rotations).toEqual([
      {
        instanceId: '',
        state: 'paused',
        trigger: '',
        startedAt: '',
        finishedAt: null,
        previousVersion: null,
        newVersion: null,
        downtimeSeconds: null,
        error: { code: 'Unknown', message: '' },
      },
    ]);
  });
});

describe('the status block on day 2', () => {
  it('shows the monitor: state, period, repair policy, the last read, transitions and repairs with stamps', () => {
    const lines = renderStatus(parseConnectionView(dayTwoStatus()), { ...plain, serverNowMs: T0 + 62 * MIN });
    const from = lines.findIndex((line) => line.startsWith('  Monitor'));
    expect(lines.slice(from, from + 5)).toEqual([
      '  Monitor  ● running · every 5 min · repair after 3 failed reads, at most 2/day',
      '    last read 2030-01-01 11:00:00Z (2m 00s ago): Azure Connected · Azure Stack Hub Connected',
      '    Azure recovered 2030-01-01 11:00:00Z (2m 00s ago)',
      '    Azure degraded 2030-01-01 10:55:00Z (7m 00s ago)',
      '    repair #1 Azure resetConnection failed 2030-01-01 10:57:00Z (5m 00s ago): Conflict another operation is in progress',
    ]);
  });

  it('shows the rotations: state, trigger, start and duration, versions, downtime, error', () => {
    const lines = renderStatus(parseConnectionView(dayTwoStatus()), { ...plain, serverNowMs: T0 + 62 * MIN });
    const from = lines.indexOf('  Key rotations');
    expect(lines.slice(from + 1, from + 4)).toEqual([
      '    ● running (schedule) started 2030-01-01 11:01:00Z, running for 1m 00s · versions v2 → –',
      '    ✔ succeeded (request) started 2030-01-01 10:45:00Z, took 2m 00s · versions v1 → v2 · downtime 42s',
      '    ✖ restored (request) started 2030-01-01 10:43:00Z, took 1m 00s · versions v1 → v1b · downtime 12s · TunnelNotConnectedError: the tunnel did not connect with the new key',
    ]);
    expect(renderStatus(parseConnectionView(completedStatus()), { ...plain, serverNowMs: T0 }).join('\n')).not.toMatch(
      /Monitor|Key rotations/,
    );
  });

  it('shows the teardown’s progress with its start and running time, then its result and how long it took', () => {
    const running = renderStatus(parseConnectionView(tearingDownStatus('Running')), {
      ...plain,
      serverNowMs: T0 + 80 * MIN,
    });
    expect(running).toContain(
      '  Teardown  ● Running  deleted 2 so far (Azure 2, Azure Stack Hub 0)  started 2030-01-01 11:10:00Z, running for 10m 00s',
    );
    const done = renderStatus(parseConnectionView(tearingDownStatus('Completed')), {
      ...plain,
      serverNowMs: T0 + 80 * MIN,
    });
    expect(done).toContain(
      '  Teardown  ✔ Completed  deleted 3 (Azure 2, Azure Stack Hub 1)  started 2030-01-01 11:10:00Z, took 9m 00s',
    );
  });
});
