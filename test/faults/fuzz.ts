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

  private record(what: string, r: { status: number; body: any }) {
    this.statuses.set(r.status, (this.statuses.get(r.status) ?? 0) + 1);
    if (!this.allowed.has(r.status)) this.unexpected.push({ status: r.status, body: r.body, what });
    if (r.status >= 200 && r.status < 300 && r.body?.id && typeof r.body.version === 'number') {
      this.acks.push({ id: r.body.id, version: r.body.version });
    }
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
export async function checkInvariants(cluster: Cluster, acks: Ack[]): Promise<string[]> {
  const problems: string[] = [];
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
  // stage entry (stage and due date), no more notifications than steps of that kind fired for that deadline.
  const extra = await query(
    cluster,
    `WITH fired AS (
       SELECT dl.document_id, dl.stage, dl.due_at,
              CASE WHEN s.step = 'escalate' THEN 'escalation' ELSE 'reminder' END AS kind, count(*)::int AS steps
         FROM deadline_steps s JOIN deadlines dl ON dl.id = s.deadline_id
        WHERE s.outcome = 'fired' AND s.step <> 'expire' GROUP BY 1, 2, 3, 4)
     SELECT n.document_id, n.username, n.kind, n.stage, n.due_at, count(*)::int AS n, coalesce(max(f.steps), 0) AS steps
       FROM notifications n
       LEFT JOIN fired f ON f.document_id = n.document_id AND f.stage = n.stage AND f.due_at = n.due_at AND f.kind = n.kind
      WHERE n.kind IN ('reminder', 'escalation')
      GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > coalesce(max(f.steps), 0)`,
  );
  for (const d of extra) problems.push(`${d.document_id}: ${d.n} ${d.kind}(s) to ${d.username} at ${d.stage}, for ${d.steps} step(s) fired`);
  return problems;
}
