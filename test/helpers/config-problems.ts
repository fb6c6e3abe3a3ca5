import { ConfigError, loadConfig } from '../../src/config';

/** The problem lines `loadConfig` reports for an environment that must not load. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}
