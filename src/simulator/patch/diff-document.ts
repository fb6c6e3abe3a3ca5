/**
 * Reads an RFC 5261 `<diff>` document into operations. Only the structure is checked here; whether each
 * selector matches is the applier's business.
 */
import { badRequest } from '../api-error';
import { attribute, isElement, type XmlElement, type XmlNode } from '../xml/xml-node';

export type AddPosition = 'append' | 'prepend' | 'before' | 'after';

export type DiffOperation =
  | {
      readonly op: 'add';
      readonly sel: string;
      readonly pos: AddPosition;
      /** `type="@name"` adds an attribute instead of nodes. */
      readonly attribute: string | undefined;
      readonly content: readonly XmlNode[];
    }
  | { readonly op: 'replace'; readonly sel: string; readonly content: readonly XmlNode[] }
  | { readonly op: 'remove'; readonly sel: string; readonly ws: 'before' | 'after' | 'both' | undefined };

const MAX_OPERATIONS = 200;
const POSITIONS: readonly string[] = ['prepend', 'before', 'after'];

export function readDiff(root: XmlElement): DiffOperation[] {
  if (localName(root.name) !== 'diff') {
    throw badRequest('InvalidPatch', `a PATCH body is an RFC 5261 <diff> document; found <${root.name}>`);
  }
  const operations: DiffOperation[] = [];
  for (const child of root.children) {
    if (!isElement(child)) {
      if (child.text.trim() !== '')
        throw badRequest('InvalidPatch', '<diff> may contain only <add>, <replace> and <remove>');
      continue;
    }
    if (operations.length >= MAX_OPERATIONS) {
      throw badRequest('InvalidPatch', `a diff may hold at most ${MAX_OPERATIONS} operations`);
    }
    operations.push(readOperation(child));
  }
  if (operations.length === 0) throw badRequest('InvalidPatch', '<diff> has no operations');
  return operations;
}

function readOperation(el: XmlElement): DiffOperation {
  const name = localName(el.name);
  const sel = attribute(el, 'sel');
  if (name !== 'add' && name !== 'replace' && name !== 'remove') {
    throw badRequest(
      'InvalidPatch',
      `<${el.name}> is not a diff operation; use <add>, <replace> or <remove>`,
    );
  }
  if (sel === undefined || sel.trim() === '') {
    throw badRequest(
      'InvalidPatch',
      `<${name}> needs a sel attribute (an XPath selector relative to the resource)`,
    );
  }
  switch (name) {
    case 'add': {
      const pos = attribute(el, 'pos');
      if (pos !== undefined && !POSITIONS.includes(pos)) {
        throw badRequest(
          'InvalidPatch',
          `<add pos="${pos}">: pos must be prepend, before or after (or absent to append)`,
        );
      }
      const type = attribute(el, 'type');
      if (type !== undefined && !/^@[A-Za-z_][A-Za-z0-9_.-]*$/.test(type)) {
        throw badRequest(
          'InvalidPatch',
          `<add type="${type}">: only attribute additions (type="@name") are supported`,
        );
      }
      return {
        op: 'add',
        sel,
        pos: (pos ?? 'append') as AddPosition,
        attribute: type?.slice(1),
        content: el.children,
      };
    }
    case 'replace':
      return { op: 'replace', sel, content: el.children };
    case 'remove': {
      const ws = attribute(el, 'ws');
      if (ws !== undefined && ws !== 'before' && ws !== 'after' && ws !== 'both') {
        throw badRequest('InvalidPatch', `<remove ws="${ws}">: ws must be before, after or both`);
      }
      if (el.children.some((c) => isElement(c) || c.text.trim() !== '')) {
        throw badRequest('InvalidPatch', '<remove> must be empty');
      }
      return { op: 'remove', sel, ws };
    }
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
