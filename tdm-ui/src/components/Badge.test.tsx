import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PiiBadge, RoleBadge, StatusBadge } from "./Badge";

describe("StatusBadge", () => {
  it.each([
    ["queued", "Queued", "slate"],
    ["running", "Running", "sky"],
    ["awaiting_approval", "Awaiting approval", "amber"],
    ["completed", "Completed", "emerald"],
    ["failed", "Failed", "rose"],
    ["cancelled", "Cancelled", "slate"],
  ])("shows %s as %s in %s", (status, label, colour) => {
    render(<StatusBadge status={status} />);
    const badge = screen.getByText(label);
    expect(badge.className).toContain(`bg-${colour}-`);
  });

  it("animates only statuses still in progress", () => {
    const { container, rerender } = render(<StatusBadge status="running" />);
    expect(container.querySelector(".animate-ping")).not.toBeNull();
    rerender(<StatusBadge status="completed" />);
    expect(container.querySelector(".animate-ping")).toBeNull();
  });

  it("shows an unknown status as sent, in grey", () => {
    render(<StatusBadge status="paused_by_admin" />);
    expect(screen.getByText("Paused by admin").className).toContain("bg-slate-");
  });
});

describe("RoleBadge and PiiBadge", () => {
  it("colours roles and PII types", () => {
    render(
      <>
        <RoleBadge role="admin" />
        <PiiBadge type="ssn" />
        <PiiBadge type="email" />
      </>,
    );
    expect(screen.getByText("Admin").className).toContain("bg-violet-");
    expect(screen.getByText("SSN").className).toContain("bg-rose-");
    expect(screen.getByText("Email").className).toContain("bg-sky-");
  });
});
