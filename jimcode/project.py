"""A study folder: `jimcode.yaml` names the codebook, the transcripts and the coded records.

Commands run anywhere inside the folder find it by looking upwards, so they need no paths.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jimcode.errors import InvalidFileError, JimcodeError
from jimcode.fileio import write_file

PROJECT_FILE = "jimcode.yaml"
CODER_VARIABLE = "JIMCODE_CODER"
DEFAULT_CODEBOOK = "jim-12min.nl.yaml"


class ProjectSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    codebook: str = Field(description="The codebook, relative to this file.")
    transcripts: str = Field(default="transcripts", description="Folder of transcripts.")
    coded: str = Field(default="coded", description="Folder where coded records are written.")
    coder: str | None = Field(default=None, description="Default coder name (better: --coder or JIMCODE_CODER).")


@dataclass(frozen=True)
class Project:
    root: Path
    file: Path
    codebook: Path
    transcripts: Path
    coded: Path
    coder: str | None


def load_project(file: Path) -> Project:
    from jimcode.modelerrors import diagnostics_from
    from jimcode.yamlsrc import load_yaml_file

    document = load_yaml_file(file)
    try:
        settings = ProjectSettings.model_validate(document.data)
    except ValidationError as exc:
        raise InvalidFileError(diagnostics_from(exc, document, ProjectSettings)) from None
    root = file.parent
    return Project(
        root=root,
        file=file,
        codebook=root / settings.codebook,
        transcripts=root / settings.transcripts,
        coded=root / settings.coded,
        coder=settings.coder,
    )


def find_project(start: Path | None = None) -> Project | None:
    """The project whose `jimcode.yaml` is in `start` or a folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return load_project(candidate)
    return None


PROJECT_TEMPLATE = """\
# jimcode project: `jimcode code`, `jimcode summary` and friends run inside this
# folder need no paths. Paths are relative to this file.
codebook: codebooks/{codebook}
transcripts: transcripts   # interview transcripts (.md, .txt, .docx, .vtt, .srt)
coded: coded               # one coded record per transcript and coder (JSON)
# Coder names come from --coder or the JIMCODE_CODER environment variable.
"""


def init_project(folder: Path) -> list[Path]:
    """Create a study folder; return what was created. Refuses to overwrite a project."""
    from jimcode.codebook.model import shipped_codebooks_dir

    file = folder / PROJECT_FILE
    if file.exists():
        raise JimcodeError(f"{file} already exists; this folder is a jimcode project already")
    shipped = sorted(shipped_codebooks_dir().glob("*.yaml"))
    if not shipped:
        raise JimcodeError(f"no shipped codebooks found in {shipped_codebooks_dir()}; reinstall jimcode")
    names = [p.name for p in shipped]
    chosen = DEFAULT_CODEBOOK if DEFAULT_CODEBOOK in names else names[0]
    created: list[Path] = []
    # Folders and files get the modes the user's umask gives, like every file jimcode writes.
    for sub in ("codebooks", "transcripts", "coded"):
        path = folder / sub
        if not path.is_dir():
            try:
                path.mkdir(parents=True)
            except OSError as exc:
                raise JimcodeError(f"cannot create {path}: {exc.strerror or exc}") from None
            created.append(path)
    schemas = sorted(shipped_codebooks_dir().glob("*.json"))  # the codebooks point editors at their schema
    for source in [*shipped, *schemas]:
        target = folder / "codebooks" / source.name
        if not target.exists():
            write_file(target, source.read_bytes())
            created.append(target)
    write_file(file, PROJECT_TEMPLATE.format(codebook=chosen))
    created.append(file)
    return created


def resolve_coder(option: str | None, project: Project | None, ask: Callable[[], str] | None) -> str:
    """--coder, else $JIMCODE_CODER, else the project file, else ask (refused when nobody can answer)."""
    for candidate in (option, os.environ.get(CODER_VARIABLE), project.coder if project else None):
        if candidate and candidate.strip():
            return candidate.strip()
    if ask is None:
        raise JimcodeError(f"who is coding? pass --coder NAME or set {CODER_VARIABLE}=NAME")
    name = ask().strip()
    if not name:
        raise JimcodeError(f"a coder name is needed; pass --coder NAME or set {CODER_VARIABLE}=NAME")
    return name
