/**
 * PlatformEvents: the collection (skip/top/next, orderby and filter on ID so catch-up can walk events by
 * ID), one event by ID, and the batch query `query/?ids=108,109,110&expand=PlatformEvent,PlatformEvent/Link`
 * in exactly the documented format. Events older than the retention period are gone (404 / omitted).
 */
import { isEventId } from '../../../domain/event-id';
import { badRequest, notFound } from '../../api-error';
import type { PlatformEvent } from '../../event-log';
import { compileFilter } from '../../query/filter-evaluator';
import { parseFilter } from '../../query/filter-parser';
import { compileOrderBy } from '../../query/orderby';
import { platformEventTarget } from '../../query/query-target';
import { parseExpand } from '../../render/expand';
import { renderPlatformEvent, renderPlatformEvents } from '../../render/platform-event-renderer';
import type { SimulatorCore } from '../../simulator-core';
import { paginate, readPage, single } from '../paging';
import type { RouteTable } from '../route-table';

const MAX_QUERY_IDS = 250;

/** isEventId as a plain boolean (it is a type guard, and a negated guard narrows strings to never). */
function isWellFormedId(value: string): boolean {
  return isEventId(value);
}

export function addPlatformEventRoutes(table: RouteTable, core: SimulatorCore): void {
  table.add('GET', '/platformevents/', (ctx) => {
    const filter = single(ctx, 'filter');
    const predicate =
      filter === undefined || filter.trim() === ''
        ? undefined
        : compileFilter(parseFilter(filter), platformEventTarget);
    const order = compileOrderBy(single(ctx, 'orderby'), platformEventTarget);
    const expand = parseExpand(single(ctx, 'expand'));
    const page = readPage(ctx, core.paging);
    let events = [...core.platform.events.retained()];
    if (predicate) events = events.filter(predicate);
    events.sort(order);
    const { items, next } = paginate(events, page, core.renderer.hrefs.path('platformevents/'), ctx);
    ctx.state.xml = renderPlatformEvents(core.renderer, items, expand, next);
  });

  table.add('GET', '/platformevents/query/', (ctx) => {
    const ids = single(ctx, 'ids');
    if (ids === undefined || ids.trim() === '') {
      throw badRequest(
        'InvalidParameter',
        'ids is required: a comma-separated list of PlatformEvent IDs, e.g. ids=108,109,110',
      );
    }
    const parts = ids.split(',').map((s) => s.trim());
    if (parts.length > MAX_QUERY_IDS)
      throw badRequest('InvalidParameter', `ids may list at most ${MAX_QUERY_IDS} events`);
    const bad = parts.find((p) => !isWellFormedId(p));
    if (bad !== undefined)
      throw badRequest(
        'InvalidParameter',
        `ids: "${bad.slice(0, 40)}" is not a PlatformEvent ID (a non-negative 64-bit integer)`,
      );
    const found = new Map<string, PlatformEvent>();
    for (const id of parts) {
      const event = core.platform.events.get(BigInt(id));
      if (event) found.set(event.id, event);
    }
    ctx.state.xml = renderPlatformEvents(
      core.renderer,
      [...found.values()],
      parseExpand(single(ctx, 'expand')),
      undefined,
    );
  });

  table.add('GET', '/platformevents/:id/', (ctx, params) => {
    const id = params.id ?? '';
    const event = isEventId(id) ? core.platform.events.get(BigInt(id)) : undefined;
    if (!event) throw notFound(`PlatformEvent ${id} does not exist or is older than the retention period.`);
    ctx.state.xml = renderPlatformEvent(core.renderer, event, parseExpand(single(ctx, 'expand')));
  });
}
