import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { mayRead, type Actor, type Position } from '../libs/domain/src';
import { activeDelegators, documentColumns, factsOf, type DocumentRow } from '../libs/documents/src';
import { dataSourceOptions } from '../libs/persistence/src';
import {
  agencyDesk,
  delegatesOf,
  delegationInForce,
  delegatorsOf,
  stageOverdue,
  unitAnswerers,
  urgencyRank,
  usernamesArray,
  visibleTo,
} from '../libs/persistence/src/sql';
import { createDatabase } from './support/harness';

/** The SQL rules of libs/persistence/src/sql, each asked of real rows on the real PostgreSQL (migrated schema). */
let db: Awaited<ReturnType<typeof createDatabase>>;
let c: Client;

beforeAll(async () => {
  db = await createDatabase();
  const ds = new DataSource({ ...dataSourceOptions(db.url, 1), migrationsRun: false });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  c = new Client({ connectionString: db.url });
  await c.connect();
  await seed();
});
afterAll(async () => {
  await c.end();
  await db.drop();
});

/**
 * A small organisation: the Ministry (B) with two units, one with a head (QLCL) and one with officers only
 * (CNTT), and a clerk; a Sở (S) with no clerk; a Sở (T) with a clerk. Delegations: in force, ended, revoked.
 */
const USERS: Array<[string, string | null, string | null, Position]> = [
  ['bt', 'B', null, 'head'],
  ['tt', 'B', null, 'deputy_head'],
  ['vt', 'B', 'VP', 'clerk'],
  ['qlcl.head', 'B', 'QLCL', 'unit_head'],
  ['qlcl.off', 'B', 'QLCL', 'officer'],
  ['qlcl.pho', 'B', 'QLCL', 'deputy_unit_head'],
  ['q.bt', 'B', null, 'acting_head'],
  ['cntt.a', 'B', 'CNTT', 'officer'],
  ['cntt.b', 'B', 'CNTT', 'officer'],
  ['s.gd', 'S', null, 'head'],
  ['s.pgd', 'S', null, 'deputy_head'],
  ['s.off', 'S', 'KT', 'officer'],
  ['s.kt.head', 'S', 'KT', 'unit_head'],
  ['t.gd', 'T', null, 'head'],
  ['t.vt', 'T', 'VP', 'clerk'],
  ['admin', null, null, 'admin'],
];

const DOCS = {
  draft: '00000000-0000-4000-8000-000000000001',
  consulting: '00000000-0000-4000-8000-000000000002',
  signing: '00000000-0000-4000-8000-000000000003',
  out: '00000000-0000-4000-8000-000000000004',
  reported: '00000000-0000-4000-8000-000000000005',
  // Secret documents (SPEC §9): a draft, one consulted on, one awaiting signature, one sent.
  secretDraft: '00000000-0000-4000-8000-00000000000a',
  secretConsulting: '00000000-0000-4000-8000-00000000000b',
  secretSigning: '00000000-0000-4000-8000-00000000000c',
  secretOut: '00000000-0000-4000-8000-00000000000d',
};

