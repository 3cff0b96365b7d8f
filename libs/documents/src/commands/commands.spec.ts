import { recipientDifference } from './recipients';
import { CLIENT_EVENTS, InvalidInput, WorkingCalendar, type Actor } from '../../../domain/src';
import { factsOf, type DocumentRow } from '../queries/document.view';
import { COMMANDS, eventExamples, parseEvent, validatePayload, type CommandInput } from '.';

/**
 * The commands' pure planning: given the document, the caller, the payload,
 * the moment and what `gather` read, each plan is decided without I/O.
 * (Their child writes run against PostgreSQL in test/lifecycle.spec.ts.)
 */
const calendar = new WorkingCalendar();
// Tuesday 2 March 2027, 10:00 in Hà Nội.
const now = new Date('2027-03-02T03:00:00Z');

const officer: Actor = { username: 'an.nv', position: 'officer', agencyCode: 'BGDĐT', unitCode: 'QLCL', fullName: 'Nguyễn Văn An', title: 'Chuyên viên' };
const deputy: Actor = { username: 'thuong.pn', position: 'deputy_head', agencyCode: 'BGDĐT', unitCode: null, fullName: 'Phạm Ngọc Thưởng', title: 'Thứ trưởng' };
const head: Actor = { username: 'son.nk', position: 'head', agencyCode: 'BGDĐT', unitCode: null, fullName: 'Nguyễn Kim Sơn', title: 'Bộ trưởng' };
const ttrHead: Actor = { username: 'hai.nt', position: 'unit_head', agencyCode: 'BGDĐT', unitCode: 'TTr', fullName: 'Nguyễn Thanh Hải', title: 'Chánh Thanh tra' };

function doc(over: Partial<DocumentRow> = {}): DocumentRow {
  return {
    id: 'd1',
    type: 'KH',
    title: 'Kế hoạch tổ chức Kỳ thi',
    body: 'Căn cứ…',
    urgency: 'normal',
    state: 'draft',
    version: 3,
    agencyCode: 'BGDĐT',
    unitCode: 'QLCL',
    drafter: 'an.nv',
    signer: null,
    signingAuthority: null,
    signatureBlock: null,
    number: null,
    issuedAt: null,
    consultations: [],
    consultationDeadline: null,
    signatureDeadline: null,
    disseminationDeadline: null,
    recipients: [],
    reportDeadline: null,
    closingSummary: null,
    workflowId: 'ke-hoach',
    workflowVersion: 1,
    snapshot: { value: 'draft', context: { pendingConsultees: [], pendingReports: [] } },
    lastHash: 'h',
    createdAt: now,
    updatedAt: now,
    signerDelegatedToCaller: false,
    ...over,
  } as DocumentRow;
}

const input = <P>(payload: P, over: Partial<CommandInput<P>> = {}): CommandInput<P> => ({
  doc: doc(),
  actor: officer,
  payload,
  now,
  calendar,
  sessions: null,
  spans: { urgentDissemination: { kind: 'wall_clock', ms: 7_200_000 } },
  ...over,
} as CommandInput<P>);

it('the table has a command for every client event, each with a payload class and an example that validates', () => {
  expect(Object.keys(COMMANDS).sort()).toEqual([...CLIENT_EVENTS].sort());
  for (const [type, { value }] of Object.entries(eventExamples())) {
    const { type: t, expectedVersion, ...rest } = value;
    expect(t).toBe(type);
    expect(expectedVersion === undefined || typeof expectedVersion === 'number').toBe(true);
    expect(() => validatePayload(type as (typeof CLIENT_EVENTS)[number], rest)).not.toThrow();
  }
});

