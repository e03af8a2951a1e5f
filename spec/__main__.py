"""`python -m backprop_spec.spec` renders SPEC.md and its figures (spec/figures/*.svg) at the repository root;
`python -m backprop_spec.spec --check` writes nothing and exits 1, with a diff summary, when the committed
files differ from a fresh render."""

from __future__ import annotations

import argparse
import sys

from backprop_spec.spec.render import ROOT, render_all, stale

SHOWN_DIFF_LINES = 40


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backprop_spec.spec", description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="compare the committed files with a fresh render; write nothing")
    args = parser.parse_args(argv)
    rendered = render_all()
    if args.check:
        differences = stale(rendered)
        for path, lines in differences.items():
            changed = sum(line[:1] in "+-" and line[:3] not in ("+++", "---") for line in lines)
            print(f"{path}: {changed} lines differ from a fresh render")
            print("\n".join(lines[:SHOWN_DIFF_LINES]))
        if differences:
            print("run `python -m backprop_spec.spec` and commit the result")
            return 1
        print(f"up to date: {', '.join(rendered)}")
        return 0
    for path, text in rendered.items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