async function seed(): Promise<void> {
  await c.query(`INSERT INTO agencies (code, name, level, symbol) VALUES ('B', 'Bộ', 'ministry', 'B'), ('S', 'Sở S', 'department', 'S'), ('T', 'Sở T', 'department', 'T')`);
  await c.query(`INSERT INTO units (agency_code, code, name, symbol) VALUES ('B', 'VP', 'Văn phòng', 'VP'), ('B', 'QLCL', 'Cục QLCL', 'QLCL'),
    ('B', 'CNTT', 'Cục CNTT', 'CNTT'), ('S', 'KT', 'Phòng KT', 'KT'), ('S', 'VP', 'Văn phòng', 'VP'), ('T', 'VP', 'Văn phòng', 'VP')`);
  for (const [username, agency, unit, position] of USERS) {
    await c.query(`INSERT INTO users (username, password_hash, full_name, agency_code, unit_code, position, title)
      VALUES ($1, 'x', $1, $2, $3, $4, '')`, [username, agency, unit, position]);
  }
  await c.query(`INSERT INTO delegations (id, delegator, delegate, valid_from, valid_until, created_at, revoked_at) VALUES
    (gen_random_uuid(), 'bt', 'tt', now() - interval '1 day', now() + interval '1 day', now(), NULL),
    (gen_random_uuid(), 'bt', 'qlcl.head', now() - interval '2 days', now() - interval '1 day', now(), NULL),
    (gen_random_uuid(), 'bt', 'cntt.a', now() - interval '1 day', now() + interval '1 day', now(), now())`);
  const doc = (id: string, state: string, extra: Record<string, unknown> = {}) =>
    c.query(
      `INSERT INTO documents (id, type, title, urgency, state, version, agency_code, unit_code, drafter, signer,
                              consultation_deadline, signature_deadline, dissemination_deadline, report_deadline,
                              workflow_id, workflow_version, snapshot, last_hash, created_at, updated_at)
       VALUES ($1::uuid, 'KH', $1::text, 'normal', $2, 1, 'B', 'QLCL', 'qlcl.off', $3, $4, $5, $6, $7, 'ke-hoach', 1, '{}', 'h', now(), now())`,
      [id, state, extra.signer ?? null, extra.consultation ?? null, extra.signature ?? null, extra.dissemination ?? null, extra.report ?? null],
    ).then(() => extra.secret && c.query(`UPDATE documents SET confidentiality = 'secret' WHERE id = $1`, [id]));
  const past = new Date(Date.now() - 3_600_000);
  await doc(DOCS.draft, 'draft');
  await doc(DOCS.consulting, 'consulting', { consultation: past });
  await doc(DOCS.signing, 'awaiting_signature', { signer: 'bt', signature: new Date(Date.now() + 3_600_000) });
  await doc(DOCS.out, 'disseminated', { signer: 'bt', report: past });
  await doc(DOCS.reported, 'reported', { signer: 'bt', report: past });
  await doc(DOCS.secretDraft, 'draft', { secret: true });
  await doc(DOCS.secretConsulting, 'consulting', { secret: true });
  await doc(DOCS.secretSigning, 'awaiting_signature', { secret: true, signer: 'bt' });
  await doc(DOCS.secretOut, 'disseminated', { secret: true, signer: 'tt' });
  await c.query(`INSERT INTO consultations (document_id, agency_code, unit_code, status) VALUES ($1, 'B', 'CNTT', 'pending'), ($1, 'S', 'KT', 'pending')`, [DOCS.secretConsulting]);
  await c.query(`INSERT INTO recipients (document_id, idx, agency_code, unit_code, username, purpose, report_status) VALUES
    ($1, 0, 'S', NULL, NULL, 'implement', 'pending'), ($1, 1, 'T', 'VP', NULL, 'archive', NULL), ($1, 2, 'T', NULL, 't.gd', 'info', NULL),
    ($1, 3, 'S', 'KT', NULL, 'coordinate', NULL)`, [DOCS.secretOut]);
  await c.query(`INSERT INTO consultations (document_id, agency_code, unit_code, status) VALUES ($1, 'B', 'CNTT', 'pending')`, [DOCS.consulting]);
  await c.query(`INSERT INTO recipients (document_id, idx, agency_code, unit_code, purpose, report_status) VALUES
    ($1, 0, 'S', NULL, 'implement', 'pending'), ($1, 1, 'T', 'VP', 'archive', NULL), ($2, 0, 'S', NULL, 'implement', 'submitted')`,
    [DOCS.out, DOCS.reported]);
  // A person (T's Giám đốc, not T's clerk) and a body outside examflow (nobody's to read for).
  await c.query(`INSERT INTO external_bodies (code, name) VALUES ('EXT', 'Cơ quan ngoài')`);
  await c.query(`INSERT INTO recipients (document_id, idx, agency_code, unit_code, username, external_code, purpose) VALUES
    ($1, 1, 'T', NULL, 't.gd', NULL, 'info'), ($1, 2, NULL, NULL, NULL, 'EXT', 'info')`, [DOCS.reported]);
}

