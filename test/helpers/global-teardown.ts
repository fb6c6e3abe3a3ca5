export default async function globalTeardown(): Promise<void> {
  await globalThis.__ARLO_SYNC_TEST_STACK__?.stop();
  globalThis.__ARLO_SYNC_TEST_STACK__ = undefined;
}
