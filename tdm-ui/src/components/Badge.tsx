// Badges: a coloured label; StatusBadge (job statuses), RoleBadge and PiiBadge pick their colours.
import type { ReactNode } from "react";
import { cx } from "@/lib/cx";
import { humanize } from "@/lib/format";

export type BadgeTone = "slate" | "indigo" | "blue" | "green" | "amber" | "red" | "violet" | "teal" | "pink";

const TONES: Record<BadgeTone, string> = {
  slate: "bg-slate-100 text-slate-700 ring-slate-500/20",
  indigo: "bg-indigo-50 text-indigo-700 ring-indigo-600/20",
  blue: "bg-sky-50 text-sky-700 ring-sky-600/20",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/25",
  red: "bg-rose-50 text-rose-700 ring-rose-600/20",
  violet: "bg-violet-50 text-violet-700 ring-violet-600/20",
  teal: "bg-teal-50 text-teal-700 ring-teal-600/20",
  pink: "bg-pink-50 text-pink-700 ring-pink-600/20",
};

const DOTS: Record<BadgeTone, string> = {
  slate: "bg-slate-400",
  indigo: "bg-indigo-500",
  blue: "bg-sky-500",
  green: "bg-emerald-500",
  amber: "bg-amber-500",
  red: "bg-rose-500",
  violet: "bg-violet-500",
  teal: "bg-teal-500",
  pink: "bg-pink-500",
};

/** A small rounded label. `dot` adds a coloured dot; `pulse` animates it (something in progress). */
export function Badge({
  tone = "slate",
  dot = false,
  pulse = false,
  className,
  title,
  children,
}: {
  tone?: BadgeTone;
  dot?: boolean;
  pulse?: boolean;
  className?: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <span
      title={title}
      className={cx(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[tone],
        className,
      )}
    >
      {dot ? (
        <span className="relative flex h-1.5 w-1.5" aria-hidden="true">
          {pulse ? <span className={cx("absolute inline-flex h-full w-full animate-ping rounded-full opacity-75", DOTS[tone])} /> : null}
          <span className={cx("relative inline-flex h-1.5 w-1.5 rounded-full", DOTS[tone])} />
        </span>
      ) : null}
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, BadgeTone> = {
  queued: "slate",
  running: "blue",
  awaiting_approval: "amber",
  completed: "green",
  failed: "red",
  cancelled: "slate",
  // dataset statuses
  active: "green",
  writing: "blue",
  deleted: "slate",
};

const STATUS_LABELS: Record<string, string> = {
  awaiting_approval: "Awaiting approval",
};

/** The colour of a job (or dataset) status; unknown statuses are grey. */
function statusTone(status: string): BadgeTone {
  return STATUS_TONES[status] ?? "slate";
}

/** A job status (queued, running, awaiting_approval, completed, failed, cancelled) as a badge. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const live = status === "running" || status === "awaiting_approval";
  return (
    <Badge tone={statusTone(status)} dot pulse={live} className={className}>
      {STATUS_LABELS[status] ?? humanize(status)}
    </Badge>
  );
}

const ROLE_TONES: Record<string, BadgeTone> = { admin: "violet", operator: "indigo", viewer: "slate" };

/** An API key's role (viewer, operator, admin). */
export function RoleBadge({ role }: { role: string }) {
  return <Badge tone={ROLE_TONES[role] ?? "slate"}>{humanize(role)}</Badge>;
}

const PII_TONES: Record<string, BadgeTone> = {
  // direct identifiers and secrets
  ssn: "red",
  credit_card: "red",
  iban: "red",
  password: "red",
  // contact
  email: "blue",
  phone: "blue",
  ip_address: "blue",
  username: "blue",
  // names and dates of birth
  person_name: "violet",
  first_name: "violet",
  last_name: "violet",
  date_of_birth: "pink",
  // location
  address: "amber",
  city: "amber",
  postal_code: "amber",
  country: "amber",
  other: "teal",
  none: "slate",
};

const PII_LABELS: Record<string, string> = { ssn: "SSN", iban: "IBAN", ip_address: "IP address" };

/** A PII type (tdm_agents.pii_detection.labels.PIIType: email, ssn, person_name ...): identifiers red. */
export function PiiBadge({ type }: { type: string }) {
  const key = type.toLowerCase();
  return <Badge tone={PII_TONES[key] ?? "indigo"}>{PII_LABELS[key] ?? humanize(key)}</Badge>;
}
