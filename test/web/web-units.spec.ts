import { ApiClient, startApp, type Harness } from '../support/harness';
import { seedOrg } from '../support/org';
import { MAIN_X, SIDE_X, layoutWorkflow } from '../../apps/web/src/workflow-layout';
import { describeConflict, formatDateTime, formatTimeLeft, isoToLocalInput, localInputToIso, localInputToText, textToDay, textToLocalInput, translateMessage } from '../../apps/web/src/format';
import type { WorkflowDefinition } from '../../apps/web/src/api';
import { consultationRequired, type DocumentType } from '../../libs/domain/src/types';

/** The web app's pure parts: the workflow diagram's layout (on the definitions the API serves) and how times read. */
describe('workflow diagram layout, on every definition GET /api/workflows serves', () => {
  let h: Harness;
  let defs: WorkflowDefinition[];
  beforeAll(async () => {
    h = await startApp();
    const c: ApiClient = await seedOrg(h.base);
    // The documents' workflows: the diagram is drawn on a document's page.
    defs = ((await c.as('an.nv').get('/api/workflows')).body as WorkflowDefinition[]).filter((d) => d.subject === 'document');
  }, 60_000);
  afterAll(() => h?.close());

  it('places every state once, the lifecycle in one column in SPEC order, withdrawn beside it', () => {
    expect(defs.length).toBeGreaterThanOrEqual(9);
    for (const def of defs) {
      const { pos, side, back } = layoutWorkflow(def);
      expect([...pos.keys()].sort()).toEqual(Object.keys(def.states).sort());
      expect([...side]).toEqual(['withdrawn']);
      expect(pos.get('withdrawn')!.x).toBe(SIDE_X);
      // Version 2 has the unit head's review between the opinions and the signature (SPEC §9).
      const main = ['draft', 'consulting', 'consulted', ...(def.version >= 2 ? ['awaiting_review'] : []), 'awaiting_signature', 'signed', 'disseminated', 'reported'];
      const ys = main.map((s) => pos.get(s)!);
      for (const p of ys) expect(p.x).toBe(MAIN_X);
      for (let i = 1; i < ys.length; i++) expect(ys[i].y).toBeGreaterThan(ys[i - 1].y);
      // Only REVISE and RETURN go back.
      expect([...new Set([...back].flatMap((e) => e.events))].sort()).toEqual(['RETURN', 'REVISE']);
      expect([...back].map((e) => e.to)).toEqual([...back].map(() => 'draft'));
    }
  });

  it('draws the types that may skip consultation (GM, CV, …) with their shortcut from draft to signature, and KH without it', () => {
    for (const def of defs) {
      const { edges } = layoutWorkflow(def);
      const shortcut = edges.some((e) => e.from === 'draft' && e.to === 'awaiting_signature');
      expect({ type: def.documentType, shortcut }).toEqual({ type: def.documentType, shortcut: !consultationRequired(def.documentType as DocumentType) });
    }
    expect(defs.filter((d) => !consultationRequired(d.documentType as DocumentType)).map((d) => d.documentType)).toEqual(expect.arrayContaining(['GM', 'CV']));
  });
});

