import type { ParameterizedContext } from 'koa';

import type { XmlElement } from '../xml/xml-node';

export interface ApiState {
  /** `GET /contacts/:id/`, known before any handler runs; `unmatched` for paths outside the API. */
  route: string;
  /** The representation a handler produced; serialised (or made hostile) on the way out. */
  xml?: XmlElement;
}

export type ApiContext = ParameterizedContext<ApiState>;
