/**
 * Before the production lane's test: compile dist/ (its workers, receivers and `temporal-setup` run the
 * compiled entry points) and provision the lane's tools (cached after the first build), timed apart so
 * the run's own time says what the lane costs.
 */
import { loadConfig } from '../../src/config';
import { provisionProductionLane } from '../../src/devstack/production-lane/production-lane';
import { buildDist } from '../helpers/build-dist';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[production lane] ${line}\n`);
  const started = Date.now();
  await Promise.all([buildDist(), provisionProductionLane(loadConfig().toolsDir, log)]);
  log(`dist/ built and tools provisioned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
