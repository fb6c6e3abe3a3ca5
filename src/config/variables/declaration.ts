import type { z } from 'zod';

/** Sections of .env.example and of the README's configuration table, in this order. */
export const GROUPS = {
  arlo: 'Arlo platform (leave ARLO_BASE_URL empty to use the built-in simulator)',
  pull: 'Pull path (webhook events -> batched PlatformEvents queries -> MongoDB mirror)',
  bulk: 'Bulk walks and reconciliation (arlo-sync bulk ...)',
  temporal: 'Temporal (empty TEMPORAL_ADDRESS: start the embedded dev server)',
  mongo: 'MongoDB (empty MONGODB_URI: start the embedded FerretDB)',
  receiver: 'Webhook receiver',
  worker: 'Worker metrics (Prometheus /metrics of the worker process; port 0 disables)',
  push: 'Push from the external system',
  feed: 'The change feed for the external system (README "The change feed")',
  local: 'Embedded local stack (`npm start`)',
} as const;

export type VariableGroup = keyof typeof GROUPS;

/**
 * One environment variable, declared once: how its text is parsed, its default, and what it means.
 * .env.example and the README's table are rendered from these declarations (src/config/config-docs.ts).
 */
export interface VariableDeclaration {
  readonly group: VariableGroup;
  /** Parses the variable's text. An empty value counts as not set and never reaches the schema. */
  readonly schema: z.ZodType;
  /** The default, written as the variable's text (what .env.example shows) and parsed by `schema`. */
  readonly default?: string;
  /**
   * How the docs state what applies when the variable is not set, where `default` is absent or would not
   * say it (e.g. "the embedded FerretDB", "32 MiB").
   */
  readonly defaultText?: string;
  /** One line for the README's table and .env.example. */
  readonly description: string;
  /** More explanation, for .env.example only. */
  readonly details?: string;
  /** Never shown (not in `arlo-sync config`, not in a validation message). */
  readonly secret?: boolean;
  /**
   * A secret may be given as NAME_FILE (a path, for container secrets) instead; false when NAME_FILE is
   * a variable of its own.
   */
  readonly secretFile?: boolean;
  /** Read by Temporal's environment configuration (@temporalio/envconfig), not parsed by arlo-sync. */
  readonly temporalEnvConfig?: boolean;
}
