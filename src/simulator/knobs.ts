/**
 * Realism and fault knobs: all off by default (a well-behaved platform), settable when the simulator
 * starts and at run time through the control API. Every random decision they imply draws from the
 * simulator's seeded PRNG, so a failing run can be replayed.
 */
import { z } from 'zod';

export const HOSTILE_KINDS = [
  'malformed-xml',
  'entity-expansion',
  'external-entity',
  'enormous',
  'unexpected-elements',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

const rate = z.number().min(0).max(1);
const milliseconds = z.number().int().min(0).max(3_600_000);

export const knobsSchema = z.object({
  /** Arlo's budget (300/min per platform); 429 + Retry-After + the documented JSON body when exceeded. */
  rateLimit: z
    .object({
      requestsPerMinute: z.number().int().min(1).max(1_000_000),
      retryAfterSeconds: z.number().int().min(0).max(3600),
    })
    .nullable(),
  /** Added before every API answer, uniformly drawn between min and max. */
  latencyMs: z
    .object({ min: milliseconds, max: milliseconds })
    .refine((l) => l.min <= l.max, 'min must not exceed max'),
  /** Share of API requests answered 500/502/503. */
  serverErrorRate: rate,
  /** Share of API requests whose connection is destroyed without an answer. */
  dropConnectionRate: rate,
  /** The next N API requests answer 429, regardless of the rate limit. */
  burst429: z.number().int().min(0).max(1_000_000),
  /**
   * The next `remaining` requests to one endpoint (`METHOD pattern` as the counters name it, e.g.
   * `PUT /contacts/:id/integrationdata/:vendor/`) fail: `server-error` answers 503 before the handler
   * runs; `answer-lost` lets the handler run (the write happens) and then drops the connection, the
   * ambiguous failure a client must not answer by writing twice.
   */
  faultNext: z
    .object({
      endpoint: z.string().min(3),
      kind: z.enum(['server-error', 'answer-lost']),
      remaining: z.number().int().min(1).max(1_000_000),
    })
    .nullable(),
  /** Merged-away Contacts/Organisations answer 308 + Location (off: 404, as if deleted). */
  mergedRedirect: z.boolean(),
  /** Hostile GET responses for client fuzzing: every GET (remaining null) or the next N GETs. */
  hostile: z
    .object({ kind: z.enum(HOSTILE_KINDS), remaining: z.number().int().min(1).nullable() })
    .nullable(),
  /** Size of the `enormous` hostile document. */
  enormousBytes: z
    .number()
    .int()
    .min(1024)
    .max(2 ** 31),
  webhooks: z.object({
    /** Per callback: the 5000 ms limit of webhooks.txt. */
    timeoutMs: z.number().int().min(1).max(600_000),
    /** Retries of a failed or timed-out callback (webhooks.txt: up to five). */
    maxRetries: z.number().int().min(0).max(20),
    /** Backoff before retry n is retryBaseDelayMs × 2^(n-1). */
    retryBaseDelayMs: milliseconds,
    /** Events arriving within this window travel in one callback (still at most 10). */
    batchWindowMs: milliseconds,
    /** Share of delivered callbacks sent a second time. */
    duplicateRate: rate,
    /** Share of callbacks overtaken by the next batch (delivered out of order). */
    reorderRate: rate,
    /** Share of callbacks silently lost (never sent): catch-up must close the gap. */
    dropRate: rate,
    /** Also deliver `*.Deleted` events (webhooks.txt lists none; PlatformEvents carry them). */
    deliverDeletedEvents: z.boolean(),
  }),
});

export type Knobs = z.infer<typeof knobsSchema>;

export const knobsPatchSchema = knobsSchema
  .omit({ webhooks: true })
  .partial()
  .extend({ webhooks: knobsSchema.shape.webhooks.partial().optional() })
  .strict();

export type KnobsPatch = z.infer<typeof knobsPatchSchema>;

export function defaultKnobs(): Knobs {
  return {
    rateLimit: null,
    latencyMs: { min: 0, max: 0 },
    serverErrorRate: 0,
    dropConnectionRate: 0,
    burst429: 0,
    faultNext: null,
    mergedRedirect: false,
    hostile: null,
    enormousBytes: 64 * 1024 * 1024,
    webhooks: {
      timeoutMs: 5000,
      maxRetries: 5,
      retryBaseDelayMs: 1000,
      batchWindowMs: 100,
      duplicateRate: 0,
      reorderRate: 0,
      dropRate: 0,
      deliverDeletedEvents: false,
    },
  };
}

/** Applies a validated patch; throws a ZodError (→ 400) if the result is inconsistent. */
export function applyKnobs(current: Knobs, patch: KnobsPatch): Knobs {
  return knobsSchema.parse({ ...current, ...patch, webhooks: { ...current.webhooks, ...patch.webhooks } });
}