describe('the envelope', () => {
  it('takes {type, expectedVersion?, ...payload} apart', () => {
    expect(parseEvent({ type: 'SIGN', expectedVersion: 5 })).toEqual({ type: 'SIGN', expectedVersion: 5, rest: {} });
    expect(parseEvent({ type: 'RETURN', reason: 'x' })).toEqual({ type: 'RETURN', expectedVersion: undefined, rest: { reason: 'x' } });
  });

  it('names every problem of the envelope at once, and refuses what is not an object', () => {
    const problems = (body: unknown) => {
      try {
        parseEvent(body);
      } catch (e) {
        return (e as InvalidInput).messages;
      }
      return [];
    };
    const both = problems({ type: 'PUBLISH', expectedVersion: 0 });
    expect(both).toHaveLength(2);
    expect(both[0]).toMatch(/^type must be one of the following values: SUBMIT_FOR_CONSULTATION, /);
    expect(both[1]).toMatch(/^expectedVersion /);
    expect(problems({ type: 'SIGN', expectedVersion: '3' })).toEqual([expect.stringMatching(/^expectedVersion /)]);
    expect(problems([{ type: 'SIGN' }])).toEqual(['body must be a JSON object']);
    expect(problems(null)).toEqual(['body must be a JSON object']);
  });

  it('validates the payload against the event’s own class: unknown fields are errors', () => {
    expect(() => validatePayload('SIGN', { colour: 'red' })).toThrow(InvalidInput);
    expect(() => validatePayload('RETURN', {})).toThrow(/reason/);
    expect(() => validatePayload('GIVE_OPINION', { agree: false })).toThrow(/comment is required/);
  });
});

describe('SUBMIT_FOR_CONSULTATION', () => {
  const units = [
    { agencyCode: 'BGDĐT', unitCode: 'TTr' },
    { agencyCode: 'BGDĐT', unitCode: 'CNTT' },
  ];
  const { check, plan } = COMMANDS.SUBMIT_FOR_CONSULTATION;

  it('asks the units for their opinion by the end of the Nth working day', () => {
    const p = plan(input({ consultees: ['TTr', 'CNTT'], workingDays: 3 }), units);
    expect(p.machineEvent).toEqual({ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['BGDĐT/TTr', 'BGDĐT/CNTT'] });
    const deadline = calendar.addWorkingDays(now, 3);
    expect(p.set).toEqual({ consultationDeadline: deadline });
    expect(p.payload).toEqual({ consultees: ['BGDĐT/TTr', 'BGDĐT/CNTT'], deadline: deadline.toISOString() });
    expect(p.write).toBeInstanceOf(Function);
  });

  it('refuses both a date and working days, a date in the past, the drafting unit itself, and a unit twice', () => {
    expect(() => check!(input({ consultees: ['TTr'], workingDays: 3, deadline: '2027-03-10T10:00:00+07:00' }))).toThrow(/give one of them/);
    expect(() => check!(input({ consultees: ['TTr'], deadline: '2027-03-01T10:00:00+07:00' }))).toThrow(/thời hạn phải ở tương lai/);
    expect(() => plan(input({ consultees: ['TTr', 'QLCL'], workingDays: 1 }), [units[0], { agencyCode: 'BGDĐT', unitCode: 'QLCL' }])).toThrow(
      /consultees\.1: không lấy ý kiến chính đơn vị soạn thảo/,
    );
    expect(() => plan(input({ consultees: ['TTr', 'BGDĐT/TTr'], workingDays: 1 }), [units[0], units[0]])).toThrow(/hai lần/);
  });
});

it('GIVE_OPINION answers for the caller’s pending unit', () => {
  const d = doc({
    state: 'consulting',
    consultations: [
      { agencyCode: 'BGDĐT', unitCode: 'TTr', status: 'pending', comment: null, answeredAt: null, answeredBy: null },
      { agencyCode: 'BGDĐT', unitCode: 'CNTT', status: 'pending', comment: null, answeredAt: null, answeredBy: null },
    ] as DocumentRow['consultations'],
  });
  const p = COMMANDS.GIVE_OPINION.plan(input({ agree: false, comment: 'Bổ sung kinh phí' }, { doc: d, actor: ttrHead }), undefined);
  expect(p.machineEvent).toEqual({ type: 'GIVE_OPINION', consultee: 'BGDĐT/TTr' });
  expect(p.payload).toEqual({ unit: 'BGDĐT/TTr', agree: false, comment: 'Bổ sung kinh phí', onRevision: undefined });
  expect(COMMANDS.GIVE_OPINION.probe!(d as never, ttrHead, { pendingReports: [] })).toEqual({ type: 'GIVE_OPINION', consultee: 'BGDĐT/TTr' });
  expect(COMMANDS.GIVE_OPINION.probe!(d as never, officer, { pendingReports: [] })).toEqual({ type: 'GIVE_OPINION', consultee: '' });
});

