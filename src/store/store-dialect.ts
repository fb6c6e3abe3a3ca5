/**
 * Which kind of MongoDB-protocol server the store is, where that changes how a write is best made.
 *
 * FerretDB v1 (the embedded store) looks a document up by index only when the filter is `{ _id }` alone;
 * any other filter decodes the whole collection, and its conditional updates are read-then-write anyway,
 * not atomic. On FerretDB a conditional write is therefore done as "read by `_id`, decide here, write by
 * `_id`": no guarantee is lost that FerretDB gave, and the scan is gone (measured in the chaos run: the
 * conditional mirror updates were 78 % of the store's CPU). On MongoDB the condition stays in the filter,
 * where it is atomic and indexed.
 */
import type { Db } from 'mongodb';

const known = new WeakMap<Db, Promise<boolean>>();

/** True when the server is FerretDB (its `buildInfo` carries `ferretdbVersion`); asked once per `Db`. */
export function filtersBeyondIdScan(db: Db): Promise<boolean> {
  let answer = known.get(db);
  if (answer === undefined) {
    answer = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => typeof info.ferretdbVersion === 'string');
    // A failed question is asked again next time (the server may have been restarting).
    answer.catch(() => known.delete(db));
    known.set(db, answer);
  }
  return answer;
}
