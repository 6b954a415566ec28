// Card: a white panel with an optional header (title, description, actions) and padded body.
import type { ReactNode } from "react";
import { cx } from "@/lib/cx";

export interface CardProps {
  title?: ReactNode;
  description?: ReactNode;
  /** Buttons or links on the right of the header. */
  actions?: ReactNode;
  /** False for content that brings its own padding (tables). */
  padded?: boolean;
  className?: string;
  children?: ReactNode;
  /** Heading level of the title (default h2). */
  as?: "h2" | "h3";
}

export function Card({ title, description, actions, padded = true, className, children, as: Heading = "h2" }: CardProps) {
  return (
    <section className={cx("overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm", className)}>
      {title || actions ? (
        <header className="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-3.5">
          <div className="min-w-0">
            {title ? <Heading className="text-sm font-semibold text-slate-900">{title}</Heading> : null}
            {description ? <p className="mt-0.5 text-xs text-slate-500">{description}</p> : null}
          </div>
          {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
        </header>
      ) : null}
      <div className={padded ? "p-5" : undefined}>{children}</div>
    </section>
  );
}

/** A figure with its label, for dashboards. */
export function StatCard({ label, value, hint, icon }: { label: ReactNode; value: ReactNode; hint?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-center justify-between gap-3">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
        {icon ? <span className="text-slate-400">{icon}</span> : null}
      </div>
      <p className="mt-2 text-2xl font-semibold text-slate-900 tabular-nums">{value}</p>
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}