describe('SUBMIT_FOR_SIGNATURE', () => {
  const { plan } = COMMANDS.SUBMIT_FOR_SIGNATURE;
  it('gives the signer working days by urgency, or the deadline the drafter names', () => {
    const normal = plan(input({ signer: 'thuong.pn', signingAuthority: 'KT' }), { signer: { position: 'deputy_head', agencyCode: 'BGDĐT' }, agencyLevel: 'ministry', authorisation: null, recipients: null });
    expect(normal.set).toEqual({ signer: 'thuong.pn', signingAuthority: 'KT', signatureDeadline: calendar.addWorkingDays(now, 3) });
    const flash = plan(input({ signer: 'son.nk' }, { doc: doc({ urgency: 'flash' }) }), { signer: { position: 'head', agencyCode: 'BGDĐT' }, agencyLevel: 'ministry', authorisation: null, recipients: null });
    expect(flash.set!.signatureDeadline).toEqual(calendar.addWorkingDays(now, 0));
    expect(flash.set!.signingAuthority).toBeNull();
    const named = plan(input({ signer: 'son.nk', deadline: '2027-03-25T17:00:00+07:00' }), { signer: { position: 'head', agencyCode: 'BGDĐT' }, agencyLevel: 'ministry', authorisation: null, recipients: null });
    expect(named.set!.signatureDeadline).toEqual(new Date('2027-03-25T10:00:00Z'));
  });

  it('refuses an unknown user, someone who is no leader of the agency, and an authority they may not sign with', () => {
    expect(() => plan(input({ signer: 'nobody' }), { signer: null, recipients: null })).toThrow(/không có người dùng "nobody"/);
    expect(() => plan(input({ signer: 'x' }), { signer: { position: 'officer', agencyCode: 'BGDĐT' }, agencyLevel: 'ministry', authorisation: null, recipients: null })).toThrow(/người có thẩm quyền ký/);
    expect(() => plan(input({ signer: 'x' }), { signer: { position: 'head', agencyCode: 'SGDĐT-DL' }, agencyLevel: 'ministry', authorisation: null, recipients: null })).toThrow(/người có thẩm quyền ký/);
    expect(() => plan(input({ signer: 'thuong.pn' }), { signer: { position: 'deputy_head', agencyCode: 'BGDĐT' }, agencyLevel: 'ministry', authorisation: null, recipients: null })).toThrow(/signingAuthority/);
    // Nobody names themself, or the drafter, as the signer.
    const head: Actor = { ...ttrHead, unitCode: 'QLCL' };
    expect(() => plan(input({ signer: 'hai.nt', signingAuthority: 'TL' }, { actor: head }), { signer: { position: 'unit_head', agencyCode: 'BGDĐT' }, agencyLevel: 'ministry', authorisation: null, recipients: null })).toThrow(
      /không tự ký/,
    );
    expect(() => plan(input({ signer: 'an.nv', signingAuthority: 'TL' }, { actor: head }), { signer: { position: 'unit_head', agencyCode: 'BGDĐT' }, agencyLevel: 'ministry', authorisation: null, recipients: null })).toThrow(
      /không tự ký/,
    );
  });
});

