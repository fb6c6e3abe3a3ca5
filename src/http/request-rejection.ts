/**
 * A request refused on purpose. Only `publicMessage` reaches the client; `reason` is for the log and
 * says what an operator needs for diagnosis, never secrets or body content.
 */
import type { CallbackOutcome } from './receiver-metrics';

export interface RequestRejectionOptions {
  /** What the log says, when more specific than the public message. */
  readonly reason?: string;
  /** The callback outcome this counts as in the metrics, for webhook callbacks. */
  readonly outcome?: CallbackOutcome;
  readonly headers?: Readonly<Record<string, string>>;
}

export class RequestRejection extends Error {
  readonly reason: string;
  readonly outcome: CallbackOutcome | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    readonly publicMessage: string,
    options: RequestRejectionOptions = {},
  ) {
    super(options.reason ?? publicMessage);
    this.name = 'RequestRejection';
    this.reason = options.reason ?? publicMessage;
    this.outcome = options.outcome;
    this.headers = options.headers ?? {};
  }
}
