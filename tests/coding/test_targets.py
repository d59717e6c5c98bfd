from datetime import date

from frenemy import code_text

DAY = date(2023, 1, 27)


def roots(text: str, published: date = DAY) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.root, e.target) for e in code_text(text, published)}


def test_a_toll_of_fighting_is_no_assault_by_unnamed_attackers():
    assert ("IRQUAF", "18", "IRQCVL") in roots("Twelve people were killed in Baghdad on Monday.")
    assert not any(root == "18" for _, root, _ in roots(
        "Twelve people were killed in the fighting in Baghdad on Monday."))
    assert not any(root == "18" for _, root, _ in roots(
        "Thousands of people have been killed in four years of war in Baghdad."))
