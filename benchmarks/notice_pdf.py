"""Per-page rendering time of a one-page Chinese decision notice (figures only, no assertions).

.venv/bin/python benchmarks/notice_pdf.py [--pages 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from notices.pdf import render_pdf  # noqa: E402

MEMBERS = [
    ("王赟", "本人", "3101**********2018"),
    ("李䶮", "配偶", "3101**********2026"),
    ("张堃", "子女", "3101**********1034"),
    ("陈𠈌", "父母", "3101**********0042"),
]


def notice_html() -> str:
    rows = "".join(f"<tr><td>{n}</td><td>{r}</td><td>{i}</td></tr>" for n, r, i in MEMBERS)
    return f"""<html><head><style>@page {{ size: A4; margin: 20mm }} table {{ border-collapse: collapse; width: 100% }}
    td, th {{ border: 0.6pt solid #444; padding: 2mm }} h1 {{ text-align: center }}</style></head><body>
    <h1>最低生活保障家庭生活救助准予救助决定书</h1><p>受理编号：YC20261122000001</p>
    <p>王赟：你（你家庭）于2026年11月22日提出的最低生活保障家庭生活救助申请，经入户调查、家庭经济状况核对、审核和公示，
    符合条件，决定准予救助。救助金额：每月 3720.00 元（保障人数 4 人），自批准之月起按月发放。</p>
    <table><tr><th>姓名</th><th>关系</th><th>身份证号码</th></tr>{rows}</table>
    <p>如对本决定不服，可以自收到本决定书之日起六十日内申请行政复议，也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。</p>
    <p style="text-align:right">华阳路街道（盖章）<br>2026年11月22日</p></body></html>"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    html = notice_html()
    t0 = time.perf_counter()
    pdf = render_pdf(html)
    cold = time.perf_counter() - t0
    times = []
    for _ in range(args.pages):
        t0 = time.perf_counter()
        render_pdf(html)
        times.append(time.perf_counter() - t0)
    times.sort()
    p95 = times[min(int(0.95 * len(times)), len(times) - 1)]
    print(f"cold (first page, font discovery): {cold * 1000:.0f} ms")
    print(
        f"warm over {args.pages} pages: median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )
    print(f"PDF size: {len(pdf) / 1024:.1f} KiB (fonts subset and embedded)")


if __name__ == "__main__":
    main()
