"""A small Server-Sent Events parser for the tests (the wire format of the HTML spec)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass
class SseEvent:
    event: str | None
    id: str | None
    data: Any


@dataclass
class SseStream:
    events: list[SseEvent]
    comments: list[str]
    retry: int | None


def parse_sse(text: str) -> SseStream:
    events: list[SseEvent] = []
    comments: list[str] = []
    retry: int | None = None
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        event: str | None = None
        event_id: str | None = None
        data_lines: list[str] = []
        for line in block.split("\n"):
            if line.startswith(":"):
                comments.append(line[1:].strip())
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                event = value
            elif field == "id":
                event_id = value
            elif field == "data":
                data_lines.append(value)
            elif field == "retry":
                retry = int(value)
        if data_lines:
            events.append(SseEvent(event=event, id=event_id, data=json.loads("\n".join(data_lines))))
    return SseStream(events=events, comments=comments, retry=retry)
