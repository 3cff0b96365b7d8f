import type { DomainErrorCode } from '../../../../libs/domain/src';

/**
 * The HTTP status and reason of each domain error (SPEC §3). The domain knows
 * codes, not HTTP: this is where a code becomes an answer. (A 503 has no code:
 * the exception filter answers it when PostgreSQL or Redis does not.)
 */
export const HTTP_STATUS: Readonly<Record<DomainErrorCode, readonly [status: number, reason: string]>> = {
  INVALID_INPUT: [400, 'Bad Request'],
  UNAUTHENTICATED: [401, 'Unauthorized'],
  NOT_PERMITTED: [403, 'Forbidden'],
  NOT_FOUND: [404, 'Not Found'],
  TRANSITION_NOT_ALLOWED: [409, 'Conflict'],
  VERSION_CONFLICT: [409, 'Conflict'],
  CONFLICT: [409, 'Conflict'],
  TOO_MANY_ATTEMPTS: [429, 'Too Many Requests'],
  TOO_LARGE: [413, 'Payload Too Large'],
  UNSUPPORTED_TYPE: [415, 'Unsupported Media Type'],
};

export function httpStatusOf(code: DomainErrorCode): number {
  return HTTP_STATUS[code][0];
}
