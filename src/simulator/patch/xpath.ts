/**
 * The XPath subset RFC 5261 diff selectors use against Arlo resources, evaluated relative to the
 * document (the first step names the root element; a leading "/" is allowed):
 *
 *   Contact/FirstName/text()[1]
 *   Contact/Link[@title='Employment']/ContactEmployment/Position/text()
 *   CustomFields/Field[Name='TaxCode']/Value/String/text()
 *   Contact/Link[2]   Contact/*   Contact/Link/@href
 *
 * Steps: a name or `*`, `text()`, `@name`; predicates: a 1-based position, `last()`, `@attr='v'`,
 * `child='v'`, `text()='v'`. Anything else is refused with a reason (400), never guessed at.
 */
import { badRequest } from '../api-error';
import { element, textContent, type XmlElement } from '../xml/xml-node';

type Predicate =
  | { readonly kind: 'position'; readonly index: number }
  | { readonly kind: 'last' }
  | { readonly kind: 'attribute'; readonly name: string; readonly value: string }
  | { readonly kind: 'child'; readonly name: string; readonly value: string }
  | { readonly kind: 'text'; readonly value: string };

type Step =
  | { readonly kind: 'element'; readonly name: string; readonly predicates: readonly Predicate[] }
  | { readonly kind: 'text'; readonly predicates: readonly Predicate[] }
  | { readonly kind: 'attribute'; readonly name: string };

