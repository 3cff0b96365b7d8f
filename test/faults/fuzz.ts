import type { Cluster } from './cluster';
import { query } from './cluster';

/**
 * Random traffic against the cluster: random users of the generated
 * organisation send events to a few hundred documents, mostly the events
 * their document offers them (with valid payloads), sometimes anything at
 * all. Every 2xx is remembered so that the invariants can find it again.
 */
export interface Ack {
  id: string;
  version: number;
}

const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: T[]): T => xs[rnd(xs.length)];
const soon = (minS: number, maxS: number) => new Date(Date.now() + (minS + Math.random() * (maxS - minS)) * 1000).toISOString();

export class Fuzzer {
  readonly docs: string[] = [];
  readonly acks: Ack[] = [];
  /** The incoming items' acknowledged events (their own history, their own versions). */
  readonly incomingAcks: Ack[] = [];
  readonly statuses = new Map<number, number>();
  readonly unexpected: Array<{ status: number; body: unknown; what: string }> = [];
  /** Statuses that are a correct answer to some request of ours. */
  allowed = new Set([200, 201, 400, 403, 404, 409]);

  constructor(private readonly cluster: Cluster) {}

  private client() {
    return pick(this.cluster.clients);
  }

  private users(agency?: string) {
    return this.cluster.org.users.filter((u) => !agency || u.agencyCode === agency);
  }

  private record(what: string, r: { status: number; body: any }, acks = this.acks) {
    this.statuses.set(r.status, (this.statuses.get(r.status) ?? 0) + 1);
    if (!this.allowed.has(r.status)) this.unexpected.push({ status: r.status, body: r.body, what });
    if (r.status >= 200 && r.status < 300 && r.body?.id && typeof r.body.version === 'number') {
      acks.push({ id: r.body.id, version: r.body.version });
    }
  }

  /**
   * One random act on what arrived (văn bản đến): someone of a receiving
   * agency takes an item they see and sends what it offers them, with a
   * valid payload most of the time — registration, distribution with a
   * deadline seconds away, progress, completion with the report.
   */
  async incomingStep(): Promise<void> {
    const c = this.client();
    const all = await c.as('admin').get('/api/incoming');
    this.record('incoming list', all);
    const items: any[] = all.status === 200 ? all.body : [];
    if (items.length === 0) return;
    const item = pick(items);
    // Someone of the receiving agency who owes the next step most of the time, anyone otherwise.
    const near = this.users(item.agencyCode).filter((u) =>
      item.state === 'received' ? u.position === 'clerk'
      : item.state === 'registered' ? u.position === 'head' || u.position === 'deputy_head'
      : u.unitCode !== undefined && u.unitCode === item.assignment?.lead,
    );
    const user = near.length && Math.random() < 0.85 ? pick(near) : pick(this.users());
    const seen = await c.as(user.username).get(`/api/incoming/${item.id}`);
    this.record('incoming get', seen, this.incomingAcks);
    const offered: string[] = seen.status === 200 ? seen.body.availableEvents : [];
    const type = offered.length && Math.random() < 0.9 ? pick(offered) : pick(['REGISTER', 'ASSIGN', 'UPDATE', 'COMPLETE', 'RETURN_TO_SENDER']);
    const units = this.cluster.org.units.filter((u) => u.agencyCode === user.agencyCode).map((u) => u.code);
    const payload: Record<string, unknown> =
      type === 'ASSIGN'
        ? { lead: pick(units.filter((u) => u !== 'VP').concat(units[0])), deadline: soon(3, 12) }
        : type === 'UPDATE'
          ? { comment: 'Đang xử lý' }
          : type === 'COMPLETE'
            ? { summary: 'Đã xử lý', report: 'Đã thực hiện' }
            : type === 'RETURN_TO_SENDER'
              ? Math.random() < 0.1 ? { reason: 'Gửi nhầm' } : {}
              : {};
    // Returning is rare: most of what arrives is worked to the end.
    if (type === 'RETURN_TO_SENDER' && !payload.reason) return;
    const body = { type, ...payload, ...(Math.random() < 0.1 ? { expectedVersion: seen.body?.version ?? 1 } : {}) };
    this.record(`incoming ${type}`, await c.as(user.username).post(`/api/incoming/${item.id}/events`, body), this.incomingAcks);
  }

