import { assignmentMessage, deadlineMessage, deadlineMovedMessage, documentLabel, formatVietnamTime } from './messages';

const doc = { number: '05/KH-BGDĐT', title: 'Kế hoạch thi' };
const dueAt = new Date('2026-06-10T16:59:00Z'); // 23:59 on 10/6 in Hà Nội

describe('notification texts', () => {
  it('times are dd/mm/yyyy HH:mm in Hà Nội, whatever the UTC date', () => {
    expect(formatVietnamTime(dueAt)).toBe('10/06/2026 23:59');
    expect(formatVietnamTime(new Date('2026-12-31T17:05:00Z'))).toBe('01/01/2027 00:05');
  });

  it('a document is named by its number and title, or its title alone before it has one', () => {
    expect(documentLabel(doc)).toBe('05/KH-BGDĐT — Kế hoạch thi');
    expect(documentLabel({ number: null, title: 'Dự thảo' })).toBe('Dự thảo');
  });

  it('each step says what is owed, of which document, by when', () => {
    expect(deadlineMessage({ kind: 'signature', step: 'remind_before', document: doc, dueAt })).toBe(
      'Nhắc việc (giai đoạn trình ký): văn bản «05/KH-BGDĐT — Kế hoạch thi» cần xem xét, ký ban hành trước hạn 10/06/2026 23:59.',
    );
    expect(deadlineMessage({ kind: 'report', step: 'remind_due', document: doc, dueAt })).toBe(
      'Đến hạn (giai đoạn báo cáo thực hiện): văn bản «05/KH-BGDĐT — Kế hoạch thi» cần gửi báo cáo kết quả thực hiện — hạn 10/06/2026 23:59. Đề nghị xử lý ngay.',
    );
    expect(deadlineMessage({ kind: 'dissemination', step: 'escalate', document: doc, dueAt, owers: ['Văn thư BGDĐT', 'Sở GD&ĐT Đắk Lắk'] })).toBe(
      'Quá hạn (giai đoạn phát hành): văn bản «05/KH-BGDĐT — Kế hoạch thi» chưa được phát hành văn bản đã ký, hạn 10/06/2026 23:59; chưa thực hiện: Văn thư BGDĐT, Sở GD&ĐT Đắk Lắk. Đề nghị đồng chí chỉ đạo xử lý.',
    );
    expect(deadlineMessage({ kind: 'consultation', step: 'escalate', document: doc, dueAt, owers: [] })).toBe(
      'Quá hạn (giai đoạn lấy ý kiến): văn bản «05/KH-BGDĐT — Kế hoạch thi» chưa được cho ý kiến về dự thảo, hạn 10/06/2026 23:59. Đề nghị đồng chí chỉ đạo xử lý.',
    );
    expect(deadlineMessage({ kind: 'consultation', step: 'expire', document: doc, dueAt, silent: ['Thanh tra', 'Cục CNTT'] })).toBe(
      'Hết hạn lấy ý kiến văn bản «05/KH-BGDĐT — Kế hoạch thi» (10/06/2026 23:59): Thanh tra, Cục CNTT không trả lời, được coi là đồng ý. Văn bản chuyển sang trạng thái đã lấy ý kiến; có thể trình ký.',
    );
    expect(deadlineMessage({ kind: 'consultation', step: 'expire', document: doc, dueAt })).toBe(
      'Hết hạn lấy ý kiến văn bản «05/KH-BGDĐT — Kế hoạch thi» (10/06/2026 23:59). Văn bản chuyển sang trạng thái đã lấy ý kiến; có thể trình ký.',
    );
  });

  it('an assignment says what became whose, with its deadline when it has one', () => {
    const draft = { number: null, title: 'Dự thảo hướng dẫn' };
    expect(assignmentMessage({ stage: 'consulting', document: draft, dueAt })).toBe(
      'Việc mới: đơn vị được lấy ý kiến về dự thảo «Dự thảo hướng dẫn» — hạn 10/06/2026 23:59.',
    );
    expect(assignmentMessage({ stage: 'awaiting_signature', document: draft, dueAt: null })).toBe('Việc mới: văn bản «Dự thảo hướng dẫn» trình ký.');
    expect(assignmentMessage({ stage: 'signed', document: doc, dueAt })).toBe(
      'Việc mới: văn bản «05/KH-BGDĐT — Kế hoạch thi» đã ký, cần phát hành — hạn 10/06/2026 23:59.',
    );
    expect(assignmentMessage({ stage: 'disseminated', document: doc, dueAt, implement: true })).toBe(
      'Văn bản đến: «05/KH-BGDĐT — Kế hoạch thi»; đơn vị được giao thực hiện báo cáo kết quả — hạn 10/06/2026 23:59.',
    );
    expect(assignmentMessage({ stage: 'disseminated', document: doc, dueAt: null })).toBe('Văn bản đến: «05/KH-BGDĐT — Kế hoạch thi».');
    expect(assignmentMessage({ stage: 'returned', document: draft, dueAt: null, reason: 'Thiếu dự toán' })).toBe(
      'Văn bản «Dự thảo hướng dẫn» bị trả lại: Thiếu dự toán. Đề nghị chỉnh sửa và trình lại.',
    );
    expect(assignmentMessage({ stage: 'returned', document: draft, dueAt: null })).toBe(
      'Văn bản «Dự thảo hướng dẫn» bị trả lại. Đề nghị chỉnh sửa và trình lại.',
    );
    expect(assignmentMessage({ stage: 'consulted', document: draft, dueAt: null })).toBe(
      'Đã lấy đủ ý kiến về dự thảo «Dự thảo hướng dẫn»; có thể trình ký.',
    );
  });
});

