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


def page_params(
    request: Request,
    limit: Annotated[
        int | None, Query(ge=1, description="Rows per page (at most TDM_API_MAX_PAGE_SIZE).")
    ] = None,
    offset: Annotated[int, Query(ge=0, description="Rows to skip.")] = 0,
) -> PageParams:
    settings: ApiSettings = request.app.state.settings
    if limit is None:
        limit = min(settings.tdm_api_default_page_size, settings.tdm_api_max_page_size)
    if limit > settings.tdm_api_max_page_size:
        raise InvalidInputError(
            f"limit must be at most {settings.tdm_api_max_page_size}",
            errors=[
                {
                    "loc": ["query", "limit"],
                    "msg": f"must be at most {settings.tdm_api_max_page_size}",
                    "type": "less_than_equal",
                }
            ],
        )
    return PageParams(limit=limit, offset=offset)


Paging = Annotated[PageParams, Depends(page_params)]
