/**
 * Evaluates the XPath 1.0 string expressions xpath-selector.ts produces ('...', "...", concat(...)),
 * independently of the code under test, so tests can prove a literal means exactly its value.
 */
const LITERAL = /'[^']*'|"[^"]*"/g;

export function evaluateXpathString(expression: string): string {
  const concat = /^concat\((.*)\)$/s.exec(expression);
  const body = concat ? concat[1]! : expression;
  const literals = body.match(LITERAL) ?? [];
  const rest = body.replace(LITERAL, '').replace(concat ? /[\s,]/g : /\s/g, '');
  if (rest !== '' || literals.length === 0 || (!concat && literals.length !== 1)) {
    throw new Error(`not an XPath string expression: ${expression}`);
  }
  return literals.map((literal) => literal.slice(1, -1)).join('');
}
