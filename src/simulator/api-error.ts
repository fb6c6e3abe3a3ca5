/**
 * An error the simulated API answers with: a status, a short code and a message that says what was
 * wrong and what to do. Rendered as `<ApiException><Code/><Message/></ApiException>`, the shape Arlo's
 * own Moodle plugin reads (api-notes.md, "Rate limit and errors").
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function badRequest(code: string, message: string): ApiError {
  return new ApiError(400, code, message);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'NotFound', message);
}
