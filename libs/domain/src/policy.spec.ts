import { isLeader, isOfDraftingUnit, mayAttempt, mayOffer, mayRead, pendingConsultationOf, pendingReportsOf, unacknowledgedOf, type DocumentFacts } from './policy';
import type { Actor, Position } from './types';

const actor = (username: string, position: Position, agencyCode: string | null, unitCode: string | null = null): Actor => ({
  username,
  position,
  agencyCode,
  unitCode,
  fullName: username,
  title: position,
});

const doc: DocumentFacts = {
  state: 'awaiting_signature',
  agencyCode: 'BGDĐT',
  unitCode: 'QLCL',
  drafter: 'an',
  signer: 'thuong',
  consultations: [{ agencyCode: 'BGDĐT', unitCode: 'TTr', status: 'agreed' }],
  recipients: [],
};

describe('who may act', () => {
  it('SIGN: the signer, or a delegate of the signer', () => {
    expect(mayAttempt('SIGN', doc, actor('thuong', 'deputy_head', 'BGDĐT'), new Set())).toBe(true);
    expect(mayAttempt('SIGN', doc, actor('phuc', 'deputy_head', 'BGDĐT'), new Set())).toBe(false);
    expect(mayAttempt('SIGN', doc, actor('phuc', 'deputy_head', 'BGDĐT'), new Set(['thuong']))).toBe(true);
  });

  it('reading: leaders of the agency and consulted units; not other units', () => {
    expect(mayRead(doc, actor('son', 'head', 'BGDĐT'), new Set())).toBe(true);
    expect(mayRead(doc, actor('hai', 'unit_head', 'BGDĐT', 'TTr'), new Set())).toBe(true);
    expect(mayRead(doc, actor('giang', 'unit_head', 'BGDĐT', 'CNTT'), new Set())).toBe(false);
    expect(mayRead(doc, actor('root', 'admin', null), new Set())).toBe(true);
  });
});

