/**
 * Parses request bodies (PATCH diffs, POSTed resources, IntegrationData, webhook endpoints) into the
 * simulator's tree. Every fast-xml-parser option is set here, explicitly (see DESIGN.md): values stay
 * strings, attributes are kept in document order, character references are decoded, and nothing is
 * coerced to a number.
 *
 * A DOCTYPE is refused before parsing: a real API does not expand caller-supplied entities, and refusing
 * them closes the "billion laughs" door for good.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { element, textNode, type XmlElement, type XmlNode } from './xml-node';

export class XmlInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlInputError';
  }
}

/** Deeper documents are refused: no Arlo representation nests anywhere near this. */
const MAX_DEPTH = 64;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  allowBooleanAttributes: false,
  removeNSPrefix: false,
  alwaysCreateTextNode: false,
  cdataPropName: false,
  commentPropName: false,
  maxNestedTags: MAX_DEPTH,
});

type OrderedNode = Record<string, unknown>;

/** Parses one XML document with exactly one root element. Throws XmlInputError with a reason. */
export function readXml(source: string): XmlElement {
  if (/<!DOCTYPE/i.test(source) || /<!ENTITY/i.test(source)) {
    throw new XmlInputError('document type declarations and entities are not accepted');
  }
  // XMLValidator is deprecated in favour of the separate fast-xml-validator package, which brings a second
  // XML parser family (@nodable/*) with it. The validator still ships in fast-xml-parser 5; keep it until
  // it is removed, and the parser alone accepts mismatched tags.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const validation = XMLValidator.validate(source, { allowBooleanAttributes: false });
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new XmlInputError(
      `malformed XML at line ${line}${col === undefined ? '' : `, column ${col}`}: ${msg}`,
    );
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(source) as OrderedNode[];
  } catch (error) {
    throw new XmlInputError(`cannot parse the document: ${(error as Error).message}`);
  }
  const roots = nodes.map((n) => convert(n, 0)).filter((n): n is XmlElement => n.kind === 'element');
  if (roots.length !== 1 || !roots[0]) {
    throw new XmlInputError(`expected exactly one root element, found ${roots.length}`);
  }
  return roots[0];
}

function convert(node: OrderedNode, depth: number): XmlNode {
  if (depth > MAX_DEPTH) throw new XmlInputError(`elements nested deeper than ${MAX_DEPTH} levels`);
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined) throw new XmlInputError('empty node');
  const value = node[name];
  if (name === '#text') return textNode(String(value));
  const attributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const children = Array.isArray(value) ? (value as OrderedNode[]) : [];
  return element(
    name,
    Object.entries(attributes).map(([n, v]) => [n, String(v)]),
    children.map((child) => convert(child, depth + 1)),
  );
}
