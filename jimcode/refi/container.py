"""Opening REFI-QDA files: a `.qdpx` (zip with one `.qde` and `sources/`), a bare `.qde`, or a `.qdc`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from jimcode.errors import JimcodeError
from jimcode.fileio import check_regular_file, read_regular
from jimcode.refi.qdaxml import local_name, parse_xml

# A .qdc, a .qde or a source text larger than this is refused: parsed XML takes about three times its
# size in memory, and a real project (hundreds of interviews) is a few MB.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_ARCHIVE_BYTES = 4 * 1024**3  # a .qdpx may hold audio or video sources, which are never read
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class RefiPackage:
    """A parsed REFI-QDA document and, for a `.qdpx`, access to the files in its archive."""

    display: str
    root: ET.Element
    archive: zipfile.ZipFile | None = None
    members: dict[str, str] = field(default_factory=dict)  # lowercase name -> name in the archive
    warnings: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """'CodeBook' or 'Project' (the root element's local name)."""
        return local_name(self.root.tag)

    def internal_file(self, reference: str) -> bytes | None:
        """The bytes of `internal://NAME` (looked up case-insensitively in any sources folder), or None."""
        if self.archive is None or not reference.lower().startswith("internal://"):
            return None
        name = reference[len("internal://") :].lstrip("/").lower()
        for candidate in (f"sources/{name}", name):
            member = self.members.get(candidate)
            if member is not None:
                return _read_member(self.archive, member, self.display)
        return None

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def __enter__(self) -> RefiPackage:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def open_refi(path: Path, display: str | None = None) -> RefiPackage:
    """Open a `.qdc`, `.qde` or `.qdpx` by its content (not its extension); one clear error when it is neither."""
    display = display or str(path)
    try:
        check_regular_file(path, MAX_ARCHIVE_BYTES, display)
        with open(path, "rb") as handle:
            magic = handle.read(len(_ZIP_MAGIC))
        if magic == _ZIP_MAGIC:
            return _open_archive(path, display)
        data = read_regular(path, MAX_MEMBER_BYTES, display)
    except OSError as exc:
        raise JimcodeError(f"{display}: cannot read the file ({exc.strerror or exc})") from None
    if path.suffix.lower() == ".qdpx":
        raise JimcodeError(f"{display}: not a .qdpx project (a .qdpx is a zip archive; this file is not one)")
    return RefiPackage(display, parse_xml(data, display))


def _open_archive(path: Path, display: str) -> RefiPackage:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise JimcodeError(f"{display}: damaged zip archive ({exc})") from None
    members = {info.filename.replace("\\", "/").lower(): info.filename for info in archive.infolist()}
    projects = sorted(name for name in members if name.endswith(".qde") and "/" not in name)
    warnings: list[str] = []
    if not projects:
        nested = sorted(name for name in members if name.endswith(".qde"))
        if not nested:
            archive.close()
            raise JimcodeError(f"{display}: no project.qde in the archive (not a REFI-QDA project)")
        projects = nested
        warnings.append(f"the project file is not at the top of the archive ({members[nested[0]]})")
    chosen = "project.qde" if "project.qde" in projects else projects[0]
    if members[chosen] != "project.qde":
        warnings.append(f"the project file is named '{members[chosen]}' (the standard says project.qde)")
    if len(projects) > 1:
        warnings.append(f"the archive holds {len(projects)} .qde files; read '{members[chosen]}'")
    if any(name.startswith("sources/") and not members[name].startswith("sources/") for name in members):
        warnings.append("the sources folder is not named 'sources/' (read it anyway)")
    try:
        root = parse_xml(_read_member(archive, members[chosen], display), f"{display}!{members[chosen]}")
    except JimcodeError:
        archive.close()
        raise
    return RefiPackage(display, root, archive, members, warnings)


def _read_member(archive: zipfile.ZipFile, member: str, display: str) -> bytes:
    info = archive.getinfo(member)
    if info.file_size > MAX_MEMBER_BYTES:
        raise JimcodeError(f"{display}: '{member}' is larger than {MAX_MEMBER_BYTES // 2**20} MB; refusing to read it")
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise JimcodeError(f"{display}: cannot read '{member}' from the archive ({exc})") from None
