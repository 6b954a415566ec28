"""The embedded default stack behind `tdm up`: PostgreSQL, Redis and S3 on 127.0.0.1, no Docker, no root.

One module per service (`postgres`, `redis_server`, `seaweedfs`, `apps`) and `supervisor.Stack`, which
decides external vs embedded, starts, records ($TDM_HOME/run/state.json) and stops.
"""

from tdm_cli.stack.config import StackConfig, StackPaths, seaweedfs_ports
from tdm_cli.stack.supervisor import ServiceStatus, Stack, UpResult

__all__ = ["ServiceStatus", "Stack", "StackConfig", "StackPaths", "UpResult", "seaweedfs_ports"]
