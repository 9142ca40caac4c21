import { t } from '../strings/index.ts';
/**
 * AppError family with stable codes. Services throw these; the HTTP layer maps them to a page or JSON.
 * `message` is for people (zh-CN); `code` is for machines; `fields` names bad inputs.
 */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: FieldErrors | undefined;
  constructor(code: string, message: string, status: number, opts: { fields?: FieldErrors; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.fields = opts.fields;
  }
}

/** What a 404 says when nothing more specific is known (the error page then shows its own text). */
export const NOT_FOUND_MESSAGE: string = t.errors.notFound;

export class NotFoundError extends AppError {
  constructor(message: string = NOT_FOUND_MESSAGE, code = 'not_found') {
    super(code, message, 404);
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldErrors, message: string = t.errors.validation) {
    super('validation_failed', message, 422, { fields });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string = t.http.loginFirst) {
    super('unauthorized', message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string = t.http.forbidden) {
    super('forbidden', message, 403);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(code, message, 409);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
