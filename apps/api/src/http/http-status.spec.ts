import {
  Conflict,
  InvalidInput,
  NotFound,
  NotPermitted,
  TransitionNotAllowed,
  Unauthenticated,
  VersionConflict,
  type DomainError,
} from '../../../../libs/domain/src';
import { HTTP_STATUS, httpStatusOf } from './http-status';

describe('HTTP status of domain errors', () => {
  it('each code has its status and reason (SPEC §3)', () => {
    const status = (e: DomainError) => HTTP_STATUS[e.code];
    expect(status(new InvalidInput(['title: quá dài']))).toEqual([400, 'Bad Request']);
    expect(status(new Unauthenticated())).toEqual([401, 'Unauthorized']);
    expect(status(new NotPermitted('x'))).toEqual([403, 'Forbidden']);
    expect(status(new NotFound('x'))).toEqual([404, 'Not Found']);
    expect(status(new TransitionNotAllowed('SIGN', 'draft', []))).toEqual([409, 'Conflict']);
    expect(status(new VersionConflict(1, 2))).toEqual([409, 'Conflict']);
    expect(status(new Conflict('x'))).toEqual([409, 'Conflict']);
  });

  it('httpStatusOf gives the status alone', () => {
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('VERSION_CONFLICT')).toBe(409);
    expect(httpStatusOf('INVALID_INPUT')).toBe(400);
  });
});
