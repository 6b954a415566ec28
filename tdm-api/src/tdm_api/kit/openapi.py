"""The OpenAPI document, with every error answer an operation can give.

FastAPI documents the success responses and a 422 of its own shape; the API answers errors as RFC 7807
`application/problem+json` (tdm_api.errors). This adds, to every operation, the problem answers it can
really give, with the `Problem` schema: 401/403 where a key is needed, 404 where the path names a
resource, 409 for changes, 400 and 413 where there is a body (unreadable, too large), 422 everywhere
(the input limits apply to every path and query), 501 where a job is submitted (an agent not in this
build), and 503 (a dependency or the connection pool unavailable). A generated client then gets one
error type for all of them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

PROBLEM = "application/problem+json"


class ProblemFieldError(BaseModel):
    loc: list[str | int] = Field(
        description='Where: ["body", "subset", "root_table"], ["query", "limit"] ...'
    )
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 7807 problem. Other members may follow (e.g. `checks` of GET /ready)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="urn:tdm:problem:<slug>, e.g. urn:tdm:problem:invalid-input")
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemFieldError] | None = Field(default=None, description="One entry per bad field.")


_DESCRIPTIONS = {
    "400": "The body could not be read as JSON (e.g. not UTF-8).",
    "401": "No API key, or a key that is not valid.",
    "403": "The API key's role does not allow this operation.",
    "404": "The resource the path names does not exist.",
    "409": "The change conflicts with the resource's state (or with existing data).",
    "413": "The request body is larger than the API accepts (TDM_API_MAX_BODY_BYTES).",
    "422": "Invalid input: the `errors` list names each bad field (body, query, path or header).",
    "501": "The agent this job needs is not in this build.",
    "503": "The metadata database, Redis or the API's connection pool is unavailable; retry later.",
}


def _problem_response(code: str) -> dict[str, Any]:
    return {
        "description": _DESCRIPTIONS[code],
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _codes(path: str, method: str, operation: dict[str, Any], submit_paths: set[str]) -> list[str]:
    codes = ["422", "503"]
    if operation.get("security"):
        codes += ["401", "403"]
    if "{" in path:
        codes.append("404")
    if method in ("post", "put", "patch", "delete"):
        codes.append("409")
    if "requestBody" in operation:
        codes += ["400", "413"]
    if method == "post" and path in submit_paths:
        codes.append("501")
    return codes


def install_openapi(app: FastAPI, submit_paths: set[str]) -> None:
    """Replace `app.openapi` with the documented-errors version (computed once, then cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for code in _codes(path, method, operation, submit_paths):
                    described = responses.get(code, {}).get("description")
                    responses[code] = _problem_response(code)
                    if described and described != "Validation Error":  # a route's own, more precise
                        responses[code]["description"] = described
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
