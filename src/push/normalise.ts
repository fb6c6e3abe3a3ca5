/**
 * Values are compared after normalisation, so that a difference Arlo would not show (trailing spaces, a
 * CRLF from a Windows export, a decomposed accent) never causes a PATCH, and the value we write is the
 * normalised one, so the next comparison agrees.
 */
export function normaliseValue(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

export function sameValue(current: string | undefined, desired: string): boolean {
  return current !== undefined && normaliseValue(current) === normaliseValue(desired);
}
