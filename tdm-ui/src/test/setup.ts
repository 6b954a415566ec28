// Vitest setup: jest-dom matchers, a clean DOM, session and mocks between tests.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";

beforeEach(() => {
  // jsdom has no scrolling; the router restores scroll positions.
  window.scrollTo = vi.fn();
});

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  vi.unstubAllGlobals();
});
