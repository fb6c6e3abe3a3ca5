/**
 * The ONE fast-xml-parser configuration of the Arlo client (the simulator has its own, on purpose).
 * Every option is set explicitly, because several defaults are wrong for Arlo: they coerce `00123` to the
 * number 123, collapse a single `<Link>` into an object instead of a list, trim values, and expand DTD
 * entities. The output is converted to the typed tree of xml-tree.ts, so nothing else in the code base
 * sees fast-xml-parser's shapes.
 *
 * Refused (with an XmlParseError saying why): documents that are not well-formed, that declare a DOCTYPE
 * or ENTITY (the classic entity-expansion and external-entity attacks; Arlo never sends one), that use
 * an entity other than XML's five predefined ones, that nest deeper than `maxDepth`, or that are longer
 * than `maxChars`.
 */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';

import { strictXmlEntityDecoder } from './xml-entities';
import type { XmlElement } from './xml-tree';

export const XML_PARSE_FAILURES = ['too-large', 'doctype', 'not-well-formed'] as const;
export type XmlParseFailure = (typeof XML_PARSE_FAILURES)[number];

export class XmlParseError extends Error {
  constructor(
    readonly reason: XmlParseFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XmlParseError';
  }
}

export interface XmlParseOptions {
  /** Longest document accepted, in UTF-16 code units. The HTTP layer already limits bytes; this is for other callers. */
  readonly maxChars?: number;
}

/** Arlo's deepest documents (PlatformEvents → Link → entity → Link → sub-resource → Link) nest about 10 levels. */
const MAX_DEPTH = 64;
const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;
const TEXT = '#text';
const ATTRIBUTES = ':@';

const parser = new XMLParser({
  // Output as an ordered list of nodes: element order is kept, repeated elements stay separate, and
  // element names are never used as lookups on objects we build. (Also why `isArray` does not matter.)
  preserveOrder: true,
  // Keep attributes (Link rel/title/href live there), unprefixed, on the node's ':@' entry.
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: false,
  allowBooleanAttributes: false, // `<a b>` is not XML
  textNodeName: TEXT,
  alwaysCreateTextNode: false, // irrelevant under preserveOrder; set so the behaviour never depends on a default
  isArray: () => false, // irrelevant under preserveOrder: every child list is already an array
  // Never coerce: IDs such as `00123`, codes such as `1e5` and `true` stay exactly the strings Arlo sent.
  parseTagValue: false,
  parseAttributeValue: false,
  numberParseOptions: { hex: false, leadingZeros: false, eNotation: false },
  tagValueProcessor: (_name: string, value: string) => value,
  attributeValueProcessor: (_name: string, value: string) => value,
  // Values are data: ` Senior Developer ` must compare unequal to `Senior Developer`.
  trimValues: false,
  // CDATA is text like any other text; comments and processing instructions carry no data.
  cdataPropName: false,
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Names exactly as sent; Arlo uses no namespaces.
  removeNSPrefix: false,
  transformTagName: false,
  transformAttributeName: false,
  updateTag: (name: string) => name,
  stopNodes: [],
  unpairedTags: [],
  // Entities: decode the five predefined ones and numeric references, reject everything else
  // (xml-entities.ts). DOCTYPEs are rejected before parsing (below), so nothing is ever expanded.
  processEntities: true,
  htmlEntities: false,
  entityDecoder: strictXmlEntityDecoder,
  // Limits and safety.
  maxNestedTags: MAX_DEPTH,
  strictReservedNames: true, // an element called '#text' or ':@' is an error, not a confusion
  // Element names are values in our tree (toElement), never keys we look things up by, so names such as
  // `toString` or `valueOf` are kept exactly (the default would rename them `__toString`). The names that
  // could reach a prototype (`__proto__`, `constructor`, `prototype`) are refused by the library anyway.
  onDangerousProperty: (name: string) => name,
  captureMetaData: false,
  jPath: true,
});

/**
 * fast-xml-parser's parser tolerates mismatched tags, so every document is validated first, with the
 * validator its author publishes for that (the one built into fast-xml-parser is deprecated).
 */
const validator = new SyntaxValidator({
  allowBooleanAttributes: false,
  unpairedTags: [],
  multipleRoots: false, // one document, one root element
  // The stricter checks XML 1.0 asks for: `--` in comments, `]]>` in text, `<` in attribute values.
  invalidCharSequence: { comment: true, tagValue: true, attrLt: true },
  skipTags: [],
});

/** A DOCTYPE or ENTITY declaration anywhere (also inside comments or CDATA: rejecting those costs nothing). */
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

type FxpNode = Record<string, unknown>;

/**
 * Parse one XML document and return its root element. Throws XmlParseError for anything that is not a
 * single well-formed element without a DOCTYPE.
 */
export function parseXml(xml: string, options: XmlParseOptions = {}): XmlElement {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (xml.length > maxChars) {
    throw new XmlParseError(
      'too-large',
      `XML document of ${xml.length} characters exceeds the limit of ${maxChars}`,
    );
  }
  if (DECLARATION.test(xml)) {
    throw new XmlParseError(
      'doctype',
      'XML document declares a DOCTYPE or ENTITY; these are refused (no entity expansion)',
    );
  }
  let nodes: unknown;
  try {
    validator.validate(xml);
    nodes = parser.parse(xml);
  } catch (error) {
    throw new XmlParseError('not-well-formed', `XML is not well-formed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const [root, ...more] = (nodes as FxpNode[]).filter((node) => !(TEXT in node));
  if (root === undefined || more.length > 0) {
    throw new XmlParseError('not-well-formed', 'XML must have exactly one root element'); // the validator checks this too
  }
  return toElement(root);
}

function toElement(node: FxpNode): XmlElement {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES);
  if (name === undefined) throw new XmlParseError('not-well-formed', 'XML node without a name');
  const attributes = Object.fromEntries(
    Object.entries((node[ATTRIBUTES] ?? {}) as Record<string, unknown>).map(([key, value]) => [
      key,
      String(value),
    ]),
  );
  const children: XmlElement[] = [];
  let text = '';
  for (const child of node[name] as FxpNode[]) {
    if (TEXT in child) text += String(child[TEXT]);
    else children.push(toElement(child));
  }
  return { name, attributes, children, text };
}
