/**
 * Renders a record as the API shows it: simple fields in schema order, merge-request info elements,
 * the self Link, then every related Link in the guides' order. Links whose title is in the expand tree
 * carry the related representation inline (sub-resources, referenced resources, IntegrationData).
 */
import type { ResourceType } from '../../domain/resource-types';
import type { SimRecord } from '../store/record';
import type { RecordStore } from '../store/record-store';
import { RESOURCE_SCHEMAS, type LinkDef } from '../store/resource-schemas';
import { element, leaf, type XmlElement, type XmlNode } from '../xml/xml-node';
import type { ExpandTree } from './expand';
import type { Hrefs } from './hrefs';
import { relatedLink, selfLink } from './links';
import {
  renderAddress,
  renderCustomFields,
  renderEmployment,
  renderIntegrationDataList,
} from './sub-resource-renderer';

export class ResourceRenderer {
  constructor(
    readonly hrefs: Hrefs,
    private readonly store: RecordStore,
  ) {}

  render(record: SimRecord, expand: ExpandTree): XmlElement {
    const schema = RESOURCE_SCHEMAS[record.type];
    const self = this.hrefs.resource(record.type, record.id);
    const children: XmlNode[] = [];
    for (const [name, value] of record.fields) children.push(leaf(name, value));
    for (const info of schema.infoElements ?? []) {
      const refId = record.refs.get(info.ref);
      if (refId !== undefined) children.push(this.renderInfo(info.element, info.target, refId));
    }
    children.push(selfLink(self));
    for (const link of schema.links) {
      const rendered = this.renderLink(record, link, self, expand.get(link.title));
      if (rendered) children.push(rendered);
    }
    return element(schema.element, [], children);
  }

  /** A live record of the type, rendered, or undefined when it does not exist (for inline expansion). */
  renderById(type: ResourceType, id: string, expand: ExpandTree): XmlElement | undefined {
    const record = this.store.getLive(type, id);
    return record ? this.render(record, expand) : undefined;
  }

  /** The content a Link of this record would carry when expanded, or undefined (absent sub-resource). */
  linkContent(record: SimRecord, link: LinkDef, self: string, expand: ExpandTree): XmlElement | undefined {
    const href = `${self}${'segment' in link ? `${link.segment}/` : ''}`;
    switch (link.kind) {
      case 'sub':
        if (link.title === 'Employment') {
          return record.employment
            ? renderEmployment(
                record.employment,
                href,
                (id) => this.hrefs.resource('Organisation', id),
                expand,
                (id, nested) => this.renderById('Organisation', id, nested),
              )
            : undefined;
        }
        if (link.title === 'PostalAddress') {
          return record.postalAddress ? renderAddress(record.postalAddress, href) : undefined;
        }
        return record.customFields
          ? renderCustomFields(record.type, record.customFields, href, (guid) =>
              this.hrefs.path(`fielddescriptions/${guid}/`),
            )
          : undefined;
      case 'integration':
        return renderIntegrationDataList(record.type, record.integrationData, href);
      case 'ref': {
        const refId = record.refs.get(link.title);
        return refId !== undefined && link.target ? this.renderById(link.target, refId, expand) : undefined;
      }
      default:
        return undefined;
    }
  }

  private renderLink(
    record: SimRecord,
    link: LinkDef,
    self: string,
    expand: ExpandTree | undefined,
  ): XmlElement | undefined {
    let href: string;
    switch (link.kind) {
      case 'ref': {
        const refId = record.refs.get(link.title);
        if (refId === undefined) return undefined;
        href = this.hrefs.path(`${link.collection}/${encodeURIComponent(refId)}/`);
        break;
      }
      case 'static':
        href = this.hrefs.path(link.path);
        break;
      default:
        href = `${self}${link.segment}/`;
    }
    const content = expand ? this.linkContent(record, link, self, expand) : undefined;
    return relatedLink(link.title, href, content);
  }

  private renderInfo(name: string, target: ResourceType, id: string): XmlElement {
    const schema = RESOURCE_SCHEMAS[target];
    const children: XmlNode[] = [leaf(schema.idField, id)];
    const unique = this.store.get(target, id)?.fields.get('UniqueIdentifier');
    if (unique !== undefined) children.push(leaf('UniqueIdentifier', unique));
    return element(name, [], children);
  }
}
