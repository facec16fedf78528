"""config.toml: defaults, overrides, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicehist.config import ConfigError, DetectConfig, load_config
from voicehist.paths import locations


def test_defaults_without_a_file() -> None:
    cfg = load_config().detect
    assert cfg == DetectConfig()
    assert cfg.wake_words_for("alexa")[:2] == ["Alexa", "Echo"]
    assert "Hey Siri" in cfg.wake_words_for(None)  # unknown vendor: every wake word
    assert "election" in cfg.near_misses_for("alexa")


def test_file_in_the_config_dir_overrides(vh_home: Path) -> None:
    path = locations().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '[detect]\nthreshold = 0.7\nlong_speech_s = 9\n[detect.wake_words]\nalexa = ["Ziggy", "Computer"]\n',
        encoding="utf-8",
    )
    cfg = load_config().detect
    assert cfg.wake_model == "bundled"
    path.write_text(path.read_text(encoding="utf-8").replace("[detect]\n", '[detect]\nwake_model = "base"\n'))
    cfg = load_config().detect
    assert cfg.wake_model == "base"
    assert cfg.threshold == 0.7 and cfg.long_speech_s == 9.0
    assert cfg.wake_words_for("alexa") == ["Ziggy", "Computer"]
    assert cfg.wake_words_for("google") == ["Hey Google", "OK Google"]  # untouched vendors keep defaults


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[detect\nthreshold = 1", "is not valid TOML"),
        ("[detect]\nthreshold = 1.5", "detect.threshold must lie between 0 and 1"),
        ("[detect]\nthreshold = 'high'", "detect.threshold must be a number"),
        ("[detect]\nsensitivity = 2", "unknown setting detect.sensitivity"),
        ("[detect.wake_words]\nalexa = 'Alexa'", "must map a vendor name to a list of words"),
        ("[detect]\nwake_model = 3", "detect.wake_model must be a model's name or folder"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as e:
        load_config(path)
    assert str(path) in str(e.value)


def test_weights_are_one_named_table_config_toml_can_change(tmp_path: Path) -> None:
    from voicehist.config import DEFAULT_WEIGHTS

    path = tmp_path / "config.toml"
    path.write_text("[detect.weights]\nno_wake_word = 0.25\nprior = -1\n", encoding="utf-8")
    cfg = load_config(path).detect
    assert cfg.weights["no_wake_word"] == 0.25 and cfg.weights["prior"] == -1.0
    assert cfg.weights["vendor_not_intended"] == DEFAULT_WEIGHTS["vendor_not_intended"]  # the rest keep defaults
    assert cfg.changed_weights() == {"no_wake_word": 0.25, "prior": -1.0}
    assert DetectConfig().changed_weights() == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[detect.weights]\nloudness = 2", "unknown weight detect.weights.loudness"),
        ("[detect.weights]\nno_wake_word = 'high'", "detect.weights.no_wake_word must be a number"),
        ("[detect.weights]\nno_wake_word = true", "detect.weights.no_wake_word must be a number"),
        ("[detect]\nweights = 3", r"\[detect.weights\] must map a weight's name to a number"),
    ],
)
def test_bad_weights_are_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
