/**
 * The simulator's in-memory XML tree. Resources are rendered into it, PATCH diffs are applied to it and
 * request bodies are parsed into it. Attributes keep their order (an array, not an object) so documents
 * come out exactly as the guides print them.
 */
export interface XmlElement {
  readonly kind: 'element';
  name: string;
  attributes: [name: string, value: string][];
  children: XmlNode[];
}

export interface XmlText {
  readonly kind: 'text';
  text: string;
}

export type XmlNode = XmlElement | XmlText;

export function element(
  name: string,
  attributes: [string, string][] = [],
  children: XmlNode[] = [],
): XmlElement {
  return { kind: 'element', name, attributes, children };
}

export function textNode(text: string): XmlText {
  return { kind: 'text', text };
}

/** `<Name>value</Name>`. */
export function leaf(name: string, value: string): XmlElement {
  return element(name, [], [textNode(value)]);
}

export function isElement(node: XmlNode): node is XmlElement {
  return node.kind === 'element';
}

export function childElements(parent: XmlElement): XmlElement[] {
  return parent.children.filter(isElement);
}

export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((c): c is XmlElement => c.kind === 'element' && c.name === name);
}

export function attribute(el: XmlElement, name: string): string | undefined {
  return el.attributes.find(([n]) => n === name)?.[1];
}

/** The concatenated text of an element's direct text children. */
export function textContent(el: XmlElement): string {
  let text = '';
  for (const child of el.children) if (child.kind === 'text') text += child.text;
  return text;
}

/** True for `<Name>text</Name>` and `<Name/>`: no element children (whitespace-only text is allowed). */
export function isTextOnly(el: XmlElement): boolean {
  return el.children.every((c) => c.kind === 'text');
}

/** Element children only, with whitespace-only text between them dropped (for structural comparison). */
export function withoutWhitespace(el: XmlElement): XmlElement {
  const children: XmlNode[] = [];
  const textOnly = isTextOnly(el);
  for (const child of el.children) {
    if (child.kind === 'element') children.push(withoutWhitespace(child));
    else if (textOnly || child.text.trim() !== '') children.push(textNode(child.text));
  }
  return element(
    el.name,
    el.attributes.map(([n, v]) => [n, v]),
    children,
  );
}

export function cloneElement(el: XmlElement): XmlElement {
  return element(
    el.name,
    el.attributes.map(([n, v]) => [n, v]),
    el.children.map((c) => (c.kind === 'element' ? cloneElement(c) : textNode(c.text))),
  );
}
