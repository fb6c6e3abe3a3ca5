import { createServer } from 'node:net';

/**
 * A TCP port that is free on 127.0.0.1 right now, chosen by the kernel. A small race remains between
 * closing the probe and the caller binding it; callers that start servers retry on EADDRINUSE.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/** Resolves true when something accepts TCP connections on host:port. */
export async function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/**
 * A free port on 127.0.0.1 in [min, max], for servers that cannot take any port: the kernel's choice
 * lies in the ephemeral range (32768 and up on Linux), which some servers cannot store. Random picks,
 * each checked by binding it; the same small race as findFreePort remains.
 */
export async function findFreePortInRange(min: number, max: number, host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (!(await isPortInUse(port, host))) return port;
  }
  throw new Error(`no free port between ${min} and ${max} on ${host} after 100 tries`);
}
