import { WorkingCalendar } from './calendar';
import { anchorSession, anchorTouchedBy, anchoredDeadlineProblem, describeAnchored, isAnchored, resolveAnchored } from './anchors';

const cal = new WorkingCalendar();
const at = (local: string) => new Date(`${local}+07:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`).toISOString();
// The 2027 graduation exam's shape: two days, Ngữ văn and Toán on Friday 11/6, the combined tests on Saturday.
const sessions = [
  { code: 'TOAN', name: 'Toán', startsAt: at('2027-06-11T14:20:00'), endsAt: at('2027-06-11T15:50:00') },
  { code: 'NGU-VAN', name: 'Ngữ văn', startsAt: at('2027-06-11T07:35:00'), endsAt: at('2027-06-11T09:35:00') },
  { code: 'TO-HOP-CHIEU', name: 'Tổ hợp (chiều)', startsAt: at('2027-06-12T14:20:00'), endsAt: at('2027-06-12T16:10:00') },
  { code: 'TO-HOP-SANG', name: 'Tổ hợp (sáng)', startsAt: at('2027-06-12T07:35:00'), endsAt: at('2027-06-12T09:30:00') },
];

describe('anchorSession', () => {
  it('first is the earliest to start, last the latest to end, a named one by its code', () => {
    expect(anchorSession('firstSession', sessions)?.code).toBe('NGU-VAN');
    expect(anchorSession('lastSession', sessions)?.code).toBe('TO-HOP-CHIEU');
    expect(anchorSession('session:TOAN', sessions)?.code).toBe('TOAN');
    expect(anchorSession('session:SU', sessions)).toBeNull();
    expect(anchorSession('firstSession', [])).toBeNull();
  });

  it('the last session is the one that ends last, even when it started earlier', () => {
    const long = { code: 'DAI', startsAt: at('2027-06-12T07:00:00'), endsAt: at('2027-06-12T18:00:00') };
    expect(anchorSession('lastSession', [...sessions, long])?.code).toBe('DAI');
  });
});

describe('resolveAnchored', () => {
  it('20 working days before the first session: the end of Friday 14 May 2027 (weekends skipped)', () => {
    expect(resolveAnchored({ anchor: 'firstSession', workingDays: -20 }, sessions, cal)?.toISOString()).toBe(endOf('2027-05-14'));
  });

  it('30 working days before it crosses 30/4 and 1/5 (and the Monday given for 1/5 falling on a Saturday)', () => {
    // 4/5 is the 28th; 3/5 (substitute day), 1/5 and 30/4 are off; 29/4 the 29th, 28/4 the 30th.
    expect(resolveAnchored({ anchor: 'firstSession', workingDays: -30 }, sessions, cal)?.toISOString()).toBe(endOf('2027-04-28'));
  });

  it('one working day before a session on a Monday is the Friday before it', () => {
    const monday = [{ code: 'X', startsAt: at('2027-06-14T07:35:00'), endsAt: at('2027-06-14T09:35:00') }];
    expect(resolveAnchored({ anchor: 'session:X', workingDays: -1 }, monday, cal)?.toISOString()).toBe(endOf('2027-06-11'));
  });

  it('a positive count runs on from the end: 2 working days after the last session (Saturday 12/6) end on Tuesday 15/6', () => {
    expect(resolveAnchored({ anchor: 'lastSession', workingDays: 2 }, sessions, cal)?.toISOString()).toBe(endOf('2027-06-15'));
  });

  it('hours after the end, or before the start', () => {
    expect(resolveAnchored({ anchor: 'session:TOAN', hours: 2 }, sessions, cal)?.toISOString()).toBe(at('2027-06-11T17:50:00').toISOString());
    expect(resolveAnchored({ anchor: 'firstSession', hours: -24 }, sessions, cal)?.toISOString()).toBe(at('2027-06-10T07:35:00').toISOString());
  });

  it('an admin day counts: a Saturday made a working day shortens the count back', () => {
    const swapped = new WorkingCalendar([{ date: '2027-06-05', kind: 'working' }]);
    // 10, 9, 8, 7, then Saturday 5/6.
    expect(resolveAnchored({ anchor: 'firstSession', workingDays: -5 }, sessions, swapped)?.toISOString()).toBe(endOf('2027-06-05'));
    expect(resolveAnchored({ anchor: 'firstSession', workingDays: -5 }, sessions, cal)?.toISOString()).toBe(endOf('2027-06-04'));
  });

  it('null when the anchor names no session', () => {
    expect(resolveAnchored({ anchor: 'session:SU', hours: 2 }, sessions, cal)).toBeNull();
  });
});

