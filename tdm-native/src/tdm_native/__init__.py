"""Native hot loops of the agents, each with the same results as the pure-Python code it replaces.

`AVAILABLE` is False when the C extension could not be built (no compiler on the machine): callers then
run their Python code. CI insists on the extension with TDM_NATIVE_REQUIRED=1.
"""

from __future__ import annotations

import os

try:
    from tdm_native._hmac import hmac_digests, hmac_texts, implementation, use_portable

    AVAILABLE = True
except ImportError:  # pragma: no cover - only on machines without a C compiler
    if os.environ.get("TDM_NATIVE_REQUIRED") == "1":
        raise
    AVAILABLE = False

__all__ = ["AVAILABLE", "hmac_digests", "hmac_texts", "implementation", "use_portable"]
