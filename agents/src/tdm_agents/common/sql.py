"""SQL text for source databases: one way to quote identifiers, one way to bind values, every dialect.

Agents build their per-table SQL as text (compiling SQLAlchemy expressions per table costs more than
running them). Identifiers are always quoted -- `"name"` on PostgreSQL and SQLite, `` `name` `` on
MySQL/MariaDB -- with the quote character doubled inside, so any name (spaces, dots, quotes, capitals,
reserved words) is safe. Values are never pasted into SQL: they go as bound parameters (`:name` in
`text()`), and `statement()` escapes colons inside quoted names so they never read as parameters.

Not the dialect's own identifier preparer: for psycopg it doubles "%" in names, which `text()` then
escapes a second time.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, TextClause, text

from tdm_agents.common.sources import dialect_family


def quote_char(family: str) -> str:
    return "`" if family == "mysql" else '"'


def quote_identifier(name: str, family: str = "postgresql") -> str:
    """`name` quoted for `family` ("postgresql", "mysql" or "sqlite")."""
    quote = quote_char(family)
    return f"{quote}{name.replace(quote, quote * 2)}{quote}"


def quote_table(schema: str | None, name: str, family: str = "postgresql") -> str:
    """`schema.table`, each part quoted; just the table when there is no schema."""
    table = quote_identifier(name, family)
    return table if not schema else f"{quote_identifier(schema, family)}.{table}"


class Dialect:
    """The identifier quoting and the few expression differences of one source's dialect."""

    def __init__(self, bind: Engine | Connection) -> None:
        self.family = dialect_family(bind)

    def name(self, identifier: str) -> str:
        return quote_identifier(identifier, self.family)

    def table(self, schema: str | None, name: str) -> str:
        return quote_table(schema, name, self.family)

    def as_text(self, expression: str) -> str:
        return f"CAST({expression} AS {'CHAR' if self.family == 'mysql' else 'TEXT'})"

    def length(self, expression: str) -> str:
        return f"{'length' if self.family == 'sqlite' else 'char_length'}({expression})"


def statement(sql: str) -> TextClause:
    """`text(sql)` for SQL whose only parameters are `:name` binds outside quotes.

    A colon inside a quoted identifier (a column named "a:b") or a string literal would otherwise read
    as a bind."""
    return text(_escape_colons_in_identifiers(sql))


def _escape_colons_in_identifiers(sql: str) -> str:
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote is None and char in ('"', "`", "'"):
            quote = char
        elif quote is not None and char == quote:
            quote = None  # a doubled quote closes and reopens: same effect
        elif quote is not None and char == ":":
            out.append("\\")
        out.append(char)
    return "".join(out)
