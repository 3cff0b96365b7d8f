import { createActor } from 'xstate';
import { BUILT_IN_WORKFLOWS, WorkflowRegistry } from '../registry';
import type { DocumentEvent } from './document.machine';
import { acceptedEventTypes, initialSnapshot, restore, step, type PersistedDocumentSnapshot, type WorkflowDefinition } from './workflow-definition';

const ctx = (pendingConsultees: string[] = [], pendingReports: string[] = []) => ({ pendingConsultees, pendingReports });

/** Each state with the context it typically has. */
const STATES: Record<string, PersistedDocumentSnapshot> = {
  draft: { value: 'draft', context: ctx() },
  consulting: { value: 'consulting', context: ctx(['B/QLCL', 'B/TTr']) },
  consulted: { value: 'consulted', context: ctx() },
  awaiting_signature: { value: 'awaiting_signature', context: ctx() },
  signed: { value: 'signed', context: ctx() },
  disseminated: { value: 'disseminated', context: ctx([], ['r1', 'r2']) },
  reported: { value: 'reported', context: ctx() },
  withdrawn: { value: 'withdrawn', context: ctx() },
};

const EVENTS: DocumentEvent[] = [
  { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['B/QLCL'] },
  { type: 'GIVE_OPINION', consultee: 'B/QLCL' },
  { type: 'CONSULTATION_DEADLINE_REACHED' },
  { type: 'REVISE' },
  { type: 'SUBMIT_FOR_SIGNATURE' },
  { type: 'SIGN' },
  { type: 'RETURN' },
  { type: 'DISSEMINATE', reports: ['r1'] },
  { type: 'ACKNOWLEDGE' },
  { type: 'SUBMIT_REPORT', reports: ['r1'] },
  { type: 'CLOSE' },
  { type: 'WITHDRAW' },
];

/** Expected target per state and event; absent means refused. */
function expected(optional: boolean): Record<string, Partial<Record<DocumentEvent['type'], string>>> {
  return {
    draft: {
      SUBMIT_FOR_CONSULTATION: 'consulting',
      WITHDRAW: 'withdrawn',
      ...(optional ? { SUBMIT_FOR_SIGNATURE: 'awaiting_signature' } : {}),
    },
    consulting: { GIVE_OPINION: 'consulting', CONSULTATION_DEADLINE_REACHED: 'consulted', WITHDRAW: 'withdrawn' },
    consulted: { REVISE: 'draft', SUBMIT_FOR_SIGNATURE: 'awaiting_signature', WITHDRAW: 'withdrawn' },
    awaiting_signature: { SIGN: 'signed', RETURN: 'draft', WITHDRAW: 'withdrawn' },
    signed: { DISSEMINATE: 'disseminated' },
    disseminated: { ACKNOWLEDGE: 'disseminated', SUBMIT_REPORT: 'disseminated', CLOSE: 'reported' },
    reported: {},
    withdrawn: {},
  };
}

describe.each(BUILT_IN_WORKFLOWS.map((d) => [`${d.id}@${d.version} (${d.documentType})`, d] as const))(
  'workflow %s',
  (_name, def: WorkflowDefinition) => {
    const table = expected(def.documentType === 'GM' || def.documentType === 'CV');
    for (const [state, snapshot] of Object.entries(STATES)) {
      for (const event of EVENTS) {
        const target = table[state][event.type];
        it(`${state} + ${event.type} → ${target ?? 'refused'}`, () => {
          const next = step(def, snapshot, event);
          if (target === undefined) expect(next).toBeNull();
          else expect(next?.value).toBe(target);
        });
      }
    }

    it('starts in draft with empty context', () => {
      expect(initialSnapshot(def)).toEqual({ value: 'draft', context: ctx() });
    });

    it('moves to consulted only when the last consultee answers', () => {
      let s = step(def, STATES.draft, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['B/X', 'B/Y'] })!;
      expect(s.context.pendingConsultees).toEqual(['B/X', 'B/Y']);
      s = step(def, s, { type: 'GIVE_OPINION', consultee: 'B/Y' })!;
      expect(s).toEqual({ value: 'consulting', context: ctx(['B/X']) });
      expect(step(def, s, { type: 'GIVE_OPINION', consultee: 'B/Y' })).toBeNull();
      s = step(def, s, { type: 'GIVE_OPINION', consultee: 'B/X' })!;
      expect(s).toEqual({ value: 'consulted', context: ctx() });
    });

    it('refuses a consultation with nobody to consult', () => {
      expect(step(def, STATES.draft, { type: 'SUBMIT_FOR_CONSULTATION', consultees: [] })).toBeNull();
    });

    it('refuses an opinion from a unit that was not consulted', () => {
      expect(step(def, STATES.consulting, { type: 'GIVE_OPINION', consultee: 'B/OTHER' })).toBeNull();
    });

    it('a consultation deadline clears what was pending', () => {
      expect(step(def, STATES.consulting, { type: 'CONSULTATION_DEADLINE_REACHED' })).toEqual({
        value: 'consulted',
        context: ctx(),
      });
    });

    it('moves to reported when the last report is in, and refuses a report twice', () => {
      let s = step(def, STATES.disseminated, { type: 'SUBMIT_REPORT', reports: ['r2'] })!;
      expect(s).toEqual({ value: 'disseminated', context: ctx([], ['r1']) });
      expect(step(def, s, { type: 'SUBMIT_REPORT', reports: ['r2'] })).toBeNull();
      expect(step(def, s, { type: 'SUBMIT_REPORT', reports: [] })).toBeNull();
      s = step(def, s, { type: 'SUBMIT_REPORT', reports: ['r1'] })!;
      expect(s.value).toBe('reported');
    });

    it('a report naming one obligation that is not open is refused whole', () => {
      expect(step(def, STATES.disseminated, { type: 'SUBMIT_REPORT', reports: ['r1', 'r9'] })).toBeNull();
    });

    it('reported and withdrawn are final; an unknown state accepts nothing', () => {
      expect(restore(def, { value: 'reported', context: ctx() }).status).toBe('done');
      expect(restore(def, { value: 'withdrawn', context: ctx() }).status).toBe('done');
      expect(restore(def, { value: 'signed', context: ctx() }).status).toBe('active');
      expect(acceptedEventTypes(def, 'no_such_state')).toEqual([]);
      expect(createActor(def.machine).getSnapshot().context).toEqual(ctx());
    });

    it('one report may settle several obligations at once', () => {
      const s = step(def, STATES.disseminated, { type: 'SUBMIT_REPORT', reports: ['r1', 'r2'] })!;
      expect(s).toEqual({ value: 'reported', context: ctx() });
    });

    it('CLOSE ends open reports', () => {
      expect(step(def, STATES.disseminated, { type: 'CLOSE' })).toEqual({ value: 'reported', context: ctx() });
    });

    it('names the events each state accepts', () => {
      expect(acceptedEventTypes(def, 'awaiting_signature').sort()).toEqual(['RETURN', 'SIGN', 'WITHDRAW']);
      expect(acceptedEventTypes(def, 'reported')).toEqual([]);
      expect(acceptedEventTypes(def, 'consulting').sort()).toEqual(['GIVE_OPINION', 'WITHDRAW']);
    });
  },
);

