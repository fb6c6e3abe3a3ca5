/**
 * The control API: a SEPARATE Koa app on its own port, so nothing on the Arlo port can reach it. Tests,
 * benchmarks and the demo use it (through SimulatorControlClient) to seed records, act as Arlo users,
 * read the truth, read and reset request counters, turn knobs, manage webhook endpoints and deliveries,
 * and move the clock. JSON in and out; every body is validated (400 with the reason).
 */
import { Router } from '@koa/router';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { z, ZodError, type ZodType } from 'zod';

import { ApiError, badRequest, notFound } from '../api-error';
import { formatTicks } from '../arlo-ticks';
import { knobsPatchSchema } from '../knobs';
import { emptyState, stateOf } from '../platform';
import { seed, seedRequestSchema } from '../seed/seed';
import type { SimulatorCore } from '../simulator-core';
import { truthOf, truthOfType } from '../truth';
import { performUserEdit } from '../user-edits';
import { eventJson } from '../webhooks/callback-payload';
import { normaliseEventType } from '../webhooks/endpoint-registry';
import { applyRecordInput, recordInputSchema } from '../write/record-input';
import {
  advanceClockSchema,
  endpointRegistrationSchema,
  mergeSchema,
  resourceTypeSchema,
  userEditsSchema,
  waitSchema,
} from './control-schemas';

const MAX_BODY = '16mb';

