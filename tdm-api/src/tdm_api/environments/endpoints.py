"""Provisioning targets. Listing is open to every role; creating or changing one is admin only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from tdm_api.auth.dependencies import Admin, Viewer
from tdm_api.environments.schemas import EnvironmentCreate, EnvironmentOut, EnvironmentUpdate
from tdm_api.environments.service import EnvironmentsService
from tdm_api.kit.db import provide
from tdm_api.kit.pagination import Page, Paging
from tdm_api.kit.routes import API_PREFIX

router = APIRouter(tags=["environments"])

Service = Annotated[EnvironmentsService, Depends(provide(EnvironmentsService))]


@router.get("/environments", response_model=Page[EnvironmentOut])
def list_environments(service: Service, principal: Viewer, page: Paging) -> Page[EnvironmentOut]:
    return service.list(page)


@router.get("/environments/{name}", response_model=EnvironmentOut)
def get_environment(
    name: Annotated[str, Path(max_length=255)], service: Service, principal: Viewer
) -> EnvironmentOut:
    return service.get(name)


@router.post("/environments", status_code=status.HTTP_201_CREATED, response_model=EnvironmentOut)
def create_environment(
    body: EnvironmentCreate, service: Service, principal: Admin, response: Response
) -> EnvironmentOut:
    created = service.create(body)
    response.headers["Location"] = f"{API_PREFIX}/environments/{created.name}"
    return created


@router.delete(
    "/environments/{name}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "An unfinished job targets the environment."}},
)
def delete_environment(
    name: Annotated[str, Path(max_length=255)], service: Service, principal: Admin
) -> None:
    service.delete(name)


@router.put("/environments/{name}", response_model=EnvironmentOut)
def update_environment(
    name: Annotated[str, Path(max_length=255)], body: EnvironmentUpdate, service: Service, principal: Admin
) -> EnvironmentOut:
    return service.update(name, body)