  async create(): Promise<void> {
    const author = pick(this.users().filter((u) => u.position === 'officer' || u.position === 'unit_head'));
    const type = pick(['KH', 'QĐ', 'GM', 'CV', 'TB']);
    const r = await this.client().as(author.username).post('/api/documents', { type, title: `Văn bản thử ${rnd(1e6)}`, urgency: pick(['normal', 'urgent', 'very_urgent', 'flash']) });
    this.record('create', r);
    if (r.status === 201) this.docs.push(r.body.id);
  }

  private payload(type: string, user: { agencyCode: string; position: string }, valid: boolean): Record<string, unknown> {
    const agency = user.agencyCode;
    const units = this.cluster.org.units.filter((u) => u.agencyCode === agency && u.code !== 'VP').map((u) => u.code);
    switch (type) {
      case 'SUBMIT_FOR_CONSULTATION':
        return Math.random() < 0.5
          ? { consultees: [pick(units), ...(Math.random() < 0.3 ? ['SO1/P1'] : [])], deadline: soon(3, 12) }
          : { consultees: [pick(units)], workingDays: 1 + rnd(3) };
      case 'GIVE_OPINION':
        return Math.random() < 0.7 ? { agree: true } : { agree: false, comment: 'Đề nghị chỉnh sửa' };
      case 'REVISE':
        return { note: 'Sửa theo góp ý' };
      case 'SUBMIT_FOR_SIGNATURE': {
        const head = Math.random() < 0.5;
        return { signer: `${agency}.${head ? 'head' : 'dep'}`, signingAuthority: head ? null : 'KT', ...(Math.random() < 0.6 ? { deadline: soon(3, 12) } : {}) };
      }
      case 'RETURN':
      case 'WITHDRAW':
        return { reason: 'Lý do thử' };
      case 'DISSEMINATE': {
        const others = ['BO', 'SO1', 'SO2'].filter((a) => a !== agency);
        return {
          recipients: [{ agencyCode: pick(others), purpose: 'implement' }, { unitCode: 'VP', purpose: 'archive' }],
          reportDeadline: soon(3, 12),
        };
      }
      case 'SUBMIT_REPORT':
        return { content: 'Đã thực hiện' };
      case 'CLOSE':
        return { summary: 'Kết thúc' };
      default:
        return valid ? {} : { junk: true };
    }
  }

  /** One random act. */
  async step(): Promise<void> {
    if (this.docs.length === 0 || Math.random() < 0.05) return this.create();
    if (Math.random() < 0.2) return this.incomingStep();
    const id = pick(this.docs);
    const c = this.client();
    // Someone near the document most of the time, anyone otherwise.
    const user = pick(this.users());
    const seen = await c.as(user.username).get(`/api/documents/${id}`);
    this.record('get', seen);
    const offered: string[] = seen.status === 200 ? seen.body.availableEvents : [];
    const events = ['SUBMIT_FOR_CONSULTATION', 'GIVE_OPINION', 'REVISE', 'SUBMIT_FOR_SIGNATURE', 'SIGN', 'RETURN', 'DISSEMINATE', 'ACKNOWLEDGE', 'SUBMIT_REPORT', 'CLOSE', 'WITHDRAW', 'PUBLISH'];
    const goodOne = offered.length > 0 && Math.random() < 0.85;
    const type = goodOne ? pick(offered.filter((e) => e !== 'WITHDRAW' || Math.random() < 0.2).concat(offered[0])) : pick(events);
    const body: Record<string, unknown> = { type, ...this.payload(type, user, goodOne || Math.random() < 0.5) };
    if (Math.random() < 0.1) body.expectedVersion = seen.body?.version ?? 1;
    if (Math.random() < 0.03) body.expectedVersion = 999;
    this.record(type, await c.as(user.username).event(id, body));
  }

  async run(seconds: number, concurrency: number, stop?: () => boolean): Promise<void> {
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < until && !stop?.()) {
          try {
            await this.step();
          } catch (e) {
            this.unexpected.push({ status: -1, body: String(e), what: 'network' });
          }
        }
      }),
    );
  }
}

