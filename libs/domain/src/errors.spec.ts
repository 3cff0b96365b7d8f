import { Conflict, DomainError, InvalidInput, NotFound, NotPermitted, TransitionNotAllowed, Unauthenticated, VersionConflict } from './errors';

describe('domain errors', () => {
  it('each kind carries its code', () => {
    const code = (e: DomainError) => [e instanceof DomainError, e.code];
    expect(code(new InvalidInput(['title: quá dài']))).toEqual([true, 'INVALID_INPUT']);
    expect(code(new Unauthenticated())).toEqual([true, 'UNAUTHENTICATED']);
    expect(code(new NotPermitted('x'))).toEqual([true, 'NOT_PERMITTED']);
    expect(code(new NotFound('x'))).toEqual([true, 'NOT_FOUND']);
    expect(code(new TransitionNotAllowed('SIGN', 'draft', []))).toEqual([true, 'TRANSITION_NOT_ALLOWED']);
    expect(code(new VersionConflict(1, 2))).toEqual([true, 'VERSION_CONFLICT']);
    expect(code(new Conflict('x'))).toEqual([true, 'CONFLICT']);
  });

  it('say what went wrong in words a person reads', () => {
    expect(new InvalidInput(['title: quá dài', 'urgency: không hợp lệ']).message).toBe('title: quá dài; urgency: không hợp lệ');
    expect(new Unauthenticated().message).toBe('Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ');
    expect(new TransitionNotAllowed('SIGN', 'draft', ['SUBMIT_FOR_CONSULTATION', 'WITHDRAW']).message).toBe(
      'Sự kiện SIGN không được phép ở trạng thái "draft"; các sự kiện được phép: SUBMIT_FOR_CONSULTATION, WITHDRAW',
    );
    expect(new TransitionNotAllowed('SIGN', 'reported', []).message).toBe(
      'Sự kiện SIGN không được phép ở trạng thái "reported"; các sự kiện được phép: (không có)',
    );
    expect(new VersionConflict(3, 4).message).toBe('Phiên bản không khớp: yêu cầu 3, hiện tại 4');
    expect(new VersionConflict(3, null).message).toBe('Phiên bản không khớp: yêu cầu 3, hiện tại đã thay đổi');
    expect(new VersionConflict(null, null).message).toBe('Văn bản vừa được người khác thay đổi; hãy tải lại và thử lại');
  });
});
