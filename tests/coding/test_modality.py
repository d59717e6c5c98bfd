from datetime import date

from frenemy import code_text

DAY = date(2023, 1, 27)


def roots(text: str, published: date = DAY) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.root, e.target) for e in code_text(text, published)}


def test_what_a_negated_verb_governs_does_not_happen():
    # A renounced plan is neither an act nor a threat; "or" under "not" negates both acts.
    assert roots("Peru says it has decided not to send troops to the border or cut "
                 "diplomatic ties with Chile.") == set()
    assert roots("Chile did not expel the envoys or close the embassy.") == set()
    # What a negated report or a negated cause governs is not asserted.
    assert roots("They did not tell us they intend to expel our ambassador, said a Dutch "
                 "official.") == set()
    assert not any(root == "08" for _, root, _ in roots(
        "The minister said that the strike will not get the president to resign."))
    # "will not hesitate to" still speaks of the act.
    assert any(source == "IRN" and target == "ISR" for source, _, target in roots(
        "Iran said it will not hesitate to strike Israel."))


def test_warning_someone_to_do_something_is_an_appeal():
    assert ("RUS", "02", "UKR") in roots("Russia warned Ukraine to stop shelling Donetsk.")
    assert ("IRN", "13", "ISR") in roots("Iran warned Israel of a crushing response.")


def test_a_forecast_or_a_wish_is_no_act_nor_intent():
    assert roots("Iran is likely to attack Israel.") == set()
    assert roots("Prime Minister Blair is expected to pledge aid to Pakistan.") == set()
    assert roots("Trump said he would prefer to agree a deal with Mexico.") == set()
    # the actor's own expectation stays an announced plan
    assert ("RUS", "03", "CHN") in roots("Russia expects to sign a deal with China.")


def test_an_event_noun_inside_a_possibility_is_no_event():
    assert roots("There is a chance of talks between Iran and Iraq.") == set()
    assert ("IRN", "04", "IRQ") in roots("Talks between Iran and Iraq began on Monday.")
