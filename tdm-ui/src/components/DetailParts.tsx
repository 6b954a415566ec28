// Pieces of a detail page: the link back to its list, and one labelled value of its header.
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { ArrowLeftIcon } from "./icons";

/** "← <list>" above a detail page; `to` is the list's route. */
export function BackLink({ to, label }: { to: "/jobs" | "/schemas" | "/datasets"; label: string }) {
  return (
    <Link to={to} className="inline-flex items-center gap-1 hover:text-slate-700">
      <ArrowLeftIcon className="h-4 w-4" /> {label}
    </Link>
  );
}

/** One labelled value in a `<dl>` of a detail header. */
export function MetaItem({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800 tabular-nums">{children}</dd>
    </div>
  );
}
