// Formatting helpers shared by every screen: numbers, bytes, durations, dates, ids, labels.

const numberFormat = new Intl.NumberFormat("en-US");
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** 1234567 -> "1,234,567"; null/undefined -> "—". */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : numberFormat.format(value);
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? "B"}`;
}

/** Milliseconds as "850 ms", "4.2 s", "3 min 05 s", "2 h 01 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${String(Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${String(minutes)} min ${String(totalSeconds % 60).padStart(2, "0")} s`;
  const hours = Math.floor(minutes / 60);
  return `${String(hours)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Milliseconds between two ISO timestamps (the end defaults to now); null when the start is missing. */
export function durationBetween(start: string | null | undefined, end?: string | null, now = Date.now()): number | null {
  if (!start) return null;
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now;
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.max(0, to - from);
}

/** "12 Mar 2025, 14:03:09" (the browser's time zone). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** "just now", "5 min ago", "in 2 h", "3 days ago". */
export function formatRelative(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const diff = then - now;
  const abs = Math.abs(diff);
  const suffix = (text: string) => (diff > 0 ? `in ${text}` : `${text} ago`);
  if (abs < 45_000) return "just now";
  const minutes = Math.round(abs / 60_000);
  if (minutes < 60) return suffix(`${String(minutes)} min`);
  const hours = Math.round(minutes / 60);
  if (hours < 24) return suffix(`${String(hours)} h`);
  const days = Math.round(hours / 24);
  if (days < 30) return suffix(`${String(days)} ${days === 1 ? "day" : "days"}`);
  return formatDateTime(iso);
}

/** First 8 characters of a UUID ("3f2a9c1e"), for tables; show the full id in a title. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** "awaiting_approval" -> "Awaiting approval". */
export function humanize(text: string): string {
  const spaced = text.replace(/[_-]+/g, " ").trim().toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
