/**
 * Why a JSON file of secrets (ARLO_PLATFORMS_FILE, CONSUMER_WEBHOOKS_FILE) could not be read. The file
 * holds passwords and keys, and V8's JSON errors quote the text around the mistake: say where it is
 * (when V8 says), never what is there.
 */
export function secretJsonFileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined) return `cannot read it (${code})`;
  const where = /at position \d+(?: \(line \d+ column \d+\))?/.exec((error as Error).message)?.[0];
  return `not valid JSON${where ? ` (${where})` : ''}; the parser's message is withheld because the file holds secrets`;
}
