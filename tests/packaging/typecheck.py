"""mypy over the one package, backprop_spec (tox -e type). mypy reads files, not setuptools'
package-dir mapping, so the installed layout is laid out as links in a temporary folder —
backprop_spec/{__init__.py, spec, impl, symbolic, properties} → the repository's files — and
mypy's paths are mapped back to the repository's in what it prints."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-dir"]
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder)
        package = tree / "backprop_spec"
        package.mkdir()
        (package / "__init__.py").symlink_to(ROOT / mapping["backprop_spec"] / "__init__.py")
        for name, source in mapping.items():
            if name != "backprop_spec":
                (package / name.removeprefix("backprop_spec.")).symlink_to(ROOT / source,
                                                                          target_is_directory=True)
        done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                               "-p", "backprop_spec"], cwd=tree, capture_output=True, text=True,
                              check=False)
    back = {f"backprop_spec/{name.removeprefix('backprop_spec.')}/": f"{source}/"
            for name, source in mapping.items() if name != "backprop_spec"}
    for stream, text in ((sys.stdout, done.stdout), (sys.stderr, done.stderr)):
        for old, new in back.items():
            text = text.replace(old, new)
        stream.write(text)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