describe('SIGN', () => {
  const numbering = {
    seq: 7,
    year: 2027,
    fullName: 'Phạm Ngọc Thưởng',
    title: 'Thứ trưởng',
    agencyName: 'Bộ Giáo dục và Đào tạo',
    agencyLevel: 'ministry' as const,
    agencySymbol: 'BGDĐT',
    collectiveName: null,
    unitSymbol: 'QLCL',
    headTitle: 'Bộ trưởng',
    unitHeadTitle: null,
    authorisation: null,
  };
  const awaiting = doc({ state: 'awaiting_signature', signer: 'thuong.pn', signingAuthority: 'KT' });

  it('numbers, dates and signs the document, due out by the next working day', () => {
    const p = COMMANDS.SIGN.plan(input({}, { doc: awaiting, actor: deputy }), numbering);
    expect(p.set).toMatchObject({
      number: '07/KH-BGDĐT',
      numberYear: 2027,
      numberSeq: 7,
      issuedAt: now,
      signingAuthority: 'KT',
      signedBy: 'thuong.pn',
      disseminationDeadline: calendar.addWorkingDays(now, 1),
    });
    expect(p.set!.signatureBlock).toMatch(/^KT\. BỘ TRƯỞNG/);
    // Khẩn and above: sent at once (Điều 18.1), within URGENT_DISSEMINATION of the signature.
    const urgent = COMMANDS.SIGN.plan(input({}, { doc: { ...awaiting, urgency: 'urgent' } as DocumentRow, actor: deputy }), numbering);
    expect(urgent.set!.disseminationDeadline).toEqual(new Date(now.getTime() + 7_200_000));
    expect(p.sign).toEqual({ type: 'KH', number: '07/KH-BGDĐT', issuedAt: now.toISOString(), title: awaiting.title, body: awaiting.body, signer: 'thuong.pn' });
    expect(p.onBehalfOf).toBeNull();
  });

  it('a delegate signs on behalf of the assigned signer, under the authority the decree gives them', () => {
    const forHead = doc({ state: 'awaiting_signature', signer: 'son.nk', signingAuthority: null, signerDelegatedToCaller: true });
    const p = COMMANDS.SIGN.plan(input({}, { doc: forHead, actor: deputy }), numbering);
    expect(p.onBehalfOf).toBe('son.nk');
    expect(p.set!.signingAuthority).toBe('KT');
  });

  it('a delegate the decree does not allow signs nothing; a TUQ. without an authorisation in force neither (403)', () => {
    const forHead = doc({ state: 'awaiting_signature', signer: 'son.nk', signingAuthority: null, signerDelegatedToCaller: true });
    const unitHead = { ...deputy, username: 'chuong.hv', position: 'unit_head' as const, title: 'Cục trưởng' };
    expect(() => COMMANDS.SIGN.plan(input({}, { doc: forHead, actor: unitHead }), numbering)).toThrow(/ký thay son\.nk.*ủy quyền/);
    const p = COMMANDS.SIGN.plan(input({}, { doc: forHead, actor: unitHead }), { ...numbering, title: 'Cục trưởng', authorisation: { id: 'a1', reference: '15/GUQ-BGDĐT' } });
    expect(p.set).toMatchObject({ signingAuthority: 'TUQ', signatureBlock: 'TUQ. BỘ TRƯỞNG / CỤC TRƯỞNG / Phạm Ngọc Thưởng' });
    expect(p.payload).toMatchObject({ authorisation: { id: 'a1', reference: '15/GUQ-BGDĐT' } });
    const tuq = doc({ state: 'awaiting_signature', signer: 'chuong.hv', signingAuthority: 'TUQ' });
    expect(() => COMMANDS.SIGN.plan(input({}, { doc: tuq, actor: unitHead }), numbering)).toThrow(/văn bản ủy quyền/);
  });

  it('numbers with the symbols, not the codes (SPEC §9)', () => {
    const p = COMMANDS.SIGN.plan(input({}, { doc: { ...awaiting, type: 'CV' } as DocumentRow, actor: deputy }), { ...numbering, seq: 5, agencySymbol: 'SGDĐT', unitSymbol: 'QLCLGDCN' });
    expect(p.set!.number).toBe('05/SGDĐT-QLCLGDCN');
  });
});

it('RETURN clears the signer and records who it was and why; the head signs for nobody else', () => {
  const d = doc({ state: 'awaiting_signature', signer: 'son.nk', signingAuthority: null });
  const p = COMMANDS.RETURN.plan(input({ reason: 'Bổ sung dự toán' }, { doc: d, actor: head }), undefined);
  expect(p.set).toEqual({ signer: null, signingAuthority: null, signatureDeadline: null });
  expect(p.payload).toEqual({ reason: 'Bổ sung dự toán', signer: 'son.nk' });
  expect(p.onBehalfOf).toBeNull();
  expect(COMMANDS.RETURN.plan(input({ reason: 'x' }, { doc: d, actor: deputy }), undefined).onBehalfOf).toBe('son.nk');
});

