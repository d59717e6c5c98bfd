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


def test_protesters_are_of_where_they_gathered():
    # The place of a time phrase, and the place of the gathering a protest is the purpose of.
    marched = roots("On Sunday in Madrid, 5,000 people marched to the Russian embassy.")
    assert ("ESPCVL", "14", "RUSGOV") in marched
    gathered = roots("Last week 2,000 people gathered in Lisbon to protest Chinese policy.")
    assert ("PRTCVL", "14", "CHN") in gathered


def test_killed_since_someones_strikes_began_names_the_striker():
    found = roots("Officials say that 300 Lebanese civilians have been killed since Israeli "
                  "air strikes began in July.")
    assert ("ISR", "19", "LBNCVL") in found


def test_an_act_with_its_place_in_the_subject_happened_there():
    # "a strike in the Somali province of X killed": the victims are of the strike's place,
    # not of the story's home (here the USA, named most).
    text = ("The U.S. said on Monday that a U.S. drone strike in the Somali province of "
            "Lower Shabelle killed 12 people. The U.S. military did not say who they were.")
    assert ("USA", "19", "SOMCVL") in roots(text)
    assert ("USA", "19", "SYRCVL") in roots(
        "A U.S. air strike in a Syrian town killed seven people, the U.S. military said.")
    # The place of what the act was aimed at: "an attack on a convoy in Kandahar".
    assert ("AFGUAF", "18", "AFGCVL") in roots(
        "A suicide attack on a convoy in Kandahar killed 34 civilians.")


def test_a_facility_named_for_a_capital_is_in_that_capitals_country():
    found = roots("Russia carried out an air strike at Damascus International Airport on "
                  "Monday.")
    assert ("RUS", "19", "SYR") in found
    assert not any(t and t.startswith("PAN") for _, _, t in roots(
        "Israel and Egypt held talks at Camp David."))  # no town "David" in Panama
    # An embassy is named for the country it represents, not the one it stands in.
    assert not any(s and s.startswith("USA") for s, _, _ in roots(
        "A suicide bomb killed 16 people near the US Embassy on Monday."))


def test_a_bare_role_a_named_event_is_aimed_at_is_of_the_story():
    # As for verbs: "the rebels" an offensive is aimed at are the home's when none is named.
    found = roots("KAMPALA, Uganda (AP) — The Ugandan army's offensive against the rebels "
                  "continued on Monday.")
    assert ("UGAMIL", "19", "UGAREB") in found


def test_a_landmark_on_the_route_places_the_march():
    # "past the residence in Rome": the march was in Italy, whatever the story's home.
    found = roots("Israeli troops entered Gaza on Saturday. Thousands of people marched past "
                  "the prime minister's residence in Rome, protesting against Israel.")
    assert any(s and s.startswith("ITA") and r == "14" for s, r, _ in found)
    assert not any(s and s.startswith("ISR") and r == "14" for s, r, _ in found)


def test_a_facility_named_after_its_city_is_in_that_city():
    found = roots("The United States carried out an airstrike at Baghdad International Airport "
                  "on Friday, killing a general.")
    assert ("USA", "19", "IRQ") in found and ("USA", "19", "IRQMIL") in found


def test_protests_around_the_world_are_in_no_one_country():
    for text in ("Israeli troops entered Gaza on Saturday. Meanwhile protests around the world "
                 "took place in response to Israel's attacks.",
                 "Israeli troops entered Gaza on Saturday. In many capital cities around the "
                 "world, thousands of people took part in demonstrations against the strikes."):
        assert not any(r == "14" for _, r, _ in roots(text))
