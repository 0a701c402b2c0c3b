"""`jimcode pseudonymise`: transcripts, records or a whole study folder in, their pseudonymised copies out.

What goes where is planned first (`plan`), and refused when the output folder would hold the key or
an original, so nothing is written until the plan is safe. Transcripts are written and read back
(their segments must line up one to one), then each record is rewritten against its pseudonymised
transcript: same segment ids, the new text and hash, memos and interview details rewritten, so
coders' records still pair for `agreement` and `reconcile`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jimcode.corpus import RECORD_SUFFIX
from jimcode.errors import JimcodeError, UsageError
from jimcode.fileio import write_file
from jimcode.pseudonymise.dates import DateMode, DateRewriter, find_dates
from jimcode.pseudonymise.key import PseudonymKey
from jimcode.pseudonymise.replace import NameReplacer, Rewrite, chain
from jimcode.pseudonymise.transcript import check_alignment, render_markdown, rewrite_value
from jimcode.records.model import CodedRecord, dump_record, parse_record
from jimcode.transcripts.model import Transcript
from jimcode.transcripts.readers import TRANSCRIPT_SUFFIXES, read_transcript

DatesOption = DateMode | None  # None: shift when the key has date_shift, else leave dates alone


@dataclass(frozen=True)
class Planned:
    source: Path
    target_folder: Path  # the file's new name is known only once it is read


@dataclass
class Plan:
    transcripts: list[Planned] = field(default_factory=list)
    records: list[Planned] = field(default_factory=list)
    project: tuple[Path, Path] | None = None  # (jimcode.yaml, the output study folder)


@dataclass
class Written:
    transcripts: list[Path] = field(default_factory=list)
    records: list[Path] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)

    @property
    def all(self) -> list[Path]:
        return [*self.transcripts, *self.records, *self.others]


@dataclass(frozen=True)
class _Done:
    original: Transcript
    pseudonymised: Transcript
    target: Path
    rewrite: Rewrite


def git_work_tree(path: Path) -> Path | None:
    """The folder holding `.git` above `path`, if any (looked up, never by running git)."""
    for folder in path.resolve().parents:
        if (folder / ".git").exists():
            return folder
    return None


def is_input_file(path: Path) -> bool:
    return path.suffix.lower() in (*TRANSCRIPT_SUFFIXES, RECORD_SUFFIX) and not path.name.startswith((".", "~$"))


def input_files(folder: Path) -> list[Path]:
    """Transcripts and records under `folder`, hidden folders (.git, .jimcode) left out, in name order."""
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [Path(root) / name for name in sorted(files) if is_input_file(Path(root) / name)]
    return found


def plan(paths: Sequence[Path], out: Path, key_file: Path | None) -> Plan:
    """Where each input goes; refuses a plan that would write the key or an original inside `out`."""
    from jimcode.project import PROJECT_FILE, load_project

    result = Plan()
    single = len(paths) == 1
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_file():
            _add(result, path, out)
            continue
        target = out if single else out / path.resolve().name
        project_file = path / PROJECT_FILE
        if project_file.is_file():
            project = load_project(project_file)
            result.project = (project_file, target)
            sources = [p for p in input_files(project.transcripts) if p.suffix.lower() in TRANSCRIPT_SUFFIXES]
            sources += [p for p in input_files(project.coded) if p.suffix.lower() == RECORD_SUFFIX]
        else:
            sources = input_files(path)
        if not sources:
            raise UsageError(f"{path}: no transcripts or records in this folder")
        for source in sources:
            _add(result, source, target / source.parent.relative_to(path))
    _refuse_unsafe(result, paths, out, key_file)
    return result


def _add(result: Plan, source: Path, target_folder: Path) -> None:
    suffix = source.suffix.lower()
    if suffix == RECORD_SUFFIX:
        result.records.append(Planned(source, target_folder))
    elif suffix in TRANSCRIPT_SUFFIXES:
        result.transcripts.append(Planned(source, target_folder))
    else:
        raise UsageError(f"{source}: neither a transcript ({', '.join(TRANSCRIPT_SUFFIXES)}) nor a record (.json)")


def _refuse_unsafe(result: Plan, paths: Sequence[Path], out: Path, key_file: Path | None) -> None:
    out_dir = out.resolve()
    if key_file is not None and key_file.resolve().is_relative_to(out_dir):
        raise UsageError(
            f"the key {key_file} is inside the output folder {out}; keep the key apart from what is shared"
        )
    for item in [*result.transcripts, *result.records]:
        if item.source.resolve().is_relative_to(out_dir):
            raise UsageError(f"the original {item.source} is inside the output folder {out}; choose a new folder")
    for path in paths:
        if path.is_dir() and out_dir.is_relative_to(path.resolve()):
            raise UsageError(f"the output folder {out} is inside the input folder {path}; choose a folder outside it")


def pseudonymise(
    work: Plan, key: PseudonymKey, dates: DatesOption, *, on_written: Callable[[Path], None] | None = None
) -> Written:
    """Write every planned transcript and record; return what was written."""
    names = NameReplacer(key.forms())
    written = Written()
    done: dict[Path, _Done] = {}
    targets: dict[Path, Path] = {}
    for item in work.transcripts:
        original = read_transcript(item.source)
        rewrite = chain(names, _date_rewriter(original, key, dates))
        target = item.target_folder / (_rewrite_name(item.source.stem, rewrite) + ".md")
        _claim(targets, target, item.source)
        write_file(target, render_markdown(original, rewrite))
        pseudonymised = read_transcript(target)
        try:
            check_alignment(original, pseudonymised, rewrite)
        except JimcodeError:
            target.unlink(missing_ok=True)
            raise
        done[item.source.resolve()] = _Done(original, pseudonymised, target, rewrite)
        written.transcripts.append(target)
        if on_written:
            on_written(target)
    codebook_copy = _write_project(work, written) if work.project else None
    for item in work.records:
        path = _write_record(item, done, targets, codebook_copy)
        written.records.append(path)
        if on_written:
            on_written(path)
    return written


def _claim(targets: dict[Path, Path], target: Path, source: Path) -> None:
    resolved = target.resolve()
    if resolved in targets:
        raise JimcodeError(f"{source} and {targets[resolved]} would both be written to {target}")
    targets[resolved] = source


def _rewrite_name(stem: str, rewrite: Rewrite) -> str:
    """A file name rewritten like the text (`case-01-noah` -> `case-01-luuk`), safe as a file name."""
    renamed = rewrite(stem).replace("/", "-").replace("\\", "-").strip() or "transcript"
    return renamed.replace("[", "").replace("]", "")


def _date_rewriter(transcript: Transcript, key: PseudonymKey, dates: DatesOption) -> Rewrite | None:
    if dates == "month":
        return DateRewriter("month")
    if dates is None and not key.date_shift:
        return None
    days = key.shift_for(transcript.meta.case, transcript.id)
    if days is not None:
        return DateRewriter("shift", days)

    def refuse(text: str) -> str:
        # Only a transcript that holds a date needs a shift for its case.
        if any(find_dates(text)):
            raise JimcodeError(
                f"{key.file}: no date_shift for case '{transcript.case}' ({transcript.path}); "
                "add it, or a `default:` shift, or use --dates month"
            )
        return text

    return refuse


def _write_record(
    item: Planned, done: dict[Path, _Done], targets: dict[Path, Path], codebook_copy: Path | None
) -> Path:
    file = str(item.source)
    try:
        text = item.source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise JimcodeError(f"{file}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    record = parse_record(text, file)
    transcript_file = (item.source.parent / record.transcript.path).resolve()
    found = done.get(transcript_file)
    if found is None:
        raise UsageError(
            f"{file}: its transcript {record.transcript.path} is not among the inputs; "
            "pseudonymise the transcripts and the records together"
        )
    if record.transcript.sha256 != found.original.sha256 or record.transcript.segment_by != found.original.segment_by:
        raise JimcodeError(
            f"{file}: coded on another version of {record.transcript.path}; "
            "resume it with `jimcode code --realign` first"
        )
    target = item.target_folder / (
        _rewrite_name(item.source.name.removesuffix(RECORD_SUFFIX), found.rewrite) + RECORD_SUFFIX
    )
    _claim(targets, target, item.source)
    new = _rewritten_record(record, found, target, item.source, codebook_copy)
    write_file(target, dump_record(new))
    return target


def _rewritten_record(
    record: CodedRecord, found: _Done, target: Path, source: Path, codebook_copy: Path | None
) -> CodedRecord:
    from jimcode.records.check import relative_path

    rewrite = found.rewrite
    segments = found.pseudonymised.segments
    decisions = []
    for decision in record.segments:
        if decision.index >= len(segments) or segments[decision.index].id != decision.segment_id:
            raise JimcodeError(f"{source}: segment {decision.segment_id} is not in its transcript; realign it first")
        segment = segments[decision.index]
        decisions.append(
            decision.model_copy(
                update={
                    "speaker": segment.speaker,
                    "text": segment.text,
                    "start_line": segment.start_line,
                    "end_line": segment.end_line,
                    "start_time": segment.start_time,
                    "end_time": segment.end_time,
                    "memo": rewrite(decision.memo) if decision.memo else decision.memo,
                    "evidence": [e.model_copy(update={"note": _maybe(e.note, rewrite)}) for e in decision.evidence],
                }
            )
        )
    transcript = found.pseudonymised
    codebook = record.codebook
    if codebook.path is not None:
        original_codebook = (source.parent / codebook.path).resolve()
        codebook_path = codebook_copy if codebook_copy is not None else original_codebook
        codebook = codebook.model_copy(update={"path": relative_path(codebook_path, target.parent)})
    interview = record.interview.model_copy(
        update={name: _maybe(getattr(record.interview, name), rewrite) for name in type(record.interview).model_fields}
    )
    return record.model_copy(
        update={
            "transcript": record.transcript.model_copy(
                update={
                    "id": transcript.id,
                    "path": relative_path(found.target, target.parent),
                    "sha256": transcript.sha256,
                    "format": transcript.format,
                    "segment_by": transcript.segment_by,
                    "segments": len(transcript.segments),
                }
            ),
            "codebook": codebook,
            "case": rewrite(record.case),
            "interview": interview,
            "attributes": {k: rewrite_value(v, rewrite) for k, v in record.attributes.items()},
            "segments": decisions,
            "verdicts": [v.model_copy(update={"note": _maybe(v.note, rewrite)}) for v in record.verdicts],
        }
    )


def _maybe(text: str | None, rewrite: Rewrite) -> str | None:
    return rewrite(text) if text else text


def _write_project(work: Plan, written: Written) -> Path | None:
    """The output study folder's `jimcode.yaml`; the codebook is copied when it lives in the study folder."""
    import yaml

    from jimcode.project import load_project
    from jimcode.records.check import relative_path

    assert work.project is not None
    project_file, target = work.project
    project = load_project(project_file)
    codebook = project.codebook.resolve()
    copy: Path | None = None
    if codebook.is_relative_to(project.root.resolve()) and codebook.is_file():
        copy = target / codebook.relative_to(project.root.resolve())
        write_file(copy, codebook.read_bytes())
        written.others.append(copy)
    settings = {
        "codebook": relative_path(copy or codebook, target),
        "transcripts": relative_path(project.transcripts, project.root),
        "coded": relative_path(project.coded, project.root),
    }
    (target).mkdir(parents=True, exist_ok=True)
    project_copy = target / project_file.name
    write_file(project_copy, yaml.safe_dump(settings, sort_keys=False))
    written.others.append(project_copy)
    return copy
