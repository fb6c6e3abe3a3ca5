import { temporal } from '@temporalio/proto';

import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/domain/search-attributes';
import { ensureNamespace, registerSearchAttributes } from '../../../src/temporal/namespace-setup';
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
