"""Reads a Jupyter notebook (nbformat 4, plain JSON) with the standard library: its code cells in
order, without IPython's magics and shell lines, each named by notebook and cell number so that an
error or a traceback points at the cell a learner sees."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC_OR_SHELL = re.compile(r"^(\s*)[%!]")


@dataclass(frozen=True)
class Notebook:
    """`cells`: (name, source) of each code cell, e.g. ("notebook.ipynb, cell 3", "import numpy…"),
    cells counted from 1 with the markdown ones; `dropped`: what was left out, as "cell 2: %time"."""

    cells: tuple[tuple[str, str], ...]
    dropped: tuple[str, ...]


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _code(number: int, source: str, dropped: list[str]) -> str:
    """The cell without magic and shell lines, each replaced by `pass` at its indentation so that
    line numbers and enclosing blocks stay as they were."""
    lines = source.splitlines(keepends=True)
    for index, line in enumerate(lines):
        magic = MAGIC_OR_SHELL.match(line)
        if magic:
            dropped.append(f"cell {number}: {line.strip()}")
            lines[index] = f"{magic.group(1)}pass\n"
    return "".join(lines)


def read_notebook(path: Path) -> Notebook:
    """The notebook's code; ValueError with a sentence saying what is wrong when it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path.name} is not a Jupyter notebook (not UTF-8 JSON: {err})") from None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise ValueError(f"{path.name} is not a Jupyter notebook (no list of cells)")
    if document.get("nbformat") != 4:
        raise ValueError(f"{path.name} is in notebook format {document.get('nbformat')!r}; expected "
                         "nbformat 4: open it in a current Jupyter and save it again")
    cells, dropped = [], []
    for number, cell in enumerate(document["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _text(cell.get("source", ""))
        if not source.strip():
            continue
        if source.lstrip().startswith("%%"):
            dropped.append(f"cell {number}: {source.strip().splitlines()[0]} (the whole cell)")
            continue
        cells.append((f"{path.name}, cell {number}", _code(number, source, dropped)))
    if not cells:
        raise ValueError(f"{path.name} has no code cells: nothing defines the layers")
    return Notebook(tuple(cells), tuple(dropped))
