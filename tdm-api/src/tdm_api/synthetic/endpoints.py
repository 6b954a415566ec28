"""The domain packs synthetic generation can start from (spec 8.2)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from tdm_orchestrator import synthetic

from tdm_api.auth.dependencies import Viewer

router = APIRouter(tags=["synthetic"])


class PackEntity(BaseModel):
    name: str
    description: str | None = None
    default_rows: int = Field(description="Rows generated when the request gives no count (times scale).")
    columns: list[str]


class DomainPackOut(BaseModel):
    name: str = Field(description='The value of "domain_pack" in POST /synthetic.')
    description: str | None = None
    entities: list[PackEntity]
    relationships: list[str] = Field(description='"parent.(columns) -> child.(columns)"')


@router.get("/synthetic/domain-packs", response_model=list[DomainPackOut])
def list_domain_packs(principal: Viewer) -> list[DomainPackOut]:
    """The shipped domain packs with their entities, default row counts and relationships."""
    return [DomainPackOut.model_validate(pack) for pack in synthetic.domain_packs()]
