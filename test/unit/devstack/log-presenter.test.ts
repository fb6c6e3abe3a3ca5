import { createLogPresenter } from '../../../src/devstack/log-presenter';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: Date.parse('2024-01-15T08:00:00Z'), pid: 1, hostname: 'h', ...fields });
const accessLine = line({
  name: 'arlo-sync-receiver',
  msg: 'request handled',
  path: '/webhooks/arlo',
  status: 200,
});

function present(options: { pretty: boolean; verbose?: boolean }) {
  const out: string[] = [];
  const show = createLogPresenter({ colorize: false, verbose: false, ...options, write: (l) => out.push(l) });
  return { out, show };
}

describe('createLogPresenter', () => {
  it('on a terminal, makes one readable line of each log line, named by its process', () => {
    const { out, show } = present({ pretty: true });
    show(
      'worker',
      line({
        name: 'arlo-sync-worker',
        msg: 'catch-up finished',
        workflowId: 'arlo-catch-up:p',
        taskQueue: 'q',
      }),
    );
    expect(out).toHaveLength(1);
    // The workflow ID stays; the task queue, like the pid, is left to the JSON lines.
    expect(out[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO: worker: catch-up finished \{"workflowId":"arlo-catch-up:p"\}$/,
    );
  });

  it("shows a failed activity's workflow and reason, not its task token or run", () => {
    const { out, show } = present({ pretty: true });
    show(
      'worker',
      line({
        level: 40,
        msg: 'Activity failed',
        taskToken: 'CiQwMWEyNGIwMy01Mjg4LTdhODAtOTc5My05MTg1ZjE3YWQ5Y2YS',
        isLocal: false,
        workflowId: 'arlo-feed-delivery:default:demo.arlo.co',
        workflowRunId: '01a24b28-8f74-7b71-9c3e-e679300054ac',
        activityType: 'deliverFeedBatch',
        error: { type: 'FeedDeliveryFailed', message: 'cannot reach the consumer: ECONNREFUSED' },
      }),
    );
    const text = out.join('\n');
    expect(text).toMatch(
      /^\[\d\d:\d\d:\d\d\] WARN: worker: Activity failed \{"workflowId":"arlo-feed-delivery:default:demo\.arlo\.co","activityType":"deliverFeedBatch"\}/,
    );
    expect(text).toContain('cannot reach the consumer: ECONNREFUSED');
    expect(text).not.toMatch(/taskToken|workflowRunId|isLocal/);
  });

  it('leaves every accepted webhook to the summary, but shows refused ones and everything at debug', () => {
    const quiet = present({ pretty: true });
    quiet.show('receiver', accessLine);
    quiet.show('receiver', line({ level: 40, msg: 'request handled', status: 401 }));
    expect(quiet.out).toHaveLength(1);
    expect(quiet.out[0]).toContain('WARN');
    const verbose = present({ pretty: true, verbose: true });
    verbose.show('receiver', accessLine);
    expect(verbose.out).toHaveLength(1);
  });

  it('off a terminal, passes JSON lines through untouched and wraps stray text as a JSON line', () => {
    const { out, show } = present({ pretty: false });
    const polling = line({ name: 'arlo-sync-worker', msg: 'worker polling' });
    show('worker', polling);
    show('worker', 'some text a library printed');
    expect(out[0]).toBe(polling);
    expect(JSON.parse(out[1]!)).toMatchObject({
      level: 30,
      name: 'worker',
      msg: 'some text a library printed',
    });
  });
});
