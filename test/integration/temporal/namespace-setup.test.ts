import { temporal } from '@temporalio/proto';

import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/domain/search-attributes';
import { registerSearchAttributes } from '../../../src/temporal/namespace-setup';
import { testClient, testConfig } from '../../helpers/test-stack';

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