describe('WorkflowRegistry', () => {
  it('has one workflow per document type', () => {
    const reg = new WorkflowRegistry();
    const types = reg.all().map((d) => d.documentType);
    expect(new Set(types).size).toBe(9);
  });

  it('names each workflow, its machine and its type; only GM and CV may go to signature unconsulted', () => {
    const reg = new WorkflowRegistry();
    const rows = reg.all().map((d) => {
      const draft = restore(d, initialSnapshot(d));
      return [d.id, d.machine.id, d.version, d.documentType, d.name, draft.can({ type: 'SUBMIT_FOR_SIGNATURE' })];
    });
    expect(rows).toEqual([
      ['bao-cao', 'bao-cao', 1, 'BC', 'Báo cáo', false],
      ['chi-thi', 'chi-thi', 1, 'CT', 'Chỉ thị', false],
      ['cong-van', 'cong-van', 1, 'CV', 'Công văn', true],
      ['giay-moi', 'giay-moi', 1, 'GM', 'Giấy mời', true],
      ['huong-dan', 'huong-dan', 1, 'HD', 'Hướng dẫn', false],
      ['ke-hoach', 'ke-hoach', 1, 'KH', 'Kế hoạch', false],
      ['quyet-dinh', 'quyet-dinh', 1, 'QĐ', 'Quyết định', false],
      ['thong-bao', 'thong-bao', 1, 'TB', 'Thông báo', false],
      ['to-trinh', 'to-trinh', 1, 'TTr', 'Tờ trình', false],
    ]);
  });

  it('lists by id then version, and a lower version registered later does not become the latest', () => {
    const reg = new WorkflowRegistry();
    const v1 = reg.latestFor('KH');
    reg.register({ ...v1, version: 3 });
    reg.register({ ...v1, version: 2 });
    expect(reg.latestFor('KH').version).toBe(3);
    expect(reg.all().filter((d) => d.id === 'ke-hoach').map((d) => d.version)).toEqual([1, 2, 3]);
    expect(reg.all().map((d) => d.id).slice(0, 2)).toEqual(['bao-cao', 'chi-thi']);
    expect(() => reg.get('ke-hoach', 9)).toThrow('workflow ke-hoach@9 is not registered');
    expect(() => new WorkflowRegistry([]).latestFor('KH')).toThrow('no workflow for document type KH');
  });

  it('starts new documents on the newest version and keeps the old one reachable', () => {
    const reg = new WorkflowRegistry();
    const v1 = reg.latestFor('KH');
    const v2: WorkflowDefinition = { ...v1, version: 2 };
    reg.register(v2);
    expect(reg.latestFor('KH').version).toBe(2);
    expect(reg.get('ke-hoach', 1)).toBe(v1);
  });

  it('refuses the same version twice and a second workflow id for one type', () => {
    const reg = new WorkflowRegistry();
    const v1 = reg.latestFor('KH');
    expect(() => reg.register(v1)).toThrow(/already registered/);
    expect(() => reg.register({ ...v1, id: 'other', version: 9 })).toThrow(/already follows/);
  });
});
