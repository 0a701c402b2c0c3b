"""`jimcode retrieve`: every segment coded X, with case, speaker, text, memo and context.

X is a code (by what a coder types for it in a session: number, shortcut or id; or by its label;
child codes included unless `exact`),
a research question (every code under it) or a hypothesis (every piece of evidence, optionally
one stance). Records are read once and chosen per transcript as in `jimcode summary`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jimcode import __version__
from jimcode.codebook.model import POLE_OF_SIGN, Code, Codebook, NumberedCode, Pole, code_labelled, resolve_code
from jimcode.corpus import Listing, ProgressCallback, SkipCallback, feed_records
from jimcode.diagnostics import Diagnostic
from jimcode.errors import UsageError
from jimcode.i18n import choose_language, words
from jimcode.modelerrors import did_you_mean
from jimcode.records.choice import RecordChooser
from jimcode.records.model import STANCES
from jimcode.records.quotes import segment_quote
from jimcode.records.stream import RecordStruct, as_dict, record_problem
from jimcode.summary._digest import CodebookIndex
from jimcode.summary.contract import (
    RETRIEVE_SCHEMA,
    Neighbour,
    RecordStatus,
    ResultCodebook,
    RetrievedSegment,
    RetrieveFiles,
    RetrieveGroup,
    RetrieveResult,
    RetrieveSplit,
    RetrieveTarget,
    Stance,
    TargetKind,
)
from jimcode.summary.result import ReadingLog, filters
from jimcode.summary.split import Split, parse_split


@dataclass(frozen=True)
class RetrieveOptions:
    codebook: Path | None = None
    by: str | None = None
    cases: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    status: RecordStatus | None = None
    context: int = 0
    stance: str | None = None  # checked by `Retriever`
    exact: bool = False
    language: str | None = None  # of jimcode's own words (--lang / JIMCODE_LANG); None: the codebook's
    memos: bool = True  # False (--no-memos): the coders' memos and evidence notes are left out


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    id: str
    label: str
    codes: frozenset[str]
    pole: Pole | None = None  # `CODE+` / `CODE-`: only segments with the code at this pole


def _descendants(code: Code) -> list[str]:
    found = [code.id]
    for child in code.codes:
        found += _descendants(child)
    return found


def _code_target(code: Code, exact: bool) -> Target:
    return Target("code", code.id, code.label, frozenset([code.id] if exact else _descendants(code)))


def resolve_target(text: str, codebook: Codebook, exact: bool = False) -> Target:
    """What a coder types for a code (number, shortcut, id, as in the coding session) or its label,
    a research question id, or a hypothesis id (case-insensitive)."""
    numbered = codebook.numbered_codes()
    wanted = text.strip()
    if wanted.isdigit() and not 1 <= int(wanted) <= len(numbered):
        raise UsageError(f"there is no code number {wanted}; the codebook numbers its codes 1-{len(numbered)}")
    code = resolve_code(numbered, wanted)
    if code is not None:
        return _code_target(code.code, exact)
    signed = _signed_code(numbered, wanted)
    if signed is not None:
        return signed
    folded = wanted.casefold()
    for question in codebook.research_questions:
        if question.id.casefold() == folded:
            ids = [e.code.id for e in numbered if e.question.id == question.id]
            return Target("question", question.id, f"{question.id} {question.title}", frozenset(ids))
    for hypothesis in codebook.hypotheses:
        if hypothesis.id.casefold() == folded:
            return Target("hypothesis", hypothesis.id, f"{hypothesis.id} {hypothesis.title}", frozenset())
    labelled = code_labelled(numbered, wanted)  # last: an id or shortcut is what a coder means first
    if labelled is not None:
        return _code_target(labelled.code, exact)
    known = [e.code.id for e in numbered] + [q.id for q in codebook.research_questions]
    known += [h.id for h in codebook.hypotheses] + [e.code.label for e in numbered]
    raise UsageError(
        f"'{text}' is not a code, research question or hypothesis of codebook {codebook.id}"
        f"{did_you_mean(wanted, known)} (jimcode show CODEBOOK lists them)"
    )


def _signed_code(numbered: list[NumberedCode], wanted: str) -> Target | None:
    """`co+` / `12-`, as the coding session applies a code with polarity: that code at that pole."""
    pole = POLE_OF_SIGN.get(wanted[-1:])
    code = resolve_code(numbered, wanted[:-1].strip()) if pole and len(wanted) > 1 else None
    if code is None:
        return None
    if not code.code.has_polarity:
        raise UsageError(f"code {code.code.id} has no polarity; ask for it without {wanted[-1]}")
    return Target("code", code.code.id, code.code.label, frozenset([code.code.id]), pole)


def _neighbour(segment: dict[str, Any]) -> Neighbour:
    return Neighbour(segment=segment["segment_id"], speaker=segment.get("speaker"), text=segment["text"])


@dataclass(frozen=True)
class _Hit:
    """A matching segment, and the case's answers that put it into `--by` groups."""

    answers: dict[str, Any]
    fields: dict[str, Any]  # the `RetrievedSegment` fields but its labels


