import csv

import pytest

from frenemy.taxonomy import (
    cameo,
    cameo_codes,
    countries,
    country_by_fips,
    gdelt_quad_class,
    organizations,
    plover_for,
    roles,
    split_actor_code,
)

from .conftest import shared_path


def _reference_codes() -> list[dict[str, str]]:
    with shared_path("data", "cameo", "cameo_eventcodes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_all_312_cameo_codes_with_leading_zeros():
    codes = cameo_codes()
    assert len(codes) == 312
    assert "010" in codes and "01" in codes and "0874" in codes
    assert all(isinstance(c, str) for c in codes)


def test_codes_levels_and_roots_match_the_reference():
    reference = _reference_codes()
    assert {r["code"] for r in reference} == set(cameo_codes())
    for row in reference:
        ours = cameo(row["code"])
        assert ours.level == int(row["level"]), row["code"]
        assert ours.root == row["root_code"], row["code"]


def test_goldstein_scores_are_gdelts():
    for row in _reference_codes():
        expected = row["goldstein_gdelt"] or row["goldstein_icews_codebook"]
        assert cameo(row["code"]).goldstein == pytest.approx(float(expected)), row["code"]


def test_quad_classes_follow_the_issue_convention():
    # Roots 01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict,
    # 14-20 material conflict: the ICEWS column of the reference table.
    with shared_path("data", "cameo", "cameo_quadclass_conventions.csv").open() as handle:
        by_root = {row["root_code"].zfill(2): int(row["quad_icewsR"])
                   for row in csv.DictReader(handle)}
    for code in cameo_codes().values():
        assert code.quad_class == by_root[code.root], code.code
    assert cameo("057").quad_class == 1 and cameo("0874").quad_class == 2
    assert cameo("090").quad_class == 3 and cameo("141").quad_class == 4


def test_gdelt_quad_classes_match_real_gdelt_rows():
    # GDELT's own files put root 09 in material cooperation and 14 in verbal conflict.
    path = shared_path("data", "formats", "gdelt2_events_export_20180326044500_300rows.tsv")
    seen = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        seen[fields[28]] = int(fields[29])
    assert len(seen) >= 15
    for root, quad in seen.items():
        assert gdelt_quad_class(root) == quad, root


def test_plover_map_matches_the_reference():
    with shared_path("data", "plover", "cameo2plover_2021.csv").open() as handle:
        reference = list(csv.DictReader(handle))
    first: dict[str, tuple[str, str]] = {}
    for row in reference:
        first.setdefault(row["cameo_code"], (row["plover_event"], row["plover_mode"]))
    for code, (event, mode) in first.items():
        assert plover_for(code) == (event, mode or None), code
    assert len(first) >= 250


def test_plover_falls_back_to_the_parent_code():
    event, _ = plover_for("0874")
    assert event is not None
    assert plover_for("0874")[0] == plover_for("087")[0]


def test_country_table_has_iso_fips_demonyms_and_capitals():
    table = countries()
    iran, aze, isr = table["IRN"], table["AZE"], table["ISR"]
    assert (iran.iso2, iran.iso3, iran.fips, iran.capital) == ("IR", "IRN", "IR", "Tehran")
    assert aze.fips == "AJ" and "Azeri" in aze.adjectives and aze.capital == "Baku"
    assert isr.iso2 == "IL" and isr.fips == "IS" and "Tel Aviv" in isr.metonyms
    assert table["USA"].capital_lat is not None
    assert country_by_fips()["AJ"].code == "AZE"


def test_country_codes_cover_gdelts_list():
    with shared_path("data", "cameo", "gdelt_country_codes.tsv").open() as handle:
        codes = [line.split("\t")[0] for line in handle.read().splitlines()[1:] if line]
    missing = [c for c in codes if c not in countries()]
    assert not missing


def test_iso_codes_agree_with_pycountry():
    import pycountry

    for country in countries().values():
        if country.iso3 and country.kind == "country" and country.iso3 != "XKX":
            found = pycountry.countries.get(alpha_3=country.iso3) or (
                pycountry.historic_countries.get(alpha_3=country.iso3))
            assert found is not None, country.code
            assert country.iso2 in ("", found.alpha_2), country.code


def test_role_codes():
    table = roles()
    for code in ("GOV", "MIL", "COP", "JUD", "SPY", "REB", "OPP", "CVL", "MED", "BUS", "LEG",
                 "IGO"):
        assert code in table
    assert "soldiers" in table["MIL"].nouns


def test_role_codes_cover_gdelts_type_codes():
    with shared_path("data", "cameo", "gdelt_actor_type_codes.tsv").open() as handle:
        codes = [line.split("\t")[0] for line in handle.read().splitlines()[1:] if line]
    generic = [c for c in codes if c not in {"AMN", "IRC", "GRP", "UNO", "INT", "MNC", "NGM"}]
    assert [c for c in generic if c not in roles()] == []


def test_organizations_and_code_splitting():
    orgs = organizations()
    assert "NATO" in orgs["IGONAT"].aliases
    assert "IRGC" in orgs["IRNMIL"].aliases
    assert split_actor_code("IRNMIL") == ("IRN", ("MIL",))
    assert split_actor_code("AZEGOV") == ("AZE", ("GOV",))
    assert split_actor_code("MIL") == (None, ("MIL",))
    assert split_actor_code(None) == (None, ())
