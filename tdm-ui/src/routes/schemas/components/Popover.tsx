// Popover: a button that opens a small panel next to it. The panel is rendered in a portal with a fixed
// position (so scrolling tables do not clip it); Escape, a click outside or scrolling closes it, and
// Escape returns focus to the button. Used for column statistics, top values and PII evidence.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { cx } from "@/lib/cx";

const PANEL_WIDTH = 288;
/** Below the button unless less room than this is left there (then above it). */
const ROOM_BELOW = 280;

interface Position {
  left: number;
  top?: number;
  bottom?: number;
}

export function Popover({
  label,
  children,
  buttonClassName,
  title,
  align = "left",
}: {
  /** The button's content. */
  label: ReactNode;
  /** The button's accessible name (and the panel's). */
  title: string;
  children: ReactNode;
  buttonClassName?: string;
  align?: "left" | "right";
}) {
  const [position, setPosition] = useState<Position | null>(null);
  const open = position !== null;
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = () => setPosition(null);
    const onPointer = (event: MouseEvent) => {
      const target = event.target;
      if (!(target instanceof Node)) return;
      if (panel.current?.contains(target) || button.current?.contains(target)) return;
      close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        close();
        button.current?.focus();
      }
    };
    const onScroll = (event: Event) => {
      if (event.target instanceof Node && panel.current?.contains(event.target)) return;
      close();
    };
    document.addEventListener("mousedown", onPointer);
    document.addEventListener("keydown", onKey);
    window.addEventListener("scroll", onScroll, true);
    window.addEventListener("resize", close);
    return () => {
      document.removeEventListener("mousedown", onPointer);
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("scroll", onScroll, true);
      window.removeEventListener("resize", close);
    };
  }, [open]);

  const toggle = () => {
    if (open) {
      setPosition(null);
      return;
    }
    const rect = button.current?.getBoundingClientRect();
    const width = window.innerWidth;
    const height = window.innerHeight;
    const left = Math.max(8, Math.min(rect ? (align === "right" ? rect.right - PANEL_WIDTH : rect.left) : 0, width - PANEL_WIDTH - 8));
    const bottomEdge = rect?.bottom ?? 0;
    const above = rect !== undefined && height > 0 && height - bottomEdge < ROOM_BELOW && rect.top > height - bottomEdge;
    setPosition(above ? { left, bottom: height - rect.top + 4 } : { left, top: bottomEdge + 4 });
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={title}
        title={title}
        onClick={toggle}
        className={cx(
          "inline-flex items-center gap-1 rounded focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600",
          buttonClassName,
        )}
      >
        {label}
      </button>
      {position
        ? createPortal(
            <div
              ref={panel}
              id={id}
              role="dialog"
              aria-label={title}
              style={{ ...position, width: PANEL_WIDTH }}
              className="fixed z-40 max-h-96 overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 text-left text-xs text-slate-700 shadow-lg"
            >
              {children}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
