import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DataTable, type Column } from "./DataTable";
import { EmptyState } from "./EmptyState";

interface Row {
  name: string;
  rows: number | null;
}

const columns: Column<Row>[] = [
  { key: "name", header: "Table", cell: (r) => r.name, sortValue: (r) => r.name },
  { key: "rows", header: "Rows", cell: (r) => (r.rows === null ? "—" : String(r.rows)), sortValue: (r) => r.rows, align: "right" },
  { key: "note", header: "Note", cell: () => "x" },
];

const data: Row[] = [
  { name: "orders", rows: 120 },
  { name: "customers", rows: null },
  { name: "order_items", rows: 9 },
  { name: "Addresses", rows: 1000 },
];

function firstColumn(): string[] {
  const body = screen.getAllByRole("rowgroup")[1]!;
  return within(body)
    .getAllByRole("row")
    .map((row) => within(row).getAllByRole("cell")[0]!.textContent);
}

describe("DataTable", () => {
  it("keeps the given order until a column is sorted, then sorts both ways with missing values last", async () => {
    const user = userEvent.setup();
    render(<DataTable caption="Tables" columns={columns} rows={data} getRowKey={(r) => r.name} />);
    expect(firstColumn()).toEqual(["orders", "customers", "order_items", "Addresses"]);

    const rowsHeader = screen.getByRole("columnheader", { name: /rows/i });
    expect(rowsHeader).toHaveAttribute("aria-sort", "none");
    await user.click(within(rowsHeader).getByRole("button"));
    expect(rowsHeader).toHaveAttribute("aria-sort", "ascending");
    expect(firstColumn()).toEqual(["order_items", "orders", "Addresses", "customers"]);

    await user.click(within(rowsHeader).getByRole("button"));
    expect(rowsHeader).toHaveAttribute("aria-sort", "descending");
    expect(firstColumn()).toEqual(["Addresses", "orders", "order_items", "customers"]);

    // Text sorts case-insensitively; a column without sortValue has no sort button.
    await user.click(screen.getByRole("button", { name: /table/i }));
    expect(firstColumn()).toEqual(["Addresses", "customers", "order_items", "orders"]);
    expect(within(screen.getByRole("columnheader", { name: "Note" })).queryByRole("button")).toBeNull();
  });

  it("sorts from the keyboard", async () => {
    const user = userEvent.setup();
    render(<DataTable caption="Tables" columns={columns} rows={data} getRowKey={(r) => r.name} />);
    await user.tab();
    expect(screen.getByRole("button", { name: /table/i })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(firstColumn()[0]).toBe("Addresses");
  });

  it("shows the empty state slot when there are no rows", () => {
    render(
      <DataTable
        caption="Tables"
        columns={columns}
        rows={[]}
        getRowKey={(r) => r.name}
        empty={<EmptyState title="No tables yet" description="Run a discovery first." />}
      />,
    );
    expect(screen.getByText("No tables yet")).toBeInTheDocument();
    expect(screen.getByText("Run a discovery first.")).toBeInTheDocument();
  });

  it("shows loading rows, not the empty state, while loading", () => {
    render(
      <DataTable
        caption="Tables"
        columns={columns}
        rows={undefined}
        loading
        getRowKey={(r) => r.name}
        empty={<EmptyState title="No tables yet" />}
      />,
    );
    expect(screen.queryByText("No tables yet")).toBeNull();
    expect(screen.getByRole("status")).toHaveTextContent("Loading");
  });
});
