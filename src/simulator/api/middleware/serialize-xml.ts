import type { Middleware } from 'koa';

import type { SimulatorCore } from '../../simulator-core';
import { writeXml } from '../../xml/xml-writer';
import type { ApiState } from '../api-context';
import { hostileBody } from '../hostile-responses';

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Writes the representation a handler left in `ctx.state.xml`; successful GETs may be made hostile. */
export function serializeXml(core: SimulatorCore): Middleware<ApiState> {
  return async function serialize(ctx, next) {
    await next();
    const xml = ctx.state.xml;
    if (!xml) return;
    // Koa reports 404 until a body is set: a handler that produced a representation without choosing a
    // status (201, 204...) succeeded.
    const status = ctx.state.errorStatus ?? (ctx.status === 404 ? 200 : ctx.status);
    const hostile = core.knobs.hostile;
    ctx.type = XML_CONTENT_TYPE;
    if (hostile && ctx.method === 'GET' && status === 200) {
      if (hostile.remaining !== null) {
        core.setKnobs({
          hostile: hostile.remaining > 1 ? { ...hostile, remaining: hostile.remaining - 1 } : null,
        });
      }
      ctx.body = hostileBody(hostile.kind, xml, core.knobs.enormousBytes);
    } else {
      ctx.body = writeXml(xml);
    }
    ctx.status = status; // setting a body must not change the status chosen by the handler
  };
}
