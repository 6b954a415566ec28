"""Which databases the platform may connect to: the source policy, checked at submission and again
right before connecting (a saved connection may predate a stricter policy; DNS may have changed).

Always refused, whatever the settings: the platform's own metadata database (same server and database),
its Redis and its S3 endpoint -- a source there would show viewers the API keys and encrypted secrets,
or let a job read the queue. Refused by default: SQLite files (a path on the worker host), unless
`TDM_SOURCE_SQLITE_DIRS` names the folders they may live in. Optional allow-lists narrow the rest:
`TDM_SOURCE_ALLOWED_HOSTS` (host names, IP addresses, CIDR networks; "*" = any) and
`TDM_SOURCE_ALLOWED_PORTS` (empty = any). Only the schemes and drivers this build ships are accepted.

"This machine" is one address however it is written: 127.0.0.1, any 127/8 address, ::1, 0.0.0.0,
localhost, a Unix-socket path, or a name that resolves to them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import Field, field_validator
from pydantic_settings import NoDecode
from tdm_core.errors import InvalidInputError
from tdm_core.settings import TDMSettings

# scheme -> (family, default port, drivers accepted after "+"; "" = none named)
SCHEMES: dict[str, tuple[str, int | None, frozenset[str]]] = {
    "postgresql": ("postgresql", 5432, frozenset({"", "psycopg"})),
    "postgres": ("postgresql", 5432, frozenset({"", "psycopg"})),
    "mysql": ("mysql", 3306, frozenset({"", "pymysql"})),
    "mariadb": ("mysql", 3306, frozenset({"", "pymysql"})),
    "sqlite": ("sqlite", None, frozenset({"", "pysqlite"})),
}
LOCAL = "this machine"
_RESOLVE_TIMEOUT_SECONDS = 3.0


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class SourcePolicySettings(TDMSettings):
    tdm_source_allowed_hosts: Annotated[list[str], NoDecode] = Field(default=["*"])
    tdm_source_allowed_ports: Annotated[list[int], NoDecode] = Field(default_factory=list)
    tdm_source_sqlite_dirs: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # The platform's own services, never a source (read from the same variables they are set by).
    database_url: str | None = None
    redis_url: str | None = None
    minio_endpoint: str | None = None
    minio_secure: bool = False
    s3_endpoint_url: str | None = None

    # Connection limits of every source connection: a wrong address or a server that never answers
    # fails within seconds, and no statement holds a worker for ever.
    tdm_source_connect_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    tdm_source_statement_timeout_seconds: float = Field(default=4 * 3600.0, ge=0, description="0: none")

    @field_validator(
        "tdm_source_allowed_hosts", "tdm_source_allowed_ports", "tdm_source_sqlite_dirs", mode="before"
    )
    @classmethod
    def _comma_lists(cls, value: object) -> object:
        return _split_list(value)


@dataclass(frozen=True)
class Endpoint:
    """Where a connection string points: scheme family, host (None for a local socket), port, database."""

    family: str
    host: str | None
    port: int | None
    database: str | None

    @property
    def shown(self) -> str:
        return f"{self.host or 'localhost'}:{self.port}" if self.port else (self.host or "localhost")


def parse_endpoint(connection_string: str) -> Endpoint:
    """The endpoint of a source URL; InvalidInputError for a scheme or driver this build does not ship."""
    if "://" not in connection_string:
        raise InvalidInputError(
            "a connection string without a URL scheme: use a URL such as postgresql://user@host:5432/db"
        )
    scheme = connection_string.split("://", 1)[0].lower()
    base, _, driver = scheme.partition("+")
    if base not in SCHEMES:
        raise InvalidInputError(
            "sources are PostgreSQL (postgresql://user:password@host:5432/db), MySQL/MariaDB "
            "(mysql://user:password@host:3306/db) and SQLite (sqlite:////path/file.db), "
            f"not {base!r}"
        )
    family, default_port, drivers = SCHEMES[base]
    if driver not in drivers:
        raise InvalidInputError(
            f"unsupported driver {driver!r} for {base}://; leave it out or use "
            + " or ".join(f"{base}+{d}" for d in sorted(drivers) if d)
        )
    parts = urlsplit(connection_string)
    if family == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/file.db: the path after the third slash.
        path = unquote(connection_string.split("://", 1)[1].split("?", 1)[0])
        return Endpoint(family, None, None, path[1:] if path.startswith("/") else path)
    try:
        port = parts.port or default_port
    except ValueError:
        raise InvalidInputError("the connection string's port is not a number from 0 to 65535") from None
    host = parts.hostname
    query_host = parse_qs(parts.query).get("host")
    if query_host:  # libpq's ?host=... wins over the netloc; a path means a Unix socket here
        host = None if query_host[0].startswith("/") else query_host[0]
    database = unquote(parts.path.lstrip("/")) or None
    return Endpoint(family, host, port, database)


def _service_endpoint(url: str | None, default_port: int) -> tuple[str | None, int] | None:
    if not url:
        return None
    text = url if "://" in url else f"http://{url}"
    parts = urlsplit(text)
    try:
        port = parts.port or default_port
    except ValueError:
        return None
    return parts.hostname, port


def _addresses(host: str | None) -> set[str]:
    """The addresses a host name stands for; "this machine" for every loopback form."""
    if host is None or host.lower() in ("localhost", "localhost.localdomain"):
        return {LOCAL}
    try:
        candidates = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(_RESOLVE_TIMEOUT_SECONDS)
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return {host.lower()}  # unresolvable here: compare by name
        finally:
            socket.setdefaulttimeout(previous)
        candidates = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    return {LOCAL if (ip.is_loopback or ip.is_unspecified) else str(ip) for ip in candidates}


def _same_place(a: str | None, b: str | None) -> bool:
    return bool(_addresses(a) & _addresses(b))


def _host_allowed(host: str | None, allowed: Iterable[str]) -> bool:
    rules = [rule.strip() for rule in allowed if rule.strip()]
    if "*" in rules:
        return True
    name = (host or "localhost").lower()
    addresses = _addresses(host)
    for rule in rules:
        if rule.lower() == name:
            return True
        try:
            network = ipaddress.ip_network(rule, strict=False)
        except ValueError:
            continue
        for address in addresses:
            if address == LOCAL:
                if network.overlaps(ipaddress.ip_network("127.0.0.0/8")) or network.overlaps(
                    ipaddress.ip_network("::1/128")
                ):
                    return True
                continue
            if ipaddress.ip_address(address) in network:
                return True
    return False


def check_source_allowed(connection_string: str, settings: SourcePolicySettings | None = None) -> Endpoint:
    """The endpoint of `connection_string` if the policy allows it; InvalidInputError (422) saying which
    rule refuses it otherwise. Never echoes the string (it holds a password)."""
    settings = settings or SourcePolicySettings.load()
    endpoint = parse_endpoint(connection_string)
    if endpoint.family == "sqlite":
        _check_sqlite(endpoint, settings)
        return endpoint
    own = [
        (
            "metadata database",
            _service_endpoint(settings.database_url, 5432),
            _database_of(settings.database_url),
        ),
        ("Redis", _service_endpoint(settings.redis_url, 6379), None),
        (
            "S3 endpoint",
            _service_endpoint(
                settings.s3_endpoint_url or settings.minio_endpoint, 443 if settings.minio_secure else 80
            ),
            None,
        ),
    ]
    for what, service, database in own:
        if service is None or service[1] != endpoint.port:
            continue
        if database is not None and endpoint.database != database:
            continue  # another database of the same server (e.g. the demo's Pagila): a fair source
        if _same_place(service[0], endpoint.host):
            raise InvalidInputError(
                f"{endpoint.shown} is the platform's own {what}: it cannot be used as a source or target"
            )
    if settings.tdm_source_allowed_ports and endpoint.port not in settings.tdm_source_allowed_ports:
        raise InvalidInputError(
            f"port {endpoint.port} is not allowed for sources (TDM_SOURCE_ALLOWED_PORTS: "
            f"{', '.join(map(str, settings.tdm_source_allowed_ports))})"
        )
    if not _host_allowed(endpoint.host, settings.tdm_source_allowed_hosts):
        raise InvalidInputError(
            f"host {endpoint.host or 'localhost'} is not allowed for sources (see TDM_SOURCE_ALLOWED_HOSTS)"
        )
    return endpoint


def _database_of(url: str | None) -> str | None:
    if not url:
        return None
    return unquote(urlsplit(url).path.lstrip("/")) or None


def _check_sqlite(endpoint: Endpoint, settings: SourcePolicySettings) -> None:
    if not settings.tdm_source_sqlite_dirs:
        raise InvalidInputError(
            "SQLite sources are off: they read files on the worker host. Set TDM_SOURCE_SQLITE_DIRS to the "
            "folders SQLite databases may be read from"
        )
    path = Path(endpoint.database or "")
    if not path.is_absolute():
        raise InvalidInputError("a SQLite source needs an absolute path: sqlite:////folder/file.db")
    resolved = path.resolve()
    for folder in settings.tdm_source_sqlite_dirs:
        if resolved.is_relative_to(Path(folder).resolve()):
            return
    raise InvalidInputError(
        f"SQLite file {path.name!r} is outside the folders allowed by TDM_SOURCE_SQLITE_DIRS"
    )
