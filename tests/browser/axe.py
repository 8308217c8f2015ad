"""Run axe-core in the page and fail with a readable list of what it found.

axe is injected with ``page.add_script_tag`` from a same-origin URL that Playwright
answers from ``vendor/axe.min.js``: the request never reaches the portal, and the page's
Content Security Policy (``script-src 'self'``) stays enforced while axe runs.
"""

from pathlib import Path

import pytest

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_PATH = "/__axe__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        origin = page.evaluate("window.location.origin")
        page.route(
            origin + AXE_PATH,
            lambda route: route.fulfill(path=AXE_JS, content_type="application/javascript"),
        )
        page.add_script_tag(url=origin + AXE_PATH)
    return page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        }).then(results => results.violations.map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
        })))""",
        WCAG_TAGS,
    )


def assert_accessible(page, what=""):
    violations = axe_violations(page)
    if violations:
        lines = [f"axe found {len(violations)} WCAG 2.1 A/AA problem(s) on {page.url} {what}"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    at {node['target']}")
                lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
        pytest.fail("\n".join(lines), pytrace=False)


def assert_no_horizontal_scroll(page):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url} scrolls sideways at {width} px: content is {scroll_width} px wide"
    )
