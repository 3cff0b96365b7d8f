import { isLeaderPosition } from '../../../libs/domain/src/types';
/** Who is signed in, the organisation they work in, and their unread notifications. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, getToken, listenForNotifications, NOTIFIED_EVENT, setToken, setUnauthorizedHandler, type Notification, type Org, type User } from './api';

interface Session {
  user: User;
  org: Org;
  unread: number;
  /** Whether the server's notification stream is open (new notifications arrive by themselves). */
  live: boolean;
  refreshNotifications: () => void;
  signOut: () => void;
  /** The signed-in user changed (a new password): the header and the pages show the new one. */
  replaceUser: (user: User) => void;
  /** "Nguyễn Văn An (Chuyên viên)" for a username. */
  userName: (username: string | null | undefined) => string;
  /** "Cục Quản lý chất lượng" for a unit of an agency, or the agency's name. */
  unitName: (agencyCode: string | undefined, unitCode?: string | null) => string;
  agencyName: (agencyCode: string | undefined) => string;
  /** A recipient as people name it: an agency, a unit, a person, an external body or a group (with the group a member came through). */
  recipientName: (r: { agencyCode: string | null; unitCode: string | null; externalCode?: string | null; username?: string | null; groupCode?: string | null }) => string;
  isLeader: boolean;
  /** Whether the signing queue is the caller's: a head, a deputy, or someone a leader has delegated to now. */
  canSign: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function SessionProvider({
  user,
  onSignOut,
  onUserChange,
  children,
}: {
  user: User;
  onSignOut: () => void;
  onUserChange: (user: User) => void;
  children: ReactNode;
}) {
  const [org, setOrg] = useState<Org>({ agencies: [], units: [], users: [], externals: [], groups: [] });
  const [unread, setUnread] = useState(0);
  const [live, setLive] = useState(false);
  const leader = isLeaderPosition(user.position);
  const [delegate, setDelegate] = useState(false);

  const refreshNotifications = useCallback(() => {
    api
      .get<Notification[]>('/api/notifications?unread=true&limit=200')
      .then((list) => setUnread(list.filter((n) => !n.readAt).length))
      .catch(() => {});
  }, []);

  useEffect(() => {
    api.get<Org>('/api/org').then(setOrg).catch(() => {});
    // A delegate of a leader may use the queue too: the server says whether the caller may (without a 403 probe).
    if (!leader && user.position !== 'admin') api.get<{ canSign?: boolean }>('/api/me').then((me) => setDelegate(me.canSign === true), () => setDelegate(false));
    refreshNotifications();
    // The server pushes "something new" (a burst of them is read once); the count is also read again
    // whenever the stream (re)opens, and every two minutes in case a push was lost.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stopListening = listenForNotifications(
      () => {
        pending ??= setTimeout(() => {
          pending = undefined;
          refreshNotifications();
          window.dispatchEvent(new Event(NOTIFIED_EVENT));
        }, 300);
      },
      (open) => {
        setLive(open);
        if (open) refreshNotifications(); // what came while it was closed
      },
    );
    const timer = setInterval(refreshNotifications, 120_000);
    return () => {
      stopListening();
      clearTimeout(pending);
      clearInterval(timer);
    };
  }, [refreshNotifications, leader, user.position]);

  const value = useMemo<Session>(() => {
    const users = new Map(org.users.map((u) => [u.username, u]));
    const agencies = new Map(org.agencies.map((a) => [a.code, a]));
    const units = new Map(org.units.map((u) => [`${u.agencyCode}/${u.code}`, u]));
    const externals = new Map(org.externals.map((e) => [e.code, e.name]));
    const groups = new Map(org.groups.map((g) => [g.code, g.name]));
    const unitName = (agencyCode: string | undefined, unitCode?: string | null): string => {
      if (!agencyCode) return unitCode ?? '—';
      if (!unitCode) return agencies.get(agencyCode)?.name ?? agencyCode;
      const name = units.get(`${agencyCode}/${unitCode}`)?.name ?? unitCode;
      return agencyCode === user.agencyCode ? name : `${name} — ${agencies.get(agencyCode)?.name ?? agencyCode}`;
    };
    return {
      user,
      org,
      unread,
      live,
      refreshNotifications,
      signOut: onSignOut,
      replaceUser: onUserChange,
      userName: (username) => {
        if (!username) return '—';
        if (username === 'system') return 'Hệ thống';
        const u = users.get(username);
        return u ? `${u.fullName} (${u.title})` : username;
      },
      agencyName: (code) => (code ? agencies.get(code)?.name ?? code : '—'),
      unitName,
      recipientName: (r) => {
        let name: string;
        if (r.externalCode) name = externals.get(r.externalCode) ?? r.externalCode;
        else if (r.username) {
          const u = users.get(r.username);
          name = u ? `${u.title} ${u.fullName}` : r.username;
        } else if (!r.agencyCode && r.groupCode) return groups.get(r.groupCode) ?? r.groupCode;
        else name = unitName(r.agencyCode ?? undefined, r.unitCode);
        return r.groupCode ? `${name} (${groups.get(r.groupCode) ?? r.groupCode})` : name;
      },
      isLeader: leader,
      canSign: leader || delegate,
    };
  }, [org, unread, live, user, onSignOut, onUserChange, refreshNotifications, leader, delegate]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in user from the stored token, or null. */
export function useStoredUser(): [User | null | undefined, (u: User | null, token?: string) => void] {
  const [user, setUser] = useState<User | null | undefined>(getToken() ? undefined : null);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setToken(null);
      setUser(null);
    });
    if (getToken()) {
      api
        .get<User>('/api/me')
        .then(setUser)
        .catch(() => {
          setToken(null);
          setUser(null);
        });
    }
  }, []);
  const set = useCallback((u: User | null, token?: string) => {
    setToken(u ? token ?? getToken() : null);
    setUser(u);
  }, []);
  return [user, set];
}
