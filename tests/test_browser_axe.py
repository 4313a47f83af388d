"""axe-core (from npm, see package.json) on every page each role reaches, in both languages.

One browser; one context per role and language, logged in once. From the role's home page the
sweep follows the links it finds (one page per kind of URL: /work/cases/1/ and /work/cases/2/ are
one kind), plus the pages no link leads to: every step of the unified form (online and at the
counter), the form with its error summary, a page with a message, a 404, a refusal, a notice's
public check, the login page, the API docs and the second-factor page. Then the applicant's
sweep again in 大字模式. It fails on any critical or serious WCAG violation (and on headings that
skip a level on this project's own pages) and writes the counts per impact to
var/axe-summary.json.
"""

import json
import re
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from accounts.demo import DEMO_PASSWORD, seed_demo
from intake.wizard import SLUGS
from notices.models import Notice
from tests.factories import payload
from tests.flows import case_deny, case_of, run_to_review, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SUMMARY = ROOT / "var" / "axe-summary.json"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
LANGUAGES = ("zh-hans", "en")
# One login per role, and per department for reviewers (each family has its own case page);
# clerk_putuo takes a walk-in from another district. investigator2 and breakglass are left out:
# they see exactly what investigator and admin see.
USERNAMES = [
    "applicant",
    "clerk",
    "clerk_putuo",
    "advisor",
    "investigator",
    "reviewer_civil",
    "reviewer_street",
    "reviewer_edu",
    "reviewer_medical",
    "reviewer_justice",
    "approver",
    "district_head",
    "finance",
    "admin",
    "auditor",
]
# Not pages: files, the machine API, leaving, switching language, and Django's admin beyond the
# landing page each admin role gets (its pages are Django's own, not this project's templates).
SKIP = re.compile(
    r"/download/|/certificate/$|/documents/|/export\.|^/my-data/|^/api/(?!docs/)|^/accounts/logout/|^/i18n/"
    r"|^/static/|^/media/|^/admin/.+"
)
MAX_PAGES_PER_ROLE = 30
# Outside the WCAG tags (axe's best practice), but part of issue 8: headings must not skip a level
# on this project's pages; Swagger UI's and Django admin's headings are theirs.
FAILING_ADVICE = {"heading-order"}
THIRD_PARTY = re.compile(r"^/api/docs/|^/admin/")


def url_kind(path: str) -> str:
    """/work/cases/12/ and /work/cases/13/ are one kind of page."""
    return "/".join("<x>" if re.search(r"\d", part) else part for part in path.split("/"))


