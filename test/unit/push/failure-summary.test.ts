import { FAILURE_TYPES } from '../../../src/domain/failure-types';
import { summariseFailure } from '../../../src/push/failure-summary';

const WORKFLOW = 'arlo-push:demo.arlo.co:Contact:HR-1';
const reason = 'PATCH https://demo.arlo.co/api/2012-02-01/auth/resources/contacts/562/: Arlo answered 503';

describe('summariseFailure', () => {
  it('says the kind of failure and what to do, with Arlo’s status and the workflow, never the reason', () => {
    const summary = summariseFailure(
      { outcome: 'failed', reason, failureType: 'ArloServerError', arloStatus: 503 },
      WORKFLOW,
    );
    expect(summary).toBe(
      `Arlo is unavailable or slow at the moment; push again later (Arlo answered 503). The whole reason is in the history of workflow ${WORKFLOW}.`,
    );
    expect(summary).not.toContain('https://');
  });

  it('has a sentence for the failures the push itself names', () => {
    const of = (failureType: string) =>
      summariseFailure({ outcome: 'failed', reason, failureType }, WORKFLOW);
    expect(of(FAILURE_TYPES.ambiguousCrossReference)).toMatch(/^several Arlo records have this CodePrimary/);
    expect(of(FAILURE_TYPES.patchKeptRejected)).toMatch(/^the record kept changing in Arlo/);
    expect(of(FAILURE_TYPES.unwritableXml)).toMatch(/^a value holds a character XML cannot carry/);
    expect(of('ArloUnauthorisedError')).toMatch(/an operator must check its credentials/);
  });

  it('falls back to a plain sentence for a failure it does not know, or one without a type', () => {
    expect(summariseFailure({ outcome: 'failed', reason, failureType: 'SomethingNew' }, WORKFLOW)).toBe(
      `the push failed. The whole reason is in the history of workflow ${WORKFLOW}.`,
    );
    expect(summariseFailure({ outcome: 'failed', reason }, WORKFLOW)).toMatch(/^the push failed\. /);
  });
});
