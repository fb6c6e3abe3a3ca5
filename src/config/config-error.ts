/** Every configuration problem at once, one line each: which variable, what was wrong, what to set. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `arlo-sync cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee README.md "Configuration" or .env.example for every variable.',
    );
    this.name = 'ConfigError';
  }
}
