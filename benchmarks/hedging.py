"""The hedge's trade-off curve: how often answerable questions are presented as answered, and how often near misses
are, for several closeness floors (assistant.answer.evidence.MIN_CLOSENESS, and MIN_CLOSENESS_ABSENT for a question
holding a phrase no abstract does). Offline, on the shipped collection; the floors are chosen on dev.

    ASSISTANT_HOME=... python benchmarks/hedging.py [--split dev|test]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.answer import evidence  # noqa: E402
from evals.runner import ABSTAIN_KINDS, load_questions  # noqa: E402

FLOORS = [0.43, 0.45, 0.46, 0.47, 0.48, 0.50, 0.52]
ABSENT_FLOORS = [0.47, 0.50, 0.55, 0.60]


def signals(assistant: Assistant, split: str) -> list[tuple[str, bool, evidence.Coverage]]:
    """(kind, answerable, coverage) of each question, as the offline answer judges it."""
    found = []
    for q in load_questions(split=split):
        hits = assistant.retrieve(q.question, k=assistant.settings.k)
        coverage = assistant.reader.coverage(q.question, assistant.reader.read(q.question, hits))
        found.append((q.kind, q.kind not in ABSTAIN_KINDS, coverage))
    return found


def answered(coverage: evidence.Coverage, floor: float, absent_floor: float) -> bool:
    """Whether the answer would be presented as answered under these floors."""
    if not coverage.covered or coverage.unnamed:
        return False  # declined, or hedged for a missing name whatever the closeness
    return coverage.closeness >= (absent_floor if coverage.absent else floor)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    rows = signals(Assistant(log=False), args.split)
    answerable = [c for kind, ok, c in rows if ok]
    near = [c for kind, ok, c in rows if kind in ("near_miss", "near_miss_blind")]
    print(f"{args.split} split: {len(answerable)} answerable questions, {len(near)} near misses")
    print("| MIN_CLOSENESS | MIN_CLOSENESS_ABSENT | answerable answered | near misses answered |")
    print("|---|---|---|---|")
    for absent_floor in ABSENT_FLOORS:
        for floor in FLOORS:
            a = sum(answered(c, floor, max(floor, absent_floor)) for c in answerable) / len(answerable)
            n = sum(answered(c, floor, max(floor, absent_floor)) for c in near) / len(near)
            print(f"| {floor:.2f} | {max(floor, absent_floor):.2f} | {a:.3f} | {n:.3f} |")


if __name__ == "__main__":
    main()
