/**
 * RFC 5261 diff documents: the guide's three PATCH examples are reproduced exactly (modulo whitespace),
 * and hostile values stay text in a well-formed document.
 */
import { addElements, buildPatchDiff, removeNode, replaceText } from '../../../src/arlo/patch-diff';
import { employmentLink } from '../../../src/arlo/resource-writers';
import { parseXml } from '../../../src/arlo/xml-parser';
import { textElement, XmlWriteError } from '../../../src/arlo/xml-writer';
import { selector, textSelector, xpathLiteral } from '../../../src/arlo/xpath-selector';
import { arloFixture, withoutInsignificantWhitespace } from '../../helpers/arlo-fixtures';
import { evaluateXpathString } from '../../helpers/xpath-literal';

const EMPLOYMENT_LINK = { name: 'Link', where: { title: 'Employment' } } as const;

function expectSameDocument(built: string, fixture: string): void {
  expect(withoutInsignificantWhitespace(built)).toBe(withoutInsignificantWhitespace(arloFixture(fixture)));
}

describe('the guide’s PATCH examples (keeping-an-external-system-in-sync.txt)', () => {
  it('Example 1: replace the Employment position', () => {
    const diff = buildPatchDiff([
      replaceText(
        textSelector('Contact', EMPLOYMENT_LINK, 'ContactEmployment', 'Position'),
        'Senior Developer',
      ),
    ]);
    expectSameDocument(diff, 'patch-example-1-employment-position.xml');
  });

  it('Example 2: replace the organisation name and add a legal name', () => {
    const diff = buildPatchDiff([
      replaceText(textSelector('Organisation', 'Name'), 'Acme Corporation Ltd'),
      addElements(selector('Organisation'), [textElement('LegalName', 'Acme Corporation Limited')]),
    ]);
    expectSameDocument(diff, 'patch-example-2-organisation-name.xml');
  });

  it('Example 3: remove the Employment link and add it back pointing at the new organisation', () => {
    const diff = buildPatchDiff([
      removeNode(selector('Contact', EMPLOYMENT_LINK)),
      addElements(selector('Contact'), [
        employmentLink({
          position: 'Senior Developer',
          organisationHref: 'https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/1502/',
        }),
      ]),
    ]);
    expectSameDocument(diff, 'patch-example-3-employment-relink.xml');
  });
});

describe('hostile values', () => {
  const hostile = [
    'Smith & Sons <Ltd>',
    'O\'Brien "the builder"',
    '</Name><Injected>yes</Injected><Name>',
    ']]><!-- -->&amp;',
    'tab\tnew\nline\rcarriage',
  ];

  it.each(hostile)('stay text in replace and add: %p', (value) => {
    const diff = buildPatchDiff([
      replaceText(textSelector('Contact', 'FirstName'), value),
      addElements(selector('Contact'), [textElement('LastName', value)]),
    ]);
    const root = parseXml(diff);
    expect(root.children.map((child) => child.name)).toEqual(['replace', 'add']);
    expect(root.children[0]!.text).toBe(value);
    expect(root.children[1]!.children.map((child) => [child.name, child.text])).toEqual([
      ['LastName', value],
    ]);
  });

  it.each([...hostile, "it's", 'say "hi"', `both ' and "`, "'", `"'`, "''"])(
    'stay one literal inside a selector predicate: %p',
    (value) => {
      const sel = selector('Contact', { name: 'Link', where: { title: value } });
      const diff = buildPatchDiff([removeNode(sel)]);
      const parsedSel = parseXml(diff).children[0]!.attributes.sel!;
      expect(parsedSel).toBe(sel);
      const literal = /^Contact\/Link\[@title=(.*)\]$/s.exec(parsedSel)?.[1];
      expect(evaluateXpathString(literal!)).toBe(value);
    },
  );

  it('refuses characters XML cannot carry, naming where they were', () => {
    expect(() => buildPatchDiff([replaceText(textSelector('Contact', 'FirstName'), 'bell\u0007')])).toThrow(
      XmlWriteError,
    );
    expect(() => buildPatchDiff([replaceText(textSelector('Contact', 'FirstName'), 'bell\u0007')])).toThrow(
      /text of <replace> contains U\+0007/,
    );
  });
});

describe('xpathLiteral', () => {
  it.each([
    ['Employment', "'Employment'"],
    ["it's", `"it's"`],
    ['say "hi"', `'say "hi"'`],
    [`a'b"c`, `concat('a', "'", 'b"c')`],
    [`'"`, `concat("'", '"')`],
  ])('%p → %s', (value, literal) => {
    expect(xpathLiteral(value)).toBe(literal);
    expect(evaluateXpathString(literal)).toBe(value);
  });
});

describe('selector building', () => {
  it('writes positions and several predicates', () => {
    expect(
      selector('Contact', { name: 'Link', where: { title: 'CustomFields', rel: 'r' }, position: 2 }),
    ).toBe("Contact/Link[@title='CustomFields'][@rel='r'][2]");
  });

  it.each([
    ['an element name with a slash', () => selector('Contact/FirstName')],
    ['an element name with a predicate', () => selector("Link[@title='x']")],
    ['an attribute name with a bracket', () => selector({ name: 'Link', where: { 'title]': 'x' } })],
    ['position 0', () => selector({ name: 'Link', position: 0 })],
    ['no steps', () => selector()],
  ])('refuses %s', (_what, build) => {
    expect(build).toThrow();
  });
});

describe('buildPatchDiff', () => {
  it('refuses an empty diff: no change means no PATCH', () => {
    expect(() => buildPatchDiff([])).toThrow('send no PATCH instead');
  });

  it('writes pos on add, and can indent for display without changing the content', () => {
    const operations = [addElements(selector('Contact', 'Email'), [textElement('PhoneWork', '1')], 'after')];
    const compact = buildPatchDiff(operations);
    expect(compact).toBe('<diff><add sel="Contact/Email" pos="after"><PhoneWork>1</PhoneWork></add></diff>');
    const pretty = buildPatchDiff(operations, { indent: '  ' });
    expect(pretty).toContain('\n  <add');
    expect(withoutInsignificantWhitespace(pretty)).toBe(compact);
  });
});
