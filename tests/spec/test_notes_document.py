"""The user's notes ship in the repository, and spec/notes_code.py still transcribes their code:
the statements of every code block of the notes appear, in order and with nothing in between, in
the class that transcribes it."""

import ast
import hashlib
import io
import re
import tokenize
import tomllib
from pathlib import Path

from backprop_spec.spec import notes_code
from tests.helpers import ROOT

NOTES = ROOT / "spec" / "backpropagation-notes.md"
# The user's document, byte for byte as received (never edited: it is the subject of SPEC.md).
NOTES_SHA256 = "02796b44b8c18f34dc3d53c79e13b1aa19325ab21c08f78fb27747fb86ba7881"
# The code blocks of 二、代码 in order (§一 is the Dense section, §二–§六 its fenced blocks after it)
# and the class of spec/notes_code.py that transcribes each.
CLASSES = ("Layer_Dense", "Activation_ReLU", "Loss_CategoricalCrossentropy", "Activation_Softmax",
           "Activation_Sigmoid", "Loss_BinaryCrossentropy")
FENCE = re.compile(r"^```\n(.*?)^```$", re.DOTALL | re.MULTILINE)
# The OCR turned the underscore of y_pred, n_sample, jacobian_matrix, ... into a space.
LOST_UNDERSCORE = re.compile(r"(?<=\w) +(?=(?:pred|true|sample|output|dvalue|matrix|clip)\b)")


def _statement(line: str) -> str:
    """A notes line as code: comment dropped, the OCR's lost underscores restored, no whitespace."""
    code = LOST_UNDERSCORE.sub("_", line.split("#", 1)[0])
    return re.sub(r"\s+", "", code)


def _block(body: str) -> list[str]:
    """The statements of a fenced block. The OCR wrapped long lines onto a new line at column 0
    (every block's body is indented), so such a line continues the one before it."""
    lines: list[str] = []
    for line in body.splitlines():
        if lines and line and not line[0].isspace():
            lines[-1] += " " + line
        else:
            lines.append(line)
    return [s for s in map(_statement, lines) if s]


def notes_blocks(text: str) -> list[list[str]]:
    """The statements of each code block of 二、代码. The OCR rendered most of §一 (Dense) as
    headings (`#### def forward(...)`) and bullets (`- self. dinput = ...`), so §一's code is read
    from every line of the section that is a `def` or a `self.` statement once that markup is off."""
    code = text.split("## 二、代码", 1)[1]
    dense, rest = code.split("#### 二、ReLu", 1)
    unmarked = (re.sub(r"^(?:#+|-)\s+", "", line) for line in dense.splitlines())
    dense_code = [_statement(line) for line in unmarked if re.match(r"(?:def |self\.)", line)]
    return [dense_code] + [_block(body) for body in FENCE.findall(rest)]


def module_lines() -> dict[str, list[str]]:
    """Each class of spec/notes_code.py as its logical lines, comments, docstrings and whitespace
    dropped."""
    source = Path(notes_code.__file__).read_text(encoding="utf-8")
    spans = {node.name: (node.lineno, node.end_lineno or node.lineno)
             for node in ast.parse(source).body if isinstance(node, ast.ClassDef)}
    classes: dict[str, list[str]] = {name: [] for name in spans}
    line, start, kinds = "", 0, set()
    skipped = (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in skipped:
            continue
        if token.type == tokenize.NEWLINE:
            for name, (first, last) in spans.items():
                if first <= start <= last and kinds != {tokenize.STRING}:
                    classes[name].append(line)
            line, kinds = "", set()
            continue
        start = start if line else token.start[0]
        line += token.string
        kinds.add(token.type)
    return classes


def is_run(statements: list[str], lines: list[str]) -> bool:
    """Whether the statements are lines[i:i + n] for some i: same order, nothing inserted."""
    n = len(statements)
    return any(lines[i:i + n] == statements for i in range(len(lines) - n + 1))


def test_the_shipped_notes_are_the_users_document():
    assert hashlib.sha256(NOTES.read_bytes()).hexdigest() == NOTES_SHA256


def test_every_notes_statement_is_in_notes_code_in_order():
    blocks = notes_blocks(NOTES.read_text(encoding="utf-8"))
    assert len(blocks) == len(CLASSES)
    assert all(len(block) >= 2 for block in blocks)
    classes = module_lines()
    for name, block in zip(CLASSES, blocks, strict=True):
        assert is_run(block, classes[name]), f"{name}: notes {block}\n is not a run of {classes[name]}"


def test_the_matching_catches_an_edited_statement():
    """The relaxed comparison still tells `input < 0` from `input <= 0`, a missing, an inserted
    and a reordered line."""
    relu = ["defbackward(self,dvalue):", "self.dinput=dvalue.copy()", "self.dinput[self.input<0]=0"]
    assert _block("def backward(self, dvalue):\n    self.dinput = dvalue. copy()\n"
                  "    self.dinput[self.input < 0] = 0  # mask\n") == relu
    assert is_run(relu, ["classActivation_ReLU:", *relu])
    for edited in ([*relu[:2], "self.dinput[self.input<=0]=0"], relu[:2], relu[::-1],
                   [*relu[:2], "dvalue=dvalue*2", relu[2]]):
        assert not is_run(relu, edited)


def test_readme_spec_and_package_point_at_the_shipped_notes():
    """Every mention of the notes in README.md and SPEC.md is the shipped copy's path, and the
    wheel ships it with the spec package."""
    for document in ("README.md", "SPEC.md"):
        mentions = re.findall(r"[\w./-]*backpropagation-notes\.md", (ROOT / document).read_text("utf-8"))
        assert mentions and set(mentions) == {"spec/backpropagation-notes.md"}, (document, mentions)
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert NOTES.name in package_data["package-data"]["backprop_spec.spec"]
