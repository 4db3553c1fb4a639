export { type Clock, SystemClock, SettableClock, systemClock } from './clock';
