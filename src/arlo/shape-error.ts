/**
 * Thrown by the representation parsers when well-formed XML (or JSON) does not have the shape the Arlo
 * API documents: a missing ID, a timestamp that is not a timestamp, a Link without href. The client
 * wraps it in a MalformedResponseError that names the request.
 */
export class ArloShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArloShapeError';
  }
}
