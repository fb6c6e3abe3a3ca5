/**
 * For a value that an asynchronous step sets a moment after what a test waited for (a batch raises the
 * watermark after writing its ledger rows): reads it until `isSettled` holds or `timeoutMs` passes, and
 * returns the last reading, which the test then asserts on, so a value that never settles still fails.
 */
export async function settledValue<T>(
  read: () => Promise<T>,
  isSettled: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isSettled(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
