// The app shell: left navigation (every module), a header with the key's name, role and sign-out, and
// the current screen. Without a session (never signed in, signed out, key refused) it sends the user
// to the sign-in page, coming back here afterwards.
import { Link, Outlet, useRouter } from "@tanstack/react-router";
import { useEffect } from "react";
import { useSession } from "@/auth/useSession";
import { Button, RoleBadge } from "@/components";
import { KeyIcon, SignOutIcon } from "@/components/icons";
import { NAV_GROUPS } from "./nav";

function Logo() {
  return (
    <Link to="/" className="flex items-center gap-2.5 rounded-md px-2 focus-visible:outline-2 focus-visible:outline-indigo-400">
      <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-indigo-500 text-sm font-bold text-white shadow-sm">T</span>
      <span className="leading-tight">
        <span className="block text-sm font-semibold text-white">TDM Portal</span>
        <span className="block text-[11px] text-slate-400">Test data management</span>
      </span>
    </Link>
  );
}

function Sidebar() {
  return (
    <aside className="w-60 shrink-0 bg-slate-900">
      <div className="sticky top-0 flex h-screen flex-col">
        <div className="flex h-16 items-center px-3">
          <Logo />
        </div>
        <nav aria-label="Main" className="flex-1 space-y-6 overflow-y-auto px-3 py-4">
          {NAV_GROUPS.map((group) => (
            <div key={group.label}>
              <p className="px-2 pb-1.5 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">{group.label}</p>
              <ul className="space-y-0.5">
                {group.items.map((item) => (
                  <li key={item.to}>
                    <Link
                      to={item.to}
                      activeOptions={{ exact: item.to === "/" }}
                      className="group flex items-center gap-3 rounded-md px-2 py-2 text-sm font-medium text-slate-300 transition-colors hover:bg-slate-800 hover:text-white focus-visible:outline-2 focus-visible:outline-indigo-400 data-[status=active]:bg-slate-800 data-[status=active]:text-white"
                    >
                      <item.icon className="h-5 w-5 text-slate-500 group-hover:text-slate-300 group-data-[status=active]:text-indigo-400" />
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <p className="px-5 py-4 text-[11px] text-slate-500">
          API: /api/v1 ·{" "}
          <a className="underline hover:text-slate-300" href="/api/v1/docs">
            docs
          </a>
        </p>
      </div>
    </aside>
  );
}

function Header() {
  const { name, role, signOut } = useSession();
  return (
    <header className="sticky top-0 z-20 flex h-16 items-center justify-end gap-4 border-b border-slate-200 bg-white/90 px-8 backdrop-blur">
      <div className="flex items-center gap-2.5 text-sm">
        <KeyIcon className="h-4 w-4 text-slate-400" />
        <span className="font-medium text-slate-800" title="The API key's name">
          {name}
        </span>
        {role ? <RoleBadge role={role} /> : null}
      </div>
      <Button variant="ghost" size="sm" icon={<SignOutIcon className="h-4 w-4" />} onClick={signOut}>
        Sign out
      </Button>
    </header>
  );
}

export function AppShell() {
  const { session } = useSession();
  const router = useRouter();
  useEffect(() => {
    // Once per ended session (not on every render: the pending location would pile up redirects).
    if (!session) void router.navigate({ to: "/signin", search: { redirect: router.state.location.href }, replace: true });
  }, [session, router]);
  if (!session) return null;
  return (
    <div className="flex min-h-screen bg-slate-50 text-slate-900">
      <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:top-2 focus:left-2">
        Skip to content
      </a>
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <Header />
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-8 py-8">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
