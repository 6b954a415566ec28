"""Where the embedded stack lives ($TDM_HOME layout) and which loopback ports it listens on.

Defaults sit next to, never on, the standard ports (5432, 6379, 8333/9000) so the embedded stack can run
beside a developer's own PostgreSQL, Redis or S3 server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tdm_core.errors import InvalidInputError
from tdm_core.settings import tdm_home

LOOPBACK = "127.0.0.1"
DEFAULT_PG_PORT = 55432
DEFAULT_REDIS_PORT = 56379
DEFAULT_S3_PORT = 58333
DEFAULT_API_PORT = 8000
METADATA_DATABASE = "tdm_metadata"
DEFAULT_BUCKET = "tdm-datasets"
# Ports below this need privileges on most systems, and are never ours to take.
MIN_PORT = 1024
MAX_PORT = 65535

SERVICES = ("postgres", "redis", "s3")
APPS = ("api", "worker")


@dataclass(frozen=True)
class StackPaths:
    """Layout of $TDM_HOME. Data folders survive `tdm down`; `run/` holds what `tdm up` started."""

    home: Path

    @property
    def postgres_data(self) -> Path:
        return self.home / "postgres"

    @property
    def redis_data(self) -> Path:
        return self.home / "redis"

    @property
    def seaweedfs_data(self) -> Path:
        return self.home / "seaweedfs"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def run(self) -> Path:
        return self.home / "run"

    @property
    def state_file(self) -> Path:
        return self.run / "state.json"

    @property
    def lock_file(self) -> Path:
        return self.run / "stack.lock"

    @property
    def secrets_file(self) -> Path:
        return self.home / "secrets.env"

    @property
    def stack_env(self) -> Path:
        return self.home / "stack.env"

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def ensure(self) -> None:
        """Create the folders; the home is private to its owner (it holds generated secrets)."""
        created = not self.home.exists()
        self.home.mkdir(parents=True, exist_ok=True)
        if created:
            self.home.chmod(0o700)
        for folder in (self.logs, self.run):
            if not folder.exists():
                folder.mkdir()
                folder.chmod(0o700)


@dataclass(frozen=True)
class StackConfig:
    home: Path
    pg_port: int = DEFAULT_PG_PORT
    redis_port: int = DEFAULT_REDIS_PORT
    s3_port: int = DEFAULT_S3_PORT
    api_port: int = DEFAULT_API_PORT
    # Services whose port the user chose (option or environment), as opposed to the defaults.
    explicit_ports: frozenset[str] = frozenset()

    @property
    def paths(self) -> StackPaths:
        return StackPaths(self.home)

    @classmethod
    def resolve(
        cls,
        *,
        home: Path | None = None,
        pg_port: int | None = None,
        redis_port: int | None = None,
        s3_port: int | None = None,
        api_port: int | None = None,
    ) -> StackConfig:
        """Command-line option, else environment (TDM_*_PORT), else the default."""
        config = cls(
            home=(home or tdm_home()).expanduser().resolve(),
            pg_port=_port("TDM_PG_PORT", pg_port, DEFAULT_PG_PORT),
            redis_port=_port("TDM_REDIS_PORT", redis_port, DEFAULT_REDIS_PORT),
            s3_port=_port("TDM_S3_PORT", s3_port, DEFAULT_S3_PORT),
            api_port=_port("TDM_API_PORT", api_port, DEFAULT_API_PORT),
            explicit_ports=frozenset(
                name
                for name, option, env_name in (
                    ("postgres", pg_port, "TDM_PG_PORT"),
                    ("redis", redis_port, "TDM_REDIS_PORT"),
                    ("s3", s3_port, "TDM_S3_PORT"),
                    ("api", api_port, "TDM_API_PORT"),
                )
                if option is not None or os.environ.get(env_name, "").strip()
            ),
        )
        # Fails early, with the option's name, when the S3 port leaves no room for SeaweedFS's others.
        seaweedfs_ports(config.s3_port)
        taken: dict[int, str] = {}
        for name, port in (
            ("postgres", config.pg_port),
            ("redis", config.redis_port),
            ("api", config.api_port),
            *((f"s3 ({role})", p) for role, p in seaweedfs_ports(config.s3_port).items()),
        ):
            if port in taken:
                raise InvalidInputError(f"port {port} is given to both {taken[port]} and {name}")
            taken[port] = name
        return config


def _port(env_name: str, option: int | None, default: int) -> int:
    if option is not None:
        value: object = option
        source = f"--{env_name.removeprefix('TDM_').lower().replace('_', '-')}"
    elif os.environ.get(env_name, "").strip():
        value = os.environ[env_name].strip()
        source = env_name
    else:
        return default
    try:
        port = int(str(value))
    except ValueError:
        raise InvalidInputError(f"{source} must be a port number, got {value!r}") from None
    if not MIN_PORT <= port <= MAX_PORT:
        raise InvalidInputError(f"{source} must be between {MIN_PORT} and {MAX_PORT}, got {port}")
    return port


# SeaweedFS `weed mini` runs master, volume, filer, S3 and admin servers, each with an HTTP and a gRPC
# port. Every one is set from the S3 port so two stacks (or the developers' default SeaweedFS) never
# collide. The admin's plugin worker always dials "admin HTTP port + 10000" for gRPC, whatever
# -admin.port.grpc says, so the admin pair keeps that distance.
_SEAWEED_OFFSETS = {
    "s3": 0,
    "s3.grpc": 1,
    "master": 2,
    "master.grpc": 3,
    "volume": 4,
    "volume.grpc": 5,
    "filer": 6,
    "filer.grpc": 7,
}
_ADMIN_OFFSET = 8
_GRPC_DISTANCE = 10000


def seaweedfs_ports(s3_port: int) -> dict[str, int]:
    """All the ports of one embedded SeaweedFS, derived from its S3 port."""
    if s3_port + _ADMIN_OFFSET > MAX_PORT:
        raise InvalidInputError(
            f"S3 port {s3_port} is too high: SeaweedFS needs the {_ADMIN_OFFSET} ports after it "
            f"(choose --s3-port / TDM_S3_PORT at most {MAX_PORT - _ADMIN_OFFSET})"
        )
    ports = {role: s3_port + offset for role, offset in _SEAWEED_OFFSETS.items()}
    admin_grpc = s3_port + _ADMIN_OFFSET
    if admin_grpc + _GRPC_DISTANCE <= MAX_PORT:
        ports["admin"], ports["admin.grpc"] = admin_grpc, admin_grpc + _GRPC_DISTANCE
    elif admin_grpc - _GRPC_DISTANCE >= MIN_PORT:
        ports["admin"], ports["admin.grpc"] = admin_grpc - _GRPC_DISTANCE, admin_grpc
    else:  # pragma: no cover - only for a range no port fits in
        raise InvalidInputError(f"S3 port {s3_port} leaves no room for the SeaweedFS admin ports")
    return ports
