/**
 * The RFC 5261 operations that make the text fields under one parent element equal the desired values,
 * touching nothing else:
 * - a field with text: `replace .../Name/text()` (Examples 1 and 2 of the guide);
 * - a missing field: `add` under the parent (Example 2's LegalName); all of one parent's in one `<add>`;
 * - a field present but empty has no text node to replace: `remove` it, then add it again;
 * - clearing a field: `remove .../Name/text()`.
 * Values are written normalised, so the next comparison finds them equal.
 */
import { addElements, removeNode, replaceText, type PatchOperation } from '../arlo/patch-diff';
import { selector, textSelector, type SelectorStep } from '../arlo/xpath-selector';
import { textElement } from '../arlo/xml-writer';

import { normaliseValue, sameValue } from './normalise';

export interface TextFieldChanges {
  /** Replacements and removals, in field order. */
  readonly edits: PatchOperation[];
  /** The `<add>` for missing fields, if any; send after the edits. */
  readonly add?: PatchOperation;
  /** Names of the fields that differ. */
  readonly changed: string[];
}

export function textFieldChanges(
  parent: readonly SelectorStep[],
  current: Readonly<Record<string, string>>,
  desired: Readonly<Record<string, string>>,
): TextFieldChanges {
  const edits: PatchOperation[] = [];
  const missing: ReturnType<typeof textElement>[] = [];
  const changed: string[] = [];
  for (const [name, raw] of Object.entries(desired)) {
    const value = normaliseValue(raw);
    const existing = Object.prototype.hasOwnProperty.call(current, name) ? current[name] : undefined;
    if (existing === undefined) {
      if (value === '') continue; // absent and wanted empty: already equal
      missing.push(textElement(name, value));
    } else if (sameValue(existing, value)) {
      continue;
    } else if (value === '') {
      edits.push(removeNode(textSelector(...parent, name)));
    } else if (existing === '') {
      edits.push(removeNode(selector(...parent, name)));
      missing.push(textElement(name, value));
    } else {
      edits.push(replaceText(textSelector(...parent, name), value));
    }
    changed.push(name);
  }
  return missing.length > 0
    ? { edits, add: addElements(selector(...parent), missing), changed }
    : { edits, changed };
}
