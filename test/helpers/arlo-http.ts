/**
 * A deliberately plain HTTP client for contract tests against the simulator: real requests over
 * loopback, answers parsed with the simulator's XML reader (tests judge structure, not the client).
 */
import type { RunningSimulator } from '../../src/simulator';
import { childElement, childElements, textContent, type XmlElement } from '../../src/simulator/xml/xml-node';
import { readXml } from '../../src/simulator/xml/xml-reader';

export interface ArloAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body when it is XML. */
  readonly xml: XmlElement | undefined;
}

export interface RequestOptions {
  readonly body?: string;
  readonly contentType?: string;
  readonly accept?: string | null;
  readonly authorization?: string | null;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export class ArloHttp {
  constructor(private readonly simulator: RunningSimulator) {}

  /** `path` relative to the API root (`contacts/12/?expand=Employment`) or an absolute href. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<ArloAnswer> {
    const { username, password } = this.simulator.credentials;
    const headers: Record<string, string> = {};
    const authorization =
      options.authorization === undefined ? basicAuth(username, password) : options.authorization;
    if (authorization !== null) headers.Authorization = authorization;
    const accept = options.accept === undefined ? 'application/xml' : options.accept;
    if (accept !== null) headers.Accept = accept;
    if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/xml';
    const url = /^https?:/.test(path) ? path : `${this.simulator.baseUrl}${path}`;
    const response = await fetch(url, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      redirect: 'manual',
    });
    const text = await response.text();
    let xml: XmlElement | undefined;
    if ((response.headers.get('content-type') ?? '').includes('xml') && text !== '') {
      try {
        xml = readXml(text);
      } catch {
        xml = undefined;
      }
    }
    return { status: response.status, headers: response.headers, text, xml };
  }

  get(path: string, options?: RequestOptions): Promise<ArloAnswer> {
    return this.request('GET', path, options);
  }

  patch(path: string, diff: string): Promise<ArloAnswer> {
    return this.request('PATCH', path, { body: diff });
  }

  post(path: string, body: string): Promise<ArloAnswer> {
    return this.request('POST', path, { body });
  }

  put(path: string, body: string): Promise<ArloAnswer> {
    return this.request('PUT', path, { body });
  }
}

/** Text of the first element at a `/`-separated child path, e.g. `ContactEmployment/Position`. */
export function textAt(root: XmlElement | undefined, path: string): string | undefined {
  let current = root;
  for (const name of path.split('/')) current = current && childElement(current, name);
  return current && textContent(current);
}

/** The hrefs of the item Links of a collection answer (not `next`/`self`). */
export function itemHrefs(collection: XmlElement | undefined): string[] {
  return childElements(collection ?? { kind: 'element', name: '', attributes: [], children: [] })
    .filter((l) => l.name === 'Link' && !['next', 'self'].includes(attr(l, 'rel') ?? ''))
    .map((l) => attr(l, 'href') ?? '');
}

export function linkWithRel(root: XmlElement | undefined, rel: string): XmlElement | undefined {
  return root && childElements(root).find((l) => l.name === 'Link' && attr(l, 'rel') === rel);
}

export function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find(([n]) => n === name)?.[1];
}
