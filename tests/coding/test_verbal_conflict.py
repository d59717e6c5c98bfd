"""Verbal conflict in news: criticism, blame, court verdicts, and whom they are aimed at."""

from datetime import date

from frenemy import code_text

DAY = date(2023, 1, 27)


def triples(text: str, published: date = DAY) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.code, e.target) for e in code_text(text, published)}


def test_officials_blaming_their_own_rebels_are_of_the_story_country():
    found = triples("A bomb killed four soldiers in Lima, Peru on Monday. Government officials "
                    "blamed Peruvian rebels for the attack.")
    assert ("PERGOV", "1123", "PERREB") in found


def test_officials_criticising_a_named_state_stay_unplaced():
    found = triples("Protests continued in Lima, Peru on Monday. Government officials "
                    "criticised Peru.")
    assert not any(source == "PERGOV" and target == "PER" for source, _, target in found)


def test_a_conviction_with_no_court_named_is_the_place_s_courts():
    found = triples("An Italian tourist was convicted of spying in Tehran, Iran on Monday.")
    assert ("IRNJUD", "116", "ITACVL") in found


def test_a_criticism_with_no_critic_named_has_no_source():
    found = triples("An Italian tourist was criticised in Tehran, Iran on Monday.")
    assert not any(code.startswith("11") for _, code, _ in found)


def test_the_opposition_denouncing_a_measure_denounces_its_government():
    found = triples("British opposition leader Jeremy Corbyn criticised the decision.")
    assert ("GBROPP", "111", "GBRGOV") in found


def test_the_opposition_denouncing_a_foreign_measure_denounces_that_country():
    found = triples("The Georgian opposition condemned Russia's decision.")
    assert ("GEOOPP", "111", "RUS") in found
    assert ("GEOOPP", "111", "GEOGOV") not in found


def test_we_in_a_quote_is_the_speaker():
    found = triples('"We condemn the shelling of our villages," the Polish foreign minister '
                    "said of Russia's strikes.")
    assert any(source == "POLGOV" and code == "111" for source, code, _ in found)
    found = triples('"I urge Belarus to free the journalists," Lithuania\'s president said.')
    assert ("LTUGOV", "020", "BLR") in found


def test_an_official_appealing_for_calm_appeals_to_his_own_people():
    found = triples("French riot police clashed with youths in Marseille, France on Sunday. "
                    "The interior minister appealed for calm.")
    assert ("FRAGOV", "020", "FRACVL") in found
    found = triples("Strikes spread in Nairobi, Kenya. The president gave a speech "
                    "appealing for restraint.")
    assert ("KENGOV", "020", "KENCVL") in found


def test_an_appeal_for_help_names_no_target_of_its_own():
    found = triples("Floods hit Lyon, France on Sunday. The interior minister appealed for "
                    "help.")
    assert not any(code.startswith("02") and target for _, code, target in found)


def test_parties_named_without_their_country_are_their_country_s():
    found = triples("The BJP accused the Congress party of corruption.")
    assert ("INDPTYBJP", "1121", "INDPTYINC") in found
    found = triples("Senate Democrats criticised the Pentagon's budget.")
    assert any(source == "USAPTYDEM" and code == "111" for source, code, _ in found)


def test_a_party_name_several_countries_use_is_the_story_country_s():
    found = triples("Canberra, Australia, has a new budget. The Greens criticised the "
                    "Australian government.")
    assert ("AUSPTY", "111", "AUSGOV") in found


def test_an_x_led_alliance_is_x_s():
    found = triples("The Saudi-led coalition bombed a port in Yemen.")
    assert any(source.startswith("SAU") and code == "195" for source, code, _ in found)
    found = triples("A BJP-led alliance criticised the election commission of India.")
    assert any(source == "INDPTYBJP" and code == "111" for source, code, _ in found)


def test_a_spokesman_for_a_group_speaks_for_that_group():
    found = triples("Mark Olsen, a spokesman for the Kuomintang, accused China of espionage.")
    assert ("TWNPTYKMT", "1125", "CHN") in found
    found = triples("A spokeswoman for NATO condemned the Russian strikes.")
    assert any(source == "IGONAT" and code == "111" for source, code, _ in found)


def test_a_crowd_s_demands_are_demands_of_its_government():
    found = triples("Thousands of students marched in Nairobi, Kenya on Monday. The "
                    "students' demands include lower fees.")
    assert ("KENEDU", "100", "KENGOV") in found


def test_demands_of_someone_named_by_a_pronoun_are_not_coded():
    found = triples("Thousands of students marched in Nairobi, Kenya on Monday. Their "
                    "demands include lower fees.")
    assert not any(code.startswith("10") for _, code, _ in found)


