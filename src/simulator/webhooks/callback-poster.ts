/**
 * One webhook callback over real HTTP(S): POST the exact body bytes that were signed, wait at most the
 * timeout for the status line and drain the answer (its body is ignored, as webhooks.txt says). Uses a
 * dedicated keep-alive agent so closing the simulator closes every callback socket too.
 */
import http from 'node:http';
import https from 'node:https';

export interface CallbackResult {
  readonly status: number;
}

export class CallbackTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'CallbackTimeoutError';
  }
}

export class CallbackPoster {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });
  private readonly inFlight = new Set<http.ClientRequest>();

  post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<CallbackResult> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const isHttps = target.protocol === 'https:';
      const request = (isHttps ? https : http).request(target, {
        method: 'POST',
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      });
      this.inFlight.add(request);
      const timer = setTimeout(() => request.destroy(new CallbackTimeoutError(timeoutMs)), timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.inFlight.delete(request);
      };
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => {
          finish();
          resolve({ status: response.statusCode ?? 0 });
        });
        response.on('error', (error) => {
          finish();
          reject(error);
        });
      });
      request.on('error', (error) => {
        finish();
        reject(error);
      });
      request.end(body);
    });
  }

  close(): void {
    for (const request of this.inFlight) request.destroy(new Error('simulator closed'));
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
