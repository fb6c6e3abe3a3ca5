import type { XmlElement } from './xml-node';

/**
 * Serialises the tree compactly (no indentation: the API is read by programs, and whitespace-free output
 * keeps GETs cheap). Text escapes `&`, `<`, `>`; attribute values also escape `"`. Empty elements are
 * self-closed, as in the guides' `<Link .../>`.
 */
export function writeXml(root: XmlElement): string {
  const parts: string[] = [];
  writeElement(root, parts);
  return parts.join('');
}

function writeElement(el: XmlElement, parts: string[]): void {
  parts.push('<', el.name);
  for (const [name, value] of el.attributes) parts.push(' ', name, '="', escapeAttribute(value), '"');
  if (el.children.length === 0) {
    parts.push('/>');
    return;
  }
  parts.push('>');
  for (const child of el.children) {
    if (child.kind === 'text') parts.push(escapeText(child.text));
    else writeElement(child, parts);
  }
  parts.push('</', el.name, '>');
}

const TEXT_SPECIALS = /[&<>]/;
const ATTRIBUTE_SPECIALS = /[&<>"]/;

export function escapeText(value: string): string {
  if (!TEXT_SPECIALS.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIALS.test(value)) return value;
  return escapeText(value).replace(/"/g, '&quot;');
}
