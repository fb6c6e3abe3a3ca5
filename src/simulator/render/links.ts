import { element, type XmlElement, type XmlNode } from '../xml/xml-node';
import { RELATED_REL, XML_TYPE } from './hrefs';

/** `<Link rel="self" type="application/xml" href="..."/>`: the attribute order of resource representations. */
export function selfLink(href: string): XmlElement {
  return element('Link', [
    ['rel', 'self'],
    ['type', XML_TYPE],
    ['href', href],
  ]);
}

/** A related-resource Link as resources print them: rel, type, title, href. */
export function relatedLink(title: string, href: string, content?: XmlNode): XmlElement {
  return element(
    'Link',
    [
      ['rel', `${RELATED_REL}${title}`],
      ['type', XML_TYPE],
      ['title', title],
      ['href', href],
    ],
    content ? [content] : [],
  );
}

/** A Link as the PlatformEvents representations print them: href, rel, title, type. */
export function eventStyleLink(
  href: string,
  rel: string,
  title: string | undefined,
  content?: XmlNode,
): XmlElement {
  const attributes: [string, string][] = [
    ['href', href],
    ['rel', rel],
  ];
  if (title !== undefined) attributes.push(['title', title]);
  attributes.push(['type', XML_TYPE]);
  return element('Link', attributes, content ? [content] : []);
}
