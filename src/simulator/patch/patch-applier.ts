/**
 * Applies diff operations, in order, to a resource's representation (as rendered with the request's
 * `expand`). Arlo's documented 400s: a selector that matches nothing, a replace of a node that does not
 * exist, and an add of a node that already exists (a text-only field, or a Link with the same title that
 * already carries its sub-resource). A selector must match exactly one node (RFC 5261).
 */
import { badRequest } from '../api-error';
import {
  attribute,
  cloneElement,
  isElement,
  isTextOnly,
  textNode,
  type XmlElement,
  type XmlNode,
} from '../xml/xml-node';
import type { DiffOperation } from './diff-document';
import { select, type Selected } from './xpath';

export function applyDiff(root: XmlElement, operations: readonly DiffOperation[]): XmlElement {
  const document = cloneElement(root);
  for (const operation of operations) apply(document, operation);
  return document;
}

function apply(document: XmlElement, operation: DiffOperation): void {
  const target = selectOne(document, operation);
  switch (operation.op) {
    case 'add':
      return add(document, target, operation);
    case 'replace':
      return replace(document, target, operation.content, operation.sel);
    case 'remove':
      return remove(document, target, operation.sel, operation.ws);
  }
}

function selectOne(document: XmlElement, operation: DiffOperation): Selected {
  const matches = select(document, operation.sel);
  if (matches.length === 0) {
    const hint = operation.op === 'replace' ? ' (replace needs an existing node: use add to create it)' : '';
    throw badRequest(
      'SelectorMatchesNothing',
      `${operation.op}: selector "${operation.sel}" matches nothing${hint}`,
    );
  }
  const [first] = matches;
  if (matches.length > 1 || !first) {
    throw badRequest(
      'SelectorAmbiguous',
      `${operation.op}: selector "${operation.sel}" matches ${matches.length} nodes; it must match exactly one`,
    );
  }
  return first;
}

function add(document: XmlElement, target: Selected, operation: Extract<DiffOperation, { op: 'add' }>): void {
  if (target.kind !== 'element') {
    throw badRequest('InvalidPatch', `add: selector "${operation.sel}" must select an element`);
  }
  if (operation.attribute !== undefined) {
    if (attribute(target.node, operation.attribute) !== undefined) {
      throw badRequest(
        'NodeAlreadyExists',
        `add: attribute @${operation.attribute} already exists; use replace`,
      );
    }
    target.node.attributes.push([operation.attribute, textOf(operation.content, 'add')]);
    return;
  }
  const nodes = meaningful(operation.content);
  if (nodes.length === 0)
    throw badRequest('InvalidPatch', `add: <add sel="${operation.sel}"> has nothing to add`);
  const sibling = operation.pos === 'before' || operation.pos === 'after';
  if (sibling && target.parent.name === '#document') {
    throw badRequest('InvalidPatch', 'add: cannot add siblings to the resource root element');
  }
  const parent = sibling ? target.parent : target.node;
  for (const node of nodes) if (isElement(node)) assertNotPresent(parent, node);
  const copies = nodes.map((n) => (isElement(n) ? cloneElement(n) : textNode(n.text)));
  const at =
    operation.pos === 'prepend'
      ? 0
      : operation.pos === 'before'
        ? parent.children.indexOf(target.node)
        : operation.pos === 'after'
          ? parent.children.indexOf(target.node) + 1
          : parent.children.length;
  parent.children.splice(at, 0, ...copies);
}

/** Arlo answers 400 to an add of a property that is already there (api-notes.md, "HTTP PATCH"). */
function assertNotPresent(parent: XmlElement, added: XmlElement): void {
  for (const existing of parent.children) {
    if (!isElement(existing) || existing.name !== added.name) continue;
    if (added.name === 'Link') {
      const title = attribute(added, 'title');
      const bothCarryContent = existing.children.some(isElement) && added.children.some(isElement);
      if (title !== undefined && attribute(existing, 'title') === title && bothCarryContent) {
        throw badRequest(
          'NodeAlreadyExists',
          `add: ${parent.name} already has a Link titled "${title}" with content; remove it first or replace inside it`,
        );
      }
    } else if (isTextOnly(existing) && isTextOnly(added)) {
      throw badRequest(
        'NodeAlreadyExists',
        `add: ${parent.name} already has ${added.name}; use replace to change it`,
      );
    }
  }
}

function replace(document: XmlElement, target: Selected, content: readonly XmlNode[], sel: string): void {
  switch (target.kind) {
    case 'attribute': {
      const pair = target.owner.attributes.find(([n]) => n === target.name);
      if (pair) pair[1] = textOf(content, 'replace');
      return;
    }
    case 'text':
      target.parent.children[target.index] = textNode(textOf(content, 'replace'));
      return;
    case 'element': {
      const nodes = meaningful(content);
      const [replacement] = nodes;
      if (nodes.length !== 1 || !replacement || !isElement(replacement)) {
        throw badRequest(
          'InvalidPatch',
          `replace: "${sel}" selects an element, so <replace> must hold exactly one element`,
        );
      }
      if (target.parent.name === '#document' && replacement.name !== document.name) {
        throw badRequest('InvalidPatch', `replace: the resource root must stay <${document.name}>`);
      }
      const index = target.parent.children.indexOf(target.node);
      target.parent.children[index] = cloneElement(replacement);
      if (target.parent.name === '#document') {
        document.attributes = replacement.attributes;
        document.children = cloneElement(replacement).children;
      }
    }
  }
}

function remove(
  document: XmlElement,
  target: Selected,
  sel: string,
  ws: 'before' | 'after' | 'both' | undefined,
): void {
  switch (target.kind) {
    case 'attribute':
      target.owner.attributes = target.owner.attributes.filter(([n]) => n !== target.name);
      return;
    case 'text':
      target.parent.children.splice(target.index, 1);
      return;
    case 'element': {
      if (target.parent.name === '#document' || target.node === document) {
        throw badRequest(
          'InvalidPatch',
          `remove: "${sel}" selects the resource itself; it cannot be removed`,
        );
      }
      const siblings = target.parent.children;
      let index = siblings.indexOf(target.node);
      siblings.splice(index, 1);
      if ((ws === 'before' || ws === 'both') && isWhitespace(siblings[index - 1]))
        siblings.splice(--index, 1);
      if ((ws === 'after' || ws === 'both') && isWhitespace(siblings[index])) siblings.splice(index, 1);
    }
  }
}

function isWhitespace(node: XmlNode | undefined): boolean {
  return node?.kind === 'text' && node.text.trim() === '';
}

/** Element children plus non-whitespace text: what an operation actually carries. */
function meaningful(content: readonly XmlNode[]): XmlNode[] {
  return content.filter((n) => isElement(n) || n.text.trim() !== '');
}

function textOf(content: readonly XmlNode[], op: string): string {
  if (content.some(isElement))
    throw badRequest('InvalidPatch', `${op}: a text or attribute value cannot contain elements`);
  return content.map((n) => (n.kind === 'text' ? n.text : '')).join('');
}
