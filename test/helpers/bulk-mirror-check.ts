/**
 * Compares the mirror of one platform with the simulator's truth for the bulk walk's tests: every live
 * record present once, at the same LastModifiedDateTime and with the same fields; nothing extra.
 */
import { isDeepStrictEqual } from 'node:util';

import type { Db } from 'mongodb';

import type { BulkResourceType } from '../../src/domain/resource-types';
import type { SimulatorControlClient } from '../../src/simulator';
import { collections, type MirroredEntityDocument } from '../../src/store/collections';
import { recordOfMirrored } from '../../src/store/mirror-record';

export interface MirrorComparison {
  readonly truth: number;
  readonly mirrored: number;
  readonly differences: readonly string[];
}

export async function compareMirrorWithTruth(
  control: SimulatorControlClient,
  db: Db,
  platform: string,
  resourceType: BulkResourceType,
): Promise<MirrorComparison> {
  const truth = (await control.truth(resourceType)).filter((r) => !r.deleted && r.mergedInto === undefined);
  const mirrored = (
    await collections(db)
      .entities.find({ platform, resourceType })
      .project<MirroredEntityDocument>({ resourceId: 1, lastModifiedDateTime: 1, recordJson: 1, fields: 1 })
      .toArray()
  ).map((doc) => ({ ...doc, fields: recordOfMirrored(doc).fields }));
  const byId = new Map(mirrored.map((doc) => [doc.resourceId, doc]));
  const differences: string[] = [];
  for (const record of truth) {
    const doc = byId.get(record.id);
    const label = `${resourceType} ${record.id}`;
    if (!doc) differences.push(`${label}: missing`);
    else if (doc.lastModifiedDateTime !== record.lastModifiedDateTime)
      differences.push(`${label}: ${doc.lastModifiedDateTime} ≠ ${record.lastModifiedDateTime}`);
    else if (!isDeepStrictEqual(doc.fields, record.fields)) differences.push(`${label}: fields differ`);
    byId.delete(record.id);
  }
  for (const id of byId.keys()) differences.push(`${resourceType} ${id}: in the mirror, not in Arlo`);
  return { truth: truth.length, mirrored: mirrored.length, differences };
}
