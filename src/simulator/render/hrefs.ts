import type { ResourceType } from '../../domain/resource-types';
import { RESOURCE_SCHEMAS } from '../store/resource-schemas';

export const ARLO_REL = 'http://schemas.arlo.co/api/2012/02/auth/';
export const RELATED_REL = `${ARLO_REL}related/`;
export const XML_TYPE = 'application/xml';

/** Absolute hrefs, built from the simulator's own base URL (which ends with `/`); every href ends with `/`. */
export class Hrefs {
  constructor(readonly base: string) {}

  collection(type: ResourceType): string {
    return `${this.base}${RESOURCE_SCHEMAS[type].collection}/`;
  }

  resource(type: ResourceType, id: string): string {
    return `${this.collection(type)}${encodeURIComponent(id)}/`;
  }

  path(path: string): string {
    return `${this.base}${path}`;
  }
}