describe('anchoredDeadlineProblem', () => {
  it('accepts the shapes of SPEC §8', () => {
    expect(anchoredDeadlineProblem({ anchor: 'firstSession', workingDays: -20 }, 'deadline')).toBeNull();
    expect(anchoredDeadlineProblem({ anchor: 'session:TO-HOP-SANG', hours: 2 }, 'deadline')).toBeNull();
  });

  it.each([
    ['a number', 5, 'deadline: một thời điểm'],
    ['an array', [], 'deadline: một thời điểm'],
    ['an unknown field', { anchor: 'firstSession', workingDays: 1, days: 2 }, 'deadline: không có trường days'],
    ['a bad anchor', { anchor: 'exam', workingDays: 1 }, 'deadline.anchor:'],
    ['a lower-case session code', { anchor: 'session:toan', hours: 2 }, 'deadline.anchor:'],
    ['both offsets', { anchor: 'firstSession', workingDays: 1, hours: 2 }, 'không cả hai'],
    ['no offset', { anchor: 'firstSession' }, 'không cả hai'],
    ['zero', { anchor: 'firstSession', workingDays: 0 }, 'deadline.workingDays: số nguyên khác 0'],
    ['a fraction', { anchor: 'firstSession', hours: 1.5 }, 'deadline.hours: số nguyên'],
    ['too far', { anchor: 'firstSession', workingDays: -366 }, 'deadline.workingDays:'],
    ['hours too far', { anchor: 'firstSession', hours: 8761 }, 'deadline.hours:'],
    ['a string count', { anchor: 'firstSession', hours: '2' }, 'deadline.hours:'],
  ])('rejects %s', (_, value, message) => {
    expect(anchoredDeadlineProblem(value, 'deadline')).toContain(message);
  });

  it('the limits themselves pass', () => {
    expect(anchoredDeadlineProblem({ anchor: 'firstSession', workingDays: -365 }, 'd')).toBeNull();
    expect(anchoredDeadlineProblem({ anchor: 'firstSession', hours: 8760 }, 'd')).toBeNull();
  });
});

describe('isAnchored, anchorTouchedBy, describeAnchored', () => {
  it('an object is anchored, a moment is not', () => {
    expect(isAnchored({ anchor: 'firstSession', hours: 1 })).toBe(true);
    expect(isAnchored('2027-06-01T00:00:00Z')).toBe(false);
    expect(isAnchored(null)).toBe(false);
    expect(isAnchored([])).toBe(false);
  });

  it('a named session is touched by its own change only; first and last by any', () => {
    expect(anchorTouchedBy('session:TOAN', ['TOAN'])).toBe(true);
    expect(anchorTouchedBy('session:TOAN', ['NGU-VAN'])).toBe(false);
    expect(anchorTouchedBy('firstSession', ['TOAN'])).toBe(true);
    expect(anchorTouchedBy('lastSession', [])).toBe(false);
  });

  it('says it in Vietnamese', () => {
    expect(describeAnchored({ anchor: 'firstSession', workingDays: -20 })).toBe('20 ngày làm việc trước buổi thi đầu tiên');
    expect(describeAnchored({ anchor: 'lastSession', workingDays: 2 })).toBe('2 ngày làm việc sau buổi thi cuối cùng');
    expect(describeAnchored({ anchor: 'session:TOAN', hours: 2 }, sessions)).toBe('2 giờ sau buổi thi Toán');
    expect(describeAnchored({ anchor: 'session:SU', hours: -3 })).toBe('3 giờ trước buổi thi SU');
  });
});
