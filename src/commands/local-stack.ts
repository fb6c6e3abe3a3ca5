/**
 * `arlo-sync local-stack [--shell]`: what the running `arlo-sync up` of this data folder offers to other
 * terminals (src/devstack/local-stack-state.ts). `--shell` prints shell assignments for scripts and the
 * README's `curl` (`eval "$(npx arlo-sync local-stack --shell)"`): RECEIVER_URL, PUSH_TOKEN when that run
 * generated the push token and CONSUMER_TOKEN when it generated the change feed's; a token of your own
 * (PUSH_TOKENS, CONSUMER_TOKENS) is never printed. Returns the exit code.
 */
import { dataDirOf } from '../devstack/local-stack-discovery';
import { localStackStatePath, readLocalStackState } from '../devstack/local-stack-state';
import { maskCredentials, type Env } from '../config';

/** The tokens `up` generates for a run when the user sets none: the state file holds only those. */
const RUN_TOKENS = [
  { label: 'Push', variable: 'PUSH_TOKENS', shellName: 'PUSH_TOKEN', what: 'a token' },
  {
    label: 'Change feed',
    variable: 'CONSUMER_TOKENS',
    shellName: 'CONSUMER_TOKEN',
    what: 'a consumer token',
  },
] as const;

export function localStackCommand(
  env: Env,
  options: { readonly shell?: boolean },
  write: (line: string) => void,
): number {
  const dataDir = dataDirOf(env);
  const found = readLocalStackState(dataDir);
  const fail = (message: string) => {
    process.stderr.write(`arlo-sync: ${message}\n`);
    return 1;
  };
  if (found === undefined) {
    return fail(
      `no local stack is running for ${dataDir} (no ${localStackStatePath(dataDir)}): start one with \`npm start\`, ` +
        'or set ARLO_SYNC_DATA_DIR to the data folder of the one you started',
    );
  }
  if (found.kind === 'unreadable') return fail(`${found.file} ${found.reason}`);
  const { state } = found;
  if (found.stale) {
    return fail(
      `the local stack of ${found.file} (pid ${state.pid}) is no longer running: start it with \`npm start\``,
    );
  }
  if (options.shell === true) {
    write(`RECEIVER_URL=${shellQuote(state.receiverUrl)}`);
    for (const token of RUN_TOKENS) write(shellAssignment(token, state.env[token.variable]));
    return 0;
  }
  write(
    [
      `Local stack of \`arlo-sync up\` (pid ${state.pid}, started ${state.startedAt}), from ${found.file}:`,
      `  Webhook receiver   ${state.receiverUrl}`,
      `  Temporal           ${state.env.TEMPORAL_ADDRESS ?? '?'} (namespace ${state.env.TEMPORAL_NAMESPACE ?? 'default'})`,
      `  Temporal Web UI    ${state.temporalUiUrl ?? '(your Temporal server’s UI)'}`,
      `  MongoDB            ${state.env.MONGODB_URI === undefined ? '?' : maskCredentials(state.env.MONGODB_URI)}`,
      `  Arlo platform      ${state.platform ?? '(none)'}${state.demo ? ` (the demo simulator at ${state.env.ARLO_BASE_URL ?? '?'})` : ''}`,
      ...RUN_TOKENS.map(
        ({ label, variable, what }) =>
          `  ${label.padEnd(19)}${state.env[variable] === undefined ? `tokens from ${variable}` : `${what} for this run: \`npx arlo-sync local-stack --shell\` prints it`}`,
      ),
      'Commands run in this folder use these values wherever your environment sets none.',
    ].join('\n'),
  );
  return 0;
}

/**
 * `NAME='token'` for a token `up` generated for this run, else a comment saying the stack takes the
 * user's own, which are never printed.
 */
function shellAssignment(token: (typeof RUN_TOKENS)[number], generated: string | undefined): string {
  const { shellName, variable } = token;
  return generated === undefined
    ? `# ${shellName}: this stack takes your own ${variable}; set ${shellName} to one of them`
    : `${shellName}=${shellQuote(generated)}`;
}

/** Single-quoted for POSIX shells: nothing inside is expanded. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