describe('DISSEMINATE', () => {
  const { plan } = COMMANDS.DISSEMINATE;
  const gathered = (written: Array<{ agencyCode: string; unitCode: string | null; purpose: 'implement' | 'archive' }>) => ({
    written,
    delivered: written.map((r) => ({ ...r, groupCode: null })),
  });
  const signed = doc({ state: 'signed' });
  const resolved = [
    { agencyCode: 'SGDĐT-DL', unitCode: null, purpose: 'implement' as const },
    { agencyCode: 'BGDĐT', unitCode: 'VP', purpose: 'archive' as const },
    { agencyCode: 'SGDĐT-KT', unitCode: null, purpose: 'implement' as const },
  ];

  it('sends to agencies and units, each for a purpose; those that implement owe a report', () => {
    const payload = {
      recipients: [
        { agencyCode: 'SGDĐT-DL', purpose: 'implement' as const },
        { unitCode: 'VP', purpose: 'archive' as const },
        { agencyCode: 'SGDĐT-KT', purpose: 'implement' as const },
      ],
      reportDeadline: '2027-06-30T17:00:00+07:00',
    };
    const p = plan(input(payload, { doc: signed }), gathered(resolved));
    expect(p.machineEvent).toEqual({ type: 'DISSEMINATE', reports: ['0', '2'] });
    expect(p.set).toEqual({ reportDeadline: new Date('2027-06-30T10:00:00Z'), disseminatedAt: now });
    expect(p.payload.recipients).toEqual(resolved);
  });

  it('takes the report deadline proposed with the recipients; without any, implementing is refused', () => {
    const proposed = doc({ state: 'signed', proposedReportDeadline: new Date('2027-07-01T10:00:00Z') });
    expect(plan(input({}, { doc: proposed }), gathered(resolved)).set).toEqual({ reportDeadline: new Date('2027-07-01T10:00:00Z'), disseminatedAt: now });
    expect(() => plan(input({}, { doc: signed }), gathered(resolved))).toThrow(/reportDeadline must be an ISO 8601 date \(required when a recipient implements\)/);
    expect(plan(input({}, { doc: signed }), gathered([resolved[1]])).set).toEqual({ reportDeadline: null, disseminatedAt: now });
  });

  it('a group is one recipient as written and its members each a delivery; a member of an implementing group owes a report', () => {
    const written = [
      { agencyCode: null, unitCode: null, groupCode: 'CAC-SO-GDDT', purpose: 'implement' as const, note: 'để t/h' },
      { agencyCode: null, unitCode: null, externalCode: 'BCA', purpose: 'info' as const },
    ];
    const delivered = [
      { agencyCode: 'SGDĐT-DL', unitCode: null, groupCode: 'CAC-SO-GDDT', purpose: 'implement' as const, note: 'để t/h', main: false },
      { agencyCode: 'SGDĐT-HN', unitCode: null, groupCode: 'CAC-SO-GDDT', purpose: 'implement' as const, note: 'để t/h', main: false },
      { agencyCode: null, unitCode: null, externalCode: 'BCA', groupCode: null, purpose: 'info' as const },
    ];
    const p = plan(input({ reportDeadline: '2027-06-30T17:00:00+07:00' }, { doc: signed }), { written, delivered });
    expect(p.machineEvent).toEqual({ type: 'DISSEMINATE', reports: ['0', '1'] });
    // History keeps Nơi nhận as written.
    expect(p.payload.recipients).toEqual([
      { agencyCode: null, unitCode: null, groupCode: 'CAC-SO-GDDT', purpose: 'implement', note: 'để t/h' },
      { agencyCode: null, unitCode: null, externalCode: 'BCA', purpose: 'info' },
    ]);
  });
});

