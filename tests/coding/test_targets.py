from datetime import date

from frenemy import code_text
from frenemy.coding.coder import code_documents
from frenemy.model import Document

DAY = date(2023, 1, 27)


def roots(text: str, published: date = DAY) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.root, e.target) for e in code_text(text, published)}


def test_a_toll_of_fighting_is_no_assault_by_unnamed_attackers():
    assert ("IRQUAF", "18", "IRQCVL") in roots("Twelve people were killed in Baghdad on Monday.")
    assert not any(root == "18" for _, root, _ in roots(
        "Twelve people were killed in the fighting in Baghdad on Monday."))
    assert not any(root == "18" for _, root, _ in roots(
        "Thousands of people have been killed in four years of war in Baghdad."))


def test_civilians_hurt_where_no_place_is_named_were_hurt_by_their_own_peoples_attackers():
    found = roots("A suicide car bomb killed two American soldiers on Monday, the U.S. military "
                  "said. Sixteen Afghans were wounded in the attack.")
    assert ("AFGUAF", "18", "AFGCVL") in found and ("USAUAF", "18", "AFGCVL") not in found


def test_politicians_battling_over_issues_is_no_fighting():
    assert not any(root in {"18", "19"} for _, root, _ in roots(
        "The main political parties in Britain have been battling fiercely over taxes."))
    assert any(root in {"18", "19"} for _, root, _ in roots(
        "Rebels attacked an army base in northern Mali."))


def test_an_unplaced_attack_on_foreigners_after_a_states_attack_is_that_states():
    found = roots("Pakistani troops fired on two American helicopters on Monday. The U.S. "
                  "military says the American helicopters were fired upon without warning.")
    assert ("USAUAF", "18", "USAMIL") not in found
    assert ("PAKMIL", "19", "USAMIL") in found


def test_the_actors_own_side_of_a_named_border_is_no_target():
    found = roots("The Turkish army has been massing troops along the Turkey-Syria border.")
    assert not any(s and t and s[:3] == "TUR" and t[:3] == "TUR" for s, _, t in found)
    assert any(s == "TURMIL" and r == "15" and t and t.startswith("SYR") for s, r, t in found)



def test_whom_a_state_backs_someone_against_is_no_partner():
    found = roots("Russia has backed the Syrian government against Turkey.")
    assert ("RUS", "05", "SYRGOV") in found and ("RUS", "05", "TUR") not in found
    assert ("IRN", "11", "IRQ") in roots("Iran spoke out against Iraq.")


def test_in_protest_says_how_the_clause_was_done_not_that_people_protested():
    found = roots("Sunni leaders in Baghdad condemned the raid and suspended talks with the "
                  "Iraqi government in protest.")
    assert not any(root == "14" for _, root, _ in found)
    assert any(root == "14" for _, root, _ in roots("Seven people were killed in "
                                                    "anti-American protests in Karachi."))


def test_a_headline_restating_the_bodys_unnamed_protests_adds_none():
    coded = next(code_documents([Document(
        text="Anti-American protests broke out in Karachi and Lahore on Friday.",
        title="Protests spread in Pakistan", published=DAY)]))
    assert {(e.source, e.root, e.target) for e in coded.events} == {("PAKOPP", "14", "USA")}


def test_an_act_about_an_event_noun_targets_the_nouns_partner():
    found = roots("The Colombian government said it is withdrawing from a ceasefire agreement "
                  "with FARC rebels.")
    assert ("COLGOV", "16", "COLREB") in found


def test_a_gun_battle_with_someone_is_fighting_them():
    assert ("PAKCOP", "19", "AFGTAL") in roots(
        "Pakistani police engaged in a gun battle with Taliban militants on Monday.")


def test_a_headline_without_was_is_passive():
    coded = next(code_documents([Document(
        text="The news was confirmed in Nairobi, Kenya on Monday.",
        title="Kenyan opposition leader detained", published=DAY)]))
    found = {(e.source, e.root, e.target) for e in coded.events}
    assert ("KENCOP", "17", "KENOPP") in found
    assert not any(source == "KENOPP" for source, _, _ in found)
