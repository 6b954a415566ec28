// useSession(): who is signed in and what their role allows.
import { useCallback, useSyncExternalStore } from "react";
import { clearSession, readSession, roleAllows, subscribeSession, type Role, type Session } from "./session";

export interface SessionApi {
  session: Session | null;
  name: string | undefined;
  role: Role | undefined;
  /** True when the signed-in role includes `needed` (viewer < operator < admin). */
  can: (needed: Role) => boolean;
  signOut: () => void;
}

export function useSession(): SessionApi {
  const session = useSyncExternalStore(subscribeSession, readSession, readSession);
  const role = session?.role;
  const can = useCallback((needed: Role) => roleAllows(role, needed), [role]);
  const signOut = useCallback(() => {
    clearSession({ reason: "signed_out" });
  }, []);
  return { session, name: session?.name, role, can, signOut };
}
