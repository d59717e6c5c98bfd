from datetime import date

from frenemy import code_text

DAY = date(2023, 1, 27)


def sources(text: str) -> dict[str, str]:
    return {e.trigger: e.source for e in code_text(text, DAY)}


def test_they_is_the_nearest_plural_subject_not_the_last_state_that_acted():
    found = sources("The Chinese government condemned the vote on Saturday. Thousands of "
                    "students gathered in Hong Kong on Sunday. They asked the chief executive "
                    "to resign.")
    assert found["condemned"] == "CHNGOV" and not found["asked"].startswith("CHN")


def test_they_is_a_main_clauses_subject_not_one_in_a_reported_clause():
    found = sources("Iranian officials say that IAEA inspectors are permitted to visit Tehran. "
                    "They had previously denied the IAEA a copy of the document.")
    assert found["denied"] == "IRNGOV"


def test_they_after_a_group_named_by_and_is_the_group():
    found = sources("Russia and China met in Moscow on Monday. They condemned the sanctions.")
    assert found["condemned"] in {"RUS", "CHN"}


def test_he_and_his_stand_for_one_person_not_a_paper_a_country_or_a_group():
    # "He" after a newspaper, a state or officials is someone the text has not named.
    paper = sources("The Guardian reported on the unrest in Lhasa on Monday. He urged the "
                    "Chinese government to stop using force.")
    assert not paper.get("urged", "").startswith("GBR")
    group = sources("Iranian officials rejected the proposal on Monday. He accused Israel of "
                    "sabotage.")
    assert not group.get("accused", "").startswith("IRN")
    # One person named by a noun is whom "he" stands for.
    person = sources("The Chinese foreign ministry spokesman criticised Japan on Monday. He "
                     "accused Tokyo of provocation.")
    assert person["accused"] == "CHNGOV"
