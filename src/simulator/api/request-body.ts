import getRawBody from 'raw-body';

import { ApiError, badRequest } from '../api-error';
import { readXml, XmlInputError } from '../xml/xml-reader';
import type { XmlElement } from '../xml/xml-node';
import type { ApiContext } from './api-context';

/** Reads an `application/xml` body (415 otherwise, 413 when too large, 400 when not well-formed XML). */
export async function readXmlBody(ctx: ApiContext, limitBytes: number): Promise<XmlElement> {
  if (!ctx.is('application/xml', 'text/xml')) {
    throw new ApiError(415, 'UnsupportedMediaType', 'Send the body as Content-Type: application/xml.');
  }
  let source: string;
  try {
    source = await getRawBody(ctx.req, { limit: limitBytes, encoding: 'utf-8' });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large')
      throw new ApiError(413, 'PayloadTooLarge', `The body is larger than ${limitBytes} bytes.`);
    throw badRequest('InvalidBody', `The body could not be read: ${(error as Error).message}`);
  }
  ctx.state.requestBody = source;
  try {
    return readXml(source);
  } catch (error) {
    if (error instanceof XmlInputError)
      throw badRequest('MalformedXml', `The body is not acceptable XML: ${error.message}`);
    throw error;
  }
}
