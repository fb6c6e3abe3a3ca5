/**
 * An in-memory Arlo for push workflow tests: records with top-level text fields, IntegrationData, and a
 * count of every request by method. It applies the diff operations the push plans for top-level fields
 * (`replace .../F/text()`, `add sel="Type"` of leaf elements, `remove .../F/text()`), which is all these
 * tests push; the simulator covers the rest. `?expand=IntegrationData` carries the record's IntegrationData
 * inline, as the simulator renders it, unless `expandsIntegrationData` is false (an Arlo that ignores it).
 */
import type { PushArloClient } from '../../activities/push';
import type { ArloEntity, ArloSubResource } from '../../src/arlo/entities';
import { ArloConflictError, ArloNotFoundError, ArloServerError } from '../../src/arlo/errors';
import { integrationDataBody } from '../../src/arlo/resource-writers';

export const FAKE_BASE_URL = 'https://fake.arlo.test/api/2012-02-01/auth/resources/';

interface StoredRecord {
  fields: Record<string, string>;
  modified: number;
  integrationData?: { externalId?: string; suppressIntegration?: boolean; uri?: string };
}

const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export class FakePushArlo {
  readonly records = new Map<string, StoredRecord>();
  readonly calls = { GET: 0, PATCH: 0, POST: 0, PUT: 0, LIST: 0 };
  readonly patches: string[] = [];
  expandsIntegrationData = true;
  /** The next POSTs answer 502 without creating anything (an Arlo outage in front of the API). */
  refuseNextPosts = 0;
  private nextId = 1000;
  private clock = 0;

  seed(type: string, fields: Record<string, string>): string {
    const id = String(this.nextId++);
    this.records.set(`${type}:${id}`, { fields: { ...fields }, modified: ++this.clock });
    return id;
  }

  /** An Arlo user's edit, outside the push path. */
  edit(type: string, id: string, fields: Record<string, string>): void {
    const record = this.get(type, id);
    Object.assign(record.fields, fields);
    record.modified = ++this.clock;
  }

  /** An Arlo user's delete: from now on the record answers 404. */
  remove(type: string, id: string): void {
    this.records.delete(`${type}:${id}`);
  }

  get(type: string, id: string): StoredRecord {
    const record = this.records.get(`${type}:${id}`);
    if (!record) throw new ArloNotFoundError(undefined);
    return record;
  }

  entity(type: string, id: string, expand: readonly string[] = []): ArloEntity {
    const record = this.get(type, id);
    const inline: Record<string, ArloSubResource> =
      expand.includes('IntegrationData') && this.expandsIntegrationData
        ? { IntegrationData: this.integrationDataList(type, record) }
        : {};
    const idField = type === 'Contact' ? 'ContactID' : 'OrganisationID';
    return {
      resourceType: type,
      id,
      lastModifiedDateTime: `2026-11-23T10:00:00.${String(record.modified).padStart(7, '0')}Z`,
      fields: { [idField]: id, ...record.fields },
      links: [],
      related: inline,
      nested: {},
    };
  }

  /** `<IntegrationData>` holding this fake's one vendor entry, when the record has one. */
  private integrationDataList(type: string, record: StoredRecord): ArloSubResource {
    const data = record.integrationData;
    const entry = data && {
      element: `${type}IntegrationData`,
      fields: {
        VendorID: 'arlo-sync',
        ...(data.suppressIntegration !== undefined
          ? { SuppressIntegration: String(data.suppressIntegration) }
          : {}),
        ...(data.externalId !== undefined ? { ID: data.externalId } : {}),
      },
      links: [],
      related: {},
      nested: {},
    };
    const nested = entry ? { [`${type}IntegrationData`]: [entry] } : {};
    return { element: 'IntegrationData', fields: {}, links: [], related: {}, nested };
  }

  readonly client: PushArloClient = {
    baseUrl: FAKE_BASE_URL,
    getResource: (type, id, options) => {
      this.calls.GET++;
      return Promise.resolve({ entity: this.entity(type, id, options?.expand), xml: '' });
    },
    patchResource: (type, id, diff) => {
      this.calls.PATCH++;
      this.patches.push(diff);
      const record = this.get(type, id);
      const next = { ...record.fields };
      for (const [, op, sel, body] of diff.matchAll(
        /<(replace|add|remove) sel="([^"]*)"(?:\/>|>(.*?)<\/\1>)/g,
      )) {
        const field = /^[A-Za-z]+\/([A-Za-z]+)\/text\(\)$/.exec(sel ?? '')?.[1];
        if (op === 'replace' || op === 'remove') {
          if (field === undefined || next[field] === undefined) throw new ArloConflictError(undefined, 400);
          next[field] = op === 'replace' ? unescape(body ?? '') : '';
        } else {
          for (const [, name, value] of (body ?? '').matchAll(/<([A-Za-z]+)>(.*?)<\/\1>/g)) {
            if (next[name as string] !== undefined) throw new ArloConflictError(undefined, 400);
            next[name as string] = unescape(value ?? '');
          }
        }
      }
      record.fields = next;
      record.modified = ++this.clock;
      return Promise.resolve({ entity: this.entity(type, id), xml: '' });
    },
    createResource: (type, xml) => {
      this.calls.POST++;
      if (this.refuseNextPosts > 0) {
        this.refuseNextPosts -= 1;
        return Promise.reject(new ArloServerError(undefined, 502));
      }
      const fields = Object.fromEntries(
        [...xml.matchAll(/<([A-Za-z]+)>([^<]*)<\/\1>/g)].map(([, name, value]) => [
          name as string,
          unescape(value ?? ''),
        ]),
      );
      const id = this.seed(type, fields);
      return Promise.resolve({ id, entity: this.entity(type, id), xml: '' });
    },
    putIntegrationData: (type, id, vendorId, data) => {
      this.calls.PUT++;
      // The body the real client would send: a value XML cannot hold fails here as it would there.
      integrationDataBody(type, vendorId, data);
      this.get(type, id).integrationData = { ...data };
      return Promise.resolve(undefined);
    },
    getIntegrationData: (type, id, vendorId) => {
      this.calls.GET++;
      const data = this.get(type, id).integrationData;
      if (!data) return Promise.reject(new ArloNotFoundError(undefined));
      return Promise.resolve({
        resourceType: type,
        vendorId,
        ...(data.suppressIntegration !== undefined ? { suppressIntegration: data.suppressIntegration } : {}),
        ...(data.externalId !== undefined ? { externalId: data.externalId } : {}),
        values: {},
      });
    },
    listPage: (type, options) => {
      this.calls.LIST++;
      const code = /^CodePrimary eq '(.*)'$/.exec(options?.filter ?? '')?.[1]?.replace(/''/g, "'");
      const items = [...this.records.entries()]
        .filter(([key, record]) => key.startsWith(`${type}:`) && record.fields.CodePrimary === code)
        .map(([key]) => this.entity(type, key.split(':')[1] as string));
      return Promise.resolve({ items, xml: '' } as unknown as Awaited<
        ReturnType<PushArloClient['listPage']>
      >);
    },
  };

  requests(): number {
    return this.calls.GET + this.calls.PATCH + this.calls.POST + this.calls.PUT + this.calls.LIST;
  }
}
