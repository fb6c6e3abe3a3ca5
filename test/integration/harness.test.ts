/**
 * Proves the test harness: the servers global setup started are real and reachable. A workflow
 * round-trips through the real Temporal server (history and all), and a document round-trips through
 * the real MongoDB-protocol server via the official driver.
 */
import { testClient, testConfig, testMongo, testWorker, uniqueName } from '../helpers/test-stack';
import { createEchoActivities } from '../fixtures/echo-activities';

describe('test harness', () => {
  it('runs a workflow through the real Temporal server', async () => {
    const client = await testClient();
    try {
      const { serverVersion } = await client.workflowService.getSystemInfo({});
      expect(serverVersion).toMatch(/^\d+\.\d+/);

      const taskQueue = uniqueName('harness');
      const worker = await testWorker({
        taskQueue,
        workflowsPath: require.resolve('../fixtures/workflows/echo'),
        activities: createEchoActivities(),
      });
      const workflowId = uniqueName('echo');
      const result = await worker.runUntil(
        client.workflow.execute('echoWorkflow', { taskQueue, workflowId, args: ['hello temporal'] }),
      );
      expect(result).toBe('HELLO TEMPORAL (via workflow)');

      // The server kept the history: the activity really ran through it.
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const types = history.events?.map((event) => event.eventType) ?? [];
      expect(types.length).toBeGreaterThan(5);
      process.stderr.write(
        `[harness] Temporal ${serverVersion} at ${testConfig().temporal.address}: workflow ${workflowId} ` +
          `completed with ${types.length} history events\n`,
      );
    } finally {
      await client.connection.close();
    }
  });

  it('round-trips a document through the real MongoDB-protocol server', async () => {
    const mongo = await testMongo();
    try {
      const build = await mongo.db.admin().command({ buildInfo: 1 });
      expect(typeof build.version).toBe('string');

      const id = uniqueName('doc');
      const collection = mongo.db.collection<{ _id: string; eventId: string; nested: { list: string[] } }>(
        'harness',
      );
      await collection.insertOne({ _id: id, eventId: '9223372036854775807', nested: { list: ['a', 'b'] } });
      const found = await collection.findOne({ _id: id });
      expect(found).toEqual({ _id: id, eventId: '9223372036854775807', nested: { list: ['a', 'b'] } });
      process.stderr.write(
        `[harness] MongoDB protocol server ${build.version}${build.ferretdbVersion ? ` (FerretDB ${build.ferretdbVersion})` : ''} ` +
          `at ${testConfig().mongo.uri}: document round-tripped\n`,
      );
      await mongo.db.dropDatabase();
    } finally {
      await mongo.close();
    }
  });
});