const names = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows.map((r) => Object.values(r)[0]);

it("a unit's answerers are its heads, else its officers; an agency's desk is its clerks, else its heads", async () => {
  expect(await names(`${unitAnswerers("'B'", "'QLCL'")} ORDER BY 1`)).toEqual(['qlcl.head']);
  expect(await names(`${unitAnswerers("'B'", "'CNTT'")} ORDER BY 1`)).toEqual(['cntt.a', 'cntt.b']);
  expect(await names(`${unitAnswerers("'B'", "'VP'")} ORDER BY 1`)).toEqual([]); // a clerk answers for no unit
  expect(await names(`${agencyDesk("'B'")} ORDER BY 1`)).toEqual(['vt']);
  expect(await names(`${agencyDesk("'S'")} ORDER BY 1`)).toEqual(['s.gd']);
  expect(await names(`${agencyDesk("'T'")} ORDER BY 1`)).toEqual(['t.vt']);
  expect(await names(`SELECT ${usernamesArray(unitAnswerers("'B'", "'CNTT'"))}`)).toEqual([['cntt.a', 'cntt.b']]);
  expect(await names(`SELECT ${usernamesArray(unitAnswerers("'B'", "'VP'"))}`)).toEqual([null]);
});

it('delegates and delegators are those of delegations in force only', async () => {
  expect(await names(`${delegatesOf("'bt'")} ORDER BY 1`)).toEqual(['tt']);
  expect(await names(`${delegatorsOf("'tt'")} ORDER BY 1`)).toEqual(['bt']);
  expect(await names(`${delegatorsOf("'qlcl.head'")}`)).toEqual([]); // ended
  expect(await names(`${delegatorsOf("'cntt.a'")}`)).toEqual([]); // revoked
});

it('the urgency rank orders flash, very_urgent, urgent, normal; the signing queue index is on the very same expression', async () => {
  const ranks = await names(
    `SELECT ${urgencyRank('u')} FROM unnest(ARRAY['normal', 'urgent', 'very_urgent', 'flash']) AS t(u)`,
  );
  expect(ranks).toEqual([3, 2, 1, 0]);
  // PostgreSQL prints an index's expression in its own normal form: build one from the rule and compare.
  await c.query('BEGIN');
  try {
    await c.query(`CREATE INDEX rule_idx ON documents (signer, (${urgencyRank('urgency')}), signature_deadline, id)
                    WHERE state = 'awaiting_signature'`);
    const defs = await names(
      `SELECT regexp_replace(pg_get_indexdef(indexrelid), '^CREATE INDEX [^ ]+', '') FROM pg_index
        WHERE indexrelid IN ('rule_idx'::regclass, 'documents_signing_queue_idx'::regclass)`,
    );
    expect(defs).toHaveLength(2);
    expect(defs[0]).toBe(defs[1]);
  } finally {
    await c.query('ROLLBACK');
  }
});

it('overdue: the stage in force has passed its deadline, and a dissemination only while a report is owed', async () => {
  const overdue = await names(`SELECT d.id FROM documents d WHERE ${stageOverdue('d', 'now()')} ORDER BY d.id`);
  expect(overdue).toEqual([DOCS.consulting, DOCS.out]);
  // A report submitted since: no longer overdue.
  await c.query('BEGIN');
  try {
    await c.query(`UPDATE recipients SET report_status = 'submitted' WHERE document_id = $1 AND idx = 0`, [DOCS.out]);
    expect(await names(`SELECT d.id FROM documents d WHERE ${stageOverdue('d', 'now()')} ORDER BY d.id`)).toEqual([DOCS.consulting]);
  } finally {
    await c.query('ROLLBACK');
  }
});

