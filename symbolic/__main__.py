"""`python -m backprop_spec.symbolic`: one row per gradient — operation, gradient, proof scope, the notes'
derivation steps checked for that section, errata found there — then every erratum (the notes',
and the book's in the layers beyond the notes). Exits 1
if any proof, step check or erratum fails."""

from __future__ import annotations

import sys
from collections import defaultdict

from backprop_spec.spec.code_claims import CODE_CLAIMS
from backprop_spec.spec.derivations import CHAINS
from backprop_spec.spec.errata import BOOK_ERRATA, ERRATA
from backprop_spec.symbolic.chains import check_chain, conclusion_is_true
from backprop_spec.symbolic.proofs import run_all


def main() -> int:
    """Print the table and return the exit status."""
    steps_ok: dict[str, int] = defaultdict(int)
    steps_total: dict[str, int] = defaultdict(int)
    chains_ok = True
    for chain in CHAINS:
        checks = check_chain(chain)
        steps_total[chain.section] += len(checks)
        steps_ok[chain.section] += sum(check.ok for check in checks)
        for check in checks:
            if not check.ok:
                print(f"STEP FAILS  {chain.name} #{check.index}: {check.detail}")
        chains_ok &= all(check.ok for check in checks) and conclusion_is_true(chain)
    errata_by_section: dict[str, int] = defaultdict(int)
    for erratum in ERRATA:
        errata_by_section[erratum.section] += 1

    results = run_all()
    header = f"{'ok':4}{'operation':16}{'gradient':22}{'scope':58}{'steps':>7}{'errata':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        steps = f"{steps_ok[r.section]}/{steps_total[r.section]}"
        print(f"{'ok' if r.ok else 'FAIL':4}{r.operation:16}{r.gradient:22}{r.scope:58}"
              f"{steps:>7}{errata_by_section[r.section]:>7}   {r.seconds:.2f}s"
              + ("" if r.ok else f"  {r.detail}"))
    print(f"\n{len(ERRATA)} errata: {len(ERRATA) - len(BOOK_ERRATA)} in the notes, "
          f"{len(BOOK_ERRATA)} in the book beyond them:")
    for erratum in ERRATA:
        print(f"- [{erratum.section}] {erratum.notes_text}\n    → {erratum.corrected}")
    claims_ok = all(claim.check()[0] == claim.claim_holds for claim in CODE_CLAIMS)
    if not claims_ok:
        print("A code-comment claim no longer behaves as spec/code_claims.py records.")
    return 0 if all(r.ok for r in results) and chains_ok and claims_ok else 1


if __name__ == "__main__":
    sys.exit(main())
