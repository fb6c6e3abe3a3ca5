import { badRequest } from '../api-error';
import { compare, type QueryTarget } from './query-target';

const ORDER_ITEM = /^([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+(asc|desc))?$/i;
const MAX_ORDER_ITEMS = 10;

/**
 * `orderby=LastModifiedDateTime ASC,ContactID ASC` → a comparator. Missing values sort first ascending.
 * Ties are always broken by ID ascending, so skip/top paging never shows a record twice or skips one.
 */
export function compileOrderBy<T>(value: string | undefined, target: QueryTarget<T>): (a: T, b: T) => number {
  const keys: { get: (item: T) => unknown; descending: boolean }[] = [];
  if (value !== undefined && value.trim() !== '') {
    const items = value.split(',');
    if (items.length > MAX_ORDER_ITEMS)
      throw badRequest('InvalidOrderBy', `orderby has more than ${MAX_ORDER_ITEMS} items`);
    for (const raw of items) {
      const match = ORDER_ITEM.exec(raw.trim());
      if (!match?.[1]) {
        throw badRequest(
          'InvalidOrderBy',
          `orderby: "${raw.trim()}" is not "Field ASC" or "Field DESC" (comma-separated)`,
        );
      }
      const accessor = target.resolve(match[1].split('/'));
      if (typeof accessor === 'string') throw badRequest('InvalidOrderBy', `orderby: ${accessor}`);
      keys.push({ get: (item) => accessor.get(item), descending: match[2]?.toLowerCase() === 'desc' });
    }
  }
  return (a, b) => {
    for (const key of keys) {
      const x = key.get(a) as Parameters<typeof compare>[0] | undefined;
      const y = key.get(b) as Parameters<typeof compare>[0] | undefined;
      const c = x === undefined ? (y === undefined ? 0 : -1) : y === undefined ? 1 : compare(x, y);
      if (c !== 0) return key.descending ? -c : c;
    }
    return target.compareIds(a, b);
  };
}
