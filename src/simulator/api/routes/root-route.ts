import { selfLink } from '../../render/links';
import { ARLO_REL, XML_TYPE } from '../../render/hrefs';
import type { SimulatorCore } from '../../simulator-core';
import { RESOURCE_SCHEMAS } from '../../store/resource-schemas';
import { element, type XmlNode } from '../../xml/xml-node';
import type { RouteTable } from '../route-table';

/** The API root lists every collection, so the API can be discovered from its entry point. */
export function addRootRoute(table: RouteTable, core: SimulatorCore): void {
  table.add('GET', '/', (ctx) => {
    const links: XmlNode[] = [
      ...Object.values(RESOURCE_SCHEMAS).map((s) => ({
        title: s.collectionElement,
        path: `${s.collection}/`,
      })),
      { title: 'PlatformEvents', path: 'platformevents/' },
      { title: 'WebhookEndpoints', path: 'webhookendpoints/' },
    ].map(({ title, path }) =>
      element('Link', [
        ['rel', `${ARLO_REL}${title}`],
        ['type', XML_TYPE],
        ['title', title],
        ['href', core.renderer.hrefs.path(path)],
      ]),
    );
    links.push(selfLink(core.renderer.hrefs.base));
    ctx.state.xml = element('Resources', [], links);
  });
}