it("who may see a document: the list's SQL (visibleTo) and the policy (mayRead) agree for every user and document", async () => {
  const answers: string[] = [];
  for (const [username, agency, unit, position] of USERS) {
    const actor: Actor = { username, agencyCode: agency, unitCode: unit, position, fullName: username, title: '' };
    const rows: Array<DocumentRow & { visible: boolean }> = (
      await c.query(
        `SELECT ${documentColumns('$1')}, ${visibleTo('d', { username: '$1', agency: '$2', unit: '$3', position: '$4::text' })} IS TRUE AS visible
           FROM documents d ORDER BY d.id`,
        [username, agency, unit, position],
      )
    ).rows;
    for (const row of rows) {
      const policy = mayRead(factsOf(row), actor, activeDelegators(row));
      answers.push(`${username} ${row.id.slice(-1)} sql=${row.visible} policy=${policy}`);
      expect(`${username} ${row.id.slice(-1)} ${row.visible}`).toBe(`${username} ${row.id.slice(-1)} ${policy}`);
    }
  }
  // The secret ones: only the people named on them and the agency's leaders (SPEC §9).
  const secretReaders = (id: string) => answers.filter((a) => a.includes(` ${id.slice(-1)} sql=true`)).map((a) => a.split(' ')[0]).sort();
  expect(secretReaders(DOCS.secretDraft)).toEqual(['bt', 'q.bt', 'qlcl.head', 'qlcl.off', 'tt'].sort());
  expect(secretReaders(DOCS.secretConsulting)).toEqual(['bt', 'q.bt', 'qlcl.head', 'qlcl.off', 's.kt.head', 'tt'].sort());
  expect(secretReaders(DOCS.secretSigning)).toEqual(['bt', 'q.bt', 'qlcl.head', 'qlcl.off', 'tt'].sort());
  expect(secretReaders(DOCS.secretOut)).toEqual(['bt', 'q.bt', 'qlcl.head', 'qlcl.off', 's.gd', 's.kt.head', 's.pgd', 't.gd', 't.vt', 'tt', 'vt'].sort());
  // Not all yes or all no: the comparison tells something.
  expect(answers.filter((a) => a.includes('sql=true')).length).toBeGreaterThan(10);
  expect(answers.filter((a) => a.includes('sql=false')).length).toBeGreaterThan(10);
});

it('a delegation is in force from valid_from (included) to valid_until (excluded), unless revoked', async () => {
  // now() is fixed for a transaction: the edges can be set exactly on it.
  await c.query('BEGIN');
  try {
    await c.query(`CREATE TEMP TABLE delegations (name text, valid_from timestamptz, valid_until timestamptz, revoked_at timestamptz)`);
    await c.query(`INSERT INTO delegations VALUES
      ('in force',        now() - interval '1 hour', now() + interval '1 hour', NULL),
      ('starts now',      now(),                     now() + interval '1 hour', NULL),
      ('ends now',        now() - interval '1 hour', now(),                     NULL),
      ('ended',           now() - interval '2 days', now() - interval '1 day', NULL),
      ('not yet',         now() + interval '1 day',  now() + interval '2 days', NULL),
      ('revoked',         now() - interval '1 hour', now() + interval '1 hour', now() - interval '1 minute')`);
    const rows = (await c.query(`SELECT name, ${delegationInForce('g')} AS active FROM delegations g ORDER BY name`)).rows;
    expect(Object.fromEntries(rows.map((r) => [r.name, r.active]))).toEqual({
      'in force': true,
      'starts now': true,
      'ends now': false,
      ended: false,
      'not yet': false,
      revoked: false,
    });
  } finally {
    await c.query('ROLLBACK');
  }
});
