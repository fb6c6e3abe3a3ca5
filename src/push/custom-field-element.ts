/** One `<Field>` of a CustomFields collection, as resource-writers.ts's customFieldsLink writes it. */
import { textElement, xmlElement, type XmlNode } from '../arlo/xml-writer';

export function customFieldElement(name: string, value: string, valueType = 'String'): XmlNode {
  return xmlElement('Field', {}, [
    textElement('Name', name),
    xmlElement('Value', {}, [textElement(valueType, value)]),
  ]);
}