it('ACKNOWLEDGE and SUBMIT_REPORT act for the recipient rows of the caller; a second acknowledgement is a conflict', () => {
  const sgd: Actor = { username: 'vt.dl', position: 'clerk', agencyCode: 'SGDĐT-DL', unitCode: 'VP', fullName: 'Văn thư', title: '' };
  const r = (idx: number, agencyCode: string, acknowledgedAt: string | null, reportStatus: 'pending' | null) => ({
    idx,
    agencyCode,
    unitCode: null,
    purpose: reportStatus ? 'implement' : 'archive',
    acknowledgedAt,
    acknowledgedBy: null,
    reportStatus,
    reportContent: null,
    reportSubmittedAt: null,
    reportSubmittedBy: null,
  });
  const d = doc({
    state: 'disseminated',
    recipients: [r(0, 'SGDĐT-KT', null, 'pending'), r(1, 'SGDĐT-DL', null, 'pending')] as DocumentRow['recipients'],
    snapshot: { value: 'disseminated', context: { pendingConsultees: [], pendingReports: ['0', '1'] } },
  });
  expect(COMMANDS.ACKNOWLEDGE.plan(input({}, { doc: d, actor: sgd }), undefined).payload).toEqual({ recipients: [1] });
  const report = COMMANDS.SUBMIT_REPORT.plan(input({ content: 'Đã triển khai' }, { doc: d, actor: sgd }), undefined);
  expect(report.machineEvent).toEqual({ type: 'SUBMIT_REPORT', reports: ['1'] });
  // Per-session reports (SPEC §8): the session names which; without it, the sessions owed are named.
  const sessions = doc({
    state: 'disseminated',
    recipients: [r(0, 'SGDĐT-KT', null, 'pending'), r(1, 'SGDĐT-DL', null, 'pending')] as DocumentRow['recipients'],
    snapshot: { value: 'disseminated', context: { pendingConsultees: [], pendingReports: ['0@TOAN', '1@NGU-VAN', '1@TOAN'] } },
  });
  expect(COMMANDS.SUBMIT_REPORT.plan(input({ content: 'Buổi Toán', session: 'TOAN' }, { doc: sessions, actor: sgd }), undefined).machineEvent).toEqual({
    type: 'SUBMIT_REPORT',
    reports: ['1@TOAN'],
  });
  expect(() => COMMANDS.SUBMIT_REPORT.plan(input({ content: 'Báo cáo' }, { doc: sessions, actor: sgd }), undefined)).toThrow(/session: bắt buộc — còn báo cáo nhanh của buổi thi NGU-VAN, TOAN/);
  expect(COMMANDS.SUBMIT_REPORT.probe!(factsOf(sessions), sgd, sessions.snapshot.context)).toEqual({ type: 'SUBMIT_REPORT', reports: ['1@NGU-VAN'] });
  const acked = doc({ state: 'disseminated', recipients: [r(1, 'SGDĐT-DL', now.toISOString(), 'pending')] as DocumentRow['recipients'] });
  expect(() => COMMANDS.ACKNOWLEDGE.plan(input({}, { doc: acked, actor: sgd }), undefined)).toThrow(/Đã xác nhận/);
});

it('REVISE, CLOSE and WITHDRAW record what they were given', () => {
  expect(COMMANDS.REVISE.plan(input({}), undefined)).toEqual({ machineEvent: { type: 'REVISE' }, payload: {} });
  expect(COMMANDS.REVISE.plan(input({ note: 'Tiếp thu' }), undefined).payload).toEqual({ note: 'Tiếp thu' });
  const close = COMMANDS.CLOSE.plan(input({ summary: 'Xong' }), undefined);
  expect([close.set, close.payload]).toEqual([{ closingSummary: 'Xong' }, { summary: 'Xong' }]);
  expect(COMMANDS.WITHDRAW.plan(input({ reason: 'Gộp' }), undefined)).toEqual({ machineEvent: { type: 'WITHDRAW' }, payload: { reason: 'Gộp' } });
});

describe('recipients signed and sent', () => {
  it('names what a dissemination adds to, or leaves out of, the Nơi nhận the leader signed', () => {
    const signed = [
      { agencyCode: 'SGDĐT-DL', unitCode: null, purpose: 'implement' as const },
      { agencyCode: 'BGDĐT', unitCode: 'VP', purpose: 'archive' as const },
    ];
    expect(recipientDifference(signed, [...signed].reverse())).toEqual([]);
    expect(recipientDifference(signed, [signed[0], { agencyCode: 'SGDĐT-HN', unitCode: null, purpose: 'implement' }])).toEqual([
      'recipients: "SGDĐT-HN:implement" không có trong Nơi nhận đã ký',
      'recipients: thiếu "BGDĐT/VP:archive" của Nơi nhận đã ký',
    ]);
    // Another purpose is another recipient.
    expect(recipientDifference(signed, [signed[0], { ...signed[1], purpose: 'coordinate' }])).toHaveLength(2);
  });
});
