/**
 * The Arlo API simulator, shipped with arlo-sync: a behaviourally faithful stand-in for an Arlo platform
 * (Auth API, PlatformEvents, signed webhooks, fault knobs) that everything else is developed and judged
 * against over real HTTP. In-process for tests and benchmarks (`startSimulator`), standalone through
 * `arlo-sync simulator`, and kept busy by `runDemo` for the one-command demo.
 */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './start-simulator';
export { runDemo } from './demo';
export { SimulatorControlClient, SimulatorControlError } from './control-client';
export { ManualClock } from './clock';
export type { KnobsPatch } from './knobs';
export type { WriteLogEntry } from './write-log';
export type { WebhookEndpoint } from './webhooks/endpoint-registry';
