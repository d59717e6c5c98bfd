import json
from pathlib import Path

from frenemy.model import EVENT_FIELDS

from ..conftest import EXAMPLES, frenemy


def test_code_jsonl_emits_every_field():
    result = frenemy("code", str(EXAMPLES), "--json")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(events) > 30
    ids = {json.loads(line)["id"] for line in EXAMPLES.read_text().splitlines()}
    for event in events:
        assert set(EVENT_FIELDS) | {"doc_id", "sentence"} <= set(event)
        assert event["doc_id"] in ids
        assert event["trigger"] in event["sentence"]
    dyads = {(e["source_country"], e["target_country"]) for e in events}
    assert ("IRN", "AZE") in dyads and ("AZE", "IRN") in dyads


def test_code_stdin_with_date():
    result = frenemy("code", "-", "--date", "2023-01-27", "--json",
                     input="Azerbaijan condemned Iran on Monday.")
    assert result.returncode == 0, result.stderr
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["doc_id"] == "stdin" and event["date"] == "2023-01-23"


def test_code_txt_file_uses_its_name(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text("Iran threatened Azerbaijan.")
    result = frenemy("code", str(path), "--json")
    assert json.loads(result.stdout.splitlines()[0])["doc_id"] == "note.txt"


def test_code_table_output():
    result = frenemy("code", "-", input="Azerbaijan condemned Iran.")
    assert result.returncode == 0
    assert "condemned" in result.stdout and "1 events from 1 documents" in result.stdout


def test_code_reports_bad_input_and_goes_on(tmp_path: Path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "text": "Azerbaijan condemned Iran."}\nbroken\n')
    result = frenemy("code", str(path), "--json")
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 1
    assert f"{path}:2" in result.stderr


def test_bad_date_is_a_clear_error():
    result = frenemy("code", "-", "--date", "27/01/2023", input="x")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: --date '27/01/2023' is not a date.")
    assert "Traceback" not in result.stderr
