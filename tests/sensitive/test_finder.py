"""The sensitive-content finder: each category, offsets, spoken numbers, and the measured goal on the sets."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from voicehist.sensitive import CATEGORIES, find, lexicons, scan
from voicehist.sensitive.numbers import normalise
from voicehist.store.report import TextRow

REPO = Path(__file__).resolve().parents[2]


def cats(text: str) -> list[tuple[str, str]]:
    return [(f.category, f.words) for f in find(text)]


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("five five five one two three four", "5551234"),
        ("two oh six five five five one two three four", "2065551234"),
        ("nine one seven five five five double four three two", "9175554432"),
        ("eight hundred five five five zero one nine nine", "8005550199"),
        ("three hundred and fifty dollars", "350 dollars"),
        ("a hundred and twelve dollars and forty cents", "112 dollars and 40 cents"),
        ("two thousand euros", "2000 euros"),
        ("twenty twenty", "2020"),
        ("twenty-three", "23"),
        ("expiring oh four twenty seven", "expiring 0427"),
        ("oh no, a cup", "oh no, a cup"),  # "oh" and "a" alone are not numbers
    ],
)
def test_spoken_numbers(spoken: str, digits: str) -> None:
    assert normalise(spoken).text == digits


def test_offsets_point_at_the_words_said() -> None:
    text = "ok so call mom at four one five five five five two six seven one, thanks"
    (f,) = find(text)
    assert f.category == "phone"
    assert text[f.start : f.end] == f.words == "four one five five five five two six seven one"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her number is 312-555-0199 if you need her.", [("phone", "312-555-0199")]),
        (
            "email it to mike underscore r at outlook dot com",
            [("email", "mike underscore r at outlook dot com"), ("person", "mike")],
        ),  # fmt: skip
        ("My email is jdoe42@gmail.com, can you remember that?", [("email", "jdoe42@gmail.com")]),
        ("send the package to 1428 Elm Street", [("address", "1428 Elm Street")]),
        ("deliver it to twelve oak lane", [("address", "twelve oak lane")]),
        ("we owe the plumber three hundred and fifty dollars", [("money", "three hundred and fifty dollars")]),
        ("The rent is $1,850 a month now.", [("money", "$1,850")]),
        ("the social is 078-05-1120", [("account", "078-05-1120")]),
        ("my credit card is 4111 1111 1111 1111", [("account", "4111 1111 1111 1111")]),
        ("add insulin to my shopping list", [("health", "insulin")]),
        ("I need to refill my blood pressure pills", [("health", "blood pressure pills")]),
        ("call Priya Patel", [("person", "Priya Patel")]),
        ("our daughter starts kindergarten in the fall", [("child", "daughter"), ("child", "kindergarten")]),
        ("the wifi password is purple monkey eighty eight", [("secret", "password is purple monkey eighty eight")]),
        ("The garage code is four four nine one.", [("secret", "code is four four nine one")]),
    ],
)
def test_each_category(text: str, expected: list[tuple[str, str]]) -> None:
    assert cats(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "set a timer for twenty five minutes",
        "turn the volume up to eight",
        "what's two hundred divided by eight",
        "is it going to rain in May",
        "Will it be sunny tomorrow",
        "Alexa, ask Alexis",  # the wake word and its near-misses are not people, unless a contact cue makes one
        "how do I reset my password",  # a password mentioned, none said
        "what's your zip code",
        "turn left in 3 miles onto Main Street",
        "five pounds of potatoes",
        "how much is a pound of coffee",
    ],
)
def test_everyday_requests_are_not_sensitive(text: str) -> None:
    assert find(text) == []


def test_every_finding_explains_itself() -> None:
    text = "call Sarah at 206-555-0188, my pin is 4 8 1 5 and the kids have the flu"
    found = find(text, "vendor")
    assert {f.category for f in found} == {"person", "phone", "secret", "child", "health"}
    for f in found:
        assert f.category in CATEGORIES and f.source == "vendor" and f.reason
        assert text[f.start : f.end] == f.words


def _row(cid: str, local: str | None, vendor: str | None) -> TextRow:
    return TextRow(cid, None, None, None, "alexa", local, vendor, None)


def test_scan_reads_both_transcripts() -> None:
    rows = [_row("a", "call Sarah", "add insulin"), _row("b", None, None)]
    got = [(row.id, f.category, f.source) for row, f in scan(rows)]
    assert got == [("a", "person", "local"), ("a", "health", "vendor")]


def test_empty_and_hostile_text() -> None:
    assert find(None) == [] and find("") == [] and find("   ") == []
    found = find("<script>alert(1)</script> call 555-1234")
    assert [(f.category, f.words) for f in found] == [("phone", "555-1234")]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_sensitive", REPO / "bench" / "sensitive.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["tune", "holdout"])
def test_goal_on_the_labelled_sets(name: str) -> None:
    """The issue's goal, measured by bench/sensitive.py: precision >= 0.9 and recall >= 0.8 overall, on the set
    the rules were tuned on and on the held-out set written before any tuning."""
    bench = _bench()
    data = bench.load(name)
    assert len(data) >= 60
    overall = bench.score(data, bench.finder_find)["overall"]
    assert overall["precision"] >= 0.9 and overall["recall"] >= 0.8
    baseline = bench.score(data, bench.baseline_find)["overall"]
    assert overall["recall"] > baseline["recall"]


def test_labelled_sets_cover_every_category() -> None:
    bench = _bench()
    data = bench.load("tune") + bench.load("holdout")
    assert len(data) >= 150
    with_content = sum(1 for _, gold in data if gold)
    assert 0.4 <= with_content / len(data) <= 0.7
    for name in ("tune", "holdout"):
        assert {c for _, gold in bench.load(name) for c, _, _ in gold} == set(CATEGORIES)


# --- issue 18: findings a person would agree with ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["play some Taylor Swift", "play some taylor swift", "play all music by billy joel", "play bob dylan playlist"],
)
def test_the_object_of_play_is_an_artist_not_a_person(text: str) -> None:
    assert [f for f in find(text) if f.category == "person"] == []


@pytest.mark.parametrize(
    ("text", "name", "reason"),
    [
        ("call Mark", "Mark", "a contact: 'mark' after 'call'"),
        ("send an email to rohit saying i am busy", "rohit", "a contact: 'rohit' after 'email to'"),
        ("please send a mail to my friend divya", "divya", "a contact: 'divya' after 'my friend'"),
    ],
)
def test_the_object_of_call_is_a_contact_and_says_so(text: str, name: str, reason: str) -> None:
    people = [f for f in find(text) if f.category == "person"]
    assert [(f.words, f.reason) for f in people] == [(name, reason)]


def test_health_words_in_the_vendors_text_count() -> None:
    row = _row("c", "Honestly, I don't want to talk about it.",
               "honestly i don't want to talk about the doctor's results right now")  # fmt: skip
    found = [(f.source, f.category, f.words) for _, f in scan([row])]
    assert [w for src, cat, w in found if (src, cat) == ("vendor", "health") and "doctor's" in w]
    assert not [f for f in found if f[0] == "local" and f[1] == "health"]  # the local text said nothing of it


def test_only_the_name_an_address_starts_with_is_a_person() -> None:
    people = [f.words for f in find("My email is sarah dot connor at gmail dot com") if f.category == "person"]
    assert people == ["sarah"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("send email to joseph@gmail dot com", "joseph@gmail dot com"),
        ("write to john at gmail.com please", "john at gmail.com"),
        ("add macs@gmail dot com to my contacts", "macs@gmail dot com"),
        ("add dan@dancom to my contacts", "dan@dancom"),  # the domain's ending run together: no person "dancom"
    ],
)
def test_half_written_email_addresses(text: str, address: str) -> None:
    assert [f.words for f in find(text) if f.category == "email"] == [address]


@pytest.mark.parametrize(
    ("text", "name", "reason_has"),
    [
        ("where was will patterson seen last night", "will patterson", "census surname"),
        ("what is robin hartley birthday", "robin hartley", "census surname"),
        ("where was president madison born", "madison", "after 'president'"),
        ("find naty from my contacts and send her an email", "naty", "before 'from my contacts'"),
        ("jay's phone number", "jay", "someone's phone"),
        ("did charlotte respond to my email", "charlotte", "someone who writes or calls"),
        ("what is the home phone number of mark", "mark", "after 'number of'"),
        ("search jack in contacts", "jack", "before 'in contacts'"),
        ("is it joes birthday soon", "joes", "someone's birthday"),  # the recogniser dropped the apostrophe
        ("send a mail to alex asking about the due payment", "alex", "after 'mail to'"),
        ("Alexa, call Alex", "Alex", "after 'call'"),  # a contact named like the near-miss (the wake word is not)
        ("did i get any replies from jan", "jan", "after 'replies from'"),
        ("do you know actor surya", "surya", "after 'actor'"),
    ],
)
def test_names_from_the_census_lists_and_context(text: str, name: str, reason_has: str) -> None:
    people = [f for f in find(text) if f.category == "person"]
    assert [f.words for f in people] == [name]
    assert reason_has in people[0].reason


@pytest.mark.parametrize(
    ("text", "name", "reason_has"),
    [
        ("how much money did bill gates make", "bill gates", "a well-known person"),
        ("where was marlon brando born", "marlon brando", "a well-known person"),  # Pantheon 1.0
        ("how old are kim kardashian's children", "kim kardashian", "a well-known person"),
        ("where was will ferrell seen last night", "will ferrell", "a well-known person"),
        ("Was Einstein married?", "Einstein", "surname"),
        ("who assassinated lincoln", "lincoln", "surname"),
        ("how old is j. k. rowling", "j. k. rowling", "surname"),
        ("what rihanna is doing", "rihanna", "surname"),
    ],
)
def test_well_known_people_need_no_cue(text: str, name: str, reason_has: str) -> None:
    """compromise's list of well-known people and surnames (voicehist/sensitive/known_people.py) decides alone."""
    people = [f for f in find(text) if f.category == "person"]
    assert [f.words for f in people] == [name]
    assert reason_has in people[0].reason


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("And now, said Cora, we'd better decide what to do.", "Cora"),  # a census first name, capitalised
        ("Sylvia, her romance crushed, went on.", "Sylvia"),  # ... at a sentence's start too
        ("He met King Charles, who promised to help.", "King Charles"),
        ("Madam Danglar had not dared to do it.", "Madam Danglar"),
        ("We found good seats for Mr. King's party.", "Mr. King"),
        ('"Our family is well represented," said Chippick proudly.', "Chippick"),
    ],
)
def test_names_whisper_writes_with_a_capital(text: str, name: str) -> None:
    """Whisper writes names with a capital: a census first name inside a sentence, a name after a written title
    or after "said" is a person (what real people reading aloud were transcribed as, tests/fixtures/sensitive/asr)."""
    assert [f.words for f in find(text) if f.category == "person"] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "It is not allied to morphine and may be given in cases of poisoning.",  # "may" in lower case
        "one wine glass of sherry",
        "Some clever and rich with a comfortable home.",
        "And June 1848 knew a great deal more about it than June 1832.",  # a date
        "I also told him of the message, will stop on the way back.",
    ],
)
def test_everyday_words_in_lower_case_are_not_names_where_names_have_capitals(text: str) -> None:
    assert [f.words for f in find(text) if f.category == "person"] == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The doctor, on being consulted, declared that it might take place in February.", "doctor"),
        ("He should make inquiries as to symptoms.", "symptoms"),
        ("I recovered sufficiently from my injuries to attend school.", "injuries"),
        ("remind me to call the nurse tomorrow", "nurse"),
        ("In a case of attempted suicide, is it the duty of the police to be told?", "suicide"),
    ],
)
def test_health_words_real_transcripts_hold(text: str, words: str) -> None:
    assert [f.words for f in find(text) if f.category == "health"] == [words]


