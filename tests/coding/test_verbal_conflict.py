"""Verbal conflict in news: criticism, blame, appeals, demands, threats, and who they are by."""

from datetime import date

import pytest

from frenemy import code_text

DAY = date(2023, 1, 27)


def triples(text: str, published: date = DAY) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.code, e.target) for e in code_text(text, published)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # officials blaming their own rebels are of the story's country
        ("A bomb killed four soldiers in Lima, Peru on Monday. Government officials blamed "
         "Peruvian rebels for the attack.", ("PERGOV", "1123", "PERREB")),
        # a conviction with no court named is the place's courts'
        ("An Italian tourist was convicted of spying in Tehran, Iran on Monday.",
         ("IRNJUD", "116", "ITACVL")),
        # the opposition denouncing a measure denounces its government ...
        ("British opposition leader Jeremy Corbyn criticised the decision.",
         ("GBROPP", "111", "GBRGOV")),
        # ... or the country whose measure it is
        ("The Georgian opposition condemned Russia's decision.", ("GEOOPP", "111", "RUS")),
        # "we" and "I" in a quote are the speaker
        ('"I urge Belarus to free the journalists," Lithuania\'s president said.',
         ("LTUGOV", "020", "BLR")),
        # an official appealing for calm appeals to his own people
        ("French riot police clashed with youths in Marseille, France on Sunday. The "
         "interior minister appealed for calm.", ("FRAGOV", "020", "FRACVL")),
        ("Strikes spread in Nairobi, Kenya. The president gave a speech appealing for "
         "restraint.", ("KENGOV", "020", "KENCVL")),
        # parties named without their country
        ("The BJP accused the Congress party of corruption.",
         ("INDPTYBJP", "1121", "INDPTYINC")),
        ("Senate Democrats criticised the Pentagon's budget.", ("USAPTYDEM", "111", "USA")),
        # a party name several countries use is the story country's
        ("Canberra, Australia, has a new budget. The Greens criticised the Australian "
         "government.", ("AUSPTY", "111", "AUSGOV")),
        # an X-led alliance is X's
        ("The Saudi-led coalition bombed a port in Yemen.", ("SAUPTY", "195", "YEM")),
        ("A BJP-led alliance criticised the election commission of India.",
         ("INDPTYBJP", "111", "INDGOV")),
        # a spokesman for a group speaks for it
        ("Mark Olsen, a spokesman for the Kuomintang, accused China of espionage.",
         ("TWNPTYKMT", "1125", "CHN")),
        ("A spokeswoman for NATO condemned the Russian strikes.", ("IGONAT", "111", "RUS")),
        # a crowd's demands are demands of its government
        ("Thousands of students marched in Nairobi, Kenya on Monday. The students' demands "
         "include lower fees.", ("KENEDU", "100", "KENGOV")),
        # warning of what one's own side will do is a threat
        ("Hezbollah warned Israel that any attack would be answered with force.",
         ("LBNHEZ", "1384", "ISR")),
        ("Pyongyang warned Seoul that its missiles were ready.", ("PRK", "130", "KOR")),
        # al-Qaeda's regional branches are of their region
        ("Britain blamed AQIM for the kidnapping.", ("GBR", "112", "DZAREB")),
        ("The Pentagon blamed the bombing on al-Qaeda in Iraq.", ("USA", "112", "IRQREB")),
        # religious communities, "many", countrymen: people of the story's country
        ("Bombs exploded in Manama, Bahrain on Friday. Shias blamed the police for the "
         "violence.", ("BHRREL", "112", "BHRCOP")),
        ("Riots broke out in Dhaka, Bangladesh on Sunday. Many blamed the Bangladeshi "
         "police for the deaths.", ("BGDCVL", "112", "BGDCOP")),
        ("Peruvian President Alan Garcia urged his compatriots to stay calm.",
         ("PERGOV", "020", "PERCVL")),
        # arrests of people the text does not name are the place's police's
        ("Riots broke out in Minsk, Belarus on Sunday. Three more were arrested on Monday.",
         ("BLRCOP", "173", "BLRCVL")),
        # questioning someone's judgement is criticism
        ("Mexican senators questioned the legality of the US president's order.",
         ("MEXLEG", "111", "USA")),
        # the opposition calling its government names denounces it
        ("Canada's opposition leader said the Canadian government was incompetent and "
         "corrupt.", ("CANOPP", "111", "CANGOV")),
        # an alliance of parties is those parties
        ("Protests continued in Dhaka, Bangladesh. An alliance of opposition parties "
         "demanded new elections.", ("BGDOPP", "1044", None)),
        # a finite verb joined to an infinitive has the main clause's subject
        ("Japan's foreign minister urged the embassy to reconsider and met the Chinese "
         "ambassador on Monday.", ("JPNGOV", "040", "CHNGOV")),
        # "the country of X" is X, not the last country named
        ("Israel attacked Gaza. The African country of Mauritania cut diplomatic ties with "
         "Israel.", ("MRT", "161", "ISR")),
        # "which" that did something is the noun the clause hangs on
        ("Russia, which invaded Ukraine in 2022, condemned NATO.", ("RUS", "192", "UKR")),
    ],
)
def test_codes_verbal_conflict_and_its_actors(text, expected):
    assert expected in triples(text)


