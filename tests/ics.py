"""A tiny iCalendar (RFC 5545) reader for the tests: it checks the file's framing (CRLF line
ends, lines of at most 75 octets) and gives each component as a list of
``(name, params, value)`` content lines, TEXT escapes undone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LINE = re.compile(r"^(?P<name>[A-Z-]+)(?P<params>(?:;[A-Z-]+=[^;:]*)*):(?P<value>.*)$")
_UNESCAPE = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}


@dataclass
class Component:
    name: str
    lines: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def props(self) -> dict[str, str]:
        """Each property as "NAME;PARAM=V" → value (for components whose names are unique)."""
        return {
            name + "".join(f";{key}={value}" for key, value in params.items()): value
            for name, params, value in self.lines
        }


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESCAPE[m.group(1)], value)


def physical_lines(data: bytes) -> list[bytes]:
    """The file's lines as written, after checking each ends in CRLF and has ≤ 75 octets."""
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    lines = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare CR or LF"
    too_long = [line for line in lines if len(line) > 75]
    assert too_long == [], too_long
    return lines


def parse(data: bytes) -> Component:
    """The VCALENDAR of ``data``, unfolded and split into components."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    stack: list[Component] = []
    root = None
    for line in text.split("\r\n")[:-1]:
        match = _LINE.match(line)
        assert match, f"not a content line: {line!r}"
        name, value = match["name"], match["value"]
        params = dict(part.split("=", 1) for part in match["params"].split(";")[1:])
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].children.append(component)
            stack.append(component)
        elif name == "END":
            finished = stack.pop()
            assert finished.name == value
            root = finished
        else:
            stack[-1].lines.append((name, params, value))
    assert not stack and root is not None and root.name == "VCALENDAR"
    return root


def events(calendar: Component) -> list[dict[str, str]]:
    """Every VEVENT's properties, TEXT values unescaped, DTSTAMP left out."""
    rows = []
    for component in calendar.children:
        if component.name == "VEVENT":
            props = component.props()
            stamp = props.pop("DTSTAMP")
            assert re.fullmatch(r"\d{8}T\d{6}Z", stamp), stamp
            for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
                props[name] = unescape(props[name])
            rows.append(props)
    return rows
