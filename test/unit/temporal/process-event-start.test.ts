/**
 * The receiver and the missed-event catch-up start the SAME workflow for one event (both call
 * processEventStartOptions): the business-key ID, the policies that make a second start harmless, the
 * search attributes operators filter by, and the input.
 */
import type { ProcessArloEventInput } from '../../../src/domain/process-event-input';
import { processEventStartOptions } from '../../../src/temporal/process-event-start';

describe('processEventStartOptions', () => {
  it('keys the workflow by platform and event and makes redelivery harmless', () => {
    const input: ProcessArloEventInput = {
      platform: 'demo.arlo.co',
      event: {
        id: '9007199254740993',
        type: 'Contact.Updated',
        resourceType: 'Contact',
        resourceId: '10987',
        dateTime: '2023-07-18T00:02:55.7577072Z',
      },
      receivedAt: '2024-01-01T00:00:00.000Z',
    };
    const options = processEventStartOptions('arlo-sync', input);
    expect(options).toMatchObject({
      workflowId: 'arlo-event:demo.arlo.co:9007199254740993',
      taskQueue: 'arlo-sync',
      args: [input],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    expect(options.typedSearchAttributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: 'demo.arlo.co' }),
        expect.objectContaining({ value: '10987' }),
        expect.objectContaining({ value: '9007199254740993' }),
      ]),
    );
  });
});
