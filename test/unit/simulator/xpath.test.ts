import { parseSelector, select } from '../../../src/simulator/patch/xpath';
import { readXml } from '../../../src/simulator/xml/xml-reader';
import { textContent } from '../../../src/simulator/xml/xml-node';

const contact = readXml(
  '<Contact><ContactID>562</ContactID><FirstName>Barry</FirstName>' +
    '<Link rel="self" href="s"/>' +
    '<Link rel="r" title="Employment" href="e"><ContactEmployment><Position>Developer</Position></ContactEmployment></Link>' +
    '<Link rel="r" title="CustomFields" href="c"><CustomFields><Field><Name>Tier</Name><Value><String>Gold</String></Value></Field>' +
    '<Field><Name>Code</Name><Value><String>X1</String></Value></Field></CustomFields></Link></Contact>',
);

function describeMatches(selector: string): string[] {
  return select(contact, selector).map((m) => {
    if (m.kind === 'element') return `<${m.node.name}>${textContent(m.node)}`;
    if (m.kind === 'text') return `text:${(m.parent.children[m.index] as { text: string }).text}`;
    return `@${m.name}`;
  });
}

describe('XPath selectors', () => {
  it.each([
    ['Contact', ['<Contact>']],
    ['/Contact/FirstName', ['<FirstName>Barry']],
    ['Contact/FirstName/text()', ['text:Barry']],
    ['Contact/FirstName/text()[1]', ['text:Barry']],
    ["Contact/Link[@title='Employment']/ContactEmployment/Position/text()", ['text:Developer']],
    ['Contact/Link[2]/@title', ['@title']],
    ['Contact/Link[last()]/@title', ['@title']],
    ["Contact/Link[@title='CustomFields']/CustomFields/Field[Name='Code']/Value/String/text()", ['text:X1']],
    ['Contact/*[1]', ['<ContactID>562']],
    ["Contact/FirstName[text()='Barry']", ['<FirstName>Barry']],
    ['Contact/Link', ['<Link>', '<Link>', '<Link>']],
    ['Contact/LastName', []],
    ['Organisation/Name', []],
    ["Contact/Link[@title='Nope']", []],
  ])('%s', (selector, expected) => {
    expect(describeMatches(selector)).toEqual(expected);
  });

  it.each([
    ['', /is empty/],
    ['Contact//FirstName', /only "\/" child steps/],
    ['Contact/FirstName/text()/x', /must be the last step/],
    ['Contact/Link[@title=Employment]', /not supported/],
    ['Contact/Link[0]', /positions start at 1/],
    ['Contact/count(Link)', /function count\(\) is not supported/],
    ["Contact/Link[@title='x'", /not closed/],
    ['Contact/@', /attribute name/],
    ['Contact/-x', /cannot read a step/],
  ])('refuses %j', (selector, expected) => {
    expect(() => parseSelector(selector)).toThrow(expected);
  });
});
