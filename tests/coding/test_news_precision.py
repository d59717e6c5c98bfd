"""Constructions of news that tell of no event between states, or of another one."""

from datetime import date

from frenemy import code_text

DAY = date(2023, 1, 27)


def roots(text: str, published: date = DAY) -> set[tuple[str | None, str, str | None]]:
    return {(e.source and e.source[:3], e.code[:2], e.target and e.target[:3])
            for e in code_text(text, published)}


def test_signing_a_bill_into_law_is_no_agreement():
    assert not any(r == "05" for _, r, _ in roots(
        "The Senate passed the budget bill on Tuesday, and President Biden signed it into "
        "law on Friday."))
    assert not any(r == "05" for _, r, _ in roots(
        "Chilean President Gabriel Boric signed a decree on Monday."))
    assert ("PHL", "05", "JPN") in roots(
        "Philippine President Ferdinand Marcos signed a defence pact with Japan on Monday.")
    assert not any(r == "05" for _, r, _ in roots(
        "Parliament passed the bill, and the president signed it in to law."))


def test_a_warning_about_others_plans_tells_and_threatens_no_one():
    for text in ("Pakistan warned British officials about terrorist plans to bomb London.",
                 "Jordan had warned Egyptian intelligence in March about militant plots.",
                 "The French minister warned Germany of Russian plans to cut gas supplies."):
        assert not any(r == "13" and s in {"PAK", "JOR", "FRA"}
                       for s, r, _ in roots(text)), text
    # warning of one's own response, or of the addressee's plans, stays a threat
    assert ("RUS", "13", "IGO") in roots("Russia warned NATO of a military response.")
    assert ("USA", "13", "IRN") in roots(
        "The United States warned Iran about its plans to enrich uranium.")


def test_preventing_attacks_on_a_country_coerces_no_one():
    coded = roots("Egypt deployed police along the border with Gaza to prevent rocket attacks "
                  "on Israel.")
    assert not any(t == "ISR" and r in {"13", "17"} for _, r, t in coded)
    # preventing people from acting still coerces them
    assert ("CHN", "17", "CHN") in roots("Chinese police prevented Tibetan monks from leaving "
                                         "the monastery.")


def test_a_second_infinitive_asked_for_is_no_act():
    coded = roots("Iran asked Turkish police to find and arrest the American engineer.")
    assert ("IRN", "02", "TUR") in coded
    assert not any(r == "17" for _, r, _ in coded)
    assert not any(r == "19" for _, r, _ in roots(
        "The minister said Russia might invade and occupy Ukraine."))


def test_a_governments_plans_for_its_own_parliament_are_lawmaking():
    for text in ("The Spanish government agreed to dissolve the Spanish parliament.",
                 "Italian Prime Minister Giorgia Meloni will propose to the Italian parliament "
                 "a bill on migration."):
        assert not any(s == t and r == "03" for s, r, t in roots(text)), text
    assert ("FRA", "03", "MLI") in roots("The French government offered to help Mali.")


def test_troops_with_a_countrys_army_are_that_countrys():
    coded = roots("Soldiers with the Malian army exchanged fire with troops from France.")
    assert ("MLI", "19", "FRA") in coded
    assert not any(s == t for s, _, t in coded)


def test_tibetans_and_uyghurs_are_chinas_people():
    assert ("USA", "17", "CHN") in roots(
        "Police in New York arrested six Tibetan protesters outside the UN building.")
    assert ("CHN", "17", "CHN") in roots("Police detained dozens of Uyghurs in Xinjiang.")


def test_this_strike_refers_back_and_is_no_walkout():
    coded = roots("The United States killed an Iranian general in Iraq on Friday. This strike "
                  "was aimed at deterring future Iranian attack plans.")
    assert ("USA", "19", "IRN") in coded
    assert not any(r == "14" for _, r, _ in coded)


def test_who_receives_a_visit_hosts_it_and_who_gives_acts():
    # A visit is the receiver's; what is given is the giver's act; a thing received (a
    # warrant, a proposal) is no visit.
    assert ("RUS", "04", "IRN") in roots("Putin received a delegation from Iran on Monday.")
    assert ("IRN", "07", "LBN") in roots(
        "Lebanon's Hezbollah has received weapons and money from Iran.")
    for text in ("Interpol received an arrest warrant from Iran.",
                 "Israel received a proposal from Egypt on Sunday.",
                 "Kenya received a shipment of medical equipment from China."):
        assert not any(r == "04" for _, r, _ in roots(text)), text


def test_coordinated_verbs_share_the_object_and_the_plan():
    # "invade and occupy Ukraine": one object for both verbs, one plan, no act.
    plan = roots("Russia plans to invade and occupy Ukraine.")
    assert ("RUS", "13", "UKR") in plan and not any(r == "19" for _, r, _ in plan)
    wish = roots("China wants to invade and annex Taiwan.")
    assert ("CHN", "13", "TWN") in wish and not any(r == "19" for _, r, _ in wish)
    assert not any(r == "19" for _, r, _ in roots("Russia did not invade and occupy Ukraine."))
    assert ("RUS", "13", "UKR") in roots("Russia will sanction Poland and attack Ukraine.")
    assert ("IGO", "11", "IRN") in roots("The EU condemned and rejected the Iranian decision.")
    # A verb with a complement of its own keeps it: the march is to the embassy.
    assert ("GBR", "14", "USA") in roots(
        "In London people marched to the US embassy and shouted slogans.")


def test_a_weapons_test_shows_force_and_is_what_this_act_refers_to():
    found = roots("North Korea conducted a nuclear test on Monday. The United States "
                  "condemns this provocative act.")
    assert ("USA", "11", "PRK") in found
    assert ("PRK", "15", None) in found
    assert ("CHN", "11", "PRK") in roots("North Korea's nuclear test drew condemnation from "
                                         "China.")
    assert not any(r == "15" for _, r, _ in roots("The students sat a chemistry test."))


def test_a_veto_is_aimed_at_the_legislature_that_passed_the_bill():
    assert ("USA", "12", "USA") in roots("President Bush vetoed the CIA waterboarding ban.",
                                         date(2008, 3, 10))


def test_who_made_the_attacks_that_killed_is_their_agent():
    # "The attacks by the army killed 115": the army did the killing.
    found = roots("The attacks by the Sudanese military on villages in Darfur killed 115 "
                  "people.")
    assert any(s == "SDN" and r in {"18", "19"} for s, r, _ in found)
    launched = roots("Airstrikes conducted by the Saudi-led coalition killed 20 people in Yemen.")
    assert any(s == "SAU" and r in {"18", "19"} for s, r, _ in launched)
