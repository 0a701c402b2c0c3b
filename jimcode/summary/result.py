"""The summary as plain data: the dict `jimcode summary --format json` prints and every renderer reads.

The shape is documented in the README ("Summary: JSON shape") and versioned by `schema`;
groups[0] is always all cases, further groups follow `--by`, and every group lists the same
attributes, options, questions, codes and hypotheses in codebook order, so groups line up.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from jimcode import __version__
from jimcode.codebook.model import (
    BooleanAttribute,
    CategoryAttribute,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
)
from jimcode.records.stream import STANCES, VERDICTS, journal_warning
from jimcode.summary._digest import MISSING
from jimcode.summary.describe import describe, percent, reading

if TYPE_CHECKING:
    from jimcode.summary.aggregate import Summariser, Tally

VERDICT_LABELS = {
    "supports": "supports",
    "contradicts": "contradicts",
    "mixed": "mixed",
    "not_applicable": "not applicable",
    MISSING: "no verdict",
}


def build_result(summariser: Summariser) -> dict[str, Any]:
    from jimcode.summary.aggregate import SCHEMA

    codebook = summariser.codebook
    options = summariser.options
    split = summariser.split
    groups = [_group(summariser, None, "All cases", summariser.total)]
    if split is not None:
        present = [key for key, tally in summariser.groups.items() if tally.cases > 0]
        groups += [_group(summariser, key, split.label(key), summariser.groups[key]) for key in split.order(present)]
    counted = summariser.total.cases
    return {
        "schema": SCHEMA,
        "generated_by": f"jimcode {__version__}",
        "codebook": {
            "id": codebook.id,
            "version": codebook.version,
            "title": codebook.title,
            "language": codebook.language,
            "sha256": codebook.sha256,
        },
        "filters": {"cases": list(options.cases), "coders": list(options.coders), "status": options.status},
        "quotes_per_item": options.quotes,
        "split": None
        if split is None
        else {
            "attribute": split.attribute.id,
            "label": split.attribute.label,
            "cut": split.cut,
            "overlapping": isinstance(split.attribute, MultiChoiceAttribute),
        },
        "files": {
            "records_read": summariser.files_read,
            "counted": counted,
            "set_aside": summariser.files_read - summariser.filtered_out - counted,
            "filtered_out": summariser.filtered_out,
            "skipped": summariser.skipped_count,
            "skipped_files": summariser.skipped,
        },
        "warnings": _warnings(summariser),
        "groups": groups,
    }


def _group(summariser: Summariser, key: str | None, label: str, tally: Tally) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "corpus": _corpus(summariser, tally),
        "attributes": _attributes(summariser, tally),
        "questions": _questions(summariser, tally),
        "hypotheses": _hypotheses(summariser, tally),
        "cooccurrence": _cooccurrence(summariser, tally),
    }


def _positive(counts: dict) -> dict:
    return {key: value for key, value in counts.items() if value > 0}


def name_key(name: str) -> str:
    """Names that differ only in case, accents or spacing (Youké, youke, YOUKÉ ) are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def merged_names(counts: dict[str, int], preferred: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Counts per name with spellings of one name added up, shown as the preferred spelling (the
    codebook's label) when there is one, else the most frequent."""
    spellings: dict[str, Counter[str]] = {}
    for name, n in counts.items():
        spellings.setdefault(name_key(name), Counter())[name] += n
    labels = {name_key(label): label for label in preferred}
    merged = []
    for key, found in spellings.items():
        shown = labels.get(key) or min(found, key=lambda name: (-found[name], name))
        merged.append({"name": shown, "cases": sum(found.values())})
    return sorted(merged, key=lambda item: name_key(item["name"]))


def _corpus(summariser: Summariser, tally: Tally) -> dict[str, Any]:
    organisations = _positive(tally.organisations)
    segments = _positive(tally.segments)
    return {
        "cases": tally.cases,
        "case_pseudonyms": len(_positive(tally.case_names)),
        "complete": tally.statuses.get("complete", 0),
        "in_progress": tally.statuses.get("in_progress", 0),
        "coders": [{"name": name, "cases": n} for name, n in sorted(_positive(tally.coders).items())],
        "organisations": merged_names(
            {name: n for name, n in organisations.items() if name != MISSING},
            summariser.index.organisation_labels.values(),
        ),
        "organisation_missing": organisations.get(MISSING, 0),
        "segments": {
            "total": sum(segments.values()),
            "coded": segments.get("coded", 0),
            "not_relevant": segments.get("not_relevant", 0),
            "open": segments.get("open", 0),
        },
    }


def _attributes(summariser: Summariser, tally: Tally) -> list[dict[str, Any]]:
    found = []
    for attribute in summariser.codebook.case_attributes:
        answered = tally.answer_kinds.get((attribute.id, "answered"), 0)
        entry: dict[str, Any] = {
            "id": attribute.id,
            "label": attribute.label,
            "type": attribute.type,
            "unit": getattr(attribute, "unit", None),
            "research_question": attribute.research_question,
            "cases": tally.cases,
            "answered": answered,
            "missing": tally.answer_kinds.get((attribute.id, MISSING), 0),
            "invalid": tally.answer_kinds.get((attribute.id, "invalid"), 0),
            "options": [],
            "option_groups": [],
            "stats": None,
            "reading": None,
        }
        if isinstance(attribute, CategoryAttribute | MultiChoiceAttribute):
            entry["options"] = [
                _share(o.id, o.label, tally.answers.get((attribute.id, o.id), 0), answered, group=o.group)
                for o in attribute.options
            ]
            entry["option_groups"] = [
                _share(g.id, g.label, tally.answers.get((attribute.id, f"group:{g.id}"), 0), answered)
                for g in attribute.groups
            ]
        elif isinstance(attribute, BooleanAttribute):
            entry["options"] = [
                _share(key, key, tally.answers.get((attribute.id, key), 0), answered) for key in ("yes", "no")
            ]
        elif isinstance(attribute, IntegerAttribute | NumberAttribute):
            description = describe(tally.numbers.get(attribute.id, []))
            entry["stats"] = None if description is None else description.as_dict()
            entry["reading"] = reading(description, attribute.unit)
        found.append(entry)
    return found


def _share(key: str, label: str, count: int, of: int, **extra: Any) -> dict[str, Any]:
    return {"id": key, "label": label, **extra, "count": count, "percent": percent(count, of)}


def _quotes(sample: Any, remark_key: str) -> list[dict[str, Any]]:
    return [] if sample is None else [quote.as_dict(remark_key) for quote in sample.best()]


def _questions(summariser: Summariser, tally: Tally) -> list[dict[str, Any]]:
    questions = []
    by_question: dict[str, list[dict[str, Any]]] = {}
    for entry in summariser.index.numbered:
        code = entry.code
        cases = tally.code_cases.get(code.id, 0)
        by_question.setdefault(entry.question.id, []).append(
            {
                "number": entry.number,
                "id": code.id,
                "label": code.label,
                "depth": entry.depth,
                "parent": entry.parent.id if entry.parent else None,
                "segments": tally.code_segments.get(code.id, 0),
                "cases": cases,
                "percent": percent(cases, tally.cases),
                "quotes": _quotes(tally.code_quotes.get(code.id), "memo"),
            }
        )
    for question in summariser.codebook.research_questions:
        cases = tally.question_cases.get(question.id, 0)
        questions.append(
            {
                "id": question.id,
                "title": question.title,
                "question": question.question,
                "segments": tally.question_segments.get(question.id, 0),
                "cases": cases,
                "percent": percent(cases, tally.cases),
                "codes": by_question.get(question.id, []),
            }
        )
    return questions


def _hypotheses(summariser: Summariser, tally: Tally) -> list[dict[str, Any]]:
    found = []
    for hypothesis in summariser.codebook.hypotheses:
        verdicts = []
        for verdict in (*VERDICTS, MISSING):
            count = tally.verdicts.get((hypothesis.id, verdict), 0)
            verdicts.append(
                {
                    "verdict": verdict,
                    "label": VERDICT_LABELS[verdict],
                    "cases": count,
                    "percent": percent(count, tally.cases),
                }
            )
        evidence = []
        for stance in STANCES:
            key = (hypothesis.id, stance)
            cases = tally.evidence_cases.get(key, 0)
            evidence.append(
                {
                    "stance": stance,
                    "segments": tally.evidence.get(key, 0),
                    "cases": cases,
                    "percent": percent(cases, tally.cases),
                    "quotes": _quotes(tally.evidence_quotes.get(key), "note"),
                }
            )
        found.append(
            {
                "id": hypothesis.id,
                "title": hypothesis.title,
                "statement": hypothesis.statement,
                "related_questions": list(hypothesis.related_questions),
                "verdicts": verdicts,
                "evidence": evidence,
            }
        )
    return found


def _cooccurrence(summariser: Summariser, tally: Tally) -> list[dict[str, Any]]:
    known = {entry.code.id: entry for entry in summariser.index.numbered}
    pairs = [
        (segments, tally.pair_cases.get(pair, 0), pair)
        for pair, segments in tally.pairs.items()
        if segments > 0 and pair[0] in known and pair[1] in known
    ]
    pairs.sort(key=lambda item: (-item[0], -item[1], known[item[2][0]].number, known[item[2][1]].number))
    found = []
    for segments, cases, (first, second) in pairs[: summariser.options.top_pairs]:
        ordered = sorted((known[first], known[second]), key=lambda entry: entry.number)
        found.append(
            {
                "codes": [entry.code.id for entry in ordered],
                "labels": [entry.code.label for entry in ordered],
                "segments": segments,
                "cases": cases,
            }
        )
    return found


def _listed(counts: dict[str, int], examples: int = 8) -> str:
    items = sorted(_positive(counts).items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{key} ({n})" for key, n in items[:examples])
    return text + (f" and {len(items) - examples} more" if len(items) > examples else "")


def _warnings(summariser: Summariser) -> list[dict[str, str]]:
    codebook = summariser.codebook
    total = summariser.total
    found = summariser.chooser.warnings()
    if summariser.pending_journals:
        found.append(journal_warning(summariser.pending_journals))
    for (version, sha256), n in sorted(_positive(total.codebook_versions).items()):
        if version != codebook.version:
            found.append(
                {
                    "code": "codebook-version",
                    "message": f"{n} record(s) were coded with codebook version {version}; "
                    f"this summary uses version {codebook.version}",
                }
            )
        elif sha256 and codebook.sha256 and sha256 != codebook.sha256:
            found.append(
                {
                    "code": "codebook-changed",
                    "message": f"{n} record(s) were coded with another file of codebook {codebook.id} version "
                    f"{version} (its sha256 differs: a translation or an edited copy); check that no code "
                    "changed meaning",
                }
            )
    if _positive(total.unknown_codes):
        found.append(
            {
                "code": "unknown-code",
                "message": "segments carry codes that are not in the codebook (not counted under any research "
                f"question): {_listed(total.unknown_codes)}",
            }
        )
    if _positive(total.unknown_hypotheses):
        found.append(
            {
                "code": "unknown-hypothesis",
                "message": f"evidence for hypotheses not in the codebook: {_listed(total.unknown_hypotheses)}",
            }
        )
    for attribute in codebook.case_attributes:
        invalid = total.answer_kinds.get((attribute.id, "invalid"), 0)
        if invalid > 0:
            found.append(
                {
                    "code": "invalid-answer",
                    "message": f"attribute {attribute.id}: {invalid} case(s) have an answer that is not valid "
                    "for its type or options; counted as invalid, not as an answer",
                }
            )
    shared = {name: n for name, n in total.case_names.items() if n > 1}
    if shared:
        found.append(
            {
                "code": "shared-pseudonym",
                "message": f"case pseudonyms used by several transcripts (each transcript counts as a case): "
                f"{_listed(shared)}",
            }
        )
    return found
