// useNow(): the current time from one shared clock, ticking every 20 s while anything uses it.
import { useSyncExternalStore } from "react";

const TICK_MS = 20_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // The clock may have stood still while nothing listened: React re-reads the snapshot after subscribing.
  if (timer === undefined) now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function snapshot(): number {
  return now;
}

/** The current time (ms), refreshed every 20 s: for relative times and running durations. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