export type Selected =
  | { readonly kind: 'element'; readonly node: XmlElement; readonly parent: XmlElement }
  | { readonly kind: 'text'; readonly parent: XmlElement; readonly index: number }
  | { readonly kind: 'attribute'; readonly owner: XmlElement; readonly name: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const MAX_SELECTOR_LENGTH = 1000;

function selectorError(selector: string, reason: string): Error {
  return badRequest('InvalidSelector', `selector "${selector}": ${reason}`);
}

export function parseSelector(selector: string): Step[] {
  if (selector.length > MAX_SELECTOR_LENGTH) throw selectorError(selector.slice(0, 40), 'too long');
  let rest = selector.trim().replace(/^\//, '');
  if (rest === '') throw selectorError(selector, 'is empty');
  const steps: Step[] = [];
  for (;;) {
    if (rest.startsWith('@')) {
      const name = NAME.exec(rest.slice(1))?.[0];
      if (!name) throw selectorError(selector, 'expected an attribute name after "@"');
      steps.push({ kind: 'attribute', name });
      rest = rest.slice(1 + name.length);
    } else {
      let kind: 'element' | 'text';
      let name = '*';
      if (rest.startsWith('text()')) {
        kind = 'text';
        rest = rest.slice(6);
      } else if (rest.startsWith('*')) {
        kind = 'element';
        rest = rest.slice(1);
      } else {
        const match = NAME.exec(rest)?.[0];
        if (!match) throw selectorError(selector, `cannot read a step at "${rest.slice(0, 20)}"`);
        if (rest.startsWith(`${match}(`))
          throw selectorError(selector, `function ${match}() is not supported`);
        kind = 'element';
        name = match;
        rest = rest.slice(match.length);
      }
      const predicates: Predicate[] = [];
      while (rest.startsWith('[')) {
        const close = findClosingBracket(rest);
        if (close < 0) throw selectorError(selector, 'a "[" predicate is not closed');
        predicates.push(parsePredicate(rest.slice(1, close).trim(), selector));
        rest = rest.slice(close + 1);
      }
      steps.push(kind === 'text' ? { kind, predicates } : { kind, name, predicates });
    }
    if (rest === '') break;
    if (!rest.startsWith('/') || rest.startsWith('//')) {
      throw selectorError(selector, `unexpected "${rest.slice(0, 20)}" (only "/" child steps are supported)`);
    }
    if (steps.at(-1)?.kind !== 'element')
      throw selectorError(selector, 'text() and @attribute must be the last step');
    rest = rest.slice(1);
  }
  return steps;
}

function findClosingBracket(s: string): number {
  let quote: string | undefined;
  for (let i = 1; i < s.length; i++) {
    const c = s.charAt(i);
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

function parsePredicate(body: string, selector: string): Predicate {
  if (/^\d+$/.test(body)) {
    const index = Number(body);
    if (index < 1) throw selectorError(selector, 'positions start at 1');
    return { kind: 'position', index };
  }
  if (body === 'last()') return { kind: 'last' };
  const match = /^(@?)([A-Za-z_][A-Za-z0-9_.-]*(?:\(\))?)\s*=\s*(?:'([^']*)'|"([^"]*)")$/.exec(body);
  if (match?.[2] !== undefined) {
    const value = match[3] ?? match[4] ?? '';
    if (match[1] === '@') return { kind: 'attribute', name: match[2], value };
    if (match[2] === 'text()') return { kind: 'text', value };
    if (!match[2].endsWith('()')) return { kind: 'child', name: match[2], value };
  }
  throw selectorError(
    selector,
    `predicate [${body}] is not supported (use [n], [last()], [@attr='v'], [Child='v'])`,
  );
}

/** Every node the selector matches in the document whose root element is `root`. */
export function select(root: XmlElement, selector: string): Selected[] {
  const steps = parseSelector(selector);
  const documentNode = element('#document', [], [root]);
  let context: XmlElement[] = [documentNode];
  const last = steps.length - 1;
  for (const [i, step] of steps.entries()) {
    if (step.kind === 'attribute') {
      return context
        .filter((el) => el !== documentNode && el.attributes.some(([n]) => n === step.name))
        .map((owner) => ({
          kind: 'attribute',
          owner,
          name: step.name,
        }));
    }
    if (step.kind === 'text') {
      const selected: Selected[] = [];
      for (const parent of context) {
        const indexes = parent.children.flatMap((c, index) => (c.kind === 'text' ? [index] : []));
        for (const index of applyPredicates(
          indexes,
          step.predicates,
          (ix) => textOfChild(parent, ix),
          () => undefined,
        )) {
          selected.push({ kind: 'text', parent, index });
        }
      }
      return selected;
    }
    const next: { node: XmlElement; parent: XmlElement }[] = [];
    for (const parent of context) {
      const matching = parent.children.filter(
        (c): c is XmlElement => c.kind === 'element' && (step.name === '*' || c.name === step.name),
      );
      for (const node of applyPredicates(matching, step.predicates, textContent, (el) => el))
        next.push({ node, parent });
    }
    if (i === last) return next.map(({ node, parent }) => ({ kind: 'element', node, parent }));
    context = next.map(({ node }) => node);
  }
  return [];
}

function textOfChild(parent: XmlElement, index: number): string {
  const child = parent.children[index];
  return child?.kind === 'text' ? child.text : '';
}

function applyPredicates<T>(
  items: T[],
  predicates: readonly Predicate[],
  text: (item: T) => string,
  asElement: (item: T) => XmlElement | undefined,
): T[] {
  let current = items;
  for (const predicate of predicates) {
    switch (predicate.kind) {
      case 'position': {
        const item = current[predicate.index - 1];
        current = item === undefined ? [] : [item];
        break;
      }
      case 'last': {
        const item = current.at(-1);
        current = item === undefined ? [] : [item];
        break;
      }
      case 'text':
        current = current.filter((item) => text(item) === predicate.value);
        break;
      case 'attribute':
        current = current.filter((item) =>
          asElement(item)?.attributes.some(([n, v]) => n === predicate.name && v === predicate.value),
        );
        break;
      case 'child':
        current = current.filter((item) =>
          asElement(item)?.children.some(
            (c) => c.kind === 'element' && c.name === predicate.name && textContent(c) === predicate.value,
          ),
        );
        break;
    }
  }
  return current;
}
