import { Conflict, HTTP_STATUS, InvalidInput, NotFound, NotPermitted, TransitionNotAllowed, Unauthenticated, Unavailable, VersionConflict } from './errors';

describe('domain errors', () => {
  it('each code has its status (SPEC §3)', () => {
    const status = (e: { code: keyof typeof HTTP_STATUS }) => HTTP_STATUS[e.code];
    expect(status(new InvalidInput(['title: quá dài']))).toEqual([400, 'Bad Request']);
    expect(status(new Unauthenticated())).toEqual([401, 'Unauthorized']);
    expect(status(new NotPermitted('x'))).toEqual([403, 'Forbidden']);
    expect(status(new NotFound('x'))).toEqual([404, 'Not Found']);
    expect(status(new TransitionNotAllowed('SIGN', 'draft', []))).toEqual([409, 'Conflict']);
    expect(status(new VersionConflict(1, 2))).toEqual([409, 'Conflict']);
    expect(status(new Conflict('x'))).toEqual([409, 'Conflict']);
    expect(status(new Unavailable('x'))).toEqual([503, 'Service Unavailable']);
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
