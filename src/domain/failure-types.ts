/**
 * Temporal failure types (`ApplicationFailure.type`) that workflows test for or produce, named once so a
 * workflow, the activity that throws and the operator's search for a failed run use the same string.
 * Failures mapped from the Arlo client carry the client error's class name (activities/arlo-failure.ts).
 */
export const FAILURE_TYPES = {
  /** Arlo answered 404: the record asked for does not exist (any more). */
  arloNotFound: 'ArloNotFoundError',
  /** A value holds a character XML 1.0 cannot carry: no request was sent, and none ever could be. */
  unwritableXml: 'XmlWriteError',
  /** Two or more Arlo records have the CodePrimary a push looks a record up by. */
  ambiguousCrossReference: 'AmbiguousCrossReference',
  /** Arlo rejected a freshly planned PATCH every time the push re-read the record. */
  patchKeptRejected: 'PatchKeptRejected',
} as const;

export type FailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];
