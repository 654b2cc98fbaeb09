// The key rotations as `status` and `rotate-key` print them: a fleet's rotation shows each site's part (its own
// secret's versions and downtime) under its line, and a failure names the site it happened on.
import { parseRotations } from '../../cli/client/rotationTypes';
import { painter } from '../../cli/render/ansi';
import { rotationLine } from '../../cli/render/rotationLines';

const plain = painter(false);
const rotation = (fields: Record<string, unknown>) =>
  parseRotations({
    rotations: [
      {
        instanceId: 'hc-fleet:rotate-20261203T000000Z',
        state: 'restored',
        trigger: 'request',
        startedAt: '2026-12-03T00:00:00.000Z',
        finishedAt: '2026-12-03T00:05:00.000Z',
        previousVersion: null,
        newVersion: null,
        downtimeSeconds: 45,
        downtimeResolutionSeconds: 5,
        ...fields,
      },
    ],
  })[0];

describe('a fleet rotation’s line', () => {
  it("lists each site's part, and where the failure was", () => {
    const parsed = rotation({
      error: { code: 'SharedKeyUpdateFailed', message: 'no', cloud: 'azureStack', site: 'south', stage: 'connection' },
      sites: {
        north: { state: 'succeeded', previousVersion: 'a'.repeat(32), newVersion: 'b'.repeat(32), downtimeSeconds: 40 },
        south: { state: 'restored', previousVersion: 'c'.repeat(32), newVersion: 'd'.repeat(32), downtimeSeconds: 45 },
        east: { state: 'skipped', previousVersion: null, newVersion: null, downtimeSeconds: null },
      },
    });
    if (parsed === undefined) throw new Error('no rotation parsed');
    const lines = rotationLine(parsed, plain).split('\n');
    expect(lines[0]).toContain('longest downtime 45 s (±5 s)');
    expect(lines.slice(1)).toEqual([
      '    north: ✓ succeeded  version aaaaaaaa -> bbbbbbbb  downtime 40 s',
      '    south: ↺ restored  version cccccccc -> dddddddd  downtime 45 s',
      '    east: ○ skipped  version – -> –',
      '    SharedKeyUpdateFailed at south/azureStack/connection: no',
    ]);
  });

  it('prints a single-site rotation as before, with no site lines', () => {
    const parsed = rotation({ state: 'succeeded', previousVersion: 'a'.repeat(32), newVersion: 'b'.repeat(32) });
    if (parsed === undefined) throw new Error('no rotation parsed');
    expect(parsed).not.toHaveProperty('sites');
    expect(rotationLine(parsed, plain).split('\n')).toHaveLength(1);
  });
});
