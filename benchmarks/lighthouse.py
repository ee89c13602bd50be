"""Lighthouse scores and page weight for every page in the nav (a script, not a test).

    .venv/bin/python benchmarks/lighthouse.py [--no-gzip] [--runs N] [--json FILE]

Builds the site (`mkdocs build --strict`), serves it on 127.0.0.1 under site_url's
path the way GitHub Pages does, gzip-compressing text responses like GitHub Pages
(--no-gzip: plain, like `python -m http.server`), and runs Lighthouse on each page
with its default mobile preset (emulated Moto G Power, simulated slow 4G and 4x CPU
slowdown). Prints performance, accessibility, best-practices and SEO scores, the
bytes transferred per page, and the medians. Targets: performance >= 95, the rest 100.

Needs `npm ci` (lighthouse 12.2.3, pinned in package.json; 13 wants Node 22) and
Debian's chromium (`apt-get install chromium`), used through CHROME_PATH.
With --runs N each page is measured N times and the median of each figure kept
(performance varies by a point or two between runs on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tools.browser import CHROMIUM_FLAGS, CHROMIUM_HINT, ROOT, find_chromium, nav_pages, serve, site_prefix  # noqa: E402
from tools.build import build_site  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def lighthouse(url: str, chromium: str) -> dict:
    """One Lighthouse run (`npx lighthouse`, the pinned local one); returns its JSON report."""
    command = [
        "npx",
        "--no-install",
        "lighthouse",
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(CHROMIUM_FLAGS),
    ]
    env = dict(os.environ, CHROME_PATH=chromium)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def figures(report: dict) -> dict:
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    audits = report["audits"]
    failed = []  # the audits that cost points outside performance, to say what to fix
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            score = audits[ref["id"]].get("score")
            if ref["weight"] > 0 and score is not None and score < 1:
                failed.append(f"{name}: {ref['id']}")
    return {
        **scores,
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(audits["network-requests"]["details"]["items"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "failed": failed,
    }


def median_of(runs: list[dict]) -> dict:
    merged = {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "failed"}
    merged["failed"] = sorted({item for run in runs for item in run["failed"]})
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed, like python -m http.server")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; medians are kept (default 1)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    chromium = find_chromium()
    if chromium is None:
        sys.exit(f"no Chromium at /usr/bin/chromium or on PATH; install it: {CHROMIUM_HINT}")
    if not LIGHTHOUSE.exists():
        sys.exit("no lighthouse in node_modules; install it: npm ci")

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        built = build_site(site)
        if built.returncode:
            sys.exit(f"mkdocs build --strict failed:\n{built.stdout}{built.stderr}")
        compress = not args.no_gzip
        results = {}
        with serve(site, site_prefix(), compress=compress) as base:
            print(f"Lighthouse 12.2.3, mobile preset (simulated slow 4G, 4x CPU slowdown), {args.runs} run(s) per page")
            print(
                "Each row: the median of the page's runs; KiB: bytes transferred on a cold load "
                "(the search index, about 120 KiB gzipped, is fetched by every page)"
            )
            print(
                f"Served from {base} "
                + (
                    "with gzip (as GitHub Pages serves it)"
                    if compress
                    else "without compression (as python -m http.server)"
                )
            )
            print()
            header = f"{'page':<32} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} {'KiB':>7} {'req':>4} {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7}"
            print(header)
            print("-" * len(header))
            for src, url in nav_pages():
                runs = [figures(lighthouse(base + url, chromium)) for _ in range(args.runs)]
                results[src] = row = median_of(runs)
                print(
                    f"{src:<32} {row['performance']:>4.0f} {row['accessibility']:>4.0f} "
                    f"{row['best-practices']:>4.0f} {row['seo']:>4.0f} {row['bytes'] / 1024:>7.1f} "
                    f"{row['requests']:>4.0f} {row['fcp_ms']:>7.0f} {row['lcp_ms']:>7.0f} {row['tbt_ms']:>7.0f}",
                    flush=True,
                )
                for item in row["failed"]:
                    print(f"{'':<4}not passed: {item}")

    rows = list(results.values())
    medians = median_of(rows)
    print("-" * len(header))
    print(
        f"{'median of the pages':<32} {medians['performance']:>4.0f} {medians['accessibility']:>4.0f} "
        f"{medians['best-practices']:>4.0f} {medians['seo']:>4.0f} {medians['bytes'] / 1024:>7.1f} "
        f"{medians['requests']:>4.0f} {medians['fcp_ms']:>7.0f} {medians['lcp_ms']:>7.0f} {medians['tbt_ms']:>7.0f}"
    )
    below = [
        f"{src}: {name} {row[name]:.0f}"
        for src, row in results.items()
        for name in CATEGORIES
        if row[name] < (95 if name == "performance" else 100)
    ]
    print()
    print("Targets (performance >= 95, the rest 100): " + ("all met" if not below else "missed by " + ", ".join(below)))
    if args.json:
        args.json.write_text(json.dumps({"gzip": compress, "runs": args.runs, "pages": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
