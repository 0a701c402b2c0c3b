"""How `jimcode agreement` reads its records (issue 14): through their fields only, each disputed
segment found once while the figures are counted, the JSON items written from plain data.

The outputs themselves are pinned byte for byte by tests/test_report_outputs.py and
tests/test_agreement_outputs.py; these tests pin what the golden files would not catch.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from jimcode.agreement.disagreements import segment_disagreements
from jimcode.agreement.pairs import HeaderCollector, RecordHeader, read_group
from jimcode.agreement.report import (
    agreement_report,
    attribute_dispute_data,
    segment_dispute,
    segment_dispute_data,
    transcript_data,
    transcript_entry,
    verdict_dispute_data,
)
from jimcode.cli.record_sets import index_for_report
from jimcode.corpus import LoadedRecord
from jimcode.records.model import load_record
from jimcode.records.stream import read_record_data
from jimcode.render.agreement_view import item_json, json_pieces

ROOT = Path(__file__).resolve().parent.parent
CODED = ROOT / "examples" / "coded"
CODEBOOK = ROOT / "codebooks" / "jim-12min.nl.yaml"


def _report(folder: Path):
    headers = HeaderCollector()
    record_set = headers.record_set(index_for_report([folder], False, consensus=False, visit=headers))
    return agreement_report(record_set, CODEBOOK)


def _json_dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _mutated_study(folder: Path, seed: int) -> None:
    """examples/coded with the second coder's decisions changed at random: codes dropped and added,
    poles flipped, stances changed, segments opened or marked not relevant; and a third coder on
    case-01 (a copy of anna's record with other changes)."""
    shutil.copytree(CODED, folder)
    rng = random.Random(seed)
    codes = sorted({code for path in CODED.glob("*.json") for s in load_record(path).segments for code in s.codes})
    for path, coder in [
        (folder / "case-03-lotte.bram.json", "bram"),
        (folder / "case-04-mila.bram.json", "bram"),
        (folder / "case-01-noah.carla.json", "carla"),
    ]:
        source = path if path.exists() else folder / "case-01-noah.anna.json"
        record = json.loads(source.read_text(encoding="utf-8"))
        record["coder"] = coder
        for item in record["segments"]:
            change = rng.random()
            if change < 0.1:
                item.update(status="open", codes=[], polarity={}, evidence=[])
            elif change < 0.2:
                item.update(status="not_relevant", codes=[], polarity={}, evidence=[])
            elif change < 0.5 and item["status"] == "coded":
                item["codes"] = rng.sample(codes, rng.randint(1, 3))
                item["polarity"] = {}
            elif change < 0.6 and item["polarity"]:
                item["polarity"] = {
                    code: "absent" if pole == "present" else "present" for code, pole in item["polarity"].items()
                }
            elif change < 0.7 and item["evidence"]:
                item["evidence"][0]["stance"] = rng.choice(["supports", "contradicts", "nuances"])
        (folder / f"{source.name.split('.')[0]}.{coder}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8"
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_segments_noted_disputed_are_those_a_full_comparison_finds(tmp_path, seed):
    """The figures' pass notes each transcript's disputed segments; the report then reads only those.
    They are exactly the segments that comparing every segment of the records finds, in order."""
    _mutated_study(tmp_path / "coded", seed)
    report = _report(tmp_path / "coded")
    every = [
        (item.transcript_id, item.index, item.disputed_codes, item.disputed_hypotheses, item.relevance_differs)
        for group in report.double_coded
        for item in segment_disagreements(read_group(group))
    ]
    listed = [
        (item.transcript_id, item.index, item.disputed_codes, item.disputed_hypotheses, item.relevance_differs)
        for item in report.disputed_segments()
    ]
    assert len(every) > 30
    assert listed == every
    assert report.disputed_count == len(every)
    assert [g.transcript_id for g in report.double_coded] == ["case-01-noah", "case-03-lotte", "case-04-mila"]


def test_a_transcript_without_a_disputed_segment_is_not_read_again(tmp_path):
    """Two coders in full agreement on case-02: after the figures, their records are not read again
    (one made unreadable in between does not stop the report, which lists no segment of it)."""
    coded = tmp_path / "coded"
    shutil.copytree(CODED, coded)
    record = json.loads((coded / "case-02-sem.anna.json").read_text(encoding="utf-8"))
    record["coder"] = "bram"
    (coded / "case-02-sem.bram.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    report = _report(coded)
    group = next(g for g in report.double_coded if g.transcript_id == "case-02-sem")
    assert group.disputed is not None
    assert list(group.disputed) == []
    (coded / "case-02-sem.bram.json").write_text("{", encoding="utf-8")
    document = json.loads("".join(json_pieces(report)))
    disputed = [item["transcript"] for item in document["disagreements"]["segments"]]
    assert "case-02-sem" not in disputed
    assert sorted(set(disputed)) == ["case-01-noah", "case-03-lotte", "case-04-mila"]


def test_a_header_is_the_same_read_from_a_model_or_a_struct():
    """The header reads a record through its fields only: the pydantic record and the record struct
    (what `jimcode.corpus` reads as, fast) give equal headers."""
    for path in sorted(CODED.glob("*.json")):
        model = RecordHeader.of(LoadedRecord(path, load_record(path)))
        struct = RecordHeader.of(LoadedRecord(path, read_record_data(str(path))))
        assert replace(struct, codebook=model.codebook) == model
        fields = ("id", "version", "sha256", "path")
        assert [getattr(struct.codebook, f) for f in fields] == [getattr(model.codebook, f) for f in fields]
        assert model.file == str(path)
        assert model.segment_by == "turn"
        assert model.description.startswith(f"sha256 {model.sha256[:12]}, {model.segments} segments by turn")


def test_disagreements_are_the_same_from_models_or_structs(tmp_path):
    """Disputed segments (and their JSON items) compared from record structs are those from the models."""
    _mutated_study(tmp_path / "coded", 7)
    report = _report(tmp_path / "coded")
    compared = 0
    for group in report.double_coded:
        models = read_group(group)
        structs = [read_record_data(header.file) for header in group.records]
        from_models = [segment_dispute_data(item) for item in segment_disagreements(models)]
        from_structs = [segment_dispute_data(item) for item in segment_disagreements(structs)]
        assert from_structs == from_models
        compared += len(from_models)
    assert compared > 30


def test_headers_of_one_transcript_share_their_strings():
    """What 100,000 headers hold: one string for what the coders of a transcript have in common."""
    headers = HeaderCollector()
    record_set = headers.record_set(index_for_report([CODED], False, consensus=False, visit=headers))
    group = next(g for g in record_set.groups if g.transcript_id == "case-01-noah")
    anna, bram = group.records
    assert (anna.coder, bram.coder) == ("anna", "bram")
    assert anna.transcript_id is bram.transcript_id
    assert anna.case is bram.case
    assert anna.sha256 is bram.sha256
    assert anna.folder is bram.folder
    assert (anna.file, bram.file) == (str(CODED / "case-01-noah.anna.json"), str(CODED / "case-01-noah.bram.json"))
    assert anna.codebook is bram.codebook
    assert headers.headers == []  # let go once the record set is made


def test_plain_items_are_written_as_the_contract_models_are(tmp_path):
    """Every JSON item the report writes from plain data is the text json.dumps makes of its contract
    model's dump (the published contract), for each disputed segment, transcript, attribute and verdict."""
    _mutated_study(tmp_path / "coded", 3)
    report = _report(tmp_path / "coded")
    segments = list(report.disputed_segments())
    assert len(segments) > 30
    for item in segments:
        assert item_json(segment_dispute_data(item)) == _json_dumps(segment_dispute(item).model_dump())
    for group in report.groups:
        assert item_json(transcript_data(group)) == _json_dumps(transcript_entry(group).model_dump())
    result = report.result()
    attributes = [item.model_dump() for item in result.disagreements.attributes]
    verdicts = [item.model_dump() for item in result.disagreements.verdicts]
    assert attributes and verdicts
    assert [attribute_dispute_data(item) for item in report.attribute_disagreements] == attributes
    assert [verdict_dispute_data(item) for item in report.verdict_disagreements] == verdicts


def test_a_number_answered_differently_is_written_as_json_dumps_writes_it(run, tmp_path):
    """An attribute outside the codebook answered with different numbers (floats pydantic-core would
    write otherwise, 1e-05): the JSON the CLI writes is the text json.dumps makes of the document."""
    coded = tmp_path / "coded"
    shutil.copytree(CODED, coded)
    for name, value in [("case-01-noah.anna.json", 1e-05), ("case-01-noah.bram.json", 2.5)]:
        record = json.loads((coded / name).read_text(encoding="utf-8"))
        record["attributes"]["weight"] = value
        (coded / name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("agreement", coded, "--format", "json", "--codebook", CODEBOOK)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert result.stdout == _json_dumps(document) + "\n"
    weight = [item for item in document["disagreements"]["attributes"] if item["attribute"] == "weight"]
    assert weight == [
        {
            "transcript": "case-01-noah",
            "case": weight[0]["case"],
            "attribute": "weight",
            "values": {"anna": 1e-05, "bram": 2.5},
        }
    ]
    assert '"anna": 1e-05' in result.stdout


def test_complete_only_leaves_out_the_headers_of_records_in_progress(run, tmp_path):
    """`--complete-only`: the records in progress are left out of the index, and with them their
    headers (matched to the index's entries in the order read): a third coder in progress on case-03
    is not compared, the others are, each with its own file."""
    coded = tmp_path / "coded"
    shutil.copytree(CODED, coded)
    record = json.loads((coded / "case-03-lotte.anna.json").read_text(encoding="utf-8"))
    record.update(coder="carla", status="in_progress")
    (coded / "case-03-lotte.carla.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    every = json.loads(run("agreement", coded, "--format", "json", "--codebook", CODEBOOK).stdout)
    result = run("agreement", coded, "--format", "json", "--codebook", CODEBOOK, "--complete-only")
    assert result.exit_code == 0, result.output
    complete = json.loads(result.stdout)
    coders = {entry["id"]: (entry["coders"], entry["records"]) for entry in complete["transcripts"]}
    assert coders["case-03-lotte"] == (
        ["anna", "bram"],
        [str(coded / "case-03-lotte.anna.json"), str(coded / "case-03-lotte.bram.json")],
    )
    assert coders["case-01-noah"][0] == ["anna", "bram"]
    assert [e["coders"] for e in every["transcripts"] if e["id"] == "case-03-lotte"] == [["anna", "bram", "carla"]]
    assert complete["coders"] == ["anna", "bram"]


def test_headers_read_in_another_order_are_found_by_file():
    """Should the headers come in another order than the index's entries, each entry still gets its own."""
    from jimcode.agreement.pairs import _headers_of
    from jimcode.corpus import index_records

    read: list[RecordHeader] = []
    index = index_records([CODED], lambda item: read.append(RecordHeader.of(item)))
    assert [h.file for h in _headers_of(index.entries, read)] == [str(e.path) for e in index.entries]
    shuffled = list(reversed(read))
    assert [h.file for h in _headers_of(index.entries, shuffled)] == [str(e.path) for e in index.entries]
    assert [h.coder for h in _headers_of(index.entries[1:], shuffled)] == [e.coder for e in index.entries[1:]]


def test_codes_outside_the_codebook_are_listed_in_the_order_first_seen(run, tmp_path):
    """Codes the codebook does not have get their rows after its codes, in the order first seen: the
    first coder's (in the transcript's coder order) in segment order, then the next coder's; a code
    left on a segment marked not relevant counts as seen too."""
    coded = tmp_path / "coded"
    coded.mkdir()
    for name in ("case-01-noah.anna.json", "case-01-noah.bram.json"):
        shutil.copy(CODED / name, coded / name)
    anna = json.loads((coded / "case-01-noah.anna.json").read_text(encoding="utf-8"))
    bram = json.loads((coded / "case-01-noah.bram.json").read_text(encoding="utf-8"))
    coded_at = [i for i, item in enumerate(anna["segments"]) if item["status"] == "coded"]
    anna["segments"][coded_at[4]]["codes"].append("zzz")
    bram["segments"][coded_at[1]].update(status="coded")
    bram["segments"][coded_at[1]]["codes"].append("aaa")
    bram["segments"][coded_at[0]].update(status="not_relevant", codes=["mmm"], polarity={}, evidence=[])
    for name, record in (("anna", anna), ("bram", bram)):
        (coded / f"case-01-noah.{name}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("agreement", coded, "--format", "json", "--codebook", CODEBOOK)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["codes"]
    outside = [row["key"] for row in rows if (row["note"] or "").startswith("not in the codebook")]
    assert outside == ["zzz", "mmm", "aaa"]
    assert [row["key"] for row in rows[-3:]] == outside
