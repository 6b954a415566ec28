// Where to go after sign-in: only a path of this app (never another site: no "//host" or "scheme:").
export function safeRedirect(target: unknown): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/";
  if (target.startsWith("/signin")) return "/";
  return target;
}
