// The domain-pack catalog as cards (GET /synthetic/domain-packs): each pack's entities with their default
// row counts and its relationships. Selectable (a radio group) in the form, read-only for viewers.
import { useId } from "react";
import type { DomainPack } from "@/api/queries/synthetic";
import { Badge } from "@/components";
import { cx } from "@/lib/cx";
import { formatNumber } from "@/lib/format";

function PackBody({ pack }: { pack: DomainPack }) {
  return (
    <>
      {pack.description ? <p className="mt-1 text-xs text-slate-500">{pack.description}</p> : null}
      <p className="mt-3 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">Entities · default rows</p>
      <ul className="mt-1 flex flex-wrap gap-1.5" aria-label={`Entities of ${pack.name}`}>
        {pack.entities.map((entity) => (
          <li key={entity.name} title={entity.description ?? `${String(entity.columns.length)} columns`}>
            <Badge tone="slate" className="font-mono">
              {entity.name}
              <span className="font-sans text-slate-500 tabular-nums">{formatNumber(entity.default_rows)}</span>
            </Badge>
          </li>
        ))}
      </ul>
      {pack.relationships.length > 0 ? (
        <details className="mt-3 text-xs">
          <summary className="cursor-pointer text-slate-600 hover:text-slate-900">
            {pack.relationships.length} {pack.relationships.length === 1 ? "relationship" : "relationships"}
          </summary>
          <ul className="mt-1.5 space-y-0.5 font-mono text-[11px] text-slate-600" aria-label={`Relationships of ${pack.name}`}>
            {pack.relationships.map((relationship) => (
              <li key={relationship}>{relationship}</li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="mt-3 text-xs text-slate-400">No relationships</p>
      )}
    </>
  );
}

/** Read-only cards (viewers, explanations). */
export function DomainPackList({ packs }: { packs: readonly DomainPack[] }) {
  return (
    <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
      {packs.map((pack) => (
        <li key={pack.name} className="rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="text-sm font-semibold text-slate-900">{pack.name}</h3>
          <PackBody pack={pack} />
        </li>
      ))}
    </ul>
  );
}

/** One card per pack, as radio buttons: choosing a card sets `domain_pack`. */
export function DomainPackPicker({
  packs,
  value,
  onChange,
  error,
}: {
  packs: readonly DomainPack[];
  value: string;
  onChange: (name: string) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="sr-only">Domain pack</legend>
      {error ? (
        <p id={errorId} className="mt-1 text-xs font-medium text-rose-600">
          {error}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        {packs.map((pack, index) => {
          const checked = pack.name === value;
          const radioId = `${id}-pack-${String(index)}`;
          return (
            // The whole card selects the pack on click; the radio inside is what keyboards and screen
            // readers use (the card holds a <details>, which a <label> may not).
            <div
              key={pack.name}
              onClick={() => onChange(pack.name)}
              className={cx(
                "relative cursor-pointer rounded-lg border bg-white p-4 transition-colors focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600",
                checked ? "border-indigo-500 ring-1 ring-indigo-500" : "border-slate-200 hover:border-slate-300",
                error && !checked ? "border-rose-300" : undefined,
              )}
            >
              <span className="flex items-center gap-2">
                <input
                  id={radioId}
                  type="radio"
                  name={`${id}-domain-pack`}
                  value={pack.name}
                  checked={checked}
                  onChange={() => onChange(pack.name)}
                  className="h-4 w-4 accent-indigo-600"
                  aria-invalid={error ? true : undefined}
                />
                <label htmlFor={radioId} className="cursor-pointer text-sm font-semibold text-slate-900">
                  {pack.name}
                </label>
                {checked ? (
                  <Badge tone="indigo" className="ml-auto">
                    Selected
                  </Badge>
                ) : null}
              </span>
              <PackBody pack={pack} />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
