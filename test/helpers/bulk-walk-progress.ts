/** Waits, by the walk's progress query, until a running bulk walk has read `pages` pages. */
import type { Client } from '@temporalio/client';

import type { BulkWalkProgress } from '../../src/domain/bulk-walk';
import type { BulkResourceType } from '../../src/domain/resource-types';
import { bulkWalkProgress } from '../../src/temporal/bulk-walks';

export async function waitForBulkPages(
  client: Client,
  target: { readonly platform: string; readonly resourceType: BulkResourceType },
  pages: number,
): Promise<BulkWalkProgress> {
  for (;;) {
    const found = await bulkWalkProgress(client, target);
    if (found !== undefined && found.progress.pages >= pages) return found.progress;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