@pytest.mark.parametrize(
    "text",
    [
        "play some mozart",  # an artist
        "i want to hear some bach",
        "what is the weather in jackson tomorrow",  # a town
        "book a flight to lincoln",
        "please play the bill gates podcast",
    ],
)
def test_well_known_names_as_artists_or_places_are_not_people(text: str) -> None:
    assert [f.words for f in find(text) if f.category == "person"] == []


@pytest.mark.parametrize(
    "text",
    [
        "will it rain tomorrow",
        "bill me later for the order",
        "a robin is singing in the garden",
        "mark down the price of the lamp",
        "start celine dion songs",
        "read some more of the daisy goodwin book for me",
        "the president said nothing new",
        "What's the weather in Charlotte tomorrow?",
        "book a flight to Sofia",
        "what's the current time in orlando fl",  # "in" is a census first name: never read as one
        "have i received any email since five pm",
        "set reminder for tuesday at three pm",
        "alex turn on the lights",  # the assistant's near-miss without a contact cue
        "how long is it from dallas to san antonio by train",
        "hey ms the email address please",
        "can you see if john has replied to my email yet",  # only john
        "send a reply to robert for his email received today morning",  # only robert
    ],
)
def test_everyday_words_and_artists_are_not_people(text: str) -> None:
    named = {"john", "robert"}
    assert [f.words for f in find(text) if f.category == "person" and f.words not in named] == []


