import type { ParameterizedContext } from 'koa';

import type { XmlElement } from '../xml/xml-node';

export interface ApiState {
  /** `GET /contacts/:id/`, known before any handler runs; `unmatched` for paths outside the API. */
  route: string;
  /** The representation a handler produced; serialised (or made hostile) on the way out. */
  xml?: XmlElement;
  /** Set when an error was rendered: its status, which Koa's default 404 must not be confused with. */
  errorStatus?: number;
  /** The XML body as received, once a handler has read it (for the write log). */
  requestBody?: string;
}

export type ApiContext = ParameterizedContext<ApiState>;
