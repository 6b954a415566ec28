import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ProblemError } from "@/api/problem";
import { ConfirmDialog } from "./Dialog";
import { ProblemAlert } from "./ProblemAlert";

describe("ProblemAlert", () => {
  it("shows the title, detail and each field error as written", () => {
    const error = new ProblemError({
      type: "urn:tdm:problem:invalid-input",
      title: "Invalid input",
      status: 422,
      detail: "subset.root_table: field required; limits.max_rows: must be > 0",
      errors: [
        { loc: ["body", "subset", "root_table"], msg: "field required", type: "missing" },
        { loc: ["body", "limits", "max_rows"], msg: "must be > 0", type: "greater_than" },
      ],
    });
    render(<ProblemAlert error={error} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Invalid input");
    expect(alert).toHaveTextContent("HTTP 422");
    expect(alert).toHaveTextContent("subset.root_table: field required; limits.max_rows: must be > 0");
    expect(screen.getByText("subset.root_table")).toBeInTheDocument();
    expect(screen.getByText("limits.max_rows")).toBeInTheDocument();
  });

  it("shows any other error's message, with a retry", async () => {
    const onRetry = vi.fn();
    render(<ProblemAlert error={new Error("boom")} onRetry={onRetry} />);
    expect(screen.getByRole("alert")).toHaveTextContent("boom");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});

describe("ConfirmDialog", () => {
  it("is a labelled modal that takes the focus and closes on Escape", async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    render(
      <ConfirmDialog
        open
        title="Delete it?"
        description="It cannot be undone."
        confirmLabel="Delete"
        tone="danger"
        onCancel={onCancel}
        onConfirm={onConfirm}
      />,
    );
    const dialog = screen.getByRole("dialog", { name: "Delete it?" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription("It cannot be undone.");
    expect(screen.getByRole("button", { name: "Keep it" })).toHaveFocus();
    // Focus stays inside.
    await user.tab();
    expect(screen.getByRole("button", { name: "Delete" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Keep it" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