it('a deadline moved with its session says from when to when, how it was given, and what to do', () => {
  expect(
    deadlineMovedMessage({
      kind: 'signature',
      document: { number: null, title: 'Kế hoạch thi' },
      from: new Date('2027-05-14T16:59:59.999Z'),
      to: new Date('2027-05-18T16:59:59.999Z'),
      how: '20 ngày làm việc trước buổi thi đầu tiên',
    }),
  ).toBe(
    'Hạn trình ký văn bản «Kế hoạch thi» dời từ 14/05/2027 23:59 sang 18/05/2027 23:59 (20 ngày làm việc trước buổi thi đầu tiên; lịch thi thay đổi). Đề nghị xem xét, ký ban hành trước hạn mới.',
  );
});

it('a per-session report names its session in the stage and in what to do', () => {
  const dueAt = new Date('2027-06-11T10:50:00Z');
  const document = { number: '12/KH-SGDĐT', title: 'Kế hoạch thông tin về kỳ thi' };
  expect(deadlineMessage({ kind: 'report', step: 'remind_due', document, dueAt, session: 'Toán' })).toBe(
    'Đến hạn (giai đoạn báo cáo nhanh buổi thi Toán): văn bản «12/KH-SGDĐT — Kế hoạch thông tin về kỳ thi» cần gửi báo cáo nhanh sau buổi thi Toán — hạn 11/06/2027 17:50. Đề nghị xử lý ngay.',
  );
  expect(deadlineMessage({ kind: 'report', step: 'escalate', document, dueAt, owers: ['Sở GDĐT Đắk Lắk'], session: 'Toán' })).toContain(
    'chưa được gửi báo cáo nhanh sau buổi thi Toán, hạn 11/06/2027 17:50; chưa thực hiện: Sở GDĐT Đắk Lắk',
  );
});

it('an incoming item whose processing deadline moved is named as văn bản đến once', () => {
  expect(
    deadlineMovedMessage({
      kind: 'processing',
      document: { number: '12/KH-BGDĐT', title: 'Kế hoạch thi' },
      from: new Date('2027-06-09T16:59:59.999Z'),
      to: new Date('2027-06-11T16:59:59.999Z'),
      how: '2 ngày làm việc trước buổi thi đầu tiên',
    }),
  ).toMatch(/^Hạn giải quyết văn bản đến «12\/KH-BGDĐT — Kế hoạch thi» dời từ 09\/06\/2027 23:59 sang 11\/06\/2027 23:59 \(2 ngày làm việc/);
});