describe('who may send each event (SPEC §2 table)', () => {
  const facts: DocumentFacts = {
    state: 'disseminated',
    agencyCode: 'BGDĐT',
    unitCode: 'QLCL',
    drafter: 'an',
    signer: 'thuong',
    consultations: [
      { agencyCode: 'BGDĐT', unitCode: 'TTr', status: 'pending' },
      { agencyCode: 'BGDĐT', unitCode: 'CNTT', status: 'agreed' },
      { agencyCode: 'SGDĐT-DL', unitCode: 'VP', status: 'silent' },
    ],
    recipients: [
      { agencyCode: 'SGDĐT-DL', unitCode: null, purpose: 'implement', acknowledgedAt: null, reportStatus: 'pending' },
      { agencyCode: 'BGDĐT', unitCode: 'GDTrH', purpose: 'coordinate', acknowledgedAt: '2026-11-23T03:00:00Z', reportStatus: null },
      { agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', purpose: 'implement', acknowledgedAt: null, reportStatus: 'submitted' },
    ],
  };
  const people = {
    an: actor('an', 'officer', 'BGDĐT', 'QLCL'), // the drafter
    binh: actor('binh', 'officer', 'BGDĐT', 'QLCL'), // the drafting unit
    chinh: actor('chinh', 'unit_head', 'BGDĐT', 'QLCL'), // the drafting unit's head
    movedAn: actor('an2', 'officer', 'BGDĐT', 'GDTrH'),
    hai: actor('hai', 'unit_head', 'BGDĐT', 'TTr'), // consulted, pending
    giang: actor('giang', 'unit_head', 'BGDĐT', 'CNTT'), // consulted, answered
    clerkTTr: actor('vtt', 'clerk', 'BGDĐT', 'TTr'),
    khanh: actor('khanh', 'clerk', 'BGDĐT', 'VP'), // clerk of the issuing agency
    vtdl: actor('vtdl', 'clerk', 'SGDĐT-DL', 'VP'), // clerk of a consulted unit and a recipient agency
    ktdl: actor('ktdl', 'officer', 'SGDĐT-DL', 'KT'), // a recipient agency's officer
    dung: actor('dung', 'unit_head', 'BGDĐT', 'GDTrH'), // a recipient unit, acknowledged
    cvhn: actor('cvhn', 'officer', 'SGDĐT-HN', 'QLCL'), // a recipient that has reported
    otherHn: actor('x', 'officer', 'SGDĐT-HN', 'KT'),
    thuong: actor('thuong', 'deputy_head', 'BGDĐT'),
    son: actor('son', 'head', 'BGDĐT'),
    admin: actor('root', 'admin', null),
  };
  const may = (event: Parameters<typeof mayAttempt>[0], who: keyof typeof people, delegators: string[] = []) =>
    mayAttempt(event, facts, people[who], new Set(delegators));

  it('the drafting unit drafts, consults, revises, submits and closes; the drafter or the unit head withdraws', () => {
    for (const e of ['SUBMIT_FOR_CONSULTATION', 'REVISE', 'SUBMIT_FOR_SIGNATURE', 'CLOSE'] as const) {
      expect([e, may(e, 'an'), may(e, 'binh'), may(e, 'chinh'), may(e, 'hai'), may(e, 'son'), may(e, 'khanh')]).toEqual([e, true, true, true, false, false, false]);
    }
    expect([may('WITHDRAW', 'an'), may('WITHDRAW', 'chinh'), may('WITHDRAW', 'binh'), may('WITHDRAW', 'hai')]).toEqual([true, true, false, false]);
    // The drafter stays the drafter after moving to another unit.
    expect(mayAttempt('SUBMIT_FOR_CONSULTATION', { ...facts, drafter: 'an2' }, people.movedAn, new Set())).toBe(true);
    // …but not to another agency, nor into a post that drafts nothing.
    const elsewhere = actor('an2', 'officer', 'SGDĐT-DL', 'KT');
    const promoted = actor('an2', 'deputy_head', 'BGDĐT', null);
    for (const who of [elsewhere, promoted]) {
      for (const e of ['SUBMIT_FOR_CONSULTATION', 'SUBMIT_FOR_SIGNATURE', 'REVISE', 'CLOSE', 'WITHDRAW'] as const) {
        expect(mayAttempt(e, { ...facts, drafter: 'an2' }, who, new Set())).toBe(false);
      }
    }
  });

  it('SIGN: only the signer or their delegate, in the issuing agency, in a signing post, and never the drafter', () => {
    const doc = { ...facts, state: 'awaiting_signature' as const, signer: 'thuong' };
    const thuong = actor('thuong', 'deputy_head', 'BGDĐT', null);
    expect(mayAttempt('SIGN', doc, thuong, new Set())).toBe(true);
    // A delegate who moved to a Sở keeps the delegation row but not the authority.
    expect(mayAttempt('SIGN', doc, actor('dung', 'unit_head', 'BGDĐT', 'GDTrH'), new Set(['thuong']))).toBe(true);
    expect(mayAttempt('SIGN', doc, actor('dung', 'deputy_head', 'SGDĐT-DL', null), new Set(['thuong']))).toBe(false);
    expect(mayAttempt('RETURN', doc, actor('dung', 'deputy_head', 'SGDĐT-DL', null), new Set(['thuong']))).toBe(false);
    // The signer demoted to an officer since the submission.
    expect(mayAttempt('SIGN', doc, actor('thuong', 'officer', 'BGDĐT', 'QLCL'), new Set())).toBe(false);
    // The drafter holding a delegation from the signer.
    const own = { ...doc, drafter: 'dung' };
    expect(mayAttempt('SIGN', own, actor('dung', 'unit_head', 'BGDĐT', 'GDTrH'), new Set(['thuong']))).toBe(false);
  });

  it('GIVE_OPINION: an officer or head of a unit still pending, nobody else', () => {
    expect([may('GIVE_OPINION', 'hai'), may('GIVE_OPINION', 'giang'), may('GIVE_OPINION', 'clerkTTr'), may('GIVE_OPINION', 'an')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('SIGN and RETURN: the signer or a delegate of the signer', () => {
    for (const e of ['SIGN', 'RETURN'] as const) {
      expect([may(e, 'thuong'), may(e, 'son'), may(e, 'son', ['thuong']), may(e, 'son', ['phuc'])]).toEqual([true, false, true, false]);
    }
    expect(mayAttempt('SIGN', { ...facts, signer: null }, people.son, new Set(['thuong']))).toBe(false);
  });

  it('DISSEMINATE: a clerk of the issuing agency only — not one of a consulted or receiving agency, not a leader', () => {
    expect([may('DISSEMINATE', 'khanh'), may('DISSEMINATE', 'clerkTTr'), may('DISSEMINATE', 'vtdl'), may('DISSEMINATE', 'son')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('ACKNOWLEDGE: any user of a recipient; offered only to those who have not acknowledged yet', () => {
    expect([may('ACKNOWLEDGE', 'ktdl'), may('ACKNOWLEDGE', 'vtdl'), may('ACKNOWLEDGE', 'dung'), may('ACKNOWLEDGE', 'otherHn'), may('ACKNOWLEDGE', 'an')]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(mayOffer('ACKNOWLEDGE', facts, people.ktdl, new Set())).toBe(true);
    expect(mayOffer('ACKNOWLEDGE', facts, people.dung, new Set())).toBe(false);
    expect(mayOffer('SUBMIT_REPORT', facts, people.ktdl, new Set())).toBe(true);
    expect(mayOffer('SIGN', facts, people.ktdl, new Set())).toBe(false);
  });

  it('SUBMIT_REPORT: a recipient owing a report; not one that reported, not one only coordinating', () => {
    expect([may('SUBMIT_REPORT', 'ktdl'), may('SUBMIT_REPORT', 'cvhn'), may('SUBMIT_REPORT', 'dung'), may('SUBMIT_REPORT', 'an')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(pendingReportsOf(facts, people.ktdl)).toEqual([facts.recipients[0]]);
    expect(unacknowledgedOf(facts, people.cvhn)).toEqual([facts.recipients[2]]);
  });

  it('reading: the involved, the agency’s leaders and clerks, the admin; not a stranger', () => {
    const read = (who: keyof typeof people, delegators: string[] = []) => mayRead(facts, people[who], new Set(delegators));
    expect(['an', 'binh', 'hai', 'giang', 'khanh', 'clerkTTr', 'vtdl', 'ktdl', 'dung', 'cvhn', 'thuong', 'son', 'admin'].map((w) => read(w as never))).toEqual(
      Array(13).fill(true),
    );
    expect(read('otherHn')).toBe(false); // an officer of another unit of the Sở the document went to a unit of
    // The leaders and clerks of a recipient agency read it, whichever of its units it went to (they direct them).
    expect(mayRead(facts, actor('gd.hn', 'deputy_head', 'SGDĐT-HN'), new Set())).toBe(true);
    expect(mayRead(facts, actor('vt.hn', 'clerk', 'SGDĐT-HN', 'VP'), new Set())).toBe(true);
    const stranger = actor('phuc', 'deputy_head', 'SGDĐT-KT');
    expect(mayRead(facts, stranger, new Set())).toBe(false);
    expect(mayRead(facts, stranger, new Set(['thuong']))).toBe(true);
    // An officer of another unit of the agency reads only what involves the unit.
    expect(mayRead(facts, actor('em', 'officer', 'BGDĐT', 'VP'), new Set())).toBe(false);
    expect(pendingConsultationOf(facts, people.hai)).toEqual(facts.consultations[0]);
    expect(pendingConsultationOf(facts, people.clerkTTr)).toBeUndefined();
    expect(isOfDraftingUnit(facts, actor('q', 'clerk', 'BGDĐT', 'QLCL'))).toBe(false);
    expect(isLeader(people.son) && isLeader(people.thuong) && !isLeader(people.chinh)).toBe(true);
  });
});

describe('the same unit code in another agency is another unit', () => {
  const facts: DocumentFacts = {
    state: 'consulting',
    agencyCode: 'BGDĐT',
    unitCode: 'QLCL',
    drafter: 'an',
    signer: null,
    consultations: [{ agencyCode: 'BGDĐT', unitCode: 'TTr', status: 'pending' }],
    recipients: [],
  };
  const none = new Set<string>();

  it('a Sở’s Phòng QLCL is not the Cục QLCL that drafted, nor is its head', () => {
    expect(isOfDraftingUnit(facts, actor('cv', 'officer', 'SGDĐT-HN', 'QLCL'))).toBe(false);
    expect(mayAttempt('WITHDRAW', facts, actor('tp', 'unit_head', 'SGDĐT-HN', 'QLCL'), none)).toBe(false);
    expect(mayAttempt('WITHDRAW', facts, actor('chinh', 'unit_head', 'BGDĐT', 'QLCL'), none)).toBe(true);
    expect(mayRead(facts, actor('cv', 'officer', 'SGDĐT-HN', 'QLCL'), none)).toBe(false);
  });

  it('a Sở’s Thanh tra does not answer for the Ministry’s; an officer of the consulted unit does', () => {
    expect(pendingConsultationOf(facts, actor('x', 'officer', 'SGDĐT-DL', 'TTr'))).toBeUndefined();
    expect(pendingConsultationOf(facts, actor('y', 'officer', 'BGDĐT', 'TTr'))).toEqual(facts.consultations[0]);
    expect(pendingConsultationOf(facts, actor('z', 'unit_head', 'BGDĐT', 'TTr'))).toEqual(facts.consultations[0]);
  });

  it('a drafter moved to another agency still reads the draft; every event but ACKNOWLEDGE is offered as attempted', () => {
    expect(mayRead(facts, actor('an', 'officer', 'SGDĐT-DL', 'KT'), none)).toBe(true);
    const signing = { ...facts, state: 'awaiting_signature' as const, signer: 'thuong' };
    expect(mayOffer('SIGN', signing, actor('thuong', 'deputy_head', 'BGDĐT'), none)).toBe(true);
  });
});
