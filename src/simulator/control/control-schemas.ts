/** Request bodies of the control API, validated with zod (a 400 names every problem). */
import { z } from 'zod';

import { RESOURCE_TYPES, type ResourceType } from '../../domain/resource-types';

export const resourceTypeSchema = z.enum(Object.keys(RESOURCE_TYPES) as [ResourceType, ...ResourceType[]]);

export const mergeSchema = z.object({ into: z.string().min(1) }).strict();

export const endpointRegistrationSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    name: z.string().min(1).max(200).optional(),
    technicalContact: z.string().max(200).optional(),
    status: z.enum(['Active', 'Inactive']).optional(),
    /** Dotted (`Contact.Updated`) or Arlo's compact form (`ContactUpdated`); absent = all. */
    eventTypes: z.array(z.string()).optional(),
    /** Base64 signing key; random when absent. */
    key: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/)
      .refine((k) => k.length % 4 === 0, 'Base64 length must be a multiple of 4')
      .optional(),
  })
  .strict();

export const waitSchema = z
  .object({ timeoutMs: z.number().int().min(0).max(600_000).default(30_000) })
  .strict();

export const advanceClockSchema = z
  .object({
    ms: z
      .number()
      .int()
      .min(0)
      .max(10 * 365 * 86_400_000),
  })
  .strict();

export const userEditsSchema = z.object({ count: z.number().int().min(1).max(10_000).default(1) }).strict();
