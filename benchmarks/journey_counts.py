"""Clicks and keystrokes of two journeys through the unified form, in Debian's Chromium (figures only).

Run against a running demo (`bash scripts/dev.sh 127.0.0.1:8123`, a fresh var/db.sqlite3):

    .venv/bin/python benchmarks/journey_counts.py http://127.0.0.1:8123 applicant
    .venv/bin/python benchmarks/journey_counts.py http://127.0.0.1:8123 counter ID1 ID2

- applicant: a three-person household applies online for dibao, compulsory-education aid and
  inpatient medical aid, by mouse and keyboard. A click is one click (a drop-down counts two),
  a keystroke one typed character; a field already holding the right value costs nothing.
- counter: the demo clerk keys in a known two-person household (ID1, ID2: its members' ID
  numbers) for dibao and accepts it, keyboard alone. Every key counts, Tab included; the figures
  typed do not.

`--markup old` drives the form as it was before issue 8 (money before items, ID numbers retyped,
no autofocus), for a checkout of commit 88eba66 served the same way.
"""

import argparse
import os
import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


def check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(a) * b for a, b in zip(first17, weights, strict=True)) % 11]


class Counter:
    def __init__(self, page):
        self.page, self.clicks, self.keys = page, 0, 0

    def click(self, selector):
        self.page.click(selector)
        self.clicks += 1

    def select(self, selector, value):
        if self.page.input_value(selector) != value:
            self.page.select_option(selector, value)
            self.clicks += 2  # open the list, pick

    def fill(self, selector, text):
        if self.page.input_value(selector) != text:
            self.page.click(selector)
            self.page.fill(selector, text)
            self.clicks, self.keys = self.clicks + 1, self.keys + len(text)

    def press(self, key):
        self.page.keyboard.press(key)
        self.keys += 1

    def type(self, text, counted=True):
        self.page.keyboard.type(text)
        self.keys += len(text) if counted else 0

    def tab_to(self, selector, limit=250):
        for _ in range(limit):
            if self.page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
                return
            self.press("Tab")
        raise SystemExit(f"Tab never reached {selector}")

    def navigate(self, key="Enter"):
        with self.page.expect_navigation():
            self.press(key)


def login(page, base, username):
    page.goto(f"{base}/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo1234")
    page.click("#login-submit")


def applicant(page, base, markup):
    login(page, base, "applicant")
    page.goto(f"{base}/apply/household/")
    c = Counter(page)
    c.select("#hukou_office", "310105001001")
    c.select("#residence_office", "310105001001")
    c.fill("#address", "长宁区华阳路100弄8号")
    c.fill("#phone", "13800001111")
    family = [
        ("王秀英", "31010519720405202", "self", "unemployed", None),
        ("王小明", "31010520130901205", "child", "student", "compulsory"),
        ("王大明", "31010519700101203", "spouse", "flexible", None),
    ]
    for i, (name, first17, relation, employment, school) in enumerate(family):
        if i:
            c.click("#add-member")
        c.fill(f"#m{i}-name", name)
        c.fill(f"#m{i}-id_number", check_digit(first17))
        c.select(f"#m{i}-relation", relation)
        c.select(f"#m{i}-employment_status", employment)
        if school:
            c.select(f"#m{i}-school_stage", school)
    c.click("#next-step")

    def money():
        c.fill("#m0-incomes-transfer", "800")
        if markup == "new":
            c.click("#money-member-2 summary")  # the other members are folded
        c.fill("#m2-incomes-wages", "1200")
        c.fill("#m0-expenses-medical", "600")
        c.click("#next-step")

    def items():
        for code in ("dibao", "edu_compulsory", "medical_inpatient"):
            c.click(f"input[name=items][value={code}]")
        c.click("#next-step")

    for step in (money, items) if markup == "old" else (items, money):
        step()
    c.click("input[name=materials_provided][value=income_proof]")
    c.click("#next-step")
    c.click("#consent")
    c.click("#next-step")
    c.click("#submit-application")
    assert "/applications/" in page.url, f"not submitted: {page.url}"
    print(f"applicant ({markup}): {c.clicks} clicks, {c.keys} keystrokes, {c.clicks + c.keys} in all")


def counter(page, base, markup, ids):
    login(page, base, "clerk")
    page.goto(f"{base}/counter/apply/")
    c = Counter(page)

    def advance():  # Enter does the step's primary action now; before, it added a member or went back
        if markup == "old":
            c.tab_to("#next-step")
        c.navigate()

    c.tab_to("#search_id")
    c.type(ids[0])
    c.navigate()
    c.tab_to("form.result button")
    c.navigate()
    if markup == "old":  # every member's ID number retyped
        c.tab_to("#m0-id_number")
        c.type(ids[0])
        c.tab_to("#m1-id_number")
        c.type(ids[1])
    advance()
    steps = ("money", "items") if markup == "old" else ("items", "money")
    for step in steps:
        if step == "money":
            c.tab_to("#m0-incomes-wages")
            c.type("3100", counted=False)
        else:
            c.tab_to("input[name=items][value=dibao]")
            c.press("Space")
        advance()
    c.tab_to("input[value=income_proof]")
    c.press("Space")
    advance()
    c.tab_to("#consent")
    c.press("Space")
    advance()
    c.tab_to("#submit-application")
    c.navigate()
    reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    if markup == "old":  # no way from the status page to acceptance: through the queue
        c.tab_to('a[href="/work/"]')
        c.navigate()
        c.tab_to(f'a[href*="{reference}"]')
    else:
        c.tab_to("#go-accept")
    c.navigate()
    c.tab_to("#accept")
    c.navigate()
    print(f"counter ({markup}): {c.keys} keystrokes plus the figures")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base")
    parser.add_argument("journey", choices=["applicant", "counter"])
    parser.add_argument("ids", nargs="*", help="counter: the household's two ID numbers")
    parser.add_argument("--markup", choices=["new", "old"], default="new")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
        if args.journey == "applicant":
            applicant(page, args.base.rstrip("/"), args.markup)
        elif len(args.ids) != 2:
            sys.exit("counter: give the known household's two ID numbers")
        else:
            counter(page, args.base.rstrip("/"), args.markup, args.ids)
        browser.close()


if __name__ == "__main__":
    main()
