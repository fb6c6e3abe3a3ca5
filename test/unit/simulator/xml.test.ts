import { childElement, element, leaf, textContent } from '../../../src/simulator/xml/xml-node';
import { readXml, XmlInputError } from '../../../src/simulator/xml/xml-reader';
import { writeXml } from '../../../src/simulator/xml/xml-writer';

describe('writeXml', () => {
  it('escapes text and attribute values and self-closes empty elements', () => {
    const xml = element(
      'Link',
      [['title', 'A "quoted" <b> & c']],
      [leaf('Name', 'Fish & <Chips>'), element('Empty')],
    );
    expect(writeXml(xml)).toBe(
      '<Link title="A &quot;quoted&quot; &lt;b&gt; &amp; c"><Name>Fish &amp; &lt;Chips&gt;</Name><Empty/></Link>',
    );
  });

  it('keeps attributes in the order given', () => {
    const link = element('Link', [
      ['href', 'h'],
      ['rel', 'r'],
      ['title', 't'],
      ['type', 'application/xml'],
    ]);
    expect(writeXml(link)).toBe('<Link href="h" rel="r" title="t" type="application/xml"/>');
  });
});

describe('readXml', () => {
  it('keeps every value a string, including numeric-looking IDs and codes', () => {
    const root = readXml('<Contact><ContactID>0012</ContactID><Code>1e5</Code><Flag>true</Flag></Contact>');
    expect(root.children.map((c) => (c.kind === 'element' ? textContent(c) : ''))).toEqual([
      '0012',
      '1e5',
      'true',
    ]);
  });

  it('decodes entity and character references and keeps attribute order', () => {
    const root = readXml('<a z="1" y="&amp;&#65;"><b>A &amp; B &lt;c&gt; &#233;</b></a>');
    expect(root.attributes).toEqual([
      ['z', '1'],
      ['y', '&A'],
    ]);
    expect(textContent(childElement(root, 'b')!)).toBe('A & B <c> é');
  });

  it('round-trips what the writer produced', () => {
    const original = element(
      'Diff',
      [['sel', "Contact/Link[@title='Employment']"]],
      [leaf('Value', '<&>"\'')],
    );
    expect(readXml(writeXml(original))).toEqual(original);
  });

  it.each([
    ['mismatched tags', '<a><b></a>'],
    ['an unclosed element', '<a>'],
    ['plain text', 'hello'],
    ['an empty document', ''],
    ['two root elements', '<a/><b/>'],
    ['an unterminated attribute', '<a x="1></a>'],
  ])('refuses %s with a reason', (_what, source) => {
    expect(() => readXml(source)).toThrow(XmlInputError);
  });

  it('refuses DOCTYPE and entity declarations before parsing (no entity expansion)', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;">]><a>&y;</a>';
    expect(() => readXml(bomb)).toThrow(/document type declarations/);
  });

  it('refuses absurdly deep nesting instead of recursing without bound', () => {
    const deep = `${'<a>'.repeat(200)}${'</a>'.repeat(200)}`;
    expect(() => readXml(deep)).toThrow(XmlInputError);
  });
});
