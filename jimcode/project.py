"""A study folder: `jimcode.yaml` names the codebook, the transcripts and the coded records.

Commands run anywhere inside the folder find it by looking upwards, so they need no paths.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jimcode.errors import InvalidFileError, JimcodeError, UsageError
from jimcode.fileio import write_file, write_problem
from jimcode.i18n import DEFAULT_LANGUAGE, words

PROJECT_FILE = "jimcode.yaml"
CODER_VARIABLE = "JIMCODE_CODER"
DEFAULT_CODEBOOK = "jim-12min.nl.yaml"
# What this machine keeps for this study folder (the coder's name); never shared, so git-ignored.
LOCAL_FOLDER = ".jimcode"
REMEMBERED_CODER = f"{LOCAL_FOLDER}/coder"


def coder_sources(language: str) -> str:
    """Where jimcode looks for the coder's name, in the order it looks, in `language`."""
    return words(language)(
        "ask.coder_sources", variable=CODER_VARIABLE, project_file=PROJECT_FILE, remembered=REMEMBERED_CODER
    )


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

    @property
    def remembered_coder_file(self) -> Path:
        return self.root / REMEMBERED_CODER


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
# The coder's name comes from, first found: --coder, the JIMCODE_CODER environment
# variable, a `coder: NAME` line here (for a study with one coder), the name
# remembered on this machine in .jimcode/coder (git-ignored), else `jimcode code`
# asks once at a terminal and remembers the answer.
"""

GITIGNORE = ".gitignore"
_IGNORE_LINE = f"{LOCAL_FOLDER}/"


def init_project(folder: Path) -> tuple[list[Path], list[Path]]:
    """Create a study folder; return what was created and what was added to. Refuses to overwrite a project."""
    from jimcode.codebook.model import shipped_codebooks_dir

    file = folder / PROJECT_FILE
    if file.exists():
        raise JimcodeError(f"{file} already exists; this folder is a jimcode project already")
    shipped = sorted(shipped_codebooks_dir().glob("*.yaml"))
    if not shipped:
        raise JimcodeError(f"no shipped codebooks found in {shipped_codebooks_dir()}; reinstall jimcode")
    names = [p.name for p in shipped]
    chosen = DEFAULT_CODEBOOK if DEFAULT_CODEBOOK in names else names[0]
    made_top = next((p for p in reversed([folder, *folder.parents]) if not p.exists()), None)
    created: list[Path] = []
    try:
        added = _fill_study(folder, shipped, chosen, created)
    except BaseException:
        # A read-only folder, a full disk, Ctrl-C: no half-made study is left (what was there stays).
        _remove_made(created, made_top)
        raise
    return created, added


def _fill_study(folder: Path, shipped: list[Path], chosen: str, created: list[Path]) -> list[Path]:
    from jimcode.codebook.model import shipped_codebooks_dir

    # Folders and files get the modes the user's umask gives, like every file jimcode writes.
    for sub in ("codebooks", "transcripts", "coded"):
        path = folder / sub
        if not path.is_dir():
            try:
                path.mkdir(parents=True)
            except OSError as exc:
                raise JimcodeError(f"cannot create {path}: {write_problem(exc)}") from None
            created.append(path)
    schemas = sorted(shipped_codebooks_dir().glob("*.json"))  # the codebooks point editors at their schema
    for source in [*shipped, *schemas]:
        target = folder / "codebooks" / source.name
        if not target.exists():
            write_file(target, source.read_bytes())
            created.append(target)
    write_file(file := folder / PROJECT_FILE, PROJECT_TEMPLATE.format(codebook=chosen))
    created.append(file)
    ignore = folder / GITIGNORE
    existed = ignore.exists()
    if not ignore_local_folder(folder):
        return []
    if existed:
        return [ignore]
    created.append(ignore)
    return []


def _remove_made(created: list[Path], made_top: Path | None) -> None:
    """Undo an unfinished `init`: the files and folders it created, newest first (best effort)."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            path.rmdir() if path.is_dir() else path.unlink()
    if made_top is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(made_top)  # folders this run created above the study (nothing else is in them)


def ignore_local_folder(folder: Path) -> bool:
    """Add `.jimcode/` to the folder's `.gitignore` (created if needed) unless it is there; True when written."""
    path = folder / GITIGNORE
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise JimcodeError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    spellings = {LOCAL_FOLDER, _IGNORE_LINE, f"/{LOCAL_FOLDER}", f"/{_IGNORE_LINE}"}
    if any(line.strip() in spellings for line in current.splitlines()):
        return False
    separator = "" if not current or current.endswith("\n") else "\n"
    write_file(path, f"{current}{separator}{_IGNORE_LINE}\n")
    return True


def remembered_coder(project: Project) -> str | None:
    """The name this machine remembers for the study folder (its first line), if any."""
    try:
        text = project.remembered_coder_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise JimcodeError(
            f"cannot read {project.remembered_coder_file}: {getattr(exc, 'strerror', None) or exc}; "
            "delete it to be asked again"
        ) from None
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else None


def remember_coder(project: Project, name: str) -> Path:
    """Keep the name for the next run in this study folder; the folder ignores itself in git."""
    path = project.remembered_coder_file
    ignore = path.parent / GITIGNORE
    if not ignore.exists():  # a study folder made before `init` added .jimcode/ to its .gitignore
        write_file(ignore, "*\n")
    write_file(path, name + "\n")
    return path


def resolve_coder(
    option: str | None, project: Project | None, ask: Callable[[], str] | None, language: str = DEFAULT_LANGUAGE
) -> str:
    """The coder's name from the first source that has one (see `coder_sources`), else ask and remember;
    `language`: of the error when there is none.

    Outside a study folder an answer is not remembered: jimcode writes only where it was told to.
    """
    for given in (option, os.environ.get(CODER_VARIABLE), project.coder if project else None):
        if given and given.strip():
            return given.strip()
    remembered = remembered_coder(project) if project else None  # read only when needed
    if remembered:
        return remembered
    say = words(language)
    if ask is None:
        raise UsageError(say("ask.who_is_coding", sources=coder_sources(language)))
    name = ask().strip()
    if not name:
        raise UsageError(say("ask.name_needed", sources=coder_sources(language)))
    if project is not None:
        remember_coder(project, name)
    return name