def test_every_secret_keyword_is_read() -> None:
    """The secret keywords live in one place (lexicons.SECRET_KEYWORDS): each one, said with a value, is found."""
    for key in lexicons.SECRET_KEYWORDS:
        qualifier = "the garage " if key == "code" else "the "
        found = [f for f in find(f"{qualifier}{key} is blue horse") if f.category == "secret"]
        assert found and found[0].words.lower().startswith(key), key


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("slurp-a", (0.9, 0.8)),
        ("hwu-h", (0.9, 0.8)),
        ("slurp-b", (0.88, 0.76)),
        ("slurp-c", (0.88, 0.76)),
        ("asr-a", (0.85, 0.55)),
        ("asr-b", (0.85, 0.55)),
    ],
)
def test_figures_on_what_real_people_said(name: str, floor: tuple[float, float]) -> None:
    """SLURP and HWU64 (real users' requests). The issue's goal (0.9 / 0.8) holds on SLURP a and HWU64 h, where
    the rules were written; b and c (never tuned on) are held to a floor under the figures last measured."""
    bench = _bench()
    data = bench.load(name)
    overall = bench.score(data, bench.finder_find, bench.ANNOTATED[name])["overall"]
    assert overall["precision"] >= floor[0] and overall["recall"] >= floor[1], overall
