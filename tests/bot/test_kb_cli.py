"""`sammachip kb ...` as officers and scripts use it."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import knowledge
from sammachip.cli import main
from bot.models import AskedQuestion

SAMPLES = Path(os.environ.get("SAMMACHIP_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared") / "kb-samples"


@pytest.fixture
def loaded(rt):
    with rt.db.session() as session:
        knowledge.import_defaults(session)
    return rt


def _run(*args, stdin: str | None = None):
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result


def test_ask_json_has_the_contract_shape(loaded):
    result = _run("kb", "ask", "กู้กองทุนสตรีต้องเตรียมอะไร", "--json")
    answer = json.loads(result.output)
    assert set(answer) == {"answered", "kind", "answer", "sources"} and answer["answered"] is True
    assert answer["kind"] == "answer"
    assert answer["sources"][0]["file"] == "03_womens_fund.md"
    assert set(answer["sources"][0]) == {"title", "file", "score"}


def test_ask_reads_one_question_per_line_and_declines_off_topic(loaded):
    result = _run("kb", "ask", "-", "--json", stdin="กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง\n\nผลบอลคืนนี้\n")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["answered"] for line in lines] == [True, False]
    assert lines[1]["kind"] == "out_of_scope"


def test_cli_answer_matches_what_the_chat_logs_nothing(loaded):
    _run("kb", "ask", "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง", "--json")
    with loaded.db.sessions() as session:
        assert session.query(AskedQuestion).count() == 0


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/kb-samples is not here")
def test_import_samples_then_again_changes_nothing(rt):
    files = sorted(str(path) for path in SAMPLES.glob("*.txt"))
    first = _run("kb", "import", *files)
    assert first.output.count("added") == len(files)
    second = _run("kb", "import", *files)
    assert second.output.count("unchanged") == len(files)
    answer = json.loads(_run("kb", "ask", "ปตท. ป้องกัน ติดตาม ทวงถาม คืออะไร", "--json").output)
    assert answer["answered"] and answer["sources"][0]["file"] == "004_836ae6a6f335cd44.txt"


def test_changed_file_replaces_the_old_version(loaded, tmp_path):
    document = tmp_path / "notes.md"
    document.write_text("# การทำปุ๋ยหมัก\n\nสพอ.ทดสอบ\n\n## วิธีทำ\nใช้ฟางข้าวกับมูลวัว รดน้ำทุกสามวัน\n", encoding="utf-8")
    assert "added" in _run("kb", "import", str(document)).output
    document.write_text("# การทำปุ๋ยหมัก\n\nสพอ.ทดสอบ\n\n## วิธีทำ\nใช้ใบไม้แห้งกับมูลไก่ กลับกองทุกสัปดาห์\n", encoding="utf-8")
    assert "replaced" in _run("kb", "import", str(document)).output
    answer = json.loads(_run("kb", "ask", "วิธีทำปุ๋ยหมัก", "--json").output)
    assert "มูลไก่" in answer["answer"] and "มูลวัว" not in answer["answer"]


def test_officer_answers_and_approves_from_the_command_line(loaded):
    with loaded.db.session() as session:
        _, asked = knowledge.ask(session, loaded.knowledge, "เลี้ยงจิ้งหรีดขายได้กำไรไหม", "U" + "5" * 32)
        knowledge.escalate(session, asked)
    listing = json.loads(_run("kb", "questions", "--json").output)
    assert [row["question"] for row in listing] == ["เลี้ยงจิ้งหรีดขายได้กำไรไหม"]
    qid = str(listing[0]["id"])
    assert "answered" in _run("kb", "answer", qid, "จิ้งหรีดโตเร็ว 45 วันขายได้ ต้นทุนต่ำ", "--officer", "พัฒนากรสมศรี").output
    assert "approved" in _run("kb", "approve", qid).output
    refused = CliRunner().invoke(main, ["kb", "approve", qid])
    assert refused.exit_code != 0  # already approved: nothing to do twice
    answer = json.loads(_run("kb", "ask", "เลี้ยงจิ้งหรีดขายได้กำไรไหม", "--json").output)
    assert answer["answered"] and "45 วัน" in answer["answer"]
