// "Discover a database" (operators): a saved connection and, optionally, the schemas to read; the
// discovery job starts and the job page follows it live.
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useConnections, useDiscoverSchema } from "@/api/queries/schemas";
import { Button, Dialog, ProblemAlert, Select, TextInput } from "@/components";
import { discoverRequest } from "../discoverRequest";

export function DiscoverDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const connections = useConnections();
  const discover = useDiscoverSchema();
  const navigate = useNavigate();
  const [connectionId, setConnectionId] = useState("");
  const [schemas, setSchemas] = useState("");
  const items = connections.data?.items ?? [];
  const chosen = connectionId || items[0]?.id || "";

  async function submit() {
    const accepted = await discover.mutateAsync(discoverRequest(chosen, schemas));
    onClose();
    void navigate({ to: "/jobs/$jobId", params: { jobId: accepted.job_id } });
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Discover a database"
      description="Reads tables, columns, keys, relationships and statistics into a new schema version."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" disabled={!chosen} loading={discover.isPending} onClick={() => void submit().catch(() => undefined)}>
            Discover
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {discover.isError ? <ProblemAlert error={discover.error} /> : null}
        {connections.isError ? <ProblemAlert error={connections.error} /> : null}
        <Select
          label="Connection"
          hint={items.length ? undefined : "No saved connection: an admin adds one with POST /api/v1/connections."}
          value={chosen}
          onChange={(e) => setConnectionId(e.target.value)}
          options={items.map((c) => ({ value: c.id, label: c.name }))}
        />
        <TextInput
          label="Schemas"
          hint="Comma-separated; empty reads every non-system schema."
          placeholder="public, sales"
          value={schemas}
          onChange={(e) => setSchemas(e.target.value)}
        />
      </div>
    </Dialog>
  );
}
