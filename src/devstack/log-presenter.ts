/**
 * What `arlo-sync up` does with its worker's and receiver's log lines (JSON, pino). On a terminal, one
 * readable line each (pino-pretty); otherwise JSON lines, untouched, for a log collector. Routine lines
 * (every webhook's access line) are left to the periodic summary (./stack-summary.ts) unless LOG_LEVEL
 * asks for debug; warnings and errors always show. A line that is not JSON (a child's stray output)
 * becomes a line of the same kind as the rest.
 */
import { prettyFactory } from 'pino-pretty';

export interface LogPresenterOptions {
  /** Human-readable lines (stdout is a terminal) instead of JSON lines. */
  readonly pretty: boolean;
  /** Colours, on a terminal. */
  readonly colorize: boolean;
  /** Show routine lines too (LOG_LEVEL debug or trace). */
  readonly verbose: boolean;
  readonly write: (line: string) => void;
}

export type PresentLine = (source: string, line: string) => void;

const INFO = 30;

interface LogObject {
  readonly level?: unknown;
  readonly time?: unknown;
  readonly msg?: unknown;
  readonly status?: unknown;
  readonly name?: unknown;
}

/** A request the receiver answered normally: the summary counts these instead. */
export function isRoutine(entry: LogObject): boolean {
  return (
    entry.msg === 'request handled' &&
    typeof entry.status === 'number' &&
    entry.status < 400 &&
    (typeof entry.level !== 'number' || entry.level <= INFO)
  );
}

export function createLogPresenter(options: LogPresenterOptions): PresentLine {
  const prettify = prettyFactory({
    colorize: options.colorize,
    translateTime: 'SYS:HH:MM:ss',
    // Context a person does not read on every line (the JSON lines keep it): which process, which SDK
    // part, which task queue, run and task token. The workflow ID stays; it is what the Web UI searches by.
    ignore:
      'pid,hostname,name,component,sdkComponent,target,taskQueue,namespace,runId,workflowRunId,workflowType,' +
      'activityId,attempt,taskToken,isLocal',
    singleLine: true,
    messageFormat: '{name}: {msg}',
  });
  return (source, line) => {
    const entry = parseLogLine(line);
    if (entry !== undefined && !options.verbose && isRoutine(entry)) return;
    const logObject: LogObject = entry ?? { level: INFO, time: Date.now(), msg: line };
    const named = { ...logObject, name: source };
    if (options.pretty) options.write(prettify(named).replace(/\n$/, ''));
    else options.write(entry !== undefined ? line : JSON.stringify(named));
  };
}

function parseLogLine(line: string): LogObject | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'level' in value ? value : undefined;
  } catch {
    return undefined;
  }
}