def _stance(text: str | None) -> Stance | None:
    for stance in STANCES:
        if text == stance:
            return stance
    if text is not None:
        raise UsageError(f"--stance: '{text}' is not one of {', '.join(STANCES)}")
    return None


class Retriever:
    """Collects the matching segments of the chosen record of each transcript."""

    def __init__(self, codebook: Codebook, target: str, options: RetrieveOptions) -> None:
        self.stance = _stance(options.stance)
        self.codebook = codebook
        self.options = options
        self.index = CodebookIndex(codebook)
        self.target = resolve_target(target, codebook, options.exact)
        if self.stance is not None and self.target.kind != "hypothesis":
            raise UsageError("--stance applies to a hypothesis (e.g. jimcode retrieve H1 --stance contradicts)")
        self.language = choose_language(options.language, codebook.language)
        if self.target.pole is not None:
            pole_word = self.index.codes_by_id[self.target.id].code.pole_label(self.target.pole, self.language)
            self.target = replace(self.target, label=f"{self.target.label}: {pole_word}")
        self.split: Split | None = parse_split(options.by, codebook, self.language)
        self.chooser = RecordChooser(options.coders)
        self.wanted_cases = {c.casefold() for c in options.cases}
        self.hits: dict[tuple[str, str], list[_Hit]] = {}
        self.files_read = 0
        self.filtered_out = 0
        self.log = ReadingLog()

    def skip(self, problem: Diagnostic) -> None:
        self.log.skip(problem)

    def add(self, path: str, record: RecordStruct, display: str, journal: bool = False) -> None:
        data = as_dict(record)
        if data["codebook"]["id"] != self.codebook.id:
            raise record_problem(
                display, "other-codebook", f"coded with codebook '{data['codebook']['id']}', not '{self.codebook.id}'"
            )
        found = self._matches(data)
        self.files_read += 1
        if journal:
            self.log.pending_journals.append(display)
        status = data.get("status", "in_progress")
        status_ok = self.options.status is None or status == self.options.status
        cases = {str(data["case"]).casefold(), data["transcript"]["id"].casefold()}
        wanted = not self.wanted_cases or bool(cases & self.wanted_cases)
        if not (status_ok and wanted and self.chooser.accepts_coder(data["coder"])):
            self.filtered_out += 1
            return
        transcript = data["transcript"]["id"]
        counted, replaced = self.chooser.offer(transcript, data["coder"], path, data["transcript"]["sha256"], status)
        if not counted:
            return
        if replaced is not None:
            self.hits.pop((transcript, replaced.coder), None)
        if found:
            self.hits[(transcript, data["coder"])] = found

    def _matches(self, data: dict[str, Any]) -> list[_Hit]:
        segments = data["segments"]
        target = self.target
        context = self.options.context
        found = []
        for position, segment in enumerate(segments):  # a checked record (`records.stream`): no kinds to check
            codes = segment.get("codes") or []
            evidence: list[dict[str, Any]] = []
            if target.kind == "hypothesis":
                evidence = [
                    {"stance": e["stance"], "note": e.get("note") if self.options.memos else None}
                    for e in segment.get("evidence") or []
                    if e["hypothesis"] == target.id and (self.stance is None or e["stance"] == self.stance)
                ]
                if not evidence:
                    continue
                matched: list[str] = []
            else:
                matched = [code for code in codes if code in target.codes]
                if target.pole is not None and (segment.get("polarity") or {}).get(target.id) != target.pole:
                    matched = []
                if not matched:
                    continue
            text = segment.get("text")
            speaker = segment.get("speaker")
            found.append(
                _Hit(
                    data.get("attributes") or {},
                    {
                        "case": data["case"] or data["transcript"]["id"],
                        "transcript": data["transcript"]["id"],
                        "coder": data["coder"],
                        "segment": segment.get("segment_id"),
                        "index": segment.get("index", position),
                        "speaker": speaker,
                        "text": text,
                        "quote": segment_quote(text, segment.get("quote_sentences") or ()),
                        "codes": matched,
                        "polarity": {c: p for c, p in (segment.get("polarity") or {}).items() if c in matched},
                        "other_codes": [c for c in codes if c not in matched],
                        "evidence": evidence,
                        "memo": segment.get("memo") if self.options.memos else None,
                        "before": [_neighbour(s) for s in segments[max(0, position - context) : position]],
                        "after": [_neighbour(s) for s in segments[position + 1 : position + 1 + context]],
                    },
                )
            )
        return found

    def _labels(self, fields: dict[str, Any]) -> list[str]:
        """The matched codes' labels, a code with polarity with its pole ('Open staan: aanwezig')."""
        by_id = self.index.codes_by_id
        labels = []
        for code in fields["codes"]:
            entry = by_id.get(code)
            pole = fields["polarity"].get(code)
            if entry is None:
                labels.append(code)
            elif pole is not None:
                labels.append(f"{entry.code.label}: {entry.code.pole_label(pole, self.language)}")
            else:
                labels.append(entry.code.label)
        return labels

    def result(self) -> RetrieveResult:
        """The matching segments (call once, after the last record)."""
        hits = sorted((hit for found in self.hits.values() for hit in found), key=_reading_order)
        items = [RetrievedSegment(**hit.fields, labels=self._labels(hit.fields)) for hit in hits]
        groups = [_group(None, words(self.language)("all_cases"), items)]
        if self.split is not None:
            by_key: dict[str, list[RetrievedSegment]] = {}
            options = self.index.options.get(self.split.attribute.id)
            for hit, item in zip(hits, items, strict=True):
                for key in self.split.keys(hit.answers, options):
                    by_key.setdefault(key, []).append(item)
            groups = [_group(key, self.split.label(key), by_key[key]) for key in self.split.order(by_key)]
        target = self.target
        in_progress = self.chooser.in_progress()
        return RetrieveResult(
            schema=RETRIEVE_SCHEMA,
            generated_by=f"jimcode {__version__}",
            codebook=ResultCodebook(
                id=self.codebook.id,
                version=self.codebook.version,
                title=self.codebook.title,
                language=self.codebook.language,
            ),
            interface_language=self.language,
            target=RetrieveTarget(
                kind=target.kind,
                id=target.id,
                label=target.label,
                codes=[e.code.id for e in self.index.numbered if e.code.id in target.codes],
                stance=self.stance,
                pole=target.pole,
            ),
            filters=filters(self.options.cases, self.options.coders, self.options.status),
            context=self.options.context,
            split=None if self.split is None else RetrieveSplit(attribute=self.split.attribute.id, cut=self.split.cut),
            files=RetrieveFiles(
                records_read=self.files_read,
                counted=len(self.chooser.chosen),
                filtered_out=self.filtered_out,
                skipped=self.log.skipped_count,
                skipped_files=self.log.skipped,
                in_progress=len(in_progress),
                in_progress_files=self.log.in_progress_files(self.chooser),
            ),
            warnings=self.log.notices(self.chooser, self.language),
            segments=len(items),
            cases=len({item.transcript for item in items}),
            groups=groups,
        )


def _reading_order(hit: _Hit) -> tuple[str, int]:
    index = hit.fields["index"]
    return hit.fields["transcript"], index if isinstance(index, int) else 0


def _group(key: str | None, label: str, items: list[RetrievedSegment]) -> RetrieveGroup:
    return RetrieveGroup(
        key=key,
        label=label,
        segments=len(items),
        cases=len({item.transcript for item in items}),
        items=items,
    )


def retrieve(
    target: str,
    records: Listing | Iterable[Path],
    options: RetrieveOptions,
    *,
    strict: bool = False,
    on_skip: SkipCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> RetrieveResult:
    """Every segment matching `target` in the records listed (or under paths) (see the module doc)."""
    retriever = feed_records(
        records,
        lambda codebook: Retriever(codebook, target, options),
        codebook=options.codebook,
        strict=strict,
        on_skip=on_skip,
        on_progress=on_progress,
    )
    return retriever.result()
