// Toaster: shows toast messages (bottom right, polite live region) for a few seconds each.
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { cx } from "@/lib/cx";
import { AlertIcon, CheckIcon, InfoIcon, XIcon } from "./icons";
import { ToastContext, type ToastInput } from "./toast";

interface ToastItem extends ToastInput {
  id: number;
}

const ICONS = {
  success: <CheckIcon className="h-5 w-5 text-emerald-500" />,
  error: <AlertIcon className="h-5 w-5 text-rose-500" />,
  info: <InfoIcon className="h-5 w-5 text-indigo-500" />,
};

export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (toast: ToastInput) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), toast.tone === "error" ? 8000 : 4500);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === "error" ? "alert" : "status"}
            className={cx("pointer-events-auto flex gap-3 rounded-lg bg-white p-3.5 shadow-lg ring-1 ring-slate-900/10")}
          >
            {ICONS[toast.tone ?? "info"]}
            <div className="min-w-0 flex-1 text-sm">
              <p className="font-medium text-slate-900">{toast.title}</p>
              {toast.detail ? <p className="mt-0.5 text-slate-600">{toast.detail}</p> : null}
            </div>
            <button
              type="button"
              aria-label="Dismiss"
              onClick={() => dismiss(toast.id)}
              className="h-5 w-5 text-slate-400 hover:text-slate-600"
            >
              <XIcon className="h-4 w-4" />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
