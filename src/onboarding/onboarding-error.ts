/**
 * A problem the user can fix, said in one line: what is wrong and what to do. The CLI prints the message
 * alone (no stack trace) and exits non-zero. Messages never contain a password, token or signing key.
 */
export class OnboardingError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'OnboardingError';
  }
}
