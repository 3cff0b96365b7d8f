/**
 * The examflow HTTP API (SPEC §3), as the web app calls it. The vocabulary comes
 * from libs/domain; the answers' shapes are the contract's, written from the
 * client's side (the server's views carry Dates and internals the client never sees).
 */

import type { ConsultationStatus, DocumentState, Position, Purpose, ReportStatus, Urgency } from '../../../libs/domain/src/types';

export type { DocumentState, Position, Purpose, Urgency };

export interface User {
  username: string;
  fullName: string;
  agencyCode: string | null;
  unitCode: string | null;
  position: Position;
  title: string;
  email?: string | null;
}
export interface Agency { code: string; name: string; level: 'ministry' | 'department' }
export interface Unit { code: string; agencyCode: string; name: string; supervisor: string | null }
export interface Org { agencies: Agency[]; units: Unit[]; users: User[] }

export interface Consultation {
  agencyCode: string;
  unitCode: string;
  status: ConsultationStatus;
  comment: string | null;
  answeredAt: string | null;
  answeredBy?: string | null;
}
export interface Recipient {
  agencyCode?: string;
  unitCode?: string | null;
  purpose: Purpose;
  acknowledgedAt: string | null;
  report: { status: ReportStatus; submittedAt: string | null; submittedBy?: string | null; content?: string | null } | null;
}
export interface Doc {
  id: string;
  type: string;
  title: string;
  body: string;
  urgency: Urgency;
  state: DocumentState;
  version: number;
  agencyCode: string;
  unitCode: string;
  drafter: string;
  signer: string | null;
  signingAuthority: string | null;
  number: string | null;
  issuedAt: string | null;
  signatureBlock: string | null;
  consultations: Consultation[];
  consultationDeadline: string | null;
  signatureDeadline: string | null;
  disseminationDeadline: string | null;
  recipients: Recipient[];
  reportDeadline: string | null;
  closingSummary?: string | null;
  workflow: { id: string; version: number };
  availableEvents: string[];
  createdAt: string;
  updatedAt: string;
}
export interface HistoryEntry {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actor: string;
  onBehalfOf?: string | null;
  at: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
export interface Task {
  kind: 'opinion' | 'signature' | 'dissemination' | 'report';
  documentId: string;
  type: string;
  title: string;
  number: string | null;
  urgency: Urgency;
  state: DocumentState;
  deadline: string | null;
  overdue: boolean;
  onBehalfOf: string | null;
}
export interface QueueItem {
  id: string;
  type: string;
  title: string;
  urgency: Urgency;
  state: DocumentState;
  signer: string;
  signingAuthority: string | null;
  signatureDeadline: string | null;
  timeLeftMs: number | null;
  overdue: boolean;
  onBehalfOf: string | null;
  availableEvents: string[];
}
export interface Notification {
  id: string;
  kind: 'reminder' | 'escalation' | 'assignment' | 'info';
  documentId: string | null;
  stage: string | null;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
  message: string;
}
export interface Delegation { id: string; to: string; from: string; until: string; revokedAt?: string | null }
export interface WorkflowDefinition {
  id: string;
  version: number;
  documentType: string;
  name: string;
  initial: string;
  states: Record<string, { final: boolean; on: Record<string, string[]> }>;
}
export interface Overview {
  generatedAt: string;
  byState: Record<DocumentState, number>;
  overdue: {
    total: number;
    byUnit: Array<{ agencyCode: string; unitCode: string | null; unitName: string | null; count: number }>;
    byAgency: Array<{ agencyCode: string; agencyName: string; count: number }>;
  };
}

/** An answer the API refused, in Nest's shape: `{ statusCode, error, message }`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string[], readonly body: unknown) {
    super(detail.join('; '));
  }
}

const TOKEN_KEY = 'examflow.token';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}
export function setToken(token: string | null) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

let onUnauthorized: () => void = () => {};
/** Called when the API answers 401 to a signed-in call: the session has ended. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, ['Không kết nối được tới máy chủ. Kiểm tra mạng rồi thử lại.'], null);
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const message = (data as { message?: unknown } | null)?.message;
    const detail = Array.isArray(message) ? message.map(String) : message ? [String(message)] : [res.statusText];
    if (res.status === 401 && token) onUnauthorized();
    throw new ApiError(res.status, detail, data);
  }
  return { data: data as T, headers: res.headers };
}

export const api = {
  get: async <T>(path: string) => (await request<T>('GET', path)).data,
  post: async <T>(path: string, body?: unknown) => (await request<T>('POST', path, body ?? {})).data,
  put: async <T>(path: string, body: unknown) => (await request<T>('PUT', path, body)).data,
  patch: async <T>(path: string, body: unknown) => (await request<T>('PATCH', path, body)).data,
  delete: async <T>(path: string) => (await request<T>('DELETE', path)).data,
};

/** Event name a window listener hears when the server says the caller has new notifications. */
export const NOTIFIED_EVENT = 'examflow:notified';

/**
 * Listens to GET /api/notifications/stream (server-sent events, read with
 * fetch so that the token goes in the header as for every call) and calls
 * `onNotified` for each `notification` event, `onLive` with whether the
 * stream is open now. Reconnects after a drop, waiting longer each time up
 * to a minute; stops on 401 (the session has ended) or when the returned
 * function is called. A tab hidden for a minute lets its stream go and takes
 * one again when shown (`onLive(true)` then reads the count): a browser
 * keeps six connections per server, and six open tabs must not take them all.
 */
export function listenForNotifications(onNotified: () => void, onLive: (live: boolean) => void = () => {}): () => void {
  let stopped = false;
  let current: AbortController | null = null;
  let delay = 2_000;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let hiddenSince: ReturnType<typeof setTimeout> | undefined;

  const connect = async () => {
    const token = getToken();
    if (stopped || current || !token) return;
    const controller = (current = new AbortController());
    try {
      const res = await fetch('/api/notifications/stream', {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      if (res.status === 401) {
        current = null;
        return onUnauthorized();
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event === 'ready') {
            delay = 2_000;
            onLive(true);
          } else if (event === 'notification') onNotified();
        }
      }
    } catch {
      // a drop, or aborted below
    }
    if (current === controller) current = null;
    onLive(false);
    if (stopped || controller.signal.aborted) return;
    retry = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, 60_000);
  };

  const onVisibility = () => {
    clearTimeout(hiddenSince);
    if (document.visibilityState === 'hidden') {
      hiddenSince = setTimeout(() => {
        clearTimeout(retry);
        current?.abort();
        current = null;
      }, 60_000);
    } else if (!current) {
      clearTimeout(retry);
      delay = 2_000;
      void connect();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  void connect();
  return () => {
    stopped = true;
    document.removeEventListener('visibilitychange', onVisibility);
    clearTimeout(retry);
    clearTimeout(hiddenSince);
    current?.abort();
  };
}

/** A query string from the filled-in fields only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
}
