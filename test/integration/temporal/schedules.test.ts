import { loadConfig } from '../../../src/config';
import { ensureCatchUpSchedules, scheduleIds } from '../../../src/temporal/schedules';
import { testClient, uniqueName } from '../../helpers/test-stack';

describe('ensureCatchUpSchedules', () => {
  it('creates one catch-up schedule per platform, then updates it to the current configuration', async () => {
    const client = await testClient();
    const platforms = [`${uniqueName('a')}.arlo.test`, `${uniqueName('b')}.arlo.test`];
    const configWith = (minutes: string) =>
      loadConfig({ ...process.env, ARLO_CATCH_UP_INTERVAL_MINUTES: minutes, ARLO_PAGE_SIZE: '100' });
    try {
      expect(await ensureCatchUpSchedules(client, configWith('15'), platforms)).toEqual({
        [platforms[0]!]: 'created',
        [platforms[1]!]: 'created',
      });
      const handle = client.schedule.getHandle(scheduleIds.catchUp(platforms[0]!));
      // An operator's pause survives a restart; the interval follows the configuration.
      await handle.pause('maintenance');
      expect(await ensureCatchUpSchedules(client, configWith('5'), platforms)).toEqual({
        [platforms[0]!]: 'updated',
        [platforms[1]!]: 'updated',
      });

      const description = await handle.describe();
      expect(description.spec.intervals?.map((i) => i.every)).toEqual([5 * 60_000]);
      expect(description.policies.overlap).toBe('SKIP');
      expect(description.state.paused).toBe(true);
      expect(description.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'catchUpMissedEvents',
        workflowId: `arlo-catch-up:${platforms[0]!}`,
        args: [
          { platform: platforms[0]!, pageSize: 100, arloTaskQueue: configWith('5').temporal.arloTaskQueue },
        ],
      });
    } finally {
      for (const platform of platforms) {
        await client.schedule
          .getHandle(scheduleIds.catchUp(platform))
          .delete()
          .catch(() => undefined);
      }
      await client.connection.close();
    }
  });
});