export function createControlApp(
  core: SimulatorCore,
  info: () => { baseUrl: string; controlUrl: string },
): Koa {
  const app = new Koa();
  const router = new Router();
  const platform = core.platform;
  const store = platform.store;

  const body = async <T>(ctx: Koa.Context, schema: ZodType<T>): Promise<T> => {
    const raw = await getRawBody(ctx.req, { limit: MAX_BODY, encoding: 'utf-8' });
    let parsed: unknown = {};
    if (raw.trim() !== '') {
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw badRequest('InvalidJson', 'the body is not valid JSON');
      }
    }
    return schema.parse(parsed);
  };
  const typeOf = (value: string | undefined) => resourceTypeSchema.parse(value);
  const record = (type: string | undefined, id: string | undefined) => {
    const found = store.get(typeOf(type), id ?? '');
    if (!found) throw notFound(`${type ?? ''} ${id ?? ''} does not exist`);
    return found;
  };

  router.get('/health', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/state', (ctx) => {
    ctx.body = {
      platform: core.platformName,
      ...info(),
      now: formatTicks(platform.clock.nowTicks()),
      nextEventId: platform.events.peekNextId(),
      records: Object.fromEntries(resourceTypeSchema.options.map((t) => [t, store.live(t).length])),
    };
  });

  router.post('/seed', async (ctx) => {
    ctx.body = seed(core, await body(ctx, seedRequestSchema));
  });
  router.post('/records/:type', async (ctx) => {
    const type = typeOf(ctx.params.type);
    if (type === 'ContactMergeRequest' || type === 'OrganisationMergeRequest') {
      throw badRequest(
        'UseMerge',
        'merge requests are created by POST /records/{Contact|Organisation}/{id}/merge',
      );
    }
    const input = await body(ctx, recordInputSchema);
    if (input.id !== undefined && store.get(type, input.id))
      throw badRequest('IdTaken', `${type} ${input.id} already exists`);
    const created = platform.create(
      type,
      applyRecordInput(type, emptyState(), input, store),
      input.id === undefined ? {} : { id: input.id },
    );
    ctx.status = 201;
    ctx.body = truthOf(created);
  });
  router.patch('/records/:type/:id', async (ctx) => {
    const found = record(ctx.params.type, ctx.params.id);
    if (found.deleted || found.mergedInto)
      throw badRequest('NotLive', `${found.type} ${found.id} is deleted or merged`);
    platform.commit(
      found,
      applyRecordInput(
        found.type,
        stateOf(found),
        await body(ctx, recordInputSchema.omit({ id: true })),
        store,
      ),
    );
    ctx.body = truthOf(found);
  });
  router.delete('/records/:type/:id', (ctx) => {
    const found = record(ctx.params.type, ctx.params.id);
    if (found.deleted || found.mergedInto)
      throw badRequest('NotLive', `${found.type} ${found.id} is already gone`);
    platform.remove(found);
    ctx.body = truthOf(found);
  });
  router.post('/records/:type/:id/merge', async (ctx) => {
    const source = record(ctx.params.type, ctx.params.id);
    const { into } = await body(ctx, mergeSchema);
    const destination = record(ctx.params.type, into);
    if (
      source === destination ||
      !store.getLive(source.type, source.id) ||
      !store.getLive(destination.type, destination.id)
    ) {
      throw badRequest('InvalidMerge', 'merge two different live records of the same type');
    }
    if (source.type !== 'Contact' && source.type !== 'Organisation')
      throw badRequest('InvalidMerge', 'only Contacts and Organisations merge');
    ctx.body = {
      request: truthOf(platform.merge(source, destination)),
      source: truthOf(source),
      destination: truthOf(destination),
    };
  });
  router.post('/user-edits', async (ctx) => {
    const { count } = await body(ctx, userEditsSchema);
    ctx.body = {
      edits: Array.from({ length: count }, () => performUserEdit(core, core.users)).map((e) => ({
        description: e.description,
        eventId: e.event?.id,
      })),
    };
  });

  router.get('/truth/:type', (ctx) => {
    ctx.body = truthOfType(store, typeOf(ctx.params.type));
  });
  router.get('/truth/:type/:id', (ctx) => {
    ctx.body = truthOf(record(ctx.params.type, ctx.params.id));
  });
  router.get('/events', (ctx) => {
    const after =
      typeof ctx.query.afterId === 'string' && /^\d+$/.test(ctx.query.afterId)
        ? BigInt(ctx.query.afterId)
        : -1n;
    ctx.body = platform.events
      .retained()
      .filter((e) => e.idValue > after)
      .map(eventJson);
  });

  router.get('/counters', (ctx) => {
    ctx.body = core.counters.snapshot();
  });
  router.post('/counters/reset', (ctx) => {
    core.counters.reset();
    ctx.body = core.counters.snapshot();
  });
  router.get('/writes', (ctx) => {
    ctx.body = core.writeLog.list();
  });
  router.post('/writes/clear', (ctx) => {
    core.writeLog.clear();
    ctx.status = 204;
  });
  router.get('/knobs', (ctx) => {
    ctx.body = core.knobs;
  });
  router.patch('/knobs', async (ctx) => {
    ctx.body = core.setKnobs(await body(ctx, knobsPatchSchema));
  });

  router.post('/webhooks/endpoints', async (ctx) => {
    const input = await body(ctx, endpointRegistrationSchema);
    const eventTypes = input.eventTypes?.map((raw) => {
      const type = normaliseEventType(raw);
      if (!type) throw badRequest('InvalidEventType', `"${raw}" is not a supported event type`);
      return type;
    });
    ctx.status = 201;
    ctx.body = core.registry.register({ ...input, eventTypes }, formatTicks(platform.clock.nowTicks()));
  });
  router.get('/webhooks/endpoints', (ctx) => {
    ctx.body = core.registry.list();
  });
  router.delete('/webhooks/endpoints/:id', (ctx) => {
    if (!core.registry.remove(ctx.params.id ?? ''))
      throw notFound(`webhook endpoint ${ctx.params.id ?? ''} does not exist`);
    core.dispatcher.forgetEndpoint(ctx.params.id ?? '');
    ctx.status = 204;
  });
  router.get('/webhooks/deliveries', (ctx) => {
    const endpointId = typeof ctx.query.endpointId === 'string' ? ctx.query.endpointId : undefined;
    ctx.body = core.dispatcher.log.list(endpointId);
  });
  router.post('/webhooks/deliveries/clear', (ctx) => {
    core.dispatcher.log.clear();
    ctx.status = 204;
  });
  router.post('/webhooks/pause', (ctx) => {
    core.dispatcher.pause();
    ctx.body = { paused: true };
  });
  router.post('/webhooks/resume', (ctx) => {
    core.dispatcher.resume();
    ctx.body = { paused: false };
  });
  router.post('/webhooks/flush', async (ctx) => {
    const { timeoutMs } = await body(ctx, waitSchema);
    ctx.body = { idle: await core.dispatcher.flush(timeoutMs) };
  });
  router.post('/webhooks/wait-idle', async (ctx) => {
    const { timeoutMs } = await body(ctx, waitSchema);
    ctx.body = { idle: await core.dispatcher.waitIdle(timeoutMs) };
  });

  router.get('/clock', (ctx) => {
    ctx.body = { now: formatTicks(platform.clock.nowTicks()) };
  });
  router.post('/clock/advance', async (ctx) => {
    platform.clock.advance((await body(ctx, advanceClockSchema)).ms);
    ctx.body = { now: formatTicks(platform.clock.nowTicks()) };
  });

  app.use(async function renderControlErrors(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: 'NotFound', message: `no control route ${ctx.method} ${ctx.path}` };
      }
    } catch (error) {
      if (error instanceof ZodError) {
        ctx.status = 400;
        ctx.body = { error: 'InvalidRequest', message: z.prettifyError(error) };
      } else if (error instanceof ApiError) {
        ctx.status = error.status;
        ctx.body = { error: error.code, message: error.message };
      } else if ((error as { type?: string }).type === 'entity.too.large') {
        ctx.status = 413;
        ctx.body = { error: 'PayloadTooLarge', message: `bodies are limited to ${MAX_BODY}` };
      } else {
        core.onError(error);
        ctx.status = 500;
        ctx.body = { error: 'InternalError', message: (error as Error).message };
      }
    }
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
