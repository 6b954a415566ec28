// CopyButton (copies a text, confirms with a check mark) and IdText (a monospace, truncated id with copy).
import { useEffect, useState } from "react";
import { cx } from "@/lib/cx";
import { shortId } from "@/lib/format";
import { CheckIcon, CopyIcon } from "./icons";

/** A small icon button that copies `text` to the clipboard. */
export function CopyButton({ text, label = "Copy", className }: { text: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      title={copied ? "Copied" : label}
      aria-label={copied ? "Copied" : label}
      onClick={(event) => {
        event.stopPropagation();
        // Undefined outside secure contexts (plain http on another host).
        const clipboard = navigator.clipboard as Clipboard | undefined;
        void clipboard?.writeText(text).then(
          () => setCopied(true),
          () => undefined,
        );
      }}
      className={cx(
        "inline-flex h-6 w-6 shrink-0 items-center justify-center rounded text-slate-400 hover:bg-slate-100 hover:text-slate-600 focus-visible:outline-2 focus-visible:outline-indigo-600",
        className,
      )}
    >
      {copied ? <CheckIcon className="h-3.5 w-3.5 text-emerald-600" /> : <CopyIcon className="h-3.5 w-3.5" />}
    </button>
  );
}

/** An id in monospace: shortened (full id in the title) unless `full`, with a copy button. */
export function IdText({ id, full = false, copy = true, className }: { id: string; full?: boolean; copy?: boolean; className?: string }) {
  return (
    <span className={cx("inline-flex items-center gap-0.5 align-middle", className)}>
      <code title={id} className="font-mono text-xs text-slate-700">
        {full ? id : shortId(id)}
      </code>
      {copy ? <CopyButton text={id} label={`Copy ${id}`} /> : null}
    </span>
  );
}
