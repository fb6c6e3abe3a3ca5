/**
 * Writes XML from a small element tree, so no document is ever assembled by string concatenation of
 * values. Text is escaped (`&`, `<`, `>`; CR as `&#13;` so it survives line-end normalisation); attribute
 * values also escape `"`, tab and line breaks (which attribute-value normalisation would turn into
 * spaces). Element and attribute names must be XML names, and characters XML 1.0 cannot carry at all
 * (NUL, most C0 controls, unpaired surrogates, U+FFFE/U+FFFF) are refused with an XmlWriteError naming
 * the element, rather than silently dropped.
 */

export interface XmlNode {
  readonly name: string;
  /** In writing order. */
  readonly attributes: readonly (readonly [string, string])[];
  readonly children: readonly XmlContent[];
}

/** An element, or text. */
export type XmlContent = XmlNode | string;

export class XmlWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlWriteError';
  }
}

/** XML Name, restricted to ASCII and without ':' (Arlo uses no namespaces). */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
/** What XML 1.0 cannot carry at all: C0 controls but tab/LF/CR, U+FFFE/U+FFFF, unpaired surrogates. */
const FORBIDDEN_CHAR =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isXmlName(name: string): boolean {
  return XML_NAME.test(name);
}

/**
 * Build an element. Attributes whose value is undefined are left out, so optional ones read naturally;
 * children that are undefined or false are skipped, for the same reason.
 */
export function xmlElement(
  name: string,
  attributes: Readonly<Record<string, string | undefined>> = {},
  children: readonly (XmlContent | undefined | false)[] = [],
): XmlNode {
  if (!isXmlName(name)) throw new XmlWriteError(`${JSON.stringify(name)} is not a valid XML element name`);
  const pairs = Object.entries(attributes).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  for (const [attribute] of pairs) {
    if (!isXmlName(attribute)) {
      throw new XmlWriteError(
        `${JSON.stringify(attribute)} is not a valid XML attribute name (on <${name}>)`,
      );
    }
  }
  return {
    name,
    attributes: pairs,
    children: children.filter((child): child is XmlContent => child !== undefined && child !== false),
  };
}

/** `<name>text</name>`: the common case of a field. */
export function textElement(name: string, text: string): XmlNode {
  return xmlElement(name, {}, [text]);
}

export function escapeXmlText(text: string, where = 'text'): string {
  assertWritable(text, where);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function escapeXmlAttribute(value: string, where = 'attribute'): string {
  assertWritable(value, where);
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;') // values are always written in "...", so ' needs no escape (XPath selectors stay readable)
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export interface WriteOptions {
  /**
   * Indent element-only content with this string per level (for display, e.g. a dry run). Default: none,
   * because whitespace inside an RFC 5261 `<add>` would be inserted into the target document too.
   */
  readonly indent?: string;
}

/** Serialise one element (no XML declaration: Arlo does not need one, and a diff fragment must not have one). */
export function writeXml(node: XmlNode, options: WriteOptions = {}): string {
  return write(node, options.indent, 0);
}

function write(node: XmlNode, indent: string | undefined, depth: number): string {
  const attributes = node.attributes
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value, `attribute ${name} of <${node.name}>`)}"`)
    .join('');
  if (node.children.length === 0) return `<${node.name}${attributes}/>`;
  const elementOnly = node.children.every((child) => typeof child !== 'string');
  const pretty = indent !== undefined && elementOnly;
  const inner = node.children.map((child) =>
    typeof child === 'string'
      ? escapeXmlText(child, `text of <${node.name}>`)
      : `${pretty ? `\n${indent.repeat(depth + 1)}` : ''}${write(child, indent, depth + 1)}`,
  );
  const close = pretty ? `\n${indent.repeat(depth)}` : '';
  return `<${node.name}${attributes}>${inner.join('')}${close}</${node.name}>`;
}

/**
 * The first character XML 1.0 cannot carry, as `U+XXXX`, or undefined when the text is writable. Shared
 * with the push request schema, so a push is refused before anything is written, by the same rule.
 */
export function findUnwritableChar(text: string): string | undefined {
  const match = FORBIDDEN_CHAR.exec(text);
  if (!match) return undefined;
  return `U+${match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '?'}`;
}

function assertWritable(value: string, where: string): void {
  const code = findUnwritableChar(value);
  if (code !== undefined) {
    throw new XmlWriteError(`the ${where} contains ${code}, which XML 1.0 cannot represent; remove it`);
  }
}
