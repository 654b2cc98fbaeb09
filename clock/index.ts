export { VirtualClock } from './virtualClock';
export type { ClockTimer, VirtualClockOptions } from './virtualClock';
