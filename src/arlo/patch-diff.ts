/**
 * RFC 5261 XML diff documents for Arlo's HTTP PATCH (api-notes.md, "HTTP PATCH"; the three examples of
 * keeping-an-external-system-in-sync.txt):
 * - `replace`: new text for an existing node (`.../Name/text()`, or an attribute `.../@href`);
 * - `add`: element fragments (built with xml-writer.ts) under, before or after the selected element;
 * - `remove`: the selected node.
 * Selectors come from xpath-selector.ts; values are escaped by the writer, so a value can never become
 * markup. Arlo answers 400 when a selector matches nothing, a replaced node is missing or an added one
 * exists: GET right before building the diff, with the same `?expand=` on GET and PATCH.
 */
import { xmlElement, writeXml, type XmlContent, type WriteOptions } from './xml-writer';

export type PatchOperation =
  | { readonly op: 'replace'; readonly sel: string; readonly text: string }
  | {
      readonly op: 'add';
      readonly sel: string;
      /** RFC 5261 §4.3: default appends as the last child; `prepend` as the first; `before`/`after` as a sibling. */
      readonly pos?: 'before' | 'after' | 'prepend';
      readonly content: readonly XmlContent[];
    }
  | { readonly op: 'remove'; readonly sel: string };

export function replaceText(sel: string, text: string): PatchOperation {
  return { op: 'replace', sel, text };
}

export function addElements(
  sel: string,
  content: readonly XmlContent[],
  pos?: 'before' | 'after' | 'prepend',
): PatchOperation {
  return pos === undefined ? { op: 'add', sel, content } : { op: 'add', sel, pos, content };
}

export function removeNode(sel: string): PatchOperation {
  return { op: 'remove', sel };
}

/**
 * The `<diff>` document. Refuses an empty list: a PATCH that changes nothing must not be sent at all
 * (it would still count against the rate budget and bump LastModifiedDateTime).
 */
export function buildPatchDiff(operations: readonly PatchOperation[], options: WriteOptions = {}): string {
  if (operations.length === 0)
    throw new RangeError('a PATCH diff needs at least one operation; send no PATCH instead');
  const children = operations.map((operation) => {
    if (!operation.sel) throw new RangeError(`a ${operation.op} operation needs a selector`);
    switch (operation.op) {
      case 'replace':
        return xmlElement('replace', { sel: operation.sel }, [operation.text]);
      case 'add':
        if (operation.content.length === 0)
          throw new RangeError(`add at ${operation.sel} has nothing to add`);
        return xmlElement('add', { sel: operation.sel, pos: operation.pos }, operation.content);
      case 'remove':
        return xmlElement('remove', { sel: operation.sel });
    }
  });
  return writeXml(xmlElement('diff', {}, children), options);
}
