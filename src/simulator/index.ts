/**
 * The Arlo API simulator, shipped with arlo-sync: a behaviourally faithful stand-in for an Arlo platform
 * (Auth API, PlatformEvents, signed webhooks, fault knobs) that everything else is developed and judged
 * against over real HTTP. In-process for tests and benchmarks (`startSimulator`), standalone through
 * `arlo-sync simulator`, and kept busy by `runDemo` for the one-command demo.
 */
export {
  startSimulator,
  DEFAULT_CREDENTIALS,
  type RunningSimulator,
  type SimulatorOptions,
} from './start-simulator';
export { runDemo, type DemoOptions, type RunningDemo } from './demo';
export { SimulatorControlClient, SimulatorControlError } from './control-client';
export { ManualClock, SystemClock, type Clock } from './clock';
export type { Credentials } from './simulator-core';
export type { Knobs, KnobsPatch } from './knobs';
export type { WriteLogEntry } from './write-log';
export type { SeedRequest, SeedResult } from './seed/seed';
export type { TruthRecord } from './truth';
export type { RecordInput } from './write/record-input';
export type { DeliveryAttempt } from './webhooks/delivery-log';
export type { WebhookEndpoint, EndpointRegistration } from './webhooks/endpoint-registry';
export type { CountersSnapshot } from './request-counters';
