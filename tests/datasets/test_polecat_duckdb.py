from pathlib import Path

from .engines import reimport_adds_nothing, same_both_ways

SAMPLE = Path(__file__).parents[1] / "data" / "polecat_sample.txt"


def _row(row: str, header: list[str], **changes: str) -> str:
    fields = row.split("\t")
    fields += [""] * (len(header) - len(fields))
    for name, value in changes.items():
        fields[header.index(name.replace("_", " "))] = value
    return "\t".join(fields)


def test_the_sample_stores_the_same_as_the_row_reader(tmp_path: Path):
    result, tables = same_both_ways("polecat", [SAMPLE], tmp_path)
    assert [(i.line, "TELEPORT" in i.reason) for i in result.issues] == [(6, True), (7, False)]
    assert len(tables["events"]) == 4 and result.lines_reread == 2
    reimport_adds_nothing("polecat", [SAMPLE], tmp_path, result, tables)


def test_variants_of_every_column_store_the_same(tmp_path: Path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = [h.strip() for h in lines[0].split("\t")]
    first, second = lines[1], lines[2]
    rows = [
        _row(first, header, Event_Type=" consult ", Event_Mode="None"),
        _row(first, header, Event_ID="x-2", Event_Mode="nan", Event_Date=" 2023-01-05T10:00"),
        _row(first, header, Event_ID="x-3", Event_Mode="unheard-of"),
        _row(first, header, Event_ID="x-4", Event_Date="2023-02-30"),
        _row(first, header, Event_ID="x-5", Actor_Name=" Iran ", Actor_Country="",
             Primary_Actor_Sector="Government"),
        _row(first, header, Event_ID="x-6", Actor_Name="Iran", Actor_Country="irn",
             Primary_Actor_Sector="Military"),
        _row(first, header, Event_ID="x-7", Actor_Name="", Actor_Country="",
             Primary_Actor_Sector="None", Placename=" ", Country="xx"),
        _row(second, header, Event_ID="x-8", Recipient_Name="Ілля", Latitude="abc",
             Longitude="1_5"),
        _row(second, header, Event_ID="x-9", Primary_Recipient_Sector="Police officers"),
        _row(second, header, Event_ID="x-10", Event_Type="ASSAULT", Event_Mode="firearms"),
        "", "\t".join(header[:3]),
    ]
    path = tmp_path / "variants.txt"
    path.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    result, tables = same_both_ways("polecat", [path], tmp_path)
    assert [i.line for i in result.issues] == [5, 13]
    assert len(tables["events"]) == 9 and result.exit_code == 2
    assert result.lines_reread == 3  # the bad date, Cyrillic, and the row of three fields
