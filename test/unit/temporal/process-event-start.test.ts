/**
 * The receiver and the missed-event catch-up must start the SAME workflow for one event (same ID, type,
 * ID policies, search attributes, input), or an event arriving both ways would be processed twice.
 * Both build their own start options today; this keeps them identical.
 */
import { processEventStartOptions as receiverOptions } from '../../../src/http/event-workflow-starter';
import type { ProcessArloEventInput } from '../../../src/domain/process-event-input';
import { processEventStartOptions as catchUpOptions } from '../../../src/temporal/process-event-start';

describe('processEventStartOptions', () => {
  it('is the same for the receiver and the catch-up', () => {
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
    const ours = catchUpOptions('arlo-sync', input);
    expect(ours).toEqual(receiverOptions('arlo-sync', input));
    expect(ours).toMatchObject({
      workflowId: 'arlo-event:demo.arlo.co:9007199254740993',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  });
});
