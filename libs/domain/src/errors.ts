/**
 * Typed domain errors. Services throw these and never an HTTP exception; one
 * exception filter in apps/api maps each code to its status (SPEC §3).
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
  | 'UNAVAILABLE';

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

/** 503: a service the request needs does not answer. */
export class Unavailable extends DomainError {
  readonly code = 'UNAVAILABLE' as const;
}

/** The HTTP status and reason of each domain error (SPEC §3). */
export const HTTP_STATUS: Record<DomainErrorCode, [number, string]> = {
  INVALID_INPUT: [400, 'Bad Request'],
  UNAUTHENTICATED: [401, 'Unauthorized'],
  NOT_PERMITTED: [403, 'Forbidden'],
  NOT_FOUND: [404, 'Not Found'],
  TRANSITION_NOT_ALLOWED: [409, 'Conflict'],
  VERSION_CONFLICT: [409, 'Conflict'],
  CONFLICT: [409, 'Conflict'],
  UNAVAILABLE: [503, 'Service Unavailable'],
};