class Sweep:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.pages: list[dict] = []
        self.broken: list[str] = []  # pages that failed to render: their own content went unchecked

    def check(self, page, *, who: str, lang: str, large: bool = False) -> None:
        page.wait_for_load_state("load")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                         rules: {'heading-order': {enabled: true}}})
                .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                    targets: v.nodes.map(n => n.target.join(' '))})))""",
            TAGS,
        )
        wcag = [v for v in found if set(v["tags"]) & set(TAGS)]
        advice = [v for v in found if not set(v["tags"]) & set(TAGS)]
        path = page.url.removeprefix(self.base_url)
        if large and not THIRD_PARTY.search(path):
            if not page.evaluate("document.documentElement.classList.contains('text-large')"):
                self.broken.append(f"large text is off on {path} ({who}, {lang})")
        self.pages.append(
            {"who": who, "lang": lang, "large": large, "url": path, "violations": wcag, "advice": advice}
        )

    def serious(self) -> list[str]:
        """Critical and serious WCAG violations, and headings that skip a level (best practice)."""
        lines = []
        for p in self.pages:
            ours = not THIRD_PARTY.search(p["url"])
            for v in p["violations"] + [a for a in p["advice"] if a["id"] in FAILING_ADVICE and ours]:
                if v["impact"] in ("critical", "serious") or v["id"] in FAILING_ADVICE:
                    mode = " large-text" if p["large"] else ""
                    lines.append(
                        f"{v['impact']:8} {v['id']:24} {p['url']} ({p['who']}, {p['lang']}{mode}) "
                        f"{v['targets'][:5]} — {v['help']}"
                    )
        return lines

    def summary(self) -> dict:
        rules, nodes, by_rule, advice, advice_pages = Counter(), Counter(), Counter(), Counter(), set()
        for p in self.pages:
            for v in p["violations"]:
                rules[v["impact"]] += 1
                nodes[v["impact"]] += len(v["targets"])
                by_rule[f"{v['impact']}:{v['id']}"] += 1
            for v in p["advice"]:
                advice[f"{v['impact']}:{v['id']}"] += 1
                advice_pages.add(f"{v['id']} {p['url']}")
        return {
            "pages_checked": len(self.pages),
            "distinct_urls": len({p["url"] for p in self.pages}),
            "urls": sorted({url_kind(urlsplit(p["url"]).path) for p in self.pages}),
            "violations_per_impact": {k: rules[k] for k in IMPACTS},
            "elements_per_impact": {k: nodes[k] for k in IMPACTS},
            "by_rule": dict(sorted(by_rule.items())),
            "best_practice_by_rule": dict(sorted(advice.items())),
            "best_practice_pages": sorted(advice_pages),
        }


@pytest.fixture
def browser(chromium):
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: the README's test command runs npm ci")
    return chromium


@pytest.fixture
def demo_world(settings, tmp_path):
    """The demo world of scripts/dev.sh, plus a decided case so that a notice can be checked."""
    settings.MEDIA_ROOT = tmp_path
    users = seed_demo()
    app = submit(users, payload(items=["dibao"]))
    case_deny(
        case=run_to_review(users, case_of(app, "dibao")),
        actor=users["reviewer_civil"],
        reason="家庭收入超过标准",
    )
    return {
        "verify": f"/notices/verify/{Notice.objects.filter(case__application=app).first().verification_code}/"
    }


def _context(browser, base_url: str, lang: str, *, large: bool = False):
    # bypass_csp: axe is injected as a script the page's CSP would refuse.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})
    cookies = [{"name": "django_language", "value": lang, "url": base_url}]
    if large:
        cookies.append({"name": "ow_text", "value": "large", "url": base_url})
    context.add_cookies(cookies)
    return context


def _links(page, base_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    return [h.removeprefix(base_url).split("#")[0] for h in hrefs if h.startswith(base_url)]


def _sweep_role(sweep, browser, base_url, *, username, lang, extras, large=False):
    context = _context(browser, base_url, lang, large=large)
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state("load")
    home = urlsplit(page.url).path
    todo, seen_kinds = [home, *extras], set()
    visited = 0
    while todo and visited < MAX_PAGES_PER_ROLE:
        url = todo.pop(0)
        path = urlsplit(url).path
        if SKIP.search(path) and path != home:
            continue
        if url_kind(path) in seen_kinds:
            continue
        seen_kinds.add(url_kind(path))
        response = page.goto(f"{base_url}{url}")
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 500:
            sweep.broken.append(f"{response.status} {url} ({username}, {lang})")
        if path.startswith("/api/docs/"):
            page.wait_for_selector("#swagger-ui .opblock")  # Swagger UI draws itself after load
        sweep.check(page, who=username, lang=lang, large=large)
        visited += 1
        todo.extend(_links(page, base_url))
    _forms_with_feedback(sweep, page, base_url, username=username, lang=lang, large=large)
    context.close()


def _forms_with_feedback(sweep, page, base_url, *, username, lang, large):
    """The pages that only a POST shows: the form's error summary, a message after an action."""
    wizard = {"applicant": "/apply/", "clerk": "/counter/apply/"}.get(username)
    if wizard:
        page.goto(f"{base_url}{wizard}household/")
        page.click("#next-step")  # nothing filled in: the error summary
        page.wait_for_selector("#error-summary")
        sweep.check(page, who=username, lang=lang, large=large)
    if username == "clerk":
        page.goto(f"{base_url}/counter/apply/household/")
        summary = page.locator("details:has(form[action$='/apply-draft/discard/']) > summary")
        if summary.count():
            summary.click()
        page.click("form[action$='/apply-draft/discard/'] button")  # a message after the redirect
        sweep.check(page, who=username, lang=lang, large=large)
    if username == "reviewer_civil":
        page.goto(f"{base_url}/work/")
        claim = page.locator("#queue form button").first
        if claim.count():
            claim.click()  # "已认领。"
            sweep.check(page, who=username, lang=lang, large=large)


def _extras(username: str, verify: str) -> list[str]:
    extras = ["/reports/exports/"]
    if username in ("applicant", "clerk"):  # the public pages under each kind of navigation
        extras += ["/no-such-page/", verify]
    if username == "reviewer_civil":
        extras += ["/api/docs/", "/accounts/second-factor/"]  # the same page for every staff role
    if username == "applicant":
        extras += [f"/apply/{s}/" for s in SLUGS] + [
            "/work/",
            "/my/entitlements/",
            "/inbox/",
        ]  # /work/: refused
    if username == "reviewer_street":
        extras += ["/work/rechecks/", "/work/roster/310105001001/"]
    if username == "finance":
        extras += ["/work/payments/"]
    if username == "clerk":
        extras += [f"/counter/apply/{s}/" for s in SLUGS]
    return extras


def test_every_page_of_every_role_has_no_serious_axe_violations(browser, live_server, demo_world):
    started = time.monotonic()
    base = live_server.url
    sweep = Sweep(base)
    for lang in LANGUAGES:
        context = _context(browser, base, lang)
        page = context.new_page()
        for url in ("/accounts/login/", "/no-such-page/", demo_world["verify"], "/screening/"):
            page.goto(f"{base}{url}")
            sweep.check(page, who="anonymous", lang=lang)
        context.close()
        for username in USERNAMES:
            _sweep_role(
                sweep,
                browser,
                base,
                username=username,
                lang=lang,
                extras=_extras(username, demo_world["verify"]),
            )
    normal = sweep.summary()
    large = Sweep(base)
    _sweep_role(
        large,
        browser,
        base,
        username="applicant",
        lang="zh-hans",
        extras=_extras("applicant", demo_world["verify"]),
        large=True,
    )
    report = {
        "axe_core": json.loads((AXE.parent / "package.json").read_text())["version"],
        "tags": TAGS,
        "normal": normal,
        "large_text_applicant": large.summary(),
        "seconds": round(time.monotonic() - started, 1),
    }
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print("\naxe:", json.dumps(report, ensure_ascii=False, indent=2))
    problems = sweep.broken + large.broken + sweep.serious() + large.serious()
    assert not problems, f"{len(problems)} broken pages or critical/serious axe violations:\n" + "\n".join(
        problems
    )
