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