/** What must hold after any fault, read from PostgreSQL and the API. */
export async function checkInvariants(cluster: Cluster, acks: Ack[], incomingAcks: Ack[] = []): Promise<string[]> {
  const problems: string[] = [];
  problems.push(...(await incomingInvariants(cluster, incomingAcks)));
  // Every acknowledged transition has its history row.
  const history = await query(cluster, `SELECT document_id || ':' || seq AS k FROM document_history`);
  const have = new Set(history.map((r) => r.k));
  for (const a of acks) if (!have.has(`${a.id}:${a.version}`)) problems.push(`acknowledged ${a.id} v${a.version} has no history row`);
  // Each document: version = history length, and the chain verifies.
  // (One statement, one snapshot: workers may still be closing consultations while this reads.)
  const docs = await query(
    cluster,
    `SELECT d.id, d.version, (SELECT count(*)::int FROM document_history h WHERE h.document_id = d.id) AS n FROM documents d`,
  );
  const admin = cluster.clients[0];
  for (const d of docs) {
    if (d.n !== d.version) problems.push(`${d.id}: version ${d.version}, history ${d.n}`);
    const v = await admin.as('admin').get(`/api/documents/${d.id}/history/verify`);
    if (!v.body?.valid) problems.push(`${d.id}: history does not verify: ${JSON.stringify(v.body)}`);
  }
  // Numbers: 1..N per agency and year, no gap, no duplicate, and the counter agrees.
  const numbers = await query(cluster, `SELECT agency_code, number_year, array_agg(number_seq ORDER BY number_seq) AS seqs FROM documents WHERE number IS NOT NULL GROUP BY 1, 2`);
  for (const n of numbers) {
    const want = Array.from({ length: n.seqs.length }, (_, i) => i + 1);
    if (JSON.stringify(n.seqs) !== JSON.stringify(want)) problems.push(`numbers of ${n.agency_code}/${n.number_year}: ${n.seqs.join(',')}`);
  }
  const counters = await query(cluster, `SELECT c.agency_code, c.last_value, (SELECT count(*)::int FROM documents d WHERE d.agency_code = c.agency_code AND d.number_year = c.year) AS n FROM number_counters c`);
  for (const c of counters) if (c.last_value !== c.n) problems.push(`counter ${c.agency_code}: ${c.last_value} but ${c.n} numbers`);
  // Deadlines: every step past due is done; fired reminders and escalations wrote notifications, skipped ones none.
  const late = await query(cluster, `SELECT id FROM deadline_steps WHERE done_at IS NULL AND run_at < now() - interval '8 seconds'`);
  for (const s of late) problems.push(`step ${s.id} is overdue and was never fired`);
  const steps = await query(
    cluster,
    `SELECT s.id, s.step, s.outcome, (SELECT count(*)::int FROM notifications n WHERE n.dedupe_key LIKE s.id || ':%') AS n
       FROM deadline_steps s WHERE s.done_at IS NOT NULL`,
  );
  for (const s of steps) {
    if (s.outcome === 'skipped' && s.n !== 0) problems.push(`skipped step ${s.id} wrote ${s.n} notification(s)`);
    if (s.outcome === 'fired' && s.step !== 'expire' && s.n === 0) problems.push(`fired step ${s.id} wrote no notification`);
  }
  // Exactly once, counted without the dedupe key (which is what is under test): per document, user, kind and
  // stage, no more notifications than steps of that kind fired for that stage's deadlines. (Not per due date:
  // a deadline moved with its exam session, SPEC §8, has sent some reminders for its old date.)
  const extra = await query(
    cluster,
    // A deadline's subject is a document or an incoming item.
    `WITH fired AS (
       SELECT coalesce(dl.document_id, dl.incoming_id) AS subject, dl.stage,
              CASE WHEN s.step = 'escalate' THEN 'escalation' ELSE 'reminder' END AS kind, count(*)::int AS steps
         FROM deadline_steps s JOIN deadlines dl ON dl.id = s.deadline_id
        WHERE s.outcome = 'fired' AND s.step <> 'expire' GROUP BY 1, 2, 3)
     SELECT coalesce(n.document_id, n.incoming_id) AS document_id, n.username, n.kind, n.stage, count(*)::int AS n,
            coalesce(max(f.steps), 0) AS steps
       FROM notifications n
       LEFT JOIN fired f ON f.subject = coalesce(n.document_id, n.incoming_id) AND f.stage = n.stage AND f.kind = n.kind
      -- A leader's one-click reminder to the late (SPEC §8) is no deadline step's.
      WHERE n.kind IN ('reminder', 'escalation') AND n.dedupe_key NOT LIKE 'remind.%'
      GROUP BY 1, 2, 3, 4 HAVING count(*) > coalesce(max(f.steps), 0)`,
  );
  for (const d of extra) problems.push(`${d.document_id}: ${d.n} ${d.kind}(s) to ${d.username} at ${d.stage}, for ${d.steps} step(s) fired`);
  return problems;
}

