import { setTimeout as delay } from 'node:timers/promises';

import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/domain/search-attributes';
import { ensureNamespace, registerSearchAttributes } from '../../../src/temporal/namespace-setup';
import { ensureCatchUpSchedules, scheduleIds } from '../../../src/temporal/schedules';
import {
  MissingSearchAttributeError,
  whenSearchAttributesMapped,
} from '../../../src/temporal/search-attribute-readiness';
import { testClient, testConfig, uniqueName } from '../../helpers/test-stack';

describe('ensureNamespace', () => {
  it('registers a missing namespace with the retention asked for, and then leaves it alone', async () => {
    const client = await testClient();
    const namespace = uniqueName('arlo-sync-setup');
    try {
      expect(await ensureNamespace(client, namespace, 3)).toBe(true);
      const described = await client.workflowService.describeNamespace({ namespace });
      expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(3 * 24 * 60 * 60);
      expect(await ensureNamespace(client, namespace, 5)).toBe(false);
      const again = await client.workflowService.describeNamespace({ namespace });
      expect(Number(again.config?.workflowExecutionRetentionTtl?.seconds)).toBe(3 * 24 * 60 * 60);
    } finally {
      await client.connection.close();
    }
  });
});

describe('registerSearchAttributes', () => {
  it('finds every arlo-sync search attribute registered as Keyword, and then adds nothing', async () => {
    const client = await testClient();
    const { namespace } = testConfig().temporal;
    try {
      await registerSearchAttributes(client, namespace);
      const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
        namespace,
      });
      for (const key of SEARCH_ATTRIBUTE_KEYS) {
        expect(customAttributes?.[key.name]).toBe(
          temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        );
      }
      expect(await registerSearchAttributes(client, namespace)).toEqual([]);
    } finally {
      await client.connection.close();
    }
  });
});

describe('a worker starting against a namespace without arlo-sync search attributes', () => {
  it('says which attribute is missing and what to run, and starts once they are registered', async () => {
    const client = await testClient();
    const namespace = uniqueName('arlo-sync-no-attributes');
    const inNamespace = new Client({ connection: client.connection, namespace });
    const config = testConfig();
    const createSchedules = () => ensureCatchUpSchedules(inNamespace, config, ['bare.arlo.test']);
    try {
      await ensureNamespace(client, namespace, 1);
      // The frontend learns of a new namespace a moment after it is registered.
      for (let tries = 0; ; tries++) {
        try {
          await inNamespace.workflow.count();
          break;
        } catch (error) {
          if (tries >= 60) throw error;
          await delay(500);
        }
      }

      const missing = await whenSearchAttributesMapped(createSchedules, { namespace, waitMs: 1_500 }).catch(
        (error: unknown) => error,
      );
      expect(missing).toBeInstanceOf(MissingSearchAttributeError);
      expect((missing as Error).message).toMatch(
        new RegExp(
          `^Temporal namespace "${namespace}" has no search attribute Arlo\\w+ .*arlo-sync temporal-setup`,
        ),
      );

      await registerSearchAttributes(client, namespace);
      expect(await whenSearchAttributesMapped(createSchedules, { namespace, waitMs: 30_000 })).toEqual({
        'bare.arlo.test': 'created',
      });
      const described = await inNamespace.schedule
        .getHandle(scheduleIds.catchUp('bare.arlo.test'))
        .describe();
      expect(described.scheduleId).toBe(scheduleIds.catchUp('bare.arlo.test'));
    } finally {
      await inNamespace.schedule
        .getHandle(scheduleIds.catchUp('bare.arlo.test'))
        .delete()
        .catch(() => undefined);
      await client.connection.close();
    }
  }, 60_000);
});
