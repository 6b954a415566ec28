// The sign-in page: an API key, checked with GET /me, kept with its name and role for this browser tab.
import { useState } from "react";
import { useNavigate } from "@tanstack/react-router";
import { isProblemError } from "@/api/problem";
import { fetchWhoAmI } from "@/api/queries/me";
import { Button, ProblemAlert, TextInput } from "@/components";
import { InfoIcon, KeyIcon } from "@/components/icons";
import { safeRedirect } from "./redirect";
import { readSession, readSignOutNotice, saveSession, toRole } from "./session";

export function SignInPage({ redirect }: { redirect?: string | undefined }) {
  const navigate = useNavigate();
  const [apiKey, setApiKey] = useState("");
  const [shown, setShown] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice] = useState(readSignOutNotice);

  const target = safeRedirect(redirect);

  const onSubmit = async (event: { preventDefault: () => void }) => {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) {
      setError(null);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const me = await fetchWhoAmI(key);
      saveSession({ apiKey: key, name: me.name, role: toRole(me.role) });
      await navigate({ href: target, replace: true });
    } catch (err) {
      setError(err);
      setPending(false);
    }
  };

  const keyMissing = error === null && !pending && apiKey.trim() === "";
  const fieldError = isProblemError(error) && error.status === 401 ? "This key was not accepted." : undefined;

  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-indigo-900 px-4">
      <div className="w-full max-w-md">
        <div className="mb-6 flex items-center justify-center gap-3 text-white">
          <span className="flex h-10 w-10 items-center justify-center rounded-xl bg-indigo-500 text-lg font-bold shadow">T</span>
          <div>
            <p className="text-lg font-semibold">TDM Portal</p>
            <p className="text-xs text-slate-300">Test data management, self-service</p>
          </div>
        </div>
        <div className="rounded-2xl bg-white p-8 shadow-2xl">
          <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Use an API key of this TDM installation. It is kept for this browser tab only.</p>

          {notice && !error && !readSession() ? (
            <div role="status" className="mt-5 flex gap-2.5 rounded-lg bg-slate-50 p-3 text-sm text-slate-600 ring-1 ring-slate-200">
              <InfoIcon className="h-5 w-5 shrink-0 text-indigo-500" />
              <p>
                {notice.reason === "expired"
                  ? `Your session ended: ${notice.detail ?? "the API no longer accepts the key."}`
                  : "You signed out."}
              </p>
            </div>
          ) : null}

          <form className="mt-6 space-y-5" onSubmit={(event) => void onSubmit(event)} noValidate>
            <TextInput
              label="API key"
              name="apiKey"
              type={shown ? "text" : "password"}
              autoComplete="off"
              spellCheck={false}
              required
              autoFocus
              value={apiKey}
              onChange={(event) => setApiKey(event.target.value)}
              error={fieldError}
              hint={
                <>
                  Create one with <code className="font-mono">tdm apikey create</code>, or ask an administrator.
                </>
              }
            />
            <label className="flex items-center gap-2 text-sm text-slate-600">
              <input
                type="checkbox"
                checked={shown}
                onChange={(event) => setShown(event.target.checked)}
                className="h-4 w-4 accent-indigo-600"
              />
              Show the key
            </label>
            {error ? <ProblemAlert error={error} /> : null}
            <Button
              type="submit"
              variant="primary"
              className="w-full"
              loading={pending}
              disabled={keyMissing}
              icon={<KeyIcon className="h-4 w-4" />}
            >
              {pending ? "Checking the key…" : "Sign in"}
            </Button>
          </form>
        </div>
        <p className="mt-6 text-center text-xs text-slate-400">
          Roles: viewers browse, operators run jobs, admins also manage connections, environments and keys.
        </p>
      </div>
    </div>
  );
}
