/**
 * Turns a 2xx answer into a parsed result, or a MalformedResponseError naming the request: the one place
 * where XML syntax errors and unexpected shapes become the client's typed error.
 */
import { ArloMalformedResponseError } from './errors';
import type { ArloHttpMethod, ArloHttpResponse } from './http-client';
import { ArloShapeError } from './shape-error';
import { XmlParseError, parseXml } from './xml-parser';
import type { XmlElement } from './xml-tree';

export function readXml<T>(
  method: ArloHttpMethod,
  response: ArloHttpResponse,
  parse: (root: XmlElement) => T,
): T {
  const context = { method, url: response.url };
  try {
    if (response.body.trim() === '') throw new ArloShapeError(`${response.status} with an empty body`);
    // The HTTP layer already bounded the body (in bytes, while streaming): no second, different limit here.
    return parse(parseXml(response.body, { maxChars: Number.POSITIVE_INFINITY }));
  } catch (error) {
    if (error instanceof XmlParseError || error instanceof ArloShapeError) {
      throw new ArloMalformedResponseError(context, response.status, error.message, { cause: error });
    }
    throw error;
  }
}

/** Checks a document the caller built before it is sent, so a broken body fails here, not as a 400. */
export function assertDocument(xml: string, rootName: string, what: string): void {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new RangeError(`the ${what} is not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  if (root.name !== rootName)
    throw new RangeError(`the ${what} must have root <${rootName}>, not <${root.name}>`);
}
