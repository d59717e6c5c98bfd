from datetime import date

from frenemy import code_text

DAY = date(2023, 1, 27)


def roots(text: str, published: date = DAY) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.root, e.target) for e in code_text(text, published)}


def test_a_country_after_a_place_says_where_not_who():
    # "in <town>, <country>": the country places the town; it did not do the killing.
    found = roots("A car bomb attack on a market in Kirkuk, Iraq killed 14 civilians on "
                  "Tuesday.")
    assert not any(source == "IRQ" for source, _, _ in found)
    assert ("IRQUAF", "18", "IRQCVL") in found
    headline = roots("Twin bombings in Peshawar, Pakistan kill 20 people.")
    assert not any(source == "PAK" for source, _, _ in headline)
    assert ("PAKUAF", "18", "PAKCVL") in headline
