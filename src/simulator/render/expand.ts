import { badRequest } from '../api-error';

/**
 * `expand=PlatformEvent,PlatformEvent/Link` → {PlatformEvent: {Link: {}}}. Each key is a Link title;
 * nested paths expand inside the inlined representation. Titles the representation does not have are
 * ignored, as Link expansion in the Arlo docs describes.
 */
export type ExpandTree = ReadonlyMap<string, ExpandTree>;

export const NO_EXPANSION: ExpandTree = new Map();

type MutableTree = Map<string, MutableTree>;

const TITLE = /^[A-Za-z][A-Za-z0-9]*$/;
const MAX_EXPAND_LENGTH = 1000;
const MAX_EXPAND_DEPTH = 6;

export function parseExpand(value: string | undefined): ExpandTree {
  if (value === undefined || value.trim() === '') return NO_EXPANSION;
  if (value.length > MAX_EXPAND_LENGTH) {
    throw badRequest('InvalidExpand', `expand is longer than ${MAX_EXPAND_LENGTH} characters`);
  }
  const root: MutableTree = new Map();
  for (const rawPath of value.split(',')) {
    const titles = rawPath.trim().split('/');
    if (titles.length > MAX_EXPAND_DEPTH) {
      throw badRequest(
        'InvalidExpand',
        `expand path "${rawPath.trim()}" is nested deeper than ${MAX_EXPAND_DEPTH}`,
      );
    }
    let node: MutableTree = root;
    for (const title of titles) {
      if (!TITLE.test(title)) {
        throw badRequest(
          'InvalidExpand',
          `expand: "${rawPath.trim()}" is not a comma list of Link titles nested with "/" (e.g. PlatformEvent,PlatformEvent/Link)`,
        );
      }
      let child = node.get(title);
      if (!child) {
        child = new Map();
        node.set(title, child);
      }
      node = child;
    }
  }
  return root;
}
