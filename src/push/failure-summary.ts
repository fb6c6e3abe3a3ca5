/**
 * What the external system is told when a push failed: one sentence by the kind of failure, with what to
 * do, and the workflow that holds the whole reason. The whole reason names the Arlo platform's URLs and
 * quotes Arlo's answer; that is for operators (the receiver log, the workflow's history), not for every
 * client holding a push token.
 */
import {
  ArloBadRequestError,
  ArloConflictError,
  ArloCredentialsError,
  ArloForbiddenError,
  ArloMalformedResponseError,
  ArloNetworkError,
  ArloNotFoundError,
  ArloRateLimitedError,
  ArloServerError,
  ArloTimeoutError,
  ArloUnauthorisedError,
} from '../arlo/errors';
import { FAILURE_TYPES } from '../domain/failure-types';
import type { PushOutcome } from '../domain/push-messages';

type FailedPush = Extract<PushOutcome, { outcome: 'failed' }>;

const LATER = 'Arlo is unavailable or slow at the moment; push again later';
const OPERATOR = 'arlo-sync cannot act for this platform in Arlo; an operator must check its credentials';

const SUMMARIES: Readonly<Record<string, string>> = {
  [ArloBadRequestError.name]: 'Arlo refused the record as invalid: check the values pushed',
  [ArloNotFoundError.name]: 'Arlo has no record the push refers to (the record, or an organisation it names)',
  [ArloConflictError.name]: 'Arlo did not accept the change to the record as it is now; push again',
  [FAILURE_TYPES.patchKeptRejected]:
    'the record kept changing in Arlo while the push planned its change; push again later',
  [FAILURE_TYPES.ambiguousCrossReference]:
    'several Arlo records have this CodePrimary; make it unique in Arlo, then push again',
  [FAILURE_TYPES.unwritableXml]: 'a value holds a character XML cannot carry; remove it and push again',
  [ArloUnauthorisedError.name]: OPERATOR,
  [ArloCredentialsError.name]: OPERATOR,
  [ArloForbiddenError.name]: OPERATOR,
  [ArloRateLimitedError.name]: LATER,
  [ArloServerError.name]: LATER,
  [ArloTimeoutError.name]: LATER,
  [ArloNetworkError.name]: LATER,
  [ArloMalformedResponseError.name]: 'Arlo answered something arlo-sync cannot read; an operator must look',
};

export function summariseFailure(failed: FailedPush, workflowId: string): string {
  const summary = (failed.failureType && SUMMARIES[failed.failureType]) || 'the push failed';
  const status = failed.arloStatus !== undefined ? ` (Arlo answered ${failed.arloStatus})` : '';
  return `${summary}${status}. The whole reason is in the history of workflow ${workflowId}.`;
}
