/**
 * The examflow HTTP API (SPEC §3), as the web app calls it. The vocabulary and
 * the answers' shapes come from libs/domain (pure types the server builds its
 * answers with), under the shorter names the pages use.
 */

import type { DocumentState, IncomingState, Position, Purpose, Urgency } from '../../../libs/domain/src/types';
import { readEventNames } from './sse';

export type { DocumentState, IncomingState, Position, Purpose, Urgency };
export type {
  BatchResult,
  ConsultationView as Consultation,
  DelegationView as Delegation,
  DocumentView as Doc,
  FileView,
  HistoryEntryView as HistoryEntry,
  IncomingFileView,
  IncomingView as Incoming,
  CampaignView as Campaign,
  NotificationView as Notification,
  OrgView as Org,
  Overview,
  QueueItem,
  RecipientView as Recipient,
  TaskView as Task,
  UserView as User,
  WorkflowView as WorkflowDefinition,
} from '../../../libs/domain/src/views';

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
  const json = body !== undefined;
  const res = await send(path, { method, body: json ? JSON.stringify(body) : undefined }, json ? { 'Content-Type': 'application/json' } : {});
  const data = await readBody(res);
  if (!res.ok) fail(res, data);
  return { data: data as T, headers: res.headers };
}

async function send(path: string, init: RequestInit, headers: Record<string, string> = {}): Promise<Response> {
  const token = getToken();
  try {
    return await fetch(path, { ...init, headers: { Accept: 'application/json', ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  } catch {
    throw new ApiError(0, ['Không kết nối được tới máy chủ. Kiểm tra mạng rồi thử lại.'], null);
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function fail(res: Response, data: unknown): never {
  const message = (data as { message?: unknown } | null)?.message;
  const detail = Array.isArray(message) ? message.map(String) : message ? [String(message)] : [res.statusText];
  if (res.status === 401 && getToken()) onUnauthorized();
  throw new ApiError(res.status, detail, data);
}

/** POST (or PUT) a multipart form (a file upload); the browser sets its boundary. */
export async function postForm<T>(path: string, form: FormData, method: 'POST' | 'PUT' = 'POST'): Promise<T> {
  const res = await send(path, { method, body: form });
  const data = await readBody(res);
  if (!res.ok) fail(res, data);
  return data as T;
}

/** The bytes at `path` (with the token, which a plain link cannot carry). */
export async function getBlob(path: string): Promise<Blob> {
  return (await getBlobWithHeaders(path)).blob;
}

/** The bytes at `path` and the answer's headers (an image's `X-Width-Mm`). */
export async function getBlobWithHeaders(path: string): Promise<{ blob: Blob; headers: Headers }> {
  const res = await send(path, { method: 'GET' }, { Accept: '*/*' });
  if (!res.ok) fail(res, await readBody(res));
  return { blob: await res.blob(), headers: res.headers };
}

/** The file at `path` in a new tab (opened at the click, so no pop-up blocker stops it); this tab if none opens. */
export async function openBlob(path: string): Promise<void> {
  const tab = window.open('', '_blank');
  const url = URL.createObjectURL(await getBlob(path));
  if (tab) tab.location.href = url;
  else window.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
}

/** Offers `blob` to the user as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
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

/** Listens to the caller's notification stream (listenForEvents): `onNotified` for each `notification`. */
export function listenForNotifications(onNotified: () => void, onLive: (live: boolean) => void = () => {}): () => void {
  return listenForEvents('/api/notifications/stream', 'notification', onNotified, onLive);
}

/**
 * Listens to a stream of the API (server-sent events, read with fetch so
 * that the token goes in the header as for every call: the caller's
 * notifications, a campaign's board) and calls `onEvent` for each `event`,
 * `onLive` with whether the stream is open now. Reconnects after a drop, waiting longer each time up
 * to a minute; stops on 401 (the session has ended) or when the returned
 * function is called. A tab hidden for a minute lets its stream go and takes
 * one again when shown (`onLive(true)` then reads the count): a browser
 * keeps six connections per server, and six open tabs must not take them all.
 */
export function listenForEvents(path: string, event: string, onEvent: () => void, onLive: (live: boolean) => void = () => {}): () => void {
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
      const res = await fetch(path, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      if (res.status === 401) {
        current = null;
        return onUnauthorized();
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      await readEventNames(res.body, (name) => {
        if (name === 'ready') {
          delay = 2_000;
          onLive(true);
        } else if (name === event) onEvent();
      });
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
