export { startStack, STACK_TOPICS, type Stack, type StackEndpoints, type StackOptions } from './stack.js';
export {
  startDaprServices,
  type DaprServices,
  type DaprServicesOptions,
  type GatewayReplica,
} from './dapr-services.js';
export { daprBinary, startSidecar, type Sidecar, type SidecarOptions } from './daprd.js';
export { startScheduler, type Scheduler, type SchedulerOptions } from './scheduler.js';
export { renderDaprFiles } from './dapr-files.js';
export { startService, type RunningService, type ServiceOptions } from './service.js';
export { freePort, isAlive, stopChild, type LineSink } from './processes.js';
