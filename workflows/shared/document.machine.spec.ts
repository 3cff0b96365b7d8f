import { createActor } from 'xstate';
import { consultationRequired, DOCUMENT_TYPES } from '../../libs/domain/src/types';
import { BUILT_IN_WORKFLOWS, WorkflowRegistry } from '../registry';
import type { DocumentEvent } from './document.machine';
import { acceptedEventTypes, initialSnapshot, restore, step, type PersistedDocumentSnapshot, type WorkflowDefinition } from './workflow-definition';

const ctx = (pendingConsultees: string[] = [], pendingReports: string[] = []) => ({ pendingConsultees, pendingReports });

/** Each state with the context it typically has. */
const STATES: Record<string, PersistedDocumentSnapshot> = {
  draft: { value: 'draft', context: ctx() },
  consulting: { value: 'consulting', context: ctx(['B/QLCL', 'B/TTr']) },
  consulted: { value: 'consulted', context: ctx() },
  awaiting_review: { value: 'awaiting_review', context: ctx() },
  awaiting_signature: { value: 'awaiting_signature', context: ctx() },
  signed: { value: 'signed', context: ctx() },
  disseminated: { value: 'disseminated', context: ctx([], ['r1', 'r2']) },
  reported: { value: 'reported', context: ctx() },
  withdrawn: { value: 'withdrawn', context: ctx() },
  recalled: { value: 'recalled', context: ctx() },
};

const EVENTS: DocumentEvent[] = [
  { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['B/QLCL'] },
  { type: 'GIVE_OPINION', consultee: 'B/QLCL' },
  { type: 'CONSULTATION_DEADLINE_REACHED' },
  { type: 'REVISE' },
  { type: 'SUBMIT_FOR_SIGNATURE' },
  { type: 'SUBMIT_FOR_SIGNATURE', review: true },
  { type: 'APPROVE_REVIEW' },
  { type: 'SIGN' },
  { type: 'RETURN' },
  { type: 'DISSEMINATE', reports: ['r1'] },
  { type: 'ACKNOWLEDGE' },
  { type: 'SUBMIT_REPORT', reports: ['r1'] },
  { type: 'CLOSE' },
  { type: 'WITHDRAW' },
  { type: 'RECALL' },
  { type: 'CORRECT' },
  { type: 'REPLACE' },
  { type: 'CORRECTED' },
  { type: 'REPLACED' },
];

/** An event's key in the table: SUBMIT_FOR_SIGNATURE with `review` apart. */
const keyOf = (e: DocumentEvent) => (e.type === 'SUBMIT_FOR_SIGNATURE' && e.review ? 'SUBMIT_FOR_SIGNATURE+review' : e.type);

/**
 * Expected target per state and event; absent means refused. Version 2 stops a submission that needs
 * review in awaiting_review (Điều 12.1); version 1 has no such state and ignores `review`.
 */
function expected(optional: boolean, version: number): Record<string, Partial<Record<string, string>>> {
  const reviewed = version >= 2 ? 'awaiting_review' : 'awaiting_signature';
  const submit = { SUBMIT_FOR_SIGNATURE: 'awaiting_signature', 'SUBMIT_FOR_SIGNATURE+review': reviewed };
  return {
    draft: {
      SUBMIT_FOR_CONSULTATION: 'consulting',
      WITHDRAW: 'withdrawn',
      ...(optional ? submit : {}),
    },
    consulting: { GIVE_OPINION: 'consulting', CONSULTATION_DEADLINE_REACHED: 'consulted', WITHDRAW: 'withdrawn' },
    consulted: { REVISE: 'draft', ...submit, WITHDRAW: 'withdrawn' },
    awaiting_review: version >= 2 ? { APPROVE_REVIEW: 'awaiting_signature', RETURN: 'draft', WITHDRAW: 'withdrawn' } : {},
    awaiting_signature: { SIGN: 'signed', RETURN: 'draft', WITHDRAW: 'withdrawn' },
    signed: { DISSEMINATE: 'disseminated' },
    disseminated: {
      ACKNOWLEDGE: 'disseminated',
      SUBMIT_REPORT: 'disseminated',
      CLOSE: 'reported',
      // Once out, on every version (Nghị định 30 Điều 18.3–4).
      RECALL: 'recalled',
      CORRECT: 'disseminated',
      REPLACE: 'disseminated',
      CORRECTED: 'disseminated',
      REPLACED: 'disseminated',
    },
    reported: {},
    withdrawn: {},
    recalled: {},
  };
}

