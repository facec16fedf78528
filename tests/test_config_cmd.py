"""`voicehist config` and `locate` as a new user meets them: the effective settings, where the file is, setting
the requester, a template; run as real subprocesses on a private VOICEHIST_HOME."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

from tests.test_cli_core import run


def test_config_shows_defaults_and_that_the_file_does_not_exist(vh_home: Path) -> None:
    out = run("config", env_home=vh_home).stdout
    assert f"config file  {vh_home / 'config' / 'config.toml'}  (does not exist yet" in out
    assert "requester.name" in out and "(not set)" in out
    assert 'voicehist config set requester.name "Your Name"' in out
    doc = json.loads(run("config", "--json", env_home=vh_home).stdout)
    assert doc["exists"] is False and doc["settings"]["requester.name"] is None
    assert doc["settings"]["detect.threshold"] == 0.5 and doc["from_file"] == []
    assert not (vh_home / "config").exists(), "showing the settings must not create anything"


def test_config_set_creates_a_private_file_from_the_template_and_letters_use_it(vh_home: Path) -> None:
    run("config", "set", "requester.name", 'Ada "Countess" Lovelace', env_home=vh_home)
    run("config", "set", "requester.email", "ada@example.com", env_home=vh_home)
    run("config", "set", "app.advance_after_decision", "no", env_home=vh_home)
    path = vh_home / "config" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "# Who the deletion letters are from" in text  # the template's comments stay
    data = tomllib.loads(text)
    assert data["requester"] == {"name": 'Ada "Countess" Lovelace', "email": "ada@example.com"}
    assert data["app"] == {"advance_after_decision": False}
    doc = json.loads(run("config", "--json", env_home=vh_home).stdout)
    assert doc["exists"] and doc["settings"]["requester.email"] == "ada@example.com"
    assert set(doc["from_file"]) == {"requester.name", "requester.email", "app.advance_after_decision"}
    # set again replaces the value in place; unset removes it
    run("config", "set", "requester.name", "Ada Lovelace", env_home=vh_home)
    assert tomllib.loads(path.read_text())["requester"]["name"] == "Ada Lovelace"
    assert path.read_text().count("\nname = ") == 1
    run("config", "unset", "requester.email", env_home=vh_home)
    assert "email" not in tomllib.loads(path.read_text())["requester"]
    from voicehist.requests.build import read_requester

    assert read_requester(path).name == "Ada Lovelace"


def test_config_set_refuses_bad_keys_and_values_leaving_the_file_as_it_was(vh_home: Path) -> None:
    run("config", "set", "requester.name", "Ada", env_home=vh_home)
    path = vh_home / "config" / "config.toml"
    before = path.read_bytes()
    for args, said in (
        (("requester.nmae", "x"), "unknown setting 'requester.nmae'"),
        (("requester.email", "not-an-address"), "must be an e-mail address"),
        (("requester.law", "hipaa"), "requester.law must be one of gdpr, uk-gdpr, ccpa"),
        (("detect.threshold", "2"), "detect.threshold must lie between 0 and 1"),
        (("detect.threshold", "high"), "must be a number"),
        (("app.advance_after_decision", "maybe"), "must be true or false"),
    ):
        proc = run("config", "set", *args, env_home=vh_home, check=False)
        assert proc.returncode == 2, proc
        assert said in proc.stderr and "Traceback" not in proc.stderr
        assert path.read_bytes() == before


def test_config_template_is_valid_toml_that_changes_nothing(vh_home: Path) -> None:
    text = run("config", "template", env_home=vh_home).stdout
    assert "[requester]" in text and tomllib.loads(text)["requester"] == {}


def test_locate_says_which_places_do_not_exist_yet(vh_home: Path) -> None:
    out = run("locate", env_home=vh_home).stdout
    config_line = next(line for line in out.splitlines() if line.startswith("config "))
    assert config_line.endswith("(does not exist yet)")
    assert "config_file" in out and "`voicehist config`" in out
    run("config", "set", "requester.name", "Ada", env_home=vh_home)
    out = run("locate", env_home=vh_home).stdout
    config_line = next(line for line in out.splitlines() if line.startswith("config "))
    assert "does not exist" not in config_line


def test_config_sets_the_display_zone(vh_home: Path) -> None:
    doc = json.loads(run("config", "--json", env_home=vh_home).stdout)
    assert doc["settings"]["display.timezone"].endswith("(the system's)")
    run("config", "set", "display.timezone", "Europe/Berlin", env_home=vh_home)
    doc = json.loads(run("config", "--json", env_home=vh_home).stdout)
    assert doc["settings"]["display.timezone"] == "Europe/Berlin" and "display.timezone" in doc["from_file"]
    bad = run("config", "set", "display.timezone", "Mars/Olympus", env_home=vh_home, check=False)
    assert bad.returncode == 2 and "is not a time zone" in bad.stderr
    assert tomllib.loads((vh_home / "config" / "config.toml").read_text())["display"] == {"timezone": "Europe/Berlin"}
