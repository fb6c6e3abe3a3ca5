/**
 * Errors a client causes (it timed out, hung up, or sent what is not HTTP) are part of running a public
 * endpoint, not defects: they are logged at warn, as a code and a message, without a stack. Anything
 * else that escapes a request is a defect and keeps its stack at error level.
 */

export interface ClientFault {
  /** Node's error code, e.g. `ERR_HTTP_REQUEST_TIMEOUT`, `ECONNRESET`, `HPE_INVALID_METHOD`. */
  readonly code: string;
  readonly message: string;
}

const CLIENT_FAULT_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_HTTP_REQUEST_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The fault, when `error` is one a client caused; undefined for anything else. */
export function clientFaultOf(error: unknown): ClientFault | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return undefined;
  // HPE_*: the HTTP parser refused the bytes (bad method, header overflow, invalid chunk, ...).
  if (!CLIENT_FAULT_CODES.has(code) && !code.startsWith('HPE_')) return undefined;
  return { code, message: typeof message === 'string' ? message : code };
}
