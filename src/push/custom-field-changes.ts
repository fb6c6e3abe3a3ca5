/**
 * Custom field values inside an expanded CustomFields Link, in the shape resource-writers.ts writes
 * (`<Field><Name>tier</Name><Value><String>Gold</String></Value></Field>`; inferred, api-notes.md). A
 * field is selected by its Name's text, quoted with xpathLiteral so any name is safe in the predicate;
 * a value keeps the typed element Arlo used (`String`, ...).
 */
import type { ArloSubResource } from '../arlo/entities';
import { addElements, removeNode, replaceText, type PatchOperation } from '../arlo/patch-diff';
import { selector, xpathLiteral, type SelectorStep } from '../arlo/xpath-selector';

import { customFieldElement } from './custom-field-element';
import { normaliseValue, sameValue } from './normalise';

export function customFieldChanges(
  parent: readonly SelectorStep[],
  customFields: ArloSubResource,
  desired: Readonly<Record<string, string>>,
): { edits: PatchOperation[]; add?: PatchOperation; changed: string[] } {
  const edits: PatchOperation[] = [];
  const missing: ReturnType<typeof customFieldElement>[] = [];
  const changed: string[] = [];
  for (const [name, raw] of Object.entries(desired)) {
    const value = normaliseValue(raw);
    const field = (customFields.nested.Field ?? []).find((f) => f.fields.Name === name);
    const typed = field?.nested.Value?.[0]?.fields ?? {};
    const [valueType, existing] = Object.entries(typed)[0] ?? ['String', undefined];
    if (field === undefined) {
      if (value === '') continue;
      missing.push(customFieldElement(name, value));
    } else if (sameValue(existing, value)) {
      continue;
    } else {
      const fieldSel = `${selector(...parent)}/Field[Name=${xpathLiteral(name)}]`;
      if (existing === undefined || existing === '') {
        edits.push(removeNode(fieldSel));
        if (value !== '') missing.push(customFieldElement(name, value, valueType));
      } else if (value === '') {
        edits.push(removeNode(`${fieldSel}/Value/${valueType}/text()`));
      } else {
        edits.push(replaceText(`${fieldSel}/Value/${valueType}/text()`, value));
      }
    }
    changed.push(name);
  }
  return missing.length > 0
    ? { edits, add: addElements(selector(...parent), missing), changed }
    : { edits, changed };
}
