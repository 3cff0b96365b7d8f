import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DRAFTING_POSITIONS, InvalidInput, isLeaderPosition, type Actor, type OrgView, type Position } from '../../domain/src';
import { hashPassword, verifyPassword } from './password';
import { passwordProblems } from './password-policy';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { AuditService } from '../../audit/src';
import type { ImportOrgDto } from './org.dto';

export type { OrgView };

export interface ImportResult {
  agencies: number;
  units: number;
  users: number;
  externals: number;
  groups: number;
}

/** A change made through another process (a password, a move, a logout) holds off a token for at most this long. */
const ACTOR_CACHE_MS = 1000;

/** The caller behind a token, with what says whether the token still stands. */
export interface Session {
  actor: Actor;
  tokenVersion: number;
  disabled: boolean;
}

/** Stands for "no new password" in the upsert; never a valid scrypt hash. */
const KEEP_PASSWORD = '!keep';

const USER_COLUMNS = `username, full_name AS "fullName", agency_code AS "agencyCode", unit_code AS "unitCode",
  position, title, email`;

/**
 * The organisation: agencies, units and users. The import is an upsert by
 * code / username in one transaction: all of it lands or none of it.
 */
@Injectable()
export class OrgService {
  /** Callers seen in the last few seconds: saves a query on every request. */
  private readonly actors = new Map<string, { session: Session; at: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The caller for a request. Cached for ACTOR_CACHE_MS: an import through
   * this process clears it at once, other processes see changes within that.
   */
  async findSessionCached(username: string): Promise<Session | null> {
    const hit = this.actors.get(username);
    if (hit && Date.now() - hit.at < ACTOR_CACHE_MS) return hit.session;
    const session = await this.findSession(username);
    if (session) {
      if (this.actors.size > 10_000) this.actors.clear();
      this.actors.set(username, { session, at: Date.now() });
    } else {
      this.actors.delete(username);
    }
    return session;
  }

  async findSession(username: string): Promise<Session | null> {
    const rows: Array<Actor & { tokenVersion: number; disabled: boolean }> = await this.db.query(
      `SELECT username, position, agency_code AS "agencyCode", unit_code AS "unitCode",
              full_name AS "fullName", title, token_version AS "tokenVersion", disabled
         FROM users WHERE username = $1`,
      [username],
    );
    if (!rows[0]) return null;
    const { tokenVersion, disabled, ...actor } = rows[0];
    return { actor, tokenVersion, disabled };
  }

  /** Ends every token of the user (logout, everywhere): this process at once, the others within ACTOR_CACHE_MS. */
  async endSessions(username: string): Promise<void> {
    await this.db.query(`UPDATE users SET token_version = token_version + 1 WHERE username = $1`, [username]);
    this.actors.delete(username);
  }

  /** The user as they see themself: with `mustChangePassword` (an administrator set the password they have). */
  async getUser(username: string): Promise<(OrgView['users'][number] & { mustChangePassword: boolean }) | null> {
    const rows = await this.db.query(
      `SELECT ${USER_COLUMNS}, must_change_password AS "mustChangePassword" FROM users WHERE username = $1`,
      [username],
    );
    return rows[0] ?? null;
  }

  /** Forgets the cached session of `username` in this process (the others within ACTOR_CACHE_MS). */
  forget(username: string): void {
    this.actors.delete(username);
  }

  /** The organisation as `viewer` may see it: e-mail addresses only for administrators and the user themself. */
  async getOrg(viewer: Actor): Promise<OrgView> {
    const [agencies, units, users, externals, groups] = await Promise.all([
      this.db.query(
        `SELECT code, name, level, parent_name AS "parentName", place, symbol, collective_name AS "collectiveName" FROM agencies ORDER BY code`,
      ),
      this.db.query(
        `SELECT code, agency_code AS "agencyCode", name, symbol, supervisor FROM units ORDER BY agency_code, code`,
      ),
      this.db.query(`SELECT ${USER_COLUMNS}, disabled FROM users ORDER BY username`),
      this.db.query(`SELECT code, name, email FROM external_bodies ORDER BY code`),
      this.db.query(`SELECT code, name, members FROM recipient_groups ORDER BY code`),
    ]);
    const all = viewer.position === 'admin';
    const shown = all
      ? users
      : users.map((u: OrgView['users'][number]) => {
          const { disabled: _, ...rest } = u;
          return u.username === viewer.username ? rest : { ...rest, email: null };
        });
    return {
      agencies,
      units,
      users: shown,
      externals: all ? externals : externals.map((e: OrgView['externals'][number]) => ({ ...e, email: null })),
      groups,
    };
  }

  async importOrg(dto: ImportOrgDto, by?: Actor): Promise<ImportResult> {
    const agencies = dto.agencies ?? [];
    const units = dto.units ?? [];
    const users = dto.users ?? [];
    const externals = dto.externals ?? [];
    const groups = dto.groups ?? [];
    this.rejectDuplicates(agencies.map((a) => a.code), 'agencies', 'code');
    this.rejectDuplicates(externals.map((e) => e.code), 'externals', 'code');
    this.rejectDuplicates(groups.map((g) => g.code), 'groups', 'code');
    this.rejectDuplicates(units.map((u) => `${u.agencyCode}/${u.code}`), 'units', 'agencyCode/code');
    this.rejectDuplicates(users.map((u) => u.username), 'users', 'username');

    // Hash outside the transaction: scrypt is slow on purpose. A password the user already has is kept as it
    // is (re-importing the same file must not end everyone's sessions); only a new one is hashed, and ends them.
    const stored = new Map<string, string>(
      (
        await this.db.query(`SELECT username, password_hash AS hash FROM users WHERE username = ANY($1)`, [
          users.filter((u) => u.password).map((u) => u.username),
        ])
      ).map((r: { username: string; hash: string }) => [r.username, r.hash]),
    );
    const fresh = await Promise.all(
      users.map(async (u) => {
        if (!u.password) return false;
        const current = stored.get(u.username);
        return !(current && (await verifyPassword(u.password, current)));
      }),
    );
    // A new password is an initial one (the user is asked to choose their own): 8 characters, not a common one.
    const weak = users.flatMap((u, i) =>
      fresh[i] ? passwordProblems(u.password!, u.username, 'initial').map((p) => `users.${i}.password: ${p}`) : [],
    );
    if (weak.length) throw new InvalidInput(weak);
    const hashes = await Promise.all(
      users.map((u, i) => (fresh[i] ? hashPassword(u.password!, this.config.passwordHashCost) : null)),
    );

    let disabledAfter: boolean[] = [];
    let disabledBefore: boolean[] = [];
    const result = await this.db.transaction(async (tx) => {
      const errors: string[] = [];
      const existingAgencies = new Set<string>(
        (await tx.query(`SELECT code FROM agencies`)).map((r: { code: string }) => r.code),
      );
      const agencyCodes = new Set([...existingAgencies, ...agencies.map((a) => a.code)]);
      const unitKey = (u: { agencyCode: string; code: string }) => `${u.agencyCode}/${u.code}`;
      const storedUnits: Array<{ agencyCode: string; code: string; supervisor: string | null }> = await tx.query(
        `SELECT agency_code AS "agencyCode", code, supervisor FROM units`,
      );
      const unitKeys = new Set([...storedUnits.map(unitKey), ...units.map(unitKey)]);
      units.forEach((u, i) => {
        if (!agencyCodes.has(u.agencyCode)) errors.push(`units.${i}.agencyCode: không có cơ quan "${u.agencyCode}"`);
      });
      type Stored = { position: Position; agencyCode: string | null; unitCode: string | null; disabled?: boolean };
      const existingUsers = new Map<string, Stored>(
        (
          await tx.query(
            `SELECT username, position, agency_code AS "agencyCode", unit_code AS "unitCode", disabled FROM users`,
          )
        ).map((r: Stored & { username: string }) => [r.username, r]),
      );
      // `disabled` left out keeps what the user is (editing a disabled user does not enable them).
      disabledAfter = users.map((u) => u.disabled ?? existingUsers.get(u.username)?.disabled ?? false);
      disabledBefore = users.map((u) => existingUsers.get(u.username)?.disabled ?? false);
      users.forEach((u, i) => {
        if (u.agencyCode !== undefined && !agencyCodes.has(u.agencyCode)) {
          errors.push(`users.${i}.agencyCode: không có cơ quan "${u.agencyCode}"`);
        }
        if (u.unitCode && !unitKeys.has(`${u.agencyCode}/${u.unitCode}`)) {
          errors.push(`users.${i}.unitCode: cơ quan "${u.agencyCode}" không có đơn vị "${u.unitCode}"`);
        }
        if (DRAFTING_POSITIONS.includes(u.position) && !u.unitCode) {
          errors.push(`users.${i}.unitCode: bắt buộc với chức vụ ${u.position}`);
        }
        if (by && u.username === by.username && disabledAfter[i]) {
          errors.push(`users.${i}.disabled: không thể tự khóa tài khoản của chính mình`);
        }
        if (!hashes[i] && !existingUsers.has(u.username)) {
          errors.push(`users.${i}.password: bắt buộc khi tạo người dùng mới "${u.username}"`);
        }
      });
      const finalUsers = new Map(existingUsers);
      for (const u of users) finalUsers.set(u.username, { position: u.position, agencyCode: u.agencyCode ?? null, unitCode: u.unitCode ?? null });
      // A unit's supervisor is a leader (head, deputy_head) of the unit's agency: escalations go to them.
      const leads = (username: string, agencyCode: string) => {
        const s = finalUsers.get(username)!;
        return isLeaderPosition(s.position) && s.agencyCode === agencyCode;
      };
      units.forEach((u, i) => {
        if (!u.supervisor) return;
        if (!finalUsers.has(u.supervisor)) errors.push(`units.${i}.supervisor: không có người dùng "${u.supervisor}"`);
        else if (!leads(u.supervisor, u.agencyCode)) {
          errors.push(`units.${i}.supervisor: "${u.supervisor}" phải là lãnh đạo (head/deputy_head) của ${u.agencyCode}`);
        }
      });
      // A unit already stored (and not sent again) keeps its supervisor: a user edited alone must still lead it.
      const sent = new Set(units.map(unitKey));
      const edited = new Map(users.map((u, i) => [u.username, i]));
      for (const unit of storedUnits) {
        const i = unit.supervisor ? edited.get(unit.supervisor) : undefined;
        if (i === undefined || sent.has(unitKey(unit))) continue;
        if (!leads(unit.supervisor!, unit.agencyCode)) {
          errors.push(
            `users.${i}.position: "${unit.supervisor}" đang là lãnh đạo phụ trách đơn vị ${unit.code} của ${unit.agencyCode}; hãy giao đơn vị đó cho lãnh đạo khác trước`,
          );
        }
      }
      // A group's members exist once this import has landed, each exactly one kind, none twice, no group in a group.
      const externalCodes = new Set<string>([
        ...(await tx.query(`SELECT code FROM external_bodies`)).map((r: { code: string }) => r.code),
        ...externals.map((e) => e.code),
      ]);
      groups.forEach((g, i) => {
        if (!g.members.length) errors.push(`groups.${i}.members: một nhóm có ít nhất một thành viên`);
        const seen = new Set<string>();
        g.members.forEach((m, k) => {
          const at = `groups.${i}.members.${k}`;
          const kinds = [m.unitCode === undefined && m.agencyCode !== undefined, m.unitCode !== undefined, m.externalCode !== undefined, m.username !== undefined];
          if (kinds.filter(Boolean).length !== 1 || (m.unitCode !== undefined && (m.externalCode !== undefined || m.username !== undefined))) {
            errors.push(`${at}: đúng một trong agencyCode, unitCode (cùng agencyCode), externalCode, username`);
            return;
          }
          if (m.unitCode !== undefined && m.agencyCode === undefined) errors.push(`${at}.agencyCode: bắt buộc cùng unitCode`);
          else if (m.unitCode !== undefined && !unitKeys.has(`${m.agencyCode}/${m.unitCode}`)) errors.push(`${at}.unitCode: cơ quan "${m.agencyCode}" không có đơn vị "${m.unitCode}"`);
          else if (m.unitCode === undefined && m.agencyCode !== undefined && !agencyCodes.has(m.agencyCode)) errors.push(`${at}.agencyCode: không có cơ quan "${m.agencyCode}"`);
          else if (m.externalCode !== undefined && !externalCodes.has(m.externalCode)) errors.push(`${at}.externalCode: không có cơ quan ngoài "${m.externalCode}"`);
          else if (m.username !== undefined && !finalUsers.has(m.username)) errors.push(`${at}.username: không có người dùng "${m.username}"`);
          const key = JSON.stringify([m.agencyCode ?? null, m.unitCode ?? null, m.externalCode ?? null, m.username ?? null]);
          if (seen.has(key)) errors.push(`${at}: thành viên lặp lại`);
          seen.add(key);
        });
      });
      if (![...finalUsers.values()].some((u) => u.position === 'admin')) {
        const i = users.findIndex((u) => existingUsers.get(u.username)?.position === 'admin');
        errors.push(`users.${Math.max(i, 0)}.position: phải còn ít nhất một quản trị viên`);
      }
      if (errors.length) throw new InvalidInput(errors);

      if (agencies.length) {
        await tx.query(
          `INSERT INTO agencies (code, name, level, parent_name, place, symbol, collective_name)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_name = EXCLUDED.parent_name,
             place = EXCLUDED.place, symbol = EXCLUDED.symbol, collective_name = EXCLUDED.collective_name, updated_at = now()`,
          [
            agencies.map((a) => a.code),
            agencies.map((a) => a.name),
            agencies.map((a) => a.level),
            agencies.map((a) => a.parentName ?? null),
            agencies.map((a) => a.place ?? null),
            // The symbol printed in numbers is the code unless the agency has its own abbreviation.
            agencies.map((a) => a.symbol ?? a.code),
            agencies.map((a) => a.collectiveName ?? null),
          ],
        );
      }
      if (units.length) {
        await tx.query(
          `INSERT INTO units (agency_code, code, name, symbol, supervisor)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
           ON CONFLICT (agency_code, code) DO UPDATE
             SET name = EXCLUDED.name, symbol = EXCLUDED.symbol, supervisor = EXCLUDED.supervisor, updated_at = now()`,
          [
            units.map((u) => u.agencyCode),
            units.map((u) => u.code),
            units.map((u) => u.name),
            units.map((u) => u.symbol ?? u.code),
            units.map((u) => u.supervisor ?? null),
          ],
        );
      }
      if (users.length) {
        await tx.query(
          `INSERT INTO users (username, password_hash, full_name, agency_code, unit_code, position, title, email, disabled,
                              must_change_password)
           SELECT u.*, true FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                        $8::text[], $9::boolean[]) AS u
           ON CONFLICT (username) DO UPDATE
             SET password_hash = CASE WHEN EXCLUDED.password_hash = '${KEEP_PASSWORD}' THEN users.password_hash
                                      ELSE EXCLUDED.password_hash END,
                 -- A password the administrator sets is to be replaced by the user's own.
                 must_change_password = EXCLUDED.password_hash <> '${KEEP_PASSWORD}' OR users.must_change_password,
                 full_name = EXCLUDED.full_name, agency_code = EXCLUDED.agency_code,
                 unit_code = EXCLUDED.unit_code, position = EXCLUDED.position,
                 title = EXCLUDED.title, email = EXCLUDED.email, disabled = EXCLUDED.disabled,
                 -- A new password, another post, or disabling ends the tokens issued before.
                 token_version = users.token_version + CASE
                   WHEN EXCLUDED.password_hash <> '${KEEP_PASSWORD}'
                     OR users.agency_code IS DISTINCT FROM EXCLUDED.agency_code
                     OR users.unit_code IS DISTINCT FROM EXCLUDED.unit_code
                     OR users.position <> EXCLUDED.position
                     OR (EXCLUDED.disabled AND NOT users.disabled) THEN 1 ELSE 0 END,
                 updated_at = now()`,
          [
            users.map((u) => u.username),
            // A new user always has a hash (checked above); the marker keeps an existing one.
            hashes.map((h) => h ?? KEEP_PASSWORD),
            users.map((u) => u.fullName),
            users.map((u) => u.agencyCode ?? null),
            users.map((u) => u.unitCode ?? null),
            users.map((u) => u.position),
            users.map((u) => u.title),
            users.map((u) => u.email ?? null),
            disabledAfter,
          ],
        );
        // Authority does not outlive its post: a user moved to another agency, unit or position, or
        // disabled, loses the delegations given to them and by them.
        const moved = users
          .filter((u) => {
            const before = existingUsers.get(u.username);
            return (
              before &&
              (disabledAfter[users.indexOf(u)] ||
                before.agencyCode !== (u.agencyCode ?? null) ||
                before.unitCode !== (u.unitCode ?? null) ||
                before.position !== u.position)
            );
          })
          .map((u) => u.username);
        if (moved.length) {
          await tx.query(
            `UPDATE delegations SET revoked_at = now()
              WHERE revoked_at IS NULL AND valid_until > now() AND (delegator = ANY($1) OR delegate = ANY($1))`,
            [moved],
          );
        }
      }
      if (externals.length) {
        await tx.query(
          `INSERT INTO external_bodies (code, name, email)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, updated_at = now()`,
          [externals.map((e) => e.code), externals.map((e) => e.name), externals.map((e) => e.email ?? null)],
        );
      }
      if (groups.length) {
        // Members stored as given, each with only the keys of its kind.
        const members = groups.map((g) =>
          JSON.stringify(g.members.map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== null)))),
        );
        await tx.query(
          `INSERT INTO recipient_groups (code, name, members)
           SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, members = EXCLUDED.members, updated_at = now()`,
          [groups.map((g) => g.code), groups.map((g) => g.name), members],
        );
      }
      return { agencies: agencies.length, units: units.length, users: users.length, externals: externals.length, groups: groups.length };
    });
    this.actors.clear();
    await this.audit.record({
      actor: by?.username ?? null,
      action: 'org.import',
      detail: {
        ...result,
        agencyCodes: agencies.map((a) => a.code),
        externalCodes: externals.map((e) => e.code),
        groupCodes: groups.map((g) => g.code),
        usernames: users.map((u) => u.username),
        newPasswords: users.filter((_, i) => hashes[i]).map((u) => u.username),
        disabled: users.filter((_, i) => disabledAfter[i]).map((u) => u.username),
      },
    });
    // Who was disabled or enabled by this import, one entry each: the trail is read by person.
    for (const [i, u] of users.entries()) {
      if (disabledAfter[i] === disabledBefore[i]) continue;
      await this.audit.record({ actor: by?.username ?? null, action: disabledAfter[i] ? 'user.disable' : 'user.enable', target: u.username });
    }
    return result;
  }

  private rejectDuplicates(keys: string[], list: string, field: string): void {
    const seen = new Set<string>();
    const dup = keys.filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
    if (dup.length) throw new InvalidInput([`${list}: ${field} lặp lại: ${[...new Set(dup)].join(', ')}`]);
  }
}
