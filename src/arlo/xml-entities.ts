/**
 * Entity decoding for the XML parser: exactly what XML 1.0 defines without a DTD, nothing more.
 * The five predefined entities and numeric character references decode; any other reference (an HTML
 * name such as `&nbsp;`, a DTD-declared entity, a bare `&`) is a well-formedness error. Documents with a
 * DOCTYPE never reach this point (xml-parser.ts rejects them first), so there is no entity expansion.
 *
 * fast-xml-parser's built-in decoder either decodes HTML names too (`htmlEntities: true`) or leaves
 * numeric references undecoded (`htmlEntities: false`); its `entityDecoder` option takes an object with
 * this shape instead, which is why this small module exists.
 */

const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** Every `&` matches; the groups say whether it starts a complete, known reference. */
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6});|#([0-9]{1,7});|([A-Za-z_][A-Za-z0-9._-]*);)?/g;

export class XmlEntityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlEntityError';
  }
}

/** XML 1.0 `Char`: what a numeric reference may produce (no NUL, no C0 controls but tab/LF/CR, no surrogates). */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

export function decodeXmlReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex?: string, decimal?: string, name?: string) => {
    if (hex !== undefined || decimal !== undefined) {
      const codePoint = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal ?? '', 10);
      if (!isXmlChar(codePoint)) throw new XmlEntityError(`${whole} is not a character XML allows`);
      return String.fromCodePoint(codePoint);
    }
    if (name !== undefined) {
      const value = PREDEFINED[name];
      if (value === undefined) {
        throw new XmlEntityError(
          `unknown entity ${whole}: XML without a DTD defines only amp, lt, gt, quot, apos`,
        );
      }
      return value;
    }
    throw new XmlEntityError('a bare "&" that does not start an entity or character reference');
  });
}

/** The object shape fast-xml-parser's `entityDecoder` option calls. Stateless, so one instance serves all. */
export const strictXmlEntityDecoder = {
  decode: decodeXmlReferences,
  reset(): void {},
  setXmlVersion(_version: number): void {},
  setExternalEntities(_entities: Record<string, string>): void {
    throw new XmlEntityError('external entities are not accepted');
  },
  addInputEntities(entities: Record<string, string>): void {
    // Only reachable through a DOCTYPE, which the parser rejects before parsing; a second line of defence.
    if (Object.keys(entities).length > 0) throw new XmlEntityError('entity declarations are not accepted');
  },
};
