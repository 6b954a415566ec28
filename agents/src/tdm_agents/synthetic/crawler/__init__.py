"""The UI crawler of synthetic generation: read a web application's forms and tables into a schema.

`crawl()` (`dom_walk`) visits pages with the system's headless Chromium and returns what each page
asks for (forms and their fields) and shows (tables, labelled values); `extract_schema()`
(`schema_extractor`, pure) turns that into a normalized `SchemaSnapshot`-shaped dict of `origin="ui"`
entities, one per form or table.

The names are imported on first use (see `tdm_core.lazy`): Playwright loads only when crawling.
"""

from __future__ import annotations

from tdm_core.lazy import lazy_exports

_EXPORTS = {
    "BrowserNotFoundError": "dom_walk",
    "CrawlResult": "dom_walk",
    "FormField": "dom_walk",
    "FormInfo": "dom_walk",
    "Heading": "dom_walk",
    "HtmlTable": "dom_walk",
    "LabelledValue": "dom_walk",
    "PageInfo": "dom_walk",
    "SkippedUrl": "dom_walk",
    "crawl": "dom_walk",
    "find_chromium": "dom_walk",
    "UiSchema": "schema_extractor",
    "entity_name": "schema_extractor",
    "extract_schema": "schema_extractor",
}
__all__ = list(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
