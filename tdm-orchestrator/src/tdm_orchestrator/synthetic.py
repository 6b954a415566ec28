"""What the API offers around synthetic jobs, read here so the API itself runs no agent code: the
catalog of domain packs (for the portal's generator and for users choosing a pack)."""

from __future__ import annotations

from typing import Any

from tdm_agents.synthetic.domain_packs import list_packs, load_pack

__all__ = ["domain_packs"]


def domain_packs() -> list[dict[str, Any]]:
    """Every shipped pack: its entities with their default rows and columns, and its relationships."""
    catalog = []
    for name in list_packs():
        pack = load_pack(name)
        snapshot = pack.to_snapshot()
        catalog.append(
            {
                "name": pack.name,
                "description": pack.description,
                "entities": [
                    {
                        "name": entity.name,
                        "description": entity.description,
                        "default_rows": entity.default_rows,
                        "columns": [column.name for column in entity.columns],
                    }
                    for entity in pack.entities
                ],
                "relationships": [
                    f"{r['parent_table']}.({', '.join(r['parent_columns'])}) -> "
                    f"{r['child_table']}.({', '.join(r['child_columns'])})"
                    for r in snapshot["relationships"]
                ],
            }
        )
    return catalog
