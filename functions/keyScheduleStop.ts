// The teardown's side of options.rotateKeyEveryDays: `DELETE /api/connections/{name}` raises the stop the key schedule
// waits for beside its timer, so no rotation is started on a connection being deleted.
import { keyScheduleInstanceId, STOP_SCHEDULE_EVENT } from '../lib/rotationNames';
import { isActive, type InstanceStore } from './instanceStore';

export async function stopKeySchedule(store: InstanceStore, name: string): Promise<void> {
  const instanceId = keyScheduleInstanceId(name);
  const schedule = await store.get(instanceId);
  if (schedule && isActive(schedule)) await store.raiseEvent(instanceId, STOP_SCHEDULE_EVENT, null);
}
