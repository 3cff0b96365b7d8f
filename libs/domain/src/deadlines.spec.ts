import { WorkingCalendar } from './calendar';
import { after, before, disseminationDue, escalationTargets, isDeadlineStage, parseStepJobId, planSteps, stepId, stepJobId, type EscalationOrg } from './deadlines';

const cal = new WorkingCalendar();
const at = (local: string) => new Date(`${local}+07:00`);
const wd = (days: number) => ({ kind: 'working_days', days }) as const;
const ms = (n: number) => ({ kind: 'wall_clock', ms: n }) as const;

describe('after and before a deadline', () => {
  const due = at('2026-11-27T23:59:59.999'); // Friday

  it('wall clock adds and takes milliseconds', () => {
    expect(after(due, ms(2000), cal).getTime()).toBe(due.getTime() + 2000);
    expect(before(due, ms(2000), cal).getTime()).toBe(due.getTime() - 2000);
  });

  it('working days skip the weekend both ways', () => {
    expect(after(due, wd(1), cal).toISOString()).toBe(at('2026-11-30T23:59:59.999').toISOString());
    expect(before(at('2026-11-30T23:59:59.999'), wd(1), cal).toISOString()).toBe(due.toISOString());
  });
});

describe('planSteps', () => {
  const options = { reminderBefore: ms(2000), escalationAfter: ms(5000), calendar: cal };
  const due = new Date('2026-11-26T10:00:00Z');

  it('a stage other than consultation: reminded before and at the deadline, escalated after it', () => {
    expect(planSteps('signature', due, new Date(due.getTime() - 10_000), options)).toEqual([
      { step: 'remind_before', runAt: new Date(due.getTime() - 2000) },
      { step: 'remind_due', runAt: due },
      { step: 'escalate', runAt: new Date(due.getTime() + 5000) },
    ]);
  });

  it('a consultation closes itself at its deadline: no reminder at it, no escalation', () => {
    expect(planSteps('consultation', due, new Date(due.getTime() - 10_000), options)).toEqual([
      { step: 'remind_before', runAt: new Date(due.getTime() - 2000) },
      { step: 'expire', runAt: due },
    ]);
  });

  it('a reminder whose time has passed (or is now) is not planned; the rest still is', () => {
    expect(planSteps('report', due, new Date(due.getTime() - 2000), options).map((s) => s.step)).toEqual(['remind_due', 'escalate']);
    expect(planSteps('report', due, new Date(due.getTime() - 1999), options).map((s) => s.step)).toEqual(['remind_due', 'escalate']);
    expect(planSteps('report', due, new Date(due.getTime() - 2001), options).map((s) => s.step)).toEqual(['remind_before', 'remind_due', 'escalate']);
  });

  it('working-day escalation lands at the end of the next working day', () => {
    const friday = at('2026-11-27T23:59:59.999');
    const steps = planSteps('dissemination', friday, at('2026-11-23T09:00:00'), { ...options, escalationAfter: wd(1) });
    expect(steps.at(-1)).toEqual({ step: 'escalate', runAt: at('2026-11-30T23:59:59.999') });
  });
});

describe('stages and step ids', () => {
  it('the four stages with a deadline, and no other', () => {
    for (const s of ['consulting', 'awaiting_signature', 'signed', 'disseminated']) expect(isDeadlineStage(s)).toBe(true);
    for (const s of ['draft', 'consulted', 'reported', 'withdrawn', 'toString']) expect(isDeadlineStage(s)).toBe(false);
  });

  it('ids are document, stage entry, kind and step, without a colon (BullMQ forbids it)', () => {
    expect(stepId('d1', 4, 'signature', 'escalate')).toBe('d1.4.signature.escalate');
  });
});

