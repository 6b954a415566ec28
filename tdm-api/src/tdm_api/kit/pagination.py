"""Paged lists: `?limit=&offset=` in, `{items, total, limit, offset}` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel
from tdm_core.errors import InvalidInputError

from tdm_api.config import ApiSettings

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int

    def page(self, items: list[T], total: int) -> Page[T]:
        return Page[T](items=items, total=total, limit=self.limit, offset=self.offset)


# Hard limits, documented in OpenAPI; the settings may only lower them.
MAX_PAGE_SIZE = 500
MAX_OFFSET = 10_000_000


def _too_large(name: str, maximum: int) -> InvalidInputError:
    return InvalidInputError(
        f"{name} must be at most {maximum}",
        errors=[{"loc": ["query", name], "msg": f"must be at most {maximum}", "type": "less_than_equal"}],
    )


async def page_params(
    request: Request,
    limit: Annotated[
        int | None,
        Query(ge=1, le=MAX_PAGE_SIZE, description="Rows per page (at most TDM_API_MAX_PAGE_SIZE, 500)."),
    ] = None,
    offset: Annotated[
        int,
        Query(
            ge=0, le=MAX_OFFSET, description="Rows to skip (at most TDM_API_MAX_OFFSET: narrow the filters)."
        ),
    ] = 0,
) -> PageParams:
    settings: ApiSettings = request.app.state.settings
    if limit is None:
        limit = min(settings.tdm_api_default_page_size, settings.tdm_api_max_page_size)
    if limit > settings.tdm_api_max_page_size:
        raise _too_large("limit", settings.tdm_api_max_page_size)
    if offset > settings.tdm_api_max_offset:
        raise _too_large("offset", settings.tdm_api_max_offset)
    return PageParams(limit=limit, offset=offset)


Paging = Annotated[PageParams, Depends(page_params)]
