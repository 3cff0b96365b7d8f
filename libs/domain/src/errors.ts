/**
 * Typed domain errors. Services throw these and never an HTTP exception; one
 * exception filter in apps/api maps each code to its status (SPEC §3,
 * apps/api/src/http/http-status.ts).
 * Messages are Vietnamese because a person reads them.
 */
export type DomainErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'NOT_PERMITTED'
  | 'NOT_FOUND'
  | 'TRANSITION_NOT_ALLOWED'
  | 'VERSION_CONFLICT'
  | 'CONFLICT'
  | 'TOO_MANY_ATTEMPTS'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_TYPE';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** 400. `messages` name the fields, one line each. */
export class InvalidInput extends DomainError {
  readonly code = 'INVALID_INPUT' as const;
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

/** 401 */
export class Unauthenticated extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor(message = 'Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ') {
    super(message);
  }
}

/** 403 */
export class NotPermitted extends DomainError {
  readonly code = 'NOT_PERMITTED' as const;
}

/** 404 */
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND' as const;
}

/** 409: the state does not accept the event. */
export class TransitionNotAllowed extends DomainError {
  readonly code = 'TRANSITION_NOT_ALLOWED' as const;
  constructor(
    readonly event: string,
    readonly state: string,
    readonly allowed: string[],
  ) {
    super(
      `Sự kiện ${event} không được phép ở trạng thái "${state}"; các sự kiện được phép: ${
        allowed.length ? allowed.join(', ') : '(không có)'
      }`,
    );
  }
}

/** 409: expectedVersion is stale, or a concurrent transition won. */
export class VersionConflict extends DomainError {
  readonly code = 'VERSION_CONFLICT' as const;
  constructor(
    readonly expected: number | null,
    readonly actual: number | null,
  ) {
    super(
      expected === null
        ? 'Văn bản vừa được người khác thay đổi; hãy tải lại và thử lại'
        : `Phiên bản không khớp: yêu cầu ${expected}, hiện tại ${actual ?? 'đã thay đổi'}`,
    );
  }
}

/** 409 for other conflicts with the current data (e.g. already acknowledged). */
export class Conflict extends DomainError {
  readonly code = 'CONFLICT' as const;
}

/** 429: too many attempts (failed logins, open streams); try again after `retryAfterS` seconds. */
export class TooManyAttempts extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS' as const;
  constructor(
    readonly retryAfterS: number,
    message = `Đăng nhập sai quá nhiều lần; hãy thử lại sau ${retryAfterS} giây`,
  ) {
    super(message);
  }
}

/** 413: a body or a file over its limit. */
export class TooLarge extends DomainError {
  readonly code = 'TOO_LARGE' as const;
}

/** 415: a file of a kind not accepted (sniffed from its bytes). */
export class UnsupportedType extends DomainError {
  readonly code = 'UNSUPPORTED_TYPE' as const;
}
