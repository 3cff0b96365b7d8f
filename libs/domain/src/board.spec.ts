import { boardCell, countCells, emptyCounts } from './board';

const due = new Date('2027-06-11T10:50:00Z');
const before = new Date(due.getTime() - 60_000);
const after = new Date(due.getTime() + 60_000);

describe('boardCell', () => {
  it('a pending report is pending until its deadline, late after it', () => {
    expect(boardCell({ status: 'pending', dueAt: due, submittedAt: null }, before)).toEqual({ status: 'pending', dueAt: due.toISOString(), submittedAt: null });
    expect(boardCell({ status: 'pending', dueAt: due, submittedAt: null }, after).status).toBe('late');
    // At the deadline itself it is still in time.
    expect(boardCell({ status: 'pending', dueAt: due, submittedAt: null }, due).status).toBe('pending');
  });

  it('a submitted one is submitted, marked when it came after its deadline', () => {
    expect(boardCell({ status: 'submitted', dueAt: due, submittedAt: before }, after)).toEqual({ status: 'submitted', dueAt: due.toISOString(), submittedAt: before.toISOString() });
    expect(boardCell({ status: 'submitted', dueAt: due, submittedAt: after }, after)).toEqual({
      status: 'submitted',
      dueAt: due.toISOString(),
      submittedAt: after.toISOString(),
      submittedLate: true,
    });
    expect(boardCell({ status: 'submitted', dueAt: due, submittedAt: due }, after).submittedLate).toBeUndefined();
  });

  it('one closed without it is missing, whatever the time', () => {
    expect(boardCell({ status: 'closed', dueAt: due, submittedAt: null }, before).status).toBe('missing');
  });
});

it('countCells counts each status', () => {
  const cells = [
    boardCell({ status: 'pending', dueAt: due, submittedAt: null }, after),
    boardCell({ status: 'pending', dueAt: due, submittedAt: null }, after),
    boardCell({ status: 'pending', dueAt: due, submittedAt: null }, before),
    boardCell({ status: 'submitted', dueAt: due, submittedAt: before }, after),
    boardCell({ status: 'closed', dueAt: due, submittedAt: null }, after),
  ];
  expect(countCells(cells)).toEqual({ submitted: 1, pending: 1, late: 2, missing: 1 });
  expect(countCells([])).toEqual(emptyCounts());
});
