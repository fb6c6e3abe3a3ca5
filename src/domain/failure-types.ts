/**
 * Every Temporal failure type arlo-sync raises or reacts to, named once. A failure's type is what an
 * operator filters on in the Web UI and what a workflow compares to decide what to do next, so a typo
 * on either side would silently break a branch or a saved search. Sandbox-safe: workflows, activities
 * and the README's operator guide (checked by test/unit/domain/failure-types.test.ts) use these names.
 */

/** Failures arlo-sync's own code raises; none is retried, because no retry can change the outcome. */
export const FAILURE_TYPES = {
  /** A per-event workflow was started with an event ID that is not a canonical 64-bit decimal. */
  invalidEventInput: 'InvalidEventInput',
  /** The batcher never answered a per-event workflow within an hour of asking. */
  eventFetchTimedOut: 'EventFetchTimedOut',
  /** The batcher's PlatformEvents query ran out of its time bound. */
  arloFetchTimedOut: 'ArloFetchTimedOut',
  /** The batcher's PlatformEvents query failed with something that carried no type of its own. */
  arloFetchFailed: 'ArloFetchFailed',
  /** The fetch activity answered, but without an outcome for one of the events asked for. */
  missingFetchOutcome: 'MissingFetchOutcome',
  /** A fetch activity was asked for no event IDs, too many, or a malformed one. */
  invalidFetchRequest: 'InvalidFetchRequest',
  /** A fetched record has no valid LastModifiedDateTime, so it cannot be ordered against others. */
  malformedEntity: 'MalformedEntity',
  /** A fetched merge request does not name its merged-away and surviving records. */
  malformedMergeRequest: 'MalformedMergeRequest',
  /** The catch-up read a PlatformEvent it cannot parse. */
  malformedPlatformEvent: 'MalformedPlatformEvent',
  /** The catch-up's "ID gt …" filter was not applied by the server, so the walk cannot advance. */
  catchUpNotAdvancing: 'CatchUpNotAdvancing',
  /** A bulk walk was started with a resource type or `since` its cursor cannot start from. */
  invalidBulkWalkInput: 'InvalidBulkWalkInput',
  /** A bulk page's cursor could not be turned into a request. */
  invalidBulkPageRequest: 'InvalidBulkPageRequest',
  /** A bulk page was asked of a cursor that has no page left. */
  bulkWalkDone: 'BulkWalkDone',
  /** A bulk page broke the query's contract (unordered, outside the filter, items not expanded). */
  bulkCursorError: 'BulkCursorError',
  /** More than one Arlo record holds the CodePrimary a push looks its record up by. */
  ambiguousCrossReference: 'AmbiguousCrossReference',
  /** A value holds a character XML 1.0 cannot carry: no request was sent, and none ever could be. */
  unwritableXml: 'XmlWriteError',
  /** Arlo rejected a freshly planned PATCH every time the push re-read the record. */
  patchKeptRejected: 'PatchKeptRejected',
  /** A push followed more 308s (merged into a record that was merged again) than it allows in a row. */
  mergeChainTooLong: 'MergeChainTooLong',
  /** An activity was given a platform name the worker's configuration does not have. */
  unknownArloPlatform: 'UnknownArloPlatform',
} as const;

/**
 * Failures of one Arlo request: the class name of the Arlo client's error (src/arlo/errors.ts), which the
 * activities' one error helper uses as the failure type. Non-retryable unless noted.
 */
export const ARLO_FAILURE_TYPES = {
  /** 429; retried after Arlo's Retry-After. */
  rateLimited: 'ArloRateLimitedError',
  /** 401: the credentials were refused (after one token refresh, for OAuth 2). */
  unauthorised: 'ArloUnauthorisedError',
  /** 403: authenticated, but this user may not do this. */
  forbidden: 'ArloForbiddenError',
  /** 404: no such resource (unknown ID, or deleted). */
  notFound: 'ArloNotFoundError',
  /** 400 on anything but PATCH: the request itself is wrong; Arlo's Code and Message say how. */
  badRequest: 'ArloBadRequestError',
  /** A write that does not apply to the record's current state (400 on PATCH, 409, 412). */
  conflict: 'ArloConflictError',
  /** 5xx; retried with backoff, except 501 and 505. */
  serverError: 'ArloServerError',
  /** No complete answer in time, or a 408; retried with backoff. */
  timeout: 'ArloTimeoutError',
  /** The connection failed or broke; retried with backoff. */
  network: 'ArloNetworkError',
  /** The answer grew past the client's size limit. */
  responseTooLarge: 'ArloResponseTooLargeError',
  /** The answer is not well-formed, declares a DOCTYPE, or lacks what the API documents. */
  malformedResponse: 'ArloMalformedResponseError',
  /** 308: the record was merged into another; the survivor's URL comes with it. */
  mergedRecordRedirect: 'ArloMergedRecordRedirect',
  /** A URL outside the platform's origin: no request was made, so no credentials went there. */
  originViolation: 'ArloOriginViolationError',
  /** A status Arlo does not document for the request. */
  unexpectedStatus: 'ArloUnexpectedStatusError',
  /** The OAuth 2 token endpoint refused the client credentials. */
  credentials: 'ArloCredentialsError',
} as const;
