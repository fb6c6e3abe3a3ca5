/** The platform's event IDs have not gone back below the ledger's (src/domain/event-id-continuity.ts). */
import type { Db } from 'mongodb';

import { newestPlatformEventId, type ArloClient } from '../arlo';
import { describeEventIdRegression, eventIdRegressionFix } from '../domain/event-id-continuity';
import { explainArloFailure } from '../onboarding/explain-arlo-failure';
import type { PlatformConfig } from '../config';
import { checkEventIdContinuity } from '../store/event-id-continuity';
import { fail, ok, skipped, type CheckResult } from './check-result';
import { firstLine } from './temporal-checks';

export async function checkEventIds(
  db: Db,
  arlo: ArloClient,
  platform: PlatformConfig,
): Promise<CheckResult> {
  const name = `Event IDs of ${platform.name}`;
  let regression;
  try {
    regression = await checkEventIdContinuity(db, platform.name, () => newestPlatformEventId(arlo));
  } catch (error) {
    const explained = explainArloFailure(error, platform.baseUrl, platform.credentials.kind);
    return skipped(name, `cannot list the platform's events (${explained?.message ?? firstLine(error)})`);
  }
  if (regression !== undefined) {
    return fail(name, describeEventIdRegression(regression), eventIdRegressionFix(regression));
  }
  return ok(name, 'the platform continues above every event in the ledger');
}
