// The browser session: the API key, its name and role, kept in sessionStorage (gone when the tab closes).
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  apiKey: string;
  name: string;
  role: Role;
}

/** Why the last session ended: shown on the sign-in page. */
export interface SignOutNotice {
  reason: "signed_out" | "expired";
  detail?: string;
}

const SESSION_KEY = "tdm.session";
const NOTICE_KEY = "tdm.signout";

const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** An unknown role from the API gets the least rights. */
export function toRole(value: string): Role {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : "viewer";
}

/** Whether `role` includes the rights of `needed` (admin > operator > viewer). */
export function roleAllows(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];
}

type Listener = () => void;
const listeners = new Set<Listener>();
let cache: { raw: string | null; session: Session | null } | undefined;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

function parse(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.apiKey !== "string" || !value.apiKey || typeof value.name !== "string") return null;
    return { apiKey: value.apiKey, name: value.name, role: toRole(String(value.role)) };
  } catch {
    return null;
  }
}

/** The current session, or null (stable object between changes, for useSyncExternalStore). */
export function readSession(): Session | null {
  const raw = storage()?.getItem(SESSION_KEY) ?? null;
  if (cache?.raw !== raw) cache = { raw, session: parse(raw) };
  return cache.session;
}

function emit(): void {
  for (const listener of [...listeners]) listener();
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function saveSession(session: Session): void {
  const store = storage();
  store?.setItem(SESSION_KEY, JSON.stringify(session));
  store?.removeItem(NOTICE_KEY);
  emit();
}

/** End the session; `notice` tells the sign-in page why (sign-out, or a key the API refused). */
export function clearSession(notice: SignOutNotice = { reason: "signed_out" }): void {
  const store = storage();
  if (!store?.getItem(SESSION_KEY)) return;
  store.removeItem(SESSION_KEY);
  store.setItem(NOTICE_KEY, JSON.stringify(notice));
  emit();
}

/** The notice left by the last clearSession, if any (cleared by the next sign-in). */
export function readSignOutNotice(): SignOutNotice | null {
  const raw = storage()?.getItem(NOTICE_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as SignOutNotice;
  } catch {
    return null;
  }
}

/** The API key of the session (for the API client), or null. */
export function currentApiKey(): string | null {
  return readSession()?.apiKey ?? null;
}
