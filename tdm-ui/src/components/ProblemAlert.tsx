// ProblemAlert: an API error shown as the API wrote it (title, detail, each field error), with retry.
import type { ReactNode } from "react";
import { describeError, isProblemError, locPath } from "@/api/problem";
import { cx } from "@/lib/cx";
import { Button } from "./Button";
import { AlertIcon } from "./icons";

export function ProblemAlert({
  error,
  onRetry,
  title,
  className,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  /** Replaces the problem's title (the detail is always shown as written). */
  title?: ReactNode;
  className?: string;
  children?: ReactNode;
}) {
  const described = describeError(error);
  const fieldErrors = isProblemError(error) ? error.errors : [];
  const status = isProblemError(error) && error.status > 0 ? error.status : null;
  return (
    <div role="alert" className={cx("rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-900", className)}>
      <div className="flex gap-3">
        <AlertIcon className="mt-0.5 h-5 w-5 shrink-0 text-rose-500" />
        <div className="min-w-0 flex-1">
          <p className="font-semibold">
            {title ?? described.title}
            {status ? <span className="ml-2 font-mono text-xs font-normal text-rose-700">HTTP {status}</span> : null}
          </p>
          {described.detail ? <p className="mt-1 break-words whitespace-pre-wrap">{described.detail}</p> : null}
          {fieldErrors.length > 0 ? (
            <ul className="mt-2 list-disc space-y-0.5 pl-5">
              {fieldErrors.map((err, index) => (
                <li key={index}>
                  <code className="rounded bg-rose-100 px-1 font-mono text-xs">{locPath(err.loc) || "request"}</code>: {err.msg}
                </li>
              ))}
            </ul>
          ) : null}
          {children}
          {onRetry ? (
            <Button size="sm" className="mt-3" onClick={onRetry}>
              Try again
            </Button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
