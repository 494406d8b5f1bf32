"""axe-core in the page under test, with the site's CSP left on.

``script-src 'self'`` refuses inline scripts (``add_script_tag(content=…)``), so axe is
added as a ``<script src>`` on the page's own origin at a URL that only exists in tests:
``page.route`` answers it with the vendored file before any request reaches the app.
``page.evaluate`` then runs ``axe.run`` through the DevTools protocol
(``Runtime.callFunctionOn``), which a page's CSP does not govern: no ``bypass_csp``
context is needed, so the pages are checked exactly as a visitor receives them.
"""

from __future__ import annotations

from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_URL_PATH = "/__browser_tests__/axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

_RUN_AXE = """async (within) => {
    const context = within ? document.querySelector(within) : document;
    const result = await axe.run(context, {resultTypes: ["violations"]});
    return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
            target: node.target.join(" "),
            summary: node.failureSummary,
        })),
    }));
}"""


def axe_violations(page, within: str | None = None) -> list[dict]:
    """axe-core's violations (all rules of its default run) on the page as it is now, or
    only inside the element matched by the CSS selector ``within``."""
    page.route(
        f"**{AXE_URL_PATH}",
        lambda route: route.fulfill(path=AXE_SCRIPT, content_type="text/javascript"),
    )
    page.add_script_tag(url=AXE_URL_PATH)
    return page.evaluate(_RUN_AXE, within)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """One line per violation and node, for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines += [f"    {node['target']}: {node['summary']}" for node in violation["nodes"]]
    return "\n".join(lines)
