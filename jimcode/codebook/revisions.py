"""A codebook named on the command line: a file, or `REV:path` in git (`git show`, when git is installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from jimcode.codebook.model import Codebook, codebook_from_text, load_codebook
from jimcode.errors import JimcodeError


def read_codebook(spec: str) -> Codebook:
    """The codebook `spec` names: an existing file, else `REV:path` read from git (path as git names it)."""
    path = Path(spec)
    if path.is_file():
        return load_codebook(path)
    revision, colon, inner = spec.partition(":")
    if not colon or not revision or not inner:
        raise JimcodeError(f"{spec}: no such file (name a codebook file, or REV:path in git)")
    git = shutil.which("git")
    if git is None:
        raise JimcodeError(f"{spec}: reading a git revision needs git, which is not installed")
    try:
        shown = subprocess.run(
            [git, "show", f"{revision}:{inner}"], capture_output=True, check=False, timeout=60, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise JimcodeError(f"{spec}: git show failed: {exc}") from None
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise JimcodeError(f"{spec}: git show failed: {reason[0] if reason else f'exit {shown.returncode}'}")
    try:
        text = shown.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JimcodeError(f"{spec}: not UTF-8 text") from None
    return codebook_from_text(text, spec)
