// The files of a dataset version with short-lived download links (presigned URLs, one per Parquet
// file, read straight from the object store). Links are fetched when the panel opens and can be renewed.
import type { DatasetDetailData } from "@/api/queries/datasets";
import { useDatasetDownload } from "@/api/queries/datasets";
import { Button, CopyButton, EmptyState, ProblemAlert, TableSkeleton } from "@/components";
import { DatasetIcon, RefreshIcon } from "@/components/icons";
import { formatBytes, formatDuration, formatNumber } from "@/lib/format";

function fileName(objectKey: string): string {
  return objectKey.split("/").pop() ?? objectKey;
}

export function DownloadPanel({ dataset }: { dataset: DatasetDetailData }) {
  const active = dataset.status === "active";
  const download = useDatasetDownload(dataset.id, active && dataset.files.length > 0);
  const rowsByKey = new Map(dataset.files.map((f) => [f.object_key, f]));

  if (dataset.files.length === 0) {
    return (
      <EmptyState
        icon={<DatasetIcon className="h-5 w-5" />}
        title="No files"
        description={active ? "This dataset version holds no files." : `This version is ${dataset.status}: its files are not available.`}
      />
    );
  }
  if (!active) {
    return (
      <EmptyState
        icon={<DatasetIcon className="h-5 w-5" />}
        title={`This version is ${dataset.status}`}
        description="Only active dataset versions can be downloaded."
      />
    );
  }
  if (download.isPending) return <TableSkeleton rows={Math.min(dataset.files.length, 5)} columns={5} />;
  if (download.isError) return <ProblemAlert error={download.error} onRetry={() => void download.refetch()} />;

  const files = download.data.files;
  const total = files.reduce((n, f) => n + f.size_bytes, 0);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          {files.length} files · {formatBytes(total)}. Links expire {formatDuration(download.data.expires_in * 1000)} after they were made;
          renew them if a download fails.
        </p>
        <Button
          size="sm"
          icon={<RefreshIcon className="h-3.5 w-3.5" />}
          loading={download.isFetching}
          onClick={() => void download.refetch()}
        >
          Renew links
        </Button>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Files to download</caption>
          <thead className="border-b border-slate-200 bg-slate-50/80 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-4 py-2 text-left">
                Table
              </th>
              <th scope="col" className="px-4 py-2 text-left">
                File
              </th>
              <th scope="col" className="px-4 py-2 text-right">
                Rows
              </th>
              <th scope="col" className="px-4 py-2 text-right">
                Size
              </th>
              <th scope="col" className="px-4 py-2 text-left">
                SHA-256
              </th>
              <th scope="col" className="px-4 py-2 text-right">
                <span className="sr-only">Download</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {files.map((file) => (
              <tr key={file.object_key}>
                <td className="px-4 py-2 font-mono text-xs text-slate-800">{file.table_name}</td>
                <td className="max-w-64 truncate px-4 py-2 font-mono text-xs text-slate-500" title={file.object_key}>
                  {fileName(file.object_key)}
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{formatNumber(rowsByKey.get(file.object_key)?.row_count)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{formatBytes(file.size_bytes)}</td>
                <td className="px-4 py-2">
                  <span className="inline-flex items-center gap-0.5">
                    <code className="font-mono text-[11px] text-slate-500" title={file.sha256}>
                      {file.sha256.slice(0, 12)}
                    </code>
                    <CopyButton text={file.sha256} label={`Copy the SHA-256 of ${fileName(file.object_key)}`} />
                  </span>
                </td>
                <td className="px-4 py-2 text-right">
                  <a
                    href={file.url}
                    download={fileName(file.object_key)}
                    rel="noopener noreferrer"
                    className="text-sm font-medium text-indigo-600 hover:text-indigo-500 hover:underline"
                    aria-label={`Download ${fileName(file.object_key)} (${file.table_name})`}
                  >
                    Download
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
