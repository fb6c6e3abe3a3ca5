/**
 * The one fast-xml-parser configuration: values stay strings, lists stay lists, entities decode exactly
 * as XML defines them, and anything dangerous or broken is refused with a typed error.
 */
import { XmlParseError, parseXml } from '../../../src/arlo/xml-parser';
import { childElements, childText, firstChild } from '../../../src/arlo/xml-tree';
import { arloFixture } from '../../helpers/arlo-fixtures';

function failure(xml: string, options?: { maxChars?: number }): XmlParseError {
  try {
    parseXml(xml, options);
  } catch (error) {
    if (error instanceof XmlParseError) return error;
    throw error;
  }
  throw new Error('expected an XmlParseError');
}

describe('parseXml on the guide’s PlatformEvents example (verbatim)', () => {
  const root = parseXml(arloFixture('platform-events-query.xml'));

  it('keeps every Link as a list entry, in document order', () => {
    const links = childElements(root, 'Link');
    expect(links.map((link) => link.attributes.title ?? link.attributes.rel)).toEqual([
      'PlatformEvent',
      'PlatformEvent',
      'PlatformEvent',
      'self',
    ]);
  });

  it('keeps IDs and values as the exact strings sent', () => {
    const event = firstChild(childElements(root, 'Link')[0]!, 'PlatformEvent')!;
    expect(childText(event, 'ID')).toBe('108');
    const contact = firstChild(childElements(event, 'Link')[1]!, 'Contact')!;
    expect(childText(contact, 'PhoneWork')).toBe('04 9700 19332');
    expect(childText(contact, 'LastModifiedDateTime')).toBe('2011-10-19T02:55:42.412Z');
  });

  it('reads attributes', () => {
    const self = childElements(root, 'Link')[3]!;
    expect(self.attributes).toEqual({
      href: 'https://demo.arlo.co/api/2012-02-01/auth/resources/platformevents/',
      rel: 'self',
      type: 'application/xml',
    });
  });
});

describe('parseXml values', () => {
  it('never coerces numbers, booleans or leading zeros', () => {
    const root = parseXml(
      '<R a="0012"><Id>00123</Id><Code>1e5</Code><Hex>0x1F</Hex><Flag>true</Flag><Big>9223372036854775807</Big></R>',
    );
    expect(root.children.map((child) => child.text)).toEqual([
      '00123',
      '1e5',
      '0x1F',
      'true',
      '9223372036854775807',
    ]);
    expect(root.attributes.a).toBe('0012');
  });

  it('keeps a single child element as a one-element list', () => {
    const root = parseXml('<Contact><Link rel="self" href="https://x/"/></Contact>');
    expect(childElements(root, 'Link')).toHaveLength(1);
  });

  it('keeps whitespace inside values', () => {
    expect(parseXml('<R><Name>  Senior Developer </Name></R>').children[0]!.text).toBe('  Senior Developer ');
  });

  it('decodes the five predefined entities and numeric references, in text and attributes', () => {
    const root = parseXml(
      '<R t="&quot;&#65;&#x42;&apos;"><V>&amp;&lt;&gt;&quot;&apos; &#38;&#x26; &#233;&#x1F600;</V></R>',
    );
    expect(root.children[0]!.text).toBe('&<>"\' && é😀');
    expect(root.attributes.t).toBe('"AB\'');
  });

  it('reads CDATA as text, without decoding inside it', () => {
    expect(parseXml('<R><V><![CDATA[<b>&amp;</b>]]></V></R>').children[0]!.text).toBe('<b>&amp;</b>');
  });

  it('ignores the XML declaration, comments and processing instructions', () => {
    const root = parseXml('<?xml version="1.0" encoding="utf-8"?><!-- c --><R><?pi x?><V>1</V></R>');
    expect(root.name).toBe('R');
    expect(root.children.map((child) => child.name)).toEqual(['V']);
  });

  it('keeps element names that are Object.prototype method names exactly', () => {
    const root = parseXml('<R><toString>1</toString><hasOwnProperty>2</hasOwnProperty><valueOf a="3"/></R>');
    expect(root.children.map((child) => child.name)).toEqual(['toString', 'hasOwnProperty', 'valueOf']);
    expect(root.children[2]!.attributes.a).toBe('3');
  });
});

describe('parseXml refuses', () => {
  it.each([
    ['an HTML entity', '<R>&nbsp;</R>'],
    ['an undeclared entity', '<R>&foo;</R>'],
    ['a bare ampersand', '<R>AT&T</R>'],
    ['a bare ampersand in an attribute', '<R a="AT&T"/>'],
    ['a reference to NUL', '<R>&#0;</R>'],
    ['a reference to a surrogate', '<R>&#xD800;</R>'],
    ['mismatched tags', '<R><A></R>'],
    ['two root elements', '<A/><B/>'],
    ['text outside the root', '<R/>trailing'],
    ['an empty document', ''],
    ['plain text', 'not xml'],
    ['a repeated attribute', '<R a="1" a="2"/>'],
    ['an element named __proto__', '<R><__proto__><polluted>yes</polluted></__proto__></R>'],
    ['an element named constructor', '<R><constructor><polluted>yes</polluted></constructor></R>'],
    ['an attribute named __proto__', '<R __proto__="x"/>'],
  ])('%s as not well-formed', (_what, xml) => {
    expect(failure(xml).reason).toBe('not-well-formed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a DOCTYPE with entity declarations (billion laughs) before expanding anything', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    const error = failure(lol);
    expect(error.reason).toBe('doctype');
    expect(error.message).toMatch(/DOCTYPE or ENTITY/);
  });

  it('an external entity (XXE)', () => {
    expect(failure('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>').reason).toBe(
      'doctype',
    );
  });

  it('a bare DOCTYPE, whatever its case', () => {
    expect(failure('<!doctype r><r/>').reason).toBe('doctype');
  });

  it('a document longer than the limit', () => {
    const error = failure('<R>0123456789</R>', { maxChars: 10 });
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/17 characters exceeds the limit of 10/);
  });

  it('nesting deeper than the limit', () => {
    const deep = `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`;
    expect(failure(deep).reason).toBe('not-well-formed');
  });
});
