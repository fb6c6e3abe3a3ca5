import { feedDeliveryConsumer, feedDeliveryWorkflowId } from '../../../src/domain/feed-delivery';

describe('feedDeliveryConsumer', () => {
  it("reads back the consumer of a platform's delivery workflow ID, colons in its name included", () => {
    for (const consumer of ['default', 'crm', 'hr:eu']) {
      expect(feedDeliveryConsumer(feedDeliveryWorkflowId(consumer, 'demo.arlo.co'), 'demo.arlo.co')).toBe(
        consumer,
      );
    }
  });

  it("is undefined for another platform's delivery, another workflow, or no consumer", () => {
    expect(
      feedDeliveryConsumer(feedDeliveryWorkflowId('crm', 'acme.arlo.co'), 'demo.arlo.co'),
    ).toBeUndefined();
    expect(feedDeliveryConsumer('arlo-event:demo.arlo.co:5000000001', 'demo.arlo.co')).toBeUndefined();
    expect(feedDeliveryConsumer('arlo-feed-delivery::demo.arlo.co', 'demo.arlo.co')).toBeUndefined();
  });
});