describe('escalationTargets (SPEC §2)', () => {
  /** The example organisation's shape: a ministry with supervised units, a Sở whose Phòng has a supervisor. */
  const levels: Record<string, 'ministry' | 'department'> = { BGDĐT: 'ministry', 'SGDĐT-DL': 'department' };
  const supervisors: Record<string, string> = { 'BGDĐT/QLCL': 'thuong', 'BGDĐT/CNTT': 'phuc', 'SGDĐT-DL/KT': 'pgd' };
  const heads: Record<string, string[]> = { BGDĐT: ['son'], 'SGDĐT-DL': ['gd'] };
  const unitHeads: Record<string, string[]> = { 'BGDĐT/QLCL': ['chinh'], 'SGDĐT-DL/KT': ['tp'] };
  const org: EscalationOrg = {
    levelOf: (a) => levels[a],
    supervisorOf: (a, u) => supervisors[`${a}/${u}`] ?? null,
    headsOf: (a) => heads[a] ?? [],
    unitHeadsOf: (a, u) => unitHeads[`${a}/${u}`] ?? [],
  };
  const drafting = { agencyCode: 'BGDĐT', unitCode: 'QLCL' };

  it('in a ministry: the supervisor of the unit that owes it', () => {
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: 'CNTT' }, drafting, org)).toEqual(['phuc']);
  });

  it('in a ministry, a unit without a supervisor, or a whole agency: its head', () => {
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: 'TTr' }, drafting, org)).toEqual(['son']);
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: null }, drafting, org)).toEqual(['son']);
  });

  it('in a department: its Giám đốc, even for a unit with a supervising Phó Giám đốc', () => {
    expect(escalationTargets({ agencyCode: 'SGDĐT-DL', unitCode: 'KT' }, drafting, org)).toEqual(['gd']);
    expect(escalationTargets({ agencyCode: 'SGDĐT-DL', unitCode: null }, drafting, org)).toEqual(['gd']);
  });

  it('when the one who owes it is the supervisor: the head', () => {
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: 'CNTT', username: 'phuc', position: 'deputy_head' }, drafting, org)).toEqual(['son']);
  });

  it('a deputy signer of a ministry owes it with no unit: the head', () => {
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: null, username: 'thuong', position: 'deputy_head' }, drafting, org)).toEqual(['son']);
  });

  it('when the head owes it: the head and the drafting unit’s head, each once', () => {
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: null, username: 'son', position: 'head' }, drafting, org)).toEqual(['son', 'chinh']);
    // Known as a head by the organisation even when the position is not given.
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: null, username: 'son' }, drafting, org)).toEqual(['son', 'chinh']);
    // Known as a head by position even when the organisation's list of heads does not name them.
    expect(escalationTargets({ agencyCode: 'SGDĐT-HN', unitCode: null, username: 'gdhn', position: 'head' }, drafting, org)).toEqual(['chinh']);
    const headDrafts = { ...org, unitHeadsOf: () => ['son'] };
    expect(escalationTargets({ agencyCode: 'BGDĐT', unitCode: null, username: 'son', position: 'head' }, drafting, headDrafts)).toEqual(['son']);
  });

  it('an agency with no head and no supervisor escalates to nobody rather than to a wrong person', () => {
    expect(escalationTargets({ agencyCode: 'SGDĐT-HN', unitCode: 'QLCL' }, drafting, org)).toEqual([]);
  });
});

describe('stepJobId', () => {
  const id = stepId('0b8e6a4c-1f2d-4e5a-9b7c-3d2e1f0a9b8c', 4, 'report', 'remind_due');

  it('is the step id until the step is moved, then carries the move', () => {
    expect(stepJobId(id, 0)).toBe(id);
    expect(stepJobId(id, 2)).toBe(`${id}.m2`);
  });

  it('a per-session report names its session after the kind', () => {
    expect(stepId('d', 7, 'report', 'escalate', 'TOAN')).toBe('d.7.report-TOAN.escalate');
    expect(stepId('d', 7, 'report', 'escalate')).toBe('d.7.report.escalate');
  });

  it('reads back what it wrote', () => {
    expect(parseStepJobId(stepJobId(id, 0))).toEqual({ stepId: id, moves: 0 });
    expect(parseStepJobId(stepJobId(id, 12))).toEqual({ stepId: id, moves: 12 });
    expect(parseStepJobId('a.m')).toEqual({ stepId: 'a.m', moves: 0 });
  });
});

describe('disseminationDue (Nghị định 30 Điều 18.1)', () => {
  const signedAt = at('2026-11-27T16:00:00'); // a Friday afternoon

  it('a normal document by the end of the next working day', () => {
    expect(disseminationDue(signedAt, 'normal', ms(7_200_000), cal).toISOString()).toBe(at('2026-11-30T23:59:59.999').toISOString());
  });

  it('an urgent, very urgent or flash one at once: within the span after its signature, weekend or not', () => {
    for (const urgency of ['urgent', 'very_urgent', 'flash']) {
      expect(disseminationDue(signedAt, urgency, ms(7_200_000), cal).toISOString()).toBe(at('2026-11-27T18:00:00').toISOString());
    }
  });
});
