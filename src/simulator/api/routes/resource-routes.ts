/**
 * Collections (filter, orderby, expand, skip/top, next), instances (expand), PATCH (RFC 5261 diff),
 * POST (Contacts and Organisations, sub-resources inline) and sub-resource GETs, for every simulated type.
 */
import { notFound } from '../../api-error';
import { applyDiff } from '../../patch/patch-applier';
import { readDiff } from '../../patch/diff-document';
import { stateOf } from '../../platform';
import { compileFilter } from '../../query/filter-evaluator';
import { parseFilter } from '../../query/filter-parser';
import { compileOrderBy } from '../../query/orderby';
import { recordTarget } from '../../query/query-target';
import { renderCollection } from '../../render/collection-renderer';
import { parseExpand } from '../../render/expand';
import type { SimulatorCore } from '../../simulator-core';
import { RESOURCE_SCHEMAS, type ResourceSchema } from '../../store/resource-schemas';
import { readRepresentation } from '../../write/representation-reader';
import type { ApiContext } from '../api-context';
import { paginate, readPage, single } from '../paging';
import { readXmlBody } from '../request-body';
import type { RouteTable } from '../route-table';
import { findRecord } from './find-record';
import { addIntegrationDataRoutes } from './integration-data-routes';

export function addResourceRoutes(table: RouteTable, core: SimulatorCore): void {
  for (const schema of Object.values(RESOURCE_SCHEMAS)) {
    const base = `/${schema.collection}/`;
    table.add('GET', base, (ctx) => listCollection(ctx, core, schema));
    if (schema.creatable) table.add('POST', base, (ctx) => createResource(ctx, core, schema));
    table.add('GET', `${base}:id/`, (ctx, params) => getResource(ctx, core, schema, params.id ?? ''));
    if (schema.patchable)
      table.add('PATCH', `${base}:id/`, (ctx, params) => patchResource(ctx, core, schema, params.id ?? ''));
    for (const link of schema.links) {
      if (link.kind !== 'sub') continue;
      table.add('GET', `${base}:id/${link.segment}/`, (ctx, params) => {
        const record = findRecord(core, schema.type, params.id ?? '');
        const self = core.renderer.hrefs.resource(schema.type, record.id);
        const content = core.renderer.linkContent(record, link, self, parseExpand(single(ctx, 'expand')));
        if (!content) throw notFound(`${schema.type} ${record.id} has no ${link.title}.`);
        ctx.state.xml = content;
      });
    }
    if (schema.links.some((l) => l.kind === 'integration')) addIntegrationDataRoutes(table, core, schema);
  }
}

function listCollection(ctx: ApiContext, core: SimulatorCore, schema: ResourceSchema): void {
  const store = core.platform.store;
  const target = recordTarget(schema.type, store);
  const filter = single(ctx, 'filter');
  const predicate =
    filter === undefined || filter.trim() === '' ? undefined : compileFilter(parseFilter(filter), target);
  const order = compileOrderBy(single(ctx, 'orderby'), target);
  const expand = parseExpand(single(ctx, 'expand'));
  const page = readPage(ctx, core.paging);
  let records = store.live(schema.type);
  if (predicate) records = records.filter(predicate);
  records.sort(order);
  const { items, next } = paginate(records, page, core.renderer.hrefs.collection(schema.type), ctx);
  ctx.state.xml = renderCollection(core.renderer, schema.type, items, expand, next);
}

function getResource(ctx: ApiContext, core: SimulatorCore, schema: ResourceSchema, id: string): void {
  const record = findRecord(core, schema.type, id);
  ctx.state.xml = core.renderer.render(record, parseExpand(single(ctx, 'expand')));
}

/**
 * The diff's selectors address the representation the client would GET with the same `expand`
 * (the guides' Example 1 and 3 PATCH with `?expand=Employment`), so that is what the diff is applied to.
 */
async function patchResource(
  ctx: ApiContext,
  core: SimulatorCore,
  schema: ResourceSchema,
  id: string,
): Promise<void> {
  const record = findRecord(core, schema.type, id);
  const expand = parseExpand(single(ctx, 'expand'));
  const operations = readDiff(await readXmlBody(ctx, core.maxBodyBytes));
  const patched = applyDiff(core.renderer.render(record, expand), operations);
  const state = readRepresentation(
    schema,
    patched,
    { kind: 'patch', original: record, expanded: expand, before: stateOf(record) },
    core.platform.store,
  );
  core.platform.commit(record, state);
  ctx.state.xml = core.renderer.render(record, expand);
}

async function createResource(ctx: ApiContext, core: SimulatorCore, schema: ResourceSchema): Promise<void> {
  const expand = parseExpand(single(ctx, 'expand'));
  const state = readRepresentation(
    schema,
    await readXmlBody(ctx, core.maxBodyBytes),
    { kind: 'create' },
    core.platform.store,
  );
  const record = core.platform.create(schema.type, state);
  ctx.status = 201;
  ctx.set('Location', core.renderer.hrefs.resource(schema.type, record.id));
  ctx.state.xml = core.renderer.render(record, expand);
}
