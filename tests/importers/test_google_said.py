import pytest

from voicehist.importers.google_takeout import said_text


@pytest.mark.parametrize(
    "title, said",
    [
        ("Said turn on the lights", "turn on the lights"),
        ("Said", ""),  # nothing was transcribed: not the word "Said"
        ("„Licht an“ gesagt", "Licht an"),
        ("gesagt", ""),
        ("Je hebt hallo gezegd", "hallo"),
        ("Used Assistant", "Used Assistant"),
    ],
)
def test_said_titles(title: str, said: str) -> None:
    assert said_text(title) == said