@pytest.mark.parametrize(
    ("text", "root"),
    [
        # a criticism with no critic named has no source
        ("An Italian tourist was criticised in Tehran, Iran on Monday.", "11"),
        # demands of someone named by a pronoun
        ("Thousands of students marched in Nairobi, Kenya on Monday. Their demands include "
         "lower fees.", "10"),
        # warning that others' acts are dangerous is no threat
        ("Iran warned that Israel's nuclear weapons were dangerous.", "13"),
        # "you are fired" is no arrest nor attack
        ("Riots broke out in Minsk, Belarus on Sunday. You are fired, he said.", "17"),
        ("Riots broke out in Minsk, Belarus on Sunday. You are fired, he said.", "18"),
        # questioning a suspect is no criticism
        ("Kenyan police questioned the suspect.", "11"),
        # an official's judging words are a statement, not a denunciation
        ("Canada's foreign minister said the Canadian government was incompetent and "
         "corrupt.", "11"),
        # a present-tense relative clause describes, it tells no event
        ("The SDF is made up of militias which support the PKK.", "05"),
        # what the speaker's own side or country must do is its course, no demand
        ("The British prime minister said that Britain must leave by October.", "10"),
        ("The Australian prime minister said we must be honest with voters.", "10"),
        # "there were groups opposing X" describes how things stood, it tells no act
        ("When the war began, there were only two rebel groups opposing the Chadian army.",
         "11"),
        # a thing that has to happen asks no one
        ("The Polish minister told the press that the deal has to pay off.", "10"),
    ],
)
def test_does_not_code(text, root):
    assert not any(code.startswith(root) for _, code, _ in triples(text))


def test_officials_criticising_a_named_state_stay_unplaced():
    found = triples("Protests continued in Lima, Peru on Monday. Government officials "
                    "criticised Peru.")
    assert not any(source == "PERGOV" and target == "PER" for source, _, target in found)


def test_the_opposition_denouncing_a_foreign_measure_spares_its_government():
    assert ("GEOOPP", "111", "GEOGOV") not in triples(
        "The Georgian opposition condemned Russia's decision.")


def test_we_in_a_quote_is_the_speaker():
    found = triples('"We condemn the shelling of our villages," the Polish foreign minister '
                    "said of Russia's strikes.")
    assert any(source == "POLGOV" and code == "111" for source, code, _ in found)


def test_he_is_the_last_person_named_as_a_subject_not_the_last_country():
    found = triples("South Korean President Roh Moo-hyun met Japanese officials on Monday. "
                    "The United States urged restraint. He condemned North Korea.",
                    date(2006, 10, 10))
    assert ("KORGOV", "111", "PRK") in found
    assert ("USA", "111", "PRK") not in found


def test_an_appeal_for_help_names_no_addressee_of_its_own():
    found = triples("Floods hit Lyon, France on Sunday. The interior minister appealed for "
                    "help.")
    assert not any(code.startswith("02") and target for _, code, target in found)
