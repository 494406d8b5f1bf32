"""Reading pages back in tests: the text of elements by CSS class."""

from html.parser import HTMLParser


class _ByClass(HTMLParser):
    """The whitespace-normalised text of every element carrying a CSS class."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class, self.depth, self.open, self.found = css_class, 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.depth += 1
        if self.css_class in (dict(attrs).get("class") or "").split():
            self.open.append((self.depth, []))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.open and self.open[-1][0] == self.depth:
            _depth, parts = self.open.pop()
            self.found.append(" ".join("".join(parts).split()))
        self.depth -= 1

    def handle_data(self, data):
        for _depth, parts in self.open:
            parts.append(data)


def texts(response, css_class: str) -> list[str]:
    parser = _ByClass(css_class)
    parser.feed(response.content.decode())
    return parser.found


def messages_of(response) -> list[str]:
    """The messages (django.contrib.messages) a rendered page shows, as text."""
    return [str(message) for message in response.context["messages"]]


class _FormFields(HTMLParser):
    """What a browser would submit from the form with ``form_id`` (no JavaScript)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        name = attrs.get("name") or ""
        if not self.inside or (tag != "option" and (not name or "__prefix__" in name)):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self._select = {"name": name, "multiple": "multiple" in attrs, "chosen": []}
            self._select["first"] = None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and select["first"] is not None:
                chosen = [select["first"]]
            self.fields.extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._textarea = None
            self.fields.append((name, text.removeprefix("\n")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_data(response, form_id: str) -> dict[str, list[str]]:
    """What a browser would submit from the form with this id, as it stands on the page."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data
