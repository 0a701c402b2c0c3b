"""A copy of the examples whose codebook is then changed by editing its YAML: a rename, a merge,
a split and a retirement, as a researcher would make them."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODEBOOK = "codebooks/jim-12min.nl.yaml"

RENAMED = ("value-whole-puzzle", "value-sees-whole-puzzle")
MERGED = (("competence-acknowledge-need", "competence-accept-help"), "competence-need-and-help")
SPLIT = ("parents-gatekeeper", ("parents-gatekeeper-chooses", "parents-gatekeeper-blocks"))
RETIRED = "lesson-phase-over-age"

_EDITS = (
    ('version: "1.0"', 'version: "1.1"'),
    (
        f"      - id: {RENAMED[0]}\n",
        f"      - id: {RENAMED[1]}\n        replaces: [{RENAMED[0]}]\n",
    ),
    (
        "      - id: competence-accept-help\n",
        f"      - id: {MERGED[1]}\n        replaces: [{', '.join(MERGED[0])}]\n",
    ),
    (
        "      - id: parents-gatekeeper\n        label: Ouders als poortwachter\n",
        "      - id: parents-gatekeeper-blocks\n"
        "        label: Ouders houden de JIM tegen\n"
        "        definition: Ouders houden een JIM uit hun netwerk tegen.\n"
        "        replaces: [parents-gatekeeper]\n"
        "      - id: parents-gatekeeper-chooses\n"
        "        replaces: [parents-gatekeeper]\n"
        "        label: Ouders kiezen de JIM\n",
    ),
    (f"      - id: {RETIRED}\n", f"      - id: {RETIRED}\n        retired: true\n"),
)


def copy_examples(base: Path) -> Path:
    """examples/ and the shipped codebook under `base`, laid out as in the repository; returns examples/coded."""
    shutil.copytree(ROOT / "examples" / "coded", base / "examples" / "coded")
    shutil.copytree(ROOT / "examples" / "transcripts", base / "examples" / "transcripts")
    (base / "codebooks").mkdir()
    shutil.copy(ROOT / CODEBOOK, base / CODEBOOK)
    return base / "examples" / "coded"


def changed_codebook_text(text: str) -> str:
    """The shipped codebook with the rename, merge, split and retirement made in its YAML."""
    for old, new in _EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    # the merge: the first of the two merged codes is taken out (its block, up to the next code)
    start = text.index(f"      - id: {MERGED[0][0]}\n")
    end = text.index(f"      - id: {MERGED[1]}\n")
    return text[:start] + text[end:]


def change_codebook(base: Path) -> Path:
    path = base / CODEBOOK
    path.write_text(changed_codebook_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path
