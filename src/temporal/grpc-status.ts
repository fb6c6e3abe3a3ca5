/**
 * The gRPC status codes arlo-sync answers in Temporal's errors
 * (https://grpc.github.io/grpc/core/md_doc_statuscodes.html), and the gRPC error carrying one: the raw
 * service call's error itself, or the cause a client wrapper (e.g. the schedule client's ServiceError)
 * put it under.
 */
import { isGrpcServiceError } from '@temporalio/client';

export const GRPC_STATUS = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6 } as const;

/** The gRPC error with status `code` that `error` is or wraps; undefined when it is anything else. */
export function grpcErrorWithCode(error: unknown, code: number): { readonly details: string } | undefined {
  for (let cause = error, depth = 0; cause !== undefined && depth < 5; depth++) {
    if (isGrpcServiceError(cause)) {
      const actual: number = cause.code;
      return actual === code ? cause : undefined;
    }
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return undefined;
}
