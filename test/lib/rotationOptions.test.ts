// options.rotateKeyEveryDays in the plan (1-365 whole days, absent by default, carried into the stored plan) and the
// instance ids of rotations and of the schedule (children of `hc-<name>`, sortable by time, never another
// connection's).
import { INSTANCE_SUFFIX_SEPARATOR } from '../../orchestrations/names';
import { readProvisionInput } from '../../orchestrations/planInput';
import { instanceIdFor } from '../../lib/naming';
import {
  isRotationInstanceOf,
  keyScheduleInstanceId,
  rotationInstanceId,
  rotationInstancePrefix,
} from '../../lib/rotationNames';
import { boundPlan, errorsOf, messagesAt, planWith, startedRunInput } from './planFixtures';

describe('options.rotateKeyEveryDays', () => {
  it.each([1, 30, 365])('accepts %s days and carries it into the resolved plan', (days) => {
    expect(errorsOf(planWith({ 'options.rotateKeyEveryDays': days }))).toEqual([]);
    expect(boundPlan({ 'options.rotateKeyEveryDays': days }).options.rotateKeyEveryDays).toBe(days);
  });

  it.each([0, 366, 1.5, -7, '7', null])('refuses %p with a field error at options.rotateKeyEveryDays', (days) => {
    expect(messagesAt(planWith({ 'options.rotateKeyEveryDays': days }), 'options.rotateKeyEveryDays')).not.toEqual([]);
    expect(errorsOf(planWith({ 'options.rotateKeyEveryDays': days })).map((e) => e.path)).toEqual([
      'options.rotateKeyEveryDays',
    ]);
  });

  it('is absent unless asked for (no schedule), and stored plans with or without it read back', () => {
    expect(boundPlan().options).not.toHaveProperty('rotateKeyEveryDays');
    expect(readProvisionInput(startedRunInput()).ok).toBe(true);
    expect(readProvisionInput(startedRunInput({ 'options.rotateKeyEveryDays': 7 })).ok).toBe(true);
    const broken = startedRunInput();
    (broken.plan.options as unknown as Record<string, unknown>).rotateKeyEveryDays = 'weekly';
    expect(readProvisionInput(broken)).toMatchObject({ ok: false, path: 'plan.options.rotateKeyEveryDays' });
  });
});

describe('rotation instance ids', () => {
  it('are children of hc-<name>, named after the second they start, and sort by time', () => {
    const first = rotationInstanceId('contoso', new Date('2026-12-03T20:17:41.512Z'));
    const later = rotationInstanceId('contoso', new Date('2027-01-10T08:00:00.000Z'));
    expect(first).toBe('hc-contoso:rotate-20261203T201741Z');
    expect(first < later).toBe(true);
    expect(
      rotationInstancePrefix('contoso').startsWith(`${instanceIdFor('contoso')}${INSTANCE_SUFFIX_SEPARATOR}`),
    ).toBe(true);
    expect(keyScheduleInstanceId('contoso')).toBe(`${instanceIdFor('contoso')}${INSTANCE_SUFFIX_SEPARATOR}keyschedule`);
  });

  it("tells a connection's rotations from anything else, another connection's included", () => {
    expect(isRotationInstanceOf('contoso', 'hc-contoso:rotate-20261203T201741Z')).toBe(true);
    expect(isRotationInstanceOf('contoso', 'hc-contoso-b:rotate-20261203T201741Z')).toBe(false);
    expect(isRotationInstanceOf('contoso', 'hc-contoso:rotate-20261203T201741Z:x')).toBe(false);
    expect(isRotationInstanceOf('contoso', 'hc-contoso:keyschedule')).toBe(false);
    expect(isRotationInstanceOf('contoso', 'hc-contoso')).toBe(false);
  });
});