/**
 * What must hold of văn bản đến: each acknowledged event has its history
 * row; version = history length and the chain verifies; each agency's số
 * đến run 1..N with no gap or duplicate and its counter agrees; each
 * disseminated document gave exactly one item to each examflow agency it
 * reached (other than its issuer); what REGISTER and COMPLETE did to the
 * source document (the acknowledgement, the report) is there.
 */
async function incomingInvariants(cluster: Cluster, acks: Ack[]): Promise<string[]> {
  const problems: string[] = [];
  const history = await query(cluster, `SELECT incoming_id || ':' || seq AS k FROM incoming_history`);
  const have = new Set(history.map((r) => r.k));
  for (const a of acks) if (!have.has(`${a.id}:${a.version}`)) problems.push(`acknowledged incoming ${a.id} v${a.version} has no history row`);
  const items = await query(cluster, `SELECT i.id, i.version, (SELECT count(*)::int FROM incoming_history h WHERE h.incoming_id = i.id) AS n FROM incoming_items i`);
  const admin = cluster.clients[0];
  for (const i of items) {
    if (i.n !== i.version) problems.push(`incoming ${i.id}: version ${i.version}, history ${i.n}`);
    const v = await admin.as('admin').get(`/api/incoming/${i.id}/history/verify`);
    if (!v.body?.valid) problems.push(`incoming ${i.id}: history does not verify: ${JSON.stringify(v.body)}`);
  }
  const numbers = await query(
    cluster,
    `SELECT agency_code, incoming_year, array_agg(incoming_number ORDER BY incoming_number) AS seqs FROM incoming_items
      WHERE incoming_number IS NOT NULL GROUP BY 1, 2`,
  );
  for (const n of numbers) {
    const want = Array.from({ length: n.seqs.length }, (_, k) => k + 1);
    if (JSON.stringify(n.seqs) !== JSON.stringify(want)) problems.push(`số đến of ${n.agency_code}/${n.incoming_year}: ${n.seqs.join(',')}`);
  }
  const counters = await query(
    cluster,
    `SELECT c.agency_code, c.year, c.last, (SELECT count(*)::int FROM incoming_items i WHERE i.agency_code = c.agency_code AND i.incoming_year = c.year) AS n
       FROM incoming_numbers c`,
  );
  for (const c of counters) if (c.last !== c.n) problems.push(`số đến counter ${c.agency_code}/${c.year}: ${c.last} but ${c.n} registered`);
  const reach = await query(
    cluster,
    `SELECT d.id, r.agency_code, (SELECT count(*)::int FROM incoming_items i WHERE i.source_document_id = d.id AND i.agency_code = r.agency_code) AS n
       FROM documents d JOIN (SELECT DISTINCT document_id, agency_code FROM recipients WHERE agency_code IS NOT NULL AND username IS NULL) r
            ON r.document_id = d.id AND r.agency_code <> d.agency_code
      WHERE d.disseminated_at IS NOT NULL`,
  );
  for (const r of reach) if (r.n !== 1) problems.push(`document ${r.id} reached ${r.agency_code}: ${r.n} incoming item(s)`);
  const strays = await query(
    cluster,
    `SELECT i.id FROM incoming_items i JOIN documents d ON d.id = i.source_document_id
      WHERE d.disseminated_at IS NULL OR i.agency_code = d.agency_code
         OR NOT EXISTS (SELECT 1 FROM recipients r WHERE r.document_id = d.id AND r.agency_code = i.agency_code)`,
  );
  for (const s of strays) problems.push(`incoming ${s.id} was given by no dissemination`);
  const links = await query(
    cluster,
    `SELECT h.incoming_id, h.event, i.agency_code, i.source_document_id,
            bool_or(r.acknowledged_at IS NOT NULL) AS acknowledged, bool_or(r.report_status IN ('submitted', 'closed')) AS reported
       FROM incoming_history h JOIN incoming_items i ON i.id = h.incoming_id
       JOIN recipients r ON r.document_id = i.source_document_id AND r.agency_code = i.agency_code AND r.username IS NULL
      WHERE (h.event = 'REGISTER' AND (h.payload->>'acknowledgedSource')::boolean)
         OR (h.event = 'COMPLETE' AND (h.payload->>'reportedSource')::boolean)
      GROUP BY 1, 2, 3, 4`,
  );
  for (const l of links) {
    if (l.event === 'REGISTER' && !l.acknowledged) problems.push(`incoming ${l.incoming_id}: REGISTER acknowledged the source, which shows no acknowledgement`);
    if (l.event === 'COMPLETE' && !l.reported) problems.push(`incoming ${l.incoming_id}: COMPLETE reported on the source, which shows no report`);
  }
  return problems;
}
