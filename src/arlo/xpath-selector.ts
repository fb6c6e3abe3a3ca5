/**
 * RFC 5261 selectors for Arlo PATCH documents: XPath relative to the resource's root element, without a
 * leading slash (`Contact/Link[@title='Employment']/ContactEmployment/Position/text()`, api-notes.md).
 * Built from steps, never by pasting strings, because a value inside a predicate must be quoted safely
 * and XPath 1.0 string literals have no escape character: a value with `'` is written in `"..."`, one
 * with `"` in `'...'`, one with both as `concat(...)` of pieces.
 */
import { isXmlName } from './xml-writer';

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** An element name, or an element with attribute-equality predicates (`Link[@title='Employment']`). */
export type SelectorStep =
  | string
  | { readonly name: string; readonly where?: Readonly<Record<string, string>>; readonly position?: number };

/** An XPath 1.0 string literal that evaluates to exactly `value`. */
export function xpathLiteral(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  // Both quote kinds: split on ' and join the pieces with "'" (a literal apostrophe in double quotes).
  const pieces = value.split("'").flatMap((piece, index) => (index === 0 ? [piece] : [`"'"`, piece]));
  const literals = pieces
    .map((piece) => (piece === `"'"` ? piece : `'${piece}'`))
    .filter((piece) => piece !== "''");
  return `concat(${literals.join(', ')})`;
}

/** `selector('Contact', { name: 'Link', where: { title: 'Employment' } }, 'ContactEmployment')`. */
export function selector(...steps: readonly SelectorStep[]): string {
  if (steps.length === 0) throw new SelectorError('a selector needs at least the root element');
  return steps.map(step).join('/');
}

/** The text node of the selected element: what `replace` changes for a field value. */
export function textSelector(...steps: readonly SelectorStep[]): string {
  return `${selector(...steps)}/text()`;
}

function step(value: SelectorStep): string {
  const { name, where = {}, position } = typeof value === 'string' ? { name: value } : value;
  if (!isXmlName(name)) throw new SelectorError(`${JSON.stringify(name)} is not an element name`);
  const predicates = Object.entries(where).map(([attribute, literal]) => {
    if (!isXmlName(attribute))
      throw new SelectorError(`${JSON.stringify(attribute)} is not an attribute name`);
    return `[@${attribute}=${xpathLiteral(literal)}]`;
  });
  if (position !== undefined) {
    if (!Number.isInteger(position) || position < 1) {
      throw new SelectorError(`position must be an integer from 1 (XPath counts from 1), got ${position}`);
    }
    predicates.push(`[${position}]`);
  }
  return `${name}${predicates.join('')}`;
}
