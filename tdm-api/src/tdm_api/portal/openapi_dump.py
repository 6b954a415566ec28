"""Print (or write) the API's OpenAPI document as sorted, indented JSON: the input of the portal's
generated TypeScript client (`npm run gen:api` in tdm-ui; `npm run check:api` fails when it is stale).

    python -m tdm_api.portal.openapi_dump [--output FILE]

Needs no running service: creating the app connects to nothing (the database engine, Redis and S3
clients connect on first use). The output is deterministic: keys sorted, no timestamps.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def openapi_document() -> dict[str, Any]:
    from tdm_api.main import create_app

    return create_app().openapi()


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tdm_api.portal.openapi_dump", description=__doc__)
    parser.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    text = render(openapi_document())
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
