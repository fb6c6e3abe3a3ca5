/**
 * The parsed form of an XML document that the rest of src/arlo reads: a plain, typed tree in document
 * order. Element names are values (never object keys), so no element name can collide with a JavaScript
 * property, and a repeated element is simply a repeated child: no "one or many" shape to guess.
 */
export interface XmlElement {
  readonly name: string;
  /** Attribute values exactly as sent, entity references decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements in document order. */
  readonly children: readonly XmlElement[];
  /** The element's own text (text and CDATA children joined), untrimmed; '' when it has none. */
  readonly text: string;
}

export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** The text of the first child called `name`, or undefined when there is none. */
export function childText(element: XmlElement, name: string): string | undefined {
  return firstChild(element, name)?.text;
}

/** An element without child elements: its value is its text (possibly empty). */
export function isLeaf(element: XmlElement): boolean {
  return element.children.length === 0;
}