describe('how times read (Asia/Ho_Chi_Minh, dd/mm/yyyy HH:mm)', () => {
  it('writes an instant in Vietnam time whatever the machine zone', () => {
    expect(formatDateTime('2027-06-10T16:59:59.999Z')).toBe('10/06/2027 23:59');
    expect(formatDateTime('2026-12-31T17:00:00Z')).toBe('01/01/2027 00:00');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('reads a typed dd/mm/yyyy HH:mm as the wall-clock value, refusing what is not a moment', () => {
    expect(textToLocalInput('05/06/2027 17:00')).toBe('2027-06-05T17:00');
    expect(textToLocalInput(' 5/6/2027 8:30 ')).toBe('2027-06-05T08:30');
    expect(textToLocalInput('29/02/2028 07h15')).toBe('2028-02-29T07:15');
    for (const bad of ['29/02/2027 07:00', '31/04/2027 10:00', '05/13/2027 10:00', '05/06/2027 24:00', '05/06/2027', '2027-06-05T17:00', '06/05/27 17:00', '']) {
      expect({ bad, value: textToLocalInput(bad) }).toEqual({ bad, value: null });
    }
    expect(localInputToText('2027-06-05T17:00')).toBe('05/06/2027 17:00');
    expect(localInputToText('')).toBe('');
    expect(textToLocalInput(localInputToText('2027-12-31T23:59'))).toBe('2027-12-31T23:59');
  });

  it('reads a datetime-local value as Vietnam wall-clock time and back', () => {
    expect(localInputToIso('2027-06-20T08:30')).toBe('2027-06-20T08:30:00+07:00');
    expect(localInputToIso('20/06/2027')).toBeNull();
    expect(isoToLocalInput(new Date('2027-06-20T01:30:00Z'))).toBe('2027-06-20T08:30');
  });

  it('says the time left, and how late', () => {
    expect(formatTimeLeft(2 * 86_400_000 + 3 * 3_600_000)).toBe('còn 2 ngày 3 giờ');
    expect(formatTimeLeft(5 * 3_600_000 + 20 * 60_000)).toBe('còn 5 giờ 20 phút');
    expect(formatTimeLeft(30_000)).toBe('còn 1 phút');
    expect(formatTimeLeft(-45 * 60_000)).toBe('quá hạn 45 phút');
    expect(formatTimeLeft(-86_400_000)).toBe('quá hạn 1 ngày');
  });
});

describe("the API's refusals, in words", () => {
  it("says class-validator's messages in Vietnamese, with the fields' names", () => {
    expect(translateMessage('title should not be empty')).toBe('«Trích yếu» không được để trống');
    expect(translateMessage('title must be shorter than or equal to 1000 characters')).toBe('«Trích yếu» dài tối đa 1000 ký tự');
    expect(translateMessage('consultees must contain at least 1 elements')).toBe('«Đơn vị được lấy ý kiến»: chọn ít nhất 1');
    expect(translateMessage('workingDays must not be less than 1')).toBe('«Số ngày làm việc» phải từ 1 trở lên');
    expect(translateMessage('recipients.0.purpose must be one of the following values: report_to, implement')).toBe(
      '«Nơi nhận (mục 1): Mục đích» phải là một trong: report_to, implement',
    );
    expect(translateMessage('property foo should not exist')).toBe('Trường «foo» không được phép gửi');
    // The server's own Vietnamese passes as it is.
    expect(translateMessage('consultees.0: không có đơn vị "ZZZ"')).toBe('consultees.0: không có đơn vị "ZZZ"');
    // The organisation import's checks name a field of one item: said with the field's name.
    expect(translateMessage('users.0.unitCode: cơ quan "BGDĐT" không có đơn vị "ZZZ"')).toBe(
      '«Người dùng (mục 1): Đơn vị»: cơ quan "BGDĐT" không có đơn vị "ZZZ"',
    );
    expect(translateMessage('users.0.email must be an email')).toBe('«Người dùng (mục 1): Thư điện tử» không đúng dạng địa chỉ thư');
  });

  it('names the state and what it allows when an event is refused (409)', () => {
    expect(describeConflict({ statusCode: 409, state: 'draft', allowedEvents: ['SUBMIT_FOR_CONSULTATION', 'WITHDRAW'] })).toBe(
      'Văn bản đang ở trạng thái «Dự thảo»; lúc này chỉ có thể: Gửi lấy ý kiến, Rút văn bản.',
    );
    expect(describeConflict({ statusCode: 409, state: 'reported', allowedEvents: [] })).toBe('Văn bản đang ở trạng thái «Đã hoàn thành báo cáo»; không còn thao tác nào.');
    expect(describeConflict({ statusCode: 409, message: 'Phiên bản không khớp' })).toBeNull();
  });

  it('matches every message the API actually sends for a bad draft', async () => {
    const h = await startApp();
    try {
      const c = await seedOrg(h.base);
      const r = await c.as('an.nv').post('/api/documents', { type: 'KH', title: '', extra: 1 });
      expect(r.status).toBe(400);
      const said = (r.body.message as string[]).map(translateMessage);
      // Every line is now Vietnamese: none is left as class-validator wrote it.
      for (const line of said) expect(line).toMatch(/[«»]/);
    } finally {
      await h.close();
    }
  });
});

describe('a day typed as dd/mm/yyyy (the date of a letter that came from outside)', () => {
  it('reads the day first, and refuses what is not a day', () => {
    expect(textToDay('06/10/2026')).toBe('2026-10-06');
    expect(textToDay(' 6/1/2027 ')).toBe('2027-01-06');
    expect(textToDay('29/02/2027')).toBeNull();
    expect(textToDay('2026-10-06')).toBeNull();
    expect(textToDay('06/10/2026 08:00')).toBeNull();
  });
});