describe.each(BUILT_IN_WORKFLOWS.map((d) => [`${d.id}@${d.version} (${d.documentType})`, d] as const))(
  'workflow %s',
  (_name, def: WorkflowDefinition) => {
    const table = expected(!consultationRequired(def.documentType), def.version);
    for (const [state, snapshot] of Object.entries(STATES).filter(([state]) => state !== 'awaiting_review' || def.version >= 2)) {
      for (const event of EVENTS) {
        const target = table[state][keyOf(event)];
        it(`${state} + ${keyOf(event)} → ${target ?? 'refused'}`, () => {
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

    it('reported, withdrawn and recalled are final; an unknown state accepts nothing', () => {
      expect(restore(def, { value: 'reported', context: ctx() }).status).toBe('done');
      expect(restore(def, { value: 'withdrawn', context: ctx() }).status).toBe('done');
      expect(restore(def, { value: 'recalled', context: ctx() }).status).toBe('done');
      expect(restore(def, { value: 'signed', context: ctx() }).status).toBe('active');
      expect(acceptedEventTypes(def, 'no_such_state')).toEqual([]);
      expect(createActor(def.machine).getSnapshot().context).toEqual(ctx());
    });

    it('one report may settle several obligations at once', () => {
      const s = step(def, STATES.disseminated, { type: 'SUBMIT_REPORT', reports: ['r1', 'r2'] })!;
      expect(s).toEqual({ value: 'reported', context: ctx() });
    });

    it('CLOSE ends open reports; so do a recall and a replacement out; a correction does not', () => {
      expect(step(def, STATES.disseminated, { type: 'CLOSE' })).toEqual({ value: 'reported', context: ctx() });
      expect(step(def, STATES.disseminated, { type: 'RECALL' })).toEqual({ value: 'recalled', context: ctx() });
      expect(step(def, STATES.disseminated, { type: 'REPLACED' })).toEqual({ value: 'disseminated', context: ctx() });
      expect(step(def, STATES.disseminated, { type: 'CORRECTED' })).toEqual(STATES.disseminated);
      expect(step(def, STATES.disseminated, { type: 'CORRECT' })).toEqual(STATES.disseminated);
    });

    it('names the events each state accepts', () => {
      expect(acceptedEventTypes(def, 'awaiting_signature').sort()).toEqual(['RETURN', 'SIGN', 'WITHDRAW']);
      expect(acceptedEventTypes(def, 'reported')).toEqual([]);
      expect(acceptedEventTypes(def, 'consulting').sort()).toEqual(['GIVE_OPINION', 'WITHDRAW']);
      expect(acceptedEventTypes(def, 'awaiting_review').sort()).toEqual(def.version >= 2 ? ['APPROVE_REVIEW', 'RETURN', 'WITHDRAW'] : []);
    });
  },
);

describe('WorkflowRegistry', () => {
  it('has a workflow for every type of Phụ lục III, version 2 for each, version 1 for the nine of Part one', () => {
    const reg = new WorkflowRegistry();
    expect(new Set(reg.all().map((d) => d.documentType))).toEqual(new Set(DOCUMENT_TYPES));
    expect(DOCUMENT_TYPES).toHaveLength(28);
    expect(reg.all().filter((d) => d.version === 2)).toHaveLength(28);
    expect(new Set(reg.all().map((d) => d.id)).size).toBe(28);
    for (const t of DOCUMENT_TYPES) expect(reg.latestFor(t).version).toBe(2);
  });

  it('says per type whether consultation is required: the letters, telegrams, minutes, papers and slips may skip it', () => {
    const reg = new WorkflowRegistry();
    const optional = reg
      .all()
      .filter((d) => d.version === 2 && restore(d, initialSnapshot(d)).can({ type: 'SUBMIT_FOR_SIGNATURE' }))
      .map((d) => d.documentType)
      .sort();
    expect(optional).toEqual(['BB', 'CV', 'CĐ', 'GGT', 'GM', 'GNP', 'GUQ', 'PB', 'PC', 'PG'].sort());
  });

  it('WORKFLOW_ROLLOUT holds new documents on an older version; a type with none that old starts on its first', () => {
    const held = new WorkflowRegistry(BUILT_IN_WORKFLOWS, 1);
    expect(held.latestFor('KH').version).toBe(1);
    expect(held.latestFor('NQ').version).toBe(2);
    expect(held.get('ke-hoach', 2).version).toBe(2);
    expect(new WorkflowRegistry(BUILT_IN_WORKFLOWS, 2).latestFor('KH').version).toBe(2);
    expect(new WorkflowRegistry(BUILT_IN_WORKFLOWS, 0).latestFor('KH').version).toBe(2);
  });

  it('names each version-1 workflow, its machine and its type; only GM and CV may go to signature unconsulted', () => {
    const reg = new WorkflowRegistry();
    const rows = reg.all().filter((d) => d.version === 1).map((d) => {
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
    const reg = new WorkflowRegistry(BUILT_IN_WORKFLOWS.filter((d) => d.version === 1));
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
    const v2 = reg.latestFor('KH');
    const v3: WorkflowDefinition = { ...v2, version: 3 };
    reg.register(v3);
    expect(reg.latestFor('KH').version).toBe(3);
    expect(reg.get('ke-hoach', 1).version).toBe(1);
    expect(reg.get('ke-hoach', 2)).toBe(v2);
  });

  it('refuses the same version twice and a second workflow id for one type', () => {
    const reg = new WorkflowRegistry();
    const v1 = reg.latestFor('KH');
    expect(() => reg.register(v1)).toThrow(/already registered/);
    expect(() => reg.register({ ...v1, id: 'other', version: 9 })).toThrow(/already follows/);
  });
});
