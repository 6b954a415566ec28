"""PII classification benchmark: precision, recall, F1 and type accuracy on labelled schemas, per schema
and per set, through the same path the product takes.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        uv run python bench/bench_pii.py [--schemas rh_fr pagila ...] [--keep] [--json out.json] \
        [--show-held-out]

DATABASE_URL names a PostgreSQL server where the benchmark creates one database per schema (and drops
them at the end unless `--keep`): the generated corpus of `tests/pii_corpus` (`tdm_pii_corpus_<name>`)
and the bundled samples Pagila and Chinook (`tdm_pii_bench_<name>`).

The three sets (see the docstring of tests/pii_corpus/generate.py):
- TUNING: 20 corpus schemas the classifier's engineers may look at and tune on; every misclassified
  column is listed.
- HELD-OUT: 11 corpus schemas nobody tunes on; only error counts are printed, unless
  `--show-held-out` (for reviewing the corpus itself, never while working on the classifier).
- SAMPLES: Pagila and Chinook, labelled by tests/integration/pii/test_accuracy.py (imported from
  there), which the dictionary was written against; their errors are listed.

The path measured is the product's, without an LLM: `schema_discovery.pipeline.discover` (the discovery
job's steps), the snapshot turned into `ColumnInput`s by `pii_detection.classify.column_inputs` (what
the orchestrator's `load_schema_metadata` uses: kinds, key flags, the column each foreign key
references), then `pii_detection.classify.sample_and_classify` with the configured sampling settings.

Scores. A column is *positive* when its gold label is not `none` (PII or `sensitive`) and *detected* when
the classifier says anything but `none`. Two lines per schema:
- "PII+sens.": precision, recall, F1 of detected vs positive over all columns;
- "PII only": the same with the gold-`sensitive` columns left out (neither counted nor penalised).
Type accuracy: among the true positives, the share whose predicted type equals the gold label exactly
(gold `sensitive` is matched only by a predicted `sensitive`, a type the classifier does not have yet);
"type~name" counts first_name, last_name and person_name as one type. Set lines are micro-averages
(counts summed over the set's schemas); "min F1" is the worst schema of the set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import faker
import psycopg
from psycopg import sql
from tdm_agents.common.sources import dispose_source_engines, source_engine
from tdm_agents.pii_detection.classify import column_inputs, sample_and_classify
from tdm_agents.pii_detection.labels import NAME_FAMILY, ColumnClassification
from tdm_agents.pii_detection.settings import PIISettings
from tdm_agents.schema_discovery.pipeline import discover
from tdm_cli.samples import load_sample, with_database
from tdm_core.schema_model import normalize_snapshot
from tdm_metadata_store.settings import libpq_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the corpus and the sample labels live in the test tree

from tests.integration.pii.test_accuracy import CHINOOK_PII, PAGILA_PII  # noqa: E402
from tests.pii_corpus.generate import HELD_OUT, SCHEMAS, SENSITIVE, TUNING  # noqa: E402
from tests.pii_corpus.load import drop_schema, load_schema  # noqa: E402

SAMPLES_SET = "samples"
SET_ORDER = (TUNING, HELD_OUT, SAMPLES_SET)
SET_TITLES = {TUNING: "TUNING", HELD_OUT: "HELD-OUT", SAMPLES_SET: "SAMPLES"}
SAMPLE_GOLD = {"pagila": PAGILA_PII, "chinook": CHINOOK_PII}
SAMPLE_DB_PREFIX = "tdm_pii_bench_"
NONE = "none"
NAME_TYPES = frozenset(t.value for t in NAME_FAMILY)


# --- scoring -------------------------------------------------------------------------------------


@dataclass
class Counts:
    columns: int = 0
    positives: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_exact: int = 0
    type_family: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_exact / self.tp if self.tp else 1.0

    @property
    def type_accuracy_names(self) -> float:
        return self.type_family / self.tp if self.tp else 1.0

    def figures(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "type_accuracy": round(self.type_accuracy, 4),
            "type_accuracy_name_family": round(self.type_accuracy_names, 4),
        }


def _same_family(gold: str, predicted: str) -> bool:
    return gold == predicted or (gold in NAME_TYPES and predicted in NAME_TYPES)


def score(
    gold: dict[tuple[str, str], str], predicted: dict[tuple[str, str], str], *, pii_only: bool
) -> Counts:
    counts = Counts()
    for key, label in gold.items():
        if pii_only and label == SENSITIVE:
            continue
        got = predicted[key]
        counts.columns += 1
        positive, detected = label != NONE, got != NONE
        counts.positives += positive
        if positive and detected:
            counts.tp += 1
            counts.type_exact += got == label
            counts.type_family += _same_family(label, got)
        elif detected:
            counts.fp += 1
        elif positive:
            counts.fn += 1
    return counts


@dataclass
class SchemaResult:
    set: str
    schema: str
    columns: int
    pii_columns: int
    all: Counts
    pii_only: Counts
    errors: list[dict[str, str]]
    not_sampled: dict[str, str]
    seconds: float
    missing_labels: list[str] = field(default_factory=list)

    def error_counts(self) -> dict[str, int]:
        kinds = Counter(e["kind"] for e in self.errors)
        return {"false_positive": kinds["FP"], "false_negative": kinds["FN"], "wrong_type": kinds["type"]}


# --- the product's path --------------------------------------------------------------------------


def classify_database(url: str) -> tuple[list[ColumnClassification], dict[str, str]]:
    engine = source_engine(url)
    try:
        discovery = discover(engine, source=url.rsplit("/", 1)[-1])
        columns, _ = column_inputs(normalize_snapshot(discovery.snapshot))
        return sample_and_classify(engine, columns)
    finally:
        dispose_source_engines()


def evaluate(
    set_name: str, schema: str, url: str, gold: dict[tuple[str, str], str], started: float
) -> SchemaResult:
    results, problems = classify_database(url)
    predicted = {(r.table, r.column): r.pii_type.value for r in results}
    decisions = {(r.table, r.column): str(r.evidence.get("decision", "")) for r in results}
    missing = sorted(f"{t}.{c}" for t, c in set(gold) - set(predicted))
    # Columns the classifier saw but the gold map does not list are "none" (the samples' convention).
    gold = {key: gold.get(key, NONE) for key in predicted}
    errors: list[dict[str, str]] = []
    for (table, column), label in gold.items():
        got = predicted[(table, column)]
        if got == label:
            continue
        kind = "FP" if label == NONE else "FN" if got == NONE else "type"
        errors.append(
            {
                "column": f"{table}.{column}",
                "gold": label,
                "predicted": got,
                "kind": kind,
                "decision": decisions[(table, column)],
            }
        )
    return SchemaResult(
        set=set_name,
        schema=schema,
        columns=len(gold),
        pii_columns=sum(1 for label in gold.values() if label != NONE),
        all=score(gold, predicted, pii_only=False),
        pii_only=score(gold, predicted, pii_only=True),
        errors=errors,
        not_sampled=problems,
        seconds=time.perf_counter() - started,
        missing_labels=missing,
    )


def run_corpus_schema(name: str, server: str, keep: bool) -> SchemaResult:
    started = time.perf_counter()
    loaded = load_schema(name, server, replace=True)
    split = next(s.split for s in SCHEMAS if s.name == name)
    try:
        return evaluate(split, name, loaded.url, loaded.labels, started)
    finally:
        if not keep:
            drop_schema(name, server)


def run_sample(name: str, server: str, keep: bool) -> SchemaResult:
    started = time.perf_counter()
    dbname = f"{SAMPLE_DB_PREFIX}{name}"
    url = load_sample(name, server, dbname=dbname, replace=True)
    gold: dict[tuple[str, str], str] = {}
    for key, label in SAMPLE_GOLD[name].items():
        table, column = key.split(".", 1)
        gold[(table, column)] = label.value
    try:
        return evaluate(SAMPLES_SET, name, url, gold, started)
    finally:
        if not keep:
            with psycopg.connect(libpq_url(with_database(server, "postgres")), autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
                )


# --- report --------------------------------------------------------------------------------------

HEADER = (
    f"{'set':9} {'schema':16} {'scope':10} {'cols':>5} {'PII':>4} {'P':>6} {'R':>6} {'F1':>6} "
    f"{'type':>6} {'type~name':>9}  {'FP':>3} {'FN':>3} {'type err':>8}"
)


def _line(set_title: str, schema: str, scope: str, counts: Counts, errors: dict[str, int] | None) -> str:
    tail = ""
    if errors is not None:
        tail = f"  {errors['false_positive']:3} {errors['false_negative']:3} {errors['wrong_type']:8}"
    return (
        f"{set_title:9} {schema:16} {scope:10} {counts.columns:5} {counts.positives:4} "
        f"{counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f} {counts.type_accuracy:6.3f} "
        f"{counts.type_accuracy_names:9.3f}{tail}"
    )


def set_totals(results: list[SchemaResult]) -> dict[str, Any]:
    total_all, total_pii = Counts(), Counts()
    for result in results:
        total_all.add(result.all)
        total_pii.add(result.pii_only)
    return {
        "schemas": [r.schema for r in results],
        "all": total_all,
        "pii_only": total_pii,
        "min_f1": min(r.all.f1 for r in results),
        "min_type_accuracy": min(r.all.type_accuracy for r in results),
    }


def report(results: list[SchemaResult], show_held_out: bool) -> dict[str, dict[str, Any]]:
    print(HEADER)
    totals: dict[str, dict[str, Any]] = {}
    for set_name in SET_ORDER:
        members = [r for r in results if r.set == set_name]
        if not members:
            continue
        title = SET_TITLES[set_name]
        for r in members:
            print(_line(title, r.schema, "PII+sens.", r.all, r.error_counts()))
            print(_line(title, r.schema, "PII only", r.pii_only, None))
        totals[set_name] = set_totals(members)
        t = totals[set_name]
        print(_line(title, "= overall", "PII+sens.", t["all"], None))
        print(_line(title, "= overall", "PII only", t["pii_only"], None))
        print(
            f"{title:9} {'= worst schema':16} min F1 {t['min_f1']:.3f}, "
            f"min type accuracy {t['min_type_accuracy']:.3f}"
        )
        print("-" * len(HEADER))
    for r in results:
        if r.not_sampled:
            print(f"{r.schema}: tables not sampled (name-only classification): {r.not_sampled}")
        if r.missing_labels:
            print(f"{r.schema}: labelled columns the classifier never saw: {r.missing_labels}")
    for r in results:
        if r.set == HELD_OUT and not show_held_out:
            continue
        if not r.errors:
            continue
        print(
            f"\n{SET_TITLES[r.set]} {r.schema}: {len(r.errors)} misclassified (gold -> predicted: decision)"
        )
        for e in sorted(r.errors, key=lambda e: (e["kind"], e["column"])):
            print(
                f"  [{e['kind']:4}] {e['column']:42} {e['gold']:>13} -> {e['predicted']:13} {e['decision']}"
            )
    if not show_held_out and any(r.set == HELD_OUT for r in results):
        print("\nHELD-OUT errors are shown as counts only (--show-held-out lists them: never while tuning).")
    return totals


def main() -> None:
    corpus_names = [s.name for s in SCHEMAS]
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--schemas",
        nargs="+",
        metavar="NAME",
        help=f"schemas to run (default: all): {', '.join([*corpus_names, *SAMPLE_GOLD])}",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the databases at the end")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument(
        "--show-held-out", action="store_true", help="list the held-out misclassifications (not while tuning)"
    )
    parser.add_argument(
        "--server",
        default=os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="PostgreSQL server URL (default: DATABASE_URL)",
    )
    args = parser.parse_args()
    chosen = args.schemas or [*corpus_names, *SAMPLE_GOLD]
    unknown = [n for n in chosen if n not in corpus_names and n not in SAMPLE_GOLD]
    if unknown:
        parser.error(f"unknown schemas: {', '.join(unknown)}")

    settings = PIISettings.load()
    print(
        f"PII classification benchmark: no LLM, {settings.tdm_pii_sample_size} sampled values per column; "
        f"Python {platform.python_version()}, Faker {faker.VERSION}"
    )
    started = time.perf_counter()
    results: list[SchemaResult] = []
    for name in chosen:
        if name in SAMPLE_GOLD:
            results.append(run_sample(name, args.server, args.keep))
        else:
            results.append(run_corpus_schema(name, args.server, args.keep))
        print(
            f"  {name}: {results[-1].columns} columns classified in {results[-1].seconds:.1f} s", flush=True
        )
    print()
    totals = report(results, args.show_held_out)
    print(f"\nTotal {time.perf_counter() - started:.1f} s for {sum(r.columns for r in results)} columns")
    if args.json:
        payload = {
            "llm": None,
            "sample_size_per_column": settings.tdm_pii_sample_size,
            "faker": faker.VERSION,
            "schemas": [
                {
                    "set": r.set,
                    "schema": r.schema,
                    "columns": r.columns,
                    "pii_columns": r.pii_columns,
                    "pii_and_sensitive": r.all.figures(),
                    "pii_only": r.pii_only.figures(),
                    "errors": r.error_counts(),
                    **({"misclassified": r.errors} if r.set != HELD_OUT or args.show_held_out else {}),
                    "not_sampled": r.not_sampled,
                    "seconds": round(r.seconds, 2),
                }
                for r in results
            ],
            "sets": {
                name: {
                    "schemas": t["schemas"],
                    "pii_and_sensitive": t["all"].figures(),
                    "pii_only": t["pii_only"].figures(),
                    "min_f1": round(t["min_f1"], 4),
                    "min_type_accuracy": round(t["min_type_accuracy"], 4),
                }
                for name, t in totals.items()
            },
        }
        Path(args.json).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
