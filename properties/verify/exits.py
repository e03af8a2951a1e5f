"""The exit codes of `backprop-verify` (and of pytest runs of the catalogue), in one table for
graders and CI. 2 and 3 keep pytest's meanings; the command maps pytest's internal error to 70."""

CORRECT = 0  # every role present passed, or passed with robustness notes only (pass*)
BUG_FOUND = 1  # a present role failed inside the training contract (or a --require role is absent)
INTERRUPTED = 2  # pytest's own: interrupted (Ctrl-C) or an error while collecting the tests
UNUSABLE = 3  # the target cannot be judged: missing file or package, a syntax error, …
USAGE = 4  # a usage error: an unknown option, a bad --map / --init / --require, no role found
SUITE_ERROR = 70  # the suite itself failed (pytest's internal error): please report it

TABLE = (
    (CORRECT, "correct: every role present passed (pass* roles: robustness notes only)"),
    (BUG_FOUND, "bug found: a present role failed inside the training contract (or a required "
     "role is absent)"),
    (INTERRUPTED, "interrupted, or the tests could not be collected"),
    (UNUSABLE, "target unusable: the report says why and what to do"),
    (USAGE, "usage error: a bad option, --map, --init or --require, or no class plays any role"),
    (SUITE_ERROR, "the suite itself failed: please report it"),
)


def command_code(status: int, unusable: bool) -> int:
    """What backprop-verify returns for pytest's exit `status`: pytest's internal error shares
    UNUSABLE's number, so a 3 the target did not cause is the suite's own failure."""
    return SUITE_ERROR if status == UNUSABLE and not unusable else status


def meaning(code: int) -> str:
    """The table's meaning of `code`; pytest's own name for a code the table does not list."""
    for known, text in TABLE:
        if known == code:
            return text
    import pytest  # here, not at the top: the command imports this table before pytest

    try:
        return f"pytest's {pytest.ExitCode(code).name.lower().replace('_', ' ')}"
    except ValueError:
        return f"exit code {code}"
