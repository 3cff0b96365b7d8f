import { VanBanDenV1, incomingEventsIn, stepIncoming, type IncomingEventType, type IncomingState } from './incoming.machine';

describe('văn bản đến: the incoming item machine', () => {
  const go = (state: IncomingState, type: IncomingEventType) => stepIncoming(VanBanDenV1, state, { type });

  it('goes received → registered → assigned → in_progress → done', () => {
    expect(go('received', 'REGISTER')).toBe('registered');
    expect(go('registered', 'ASSIGN')).toBe('assigned');
    expect(go('assigned', 'UPDATE')).toBe('in_progress');
    expect(go('in_progress', 'UPDATE')).toBe('in_progress');
    expect(go('in_progress', 'COMPLETE')).toBe('done');
    expect(go('assigned', 'COMPLETE')).toBe('done');
  });

  it('returns to the sender only before it is assigned', () => {
    expect(go('received', 'RETURN_TO_SENDER')).toBe('returned');
    expect(go('registered', 'RETURN_TO_SENDER')).toBe('returned');
    expect(go('assigned', 'RETURN_TO_SENDER')).toBeNull();
  });

  it('closes as recalled with its source, from any state still open; done, returned and recalled are final', () => {
    const recalled = (state: IncomingState) => stepIncoming(VanBanDenV1, state, { type: 'RECALLED' });
    for (const open of ['received', 'registered', 'assigned', 'in_progress'] as const) expect(recalled(open)).toBe('recalled');
    for (const closed of ['done', 'returned', 'recalled'] as const) expect(recalled(closed)).toBeNull();
    expect(go('recalled', 'REGISTER')).toBeNull();
    // The system's event is not offered to anyone.
    expect(incomingEventsIn(VanBanDenV1, 'assigned')).not.toContain('RECALLED');
  });

  it('refuses what the state does not take; done and returned take nothing', () => {
    expect(go('received', 'ASSIGN')).toBeNull();
    expect(go('received', 'COMPLETE')).toBeNull();
    expect(go('registered', 'REGISTER')).toBeNull();
    expect(go('registered', 'UPDATE')).toBeNull();
    for (const type of ['REGISTER', 'ASSIGN', 'UPDATE', 'COMPLETE', 'RETURN_TO_SENDER'] as const) {
      expect(go('done', type)).toBeNull();
      expect(go('returned', type)).toBeNull();
    }
    expect(incomingEventsIn(VanBanDenV1, 'received').sort()).toEqual(['REGISTER', 'RETURN_TO_SENDER']);
    expect(incomingEventsIn(VanBanDenV1, 'in_progress').sort()).toEqual(['COMPLETE', 'UPDATE']);
    expect(incomingEventsIn(VanBanDenV1, 'done')).toEqual([]);
  });
});