def test_warning_of_what_the_warner_s_own_side_will_do_is_a_threat():
    found = triples("Hezbollah warned Israel that any attack would be answered with force.")
    assert any(s == "LBNHEZ" and c.startswith("13") and t == "ISR" for s, c, t in found)
    found = triples("Pyongyang warned Seoul that its missiles were ready.")
    assert any(s.startswith("PRK") and c.startswith("13") and t.startswith("KOR")
               for s, c, t in found)


def test_warning_of_what_others_do_is_no_threat():
    found = triples("Iran warned that Israel's nuclear weapons were dangerous.")
    assert not any(code.startswith("13") for _, code, _ in found)


def test_al_qaeda_s_regional_branches_are_of_their_region():
    found = triples("Britain blamed AQIM for the kidnapping.")
    assert any(s == "GBR" and c.startswith("112") and t == "DZAREB" for s, c, t in found)
    found = triples("The Pentagon blamed the bombing on al-Qaeda in Iraq.")
    assert any(s.startswith("USA") and t == "IRQREB" for s, _, t in found)


def test_a_country_s_religious_communities_are_of_the_story_country():
    found = triples("Bombs exploded in Manama, Bahrain on Friday. Shias blamed the police "
                    "for the violence.")
    assert any(s == "BHRREL" and c.startswith("112") for s, c, _ in found)


def test_arrests_of_people_the_text_does_not_name_are_the_place_s_police():
    found = triples("Riots broke out in Minsk, Belarus on Sunday. Three more were "
                    "arrested on Monday.")
    assert any(s == "BLRCOP" and c == "173" and t.startswith("BLR") for s, c, t in found)


def test_an_order_or_a_dismissal_of_someone_unnamed_has_no_source():
    found = triples("Riots broke out in Minsk, Belarus on Sunday. You are fired, he said.")
    assert not any(c.startswith("17") or c.startswith("18") for _, c, _ in found)


def test_a_leader_s_countrymen_are_his_country_s_people():
    found = triples("Peruvian President Alan Garcia urged his compatriots to stay calm.")
    assert any(s == "PERGOV" and c.startswith("02") and t == "PERCVL" for s, c, t in found)


def test_many_blaming_someone_are_people_of_the_story_country():
    found = triples("Riots broke out in Dhaka, Bangladesh on Sunday. Many blamed the "
                    "Bangladeshi police for the deaths.")
    assert any(s == "BGDCVL" and c.startswith("112") and t == "BGDCOP" for s, c, t in found)


def test_questioning_someone_s_judgement_is_criticism_not_an_interrogation():
    found = triples("Mexican senators questioned the legality of the US president's order.")
    assert any(s == "MEXLEG" and c == "111" for s, c, _ in found)
    assert not any(c.startswith("11") for _, c, _ in triples("Kenyan police questioned "
                                                              "the suspect."))


def test_the_opposition_calling_the_government_names_denounces_it():
    found = triples("Canada's opposition leader said the Canadian government was "
                    "incompetent and corrupt.")
    assert any(s == "CANOPP" and c == "111" and t.startswith("CAN") for s, c, t in found)
    found = triples("Canada's foreign minister said the Canadian government was "
                    "incompetent and corrupt.")
    assert not any(c == "111" for _, c, _ in found)


def test_an_alliance_of_groups_is_those_groups():
    found = triples("Protests continued in Dhaka, Bangladesh. An alliance of opposition "
                    "parties demanded new elections.")
    assert any(s.startswith("BGD") and c.startswith("10") for s, c, _ in found)


def test_a_finite_verb_joined_to_an_infinitive_has_the_main_clause_s_subject():
    found = triples("Japan's foreign minister urged the embassy to reconsider and met "
                    "the Chinese ambassador on Monday.")
    assert any(s == "JPNGOV" and c.startswith("04") and t.startswith("CHN")
               for s, c, t in found)


def test_the_country_of_x_is_x_not_the_last_country_named():
    found = triples("Israel attacked Gaza. The African country of Mauritania cut "
                    "diplomatic ties with Israel.")
    assert ("MRT", "161", "ISR") in found


def test_who_or_which_did_something_is_the_noun_the_clause_hangs_on():
    found = triples("Russia, which invaded Ukraine in 2022, condemned NATO.")
    assert ("RUS", "192", "UKR") in found
    found = triples("The SDF is made up of militias which support the PKK.")
    assert not any(c.startswith("05") for _, c, _ in found)


def test_he_is_the_last_person_named_as_a_subject_not_the_last_country():
    found = triples("South Korean President Roh Moo-hyun met Japanese officials on Monday. "
                    "The United States urged restraint. He condemned North Korea.",
                    date(2006, 10, 10))
    assert ("KORGOV", "111", "PRK") in found
    assert ("USA", "111", "PRK") not in found
