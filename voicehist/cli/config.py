"""`voicehist config`: the effective settings, where the file is, a template, and `config set KEY VALUE`."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.text import Text

from voicehist.cli.common import json_option, out_console, print_json
from voicehist.safetext import visible


def _shown(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(visible(value), ensure_ascii=False)
    return str(value)


@click.group("config", invoke_without_command=True)
@json_option
@click.pass_context
def config_cmd(ctx: click.Context, as_json: bool) -> None:
    """The settings voicehist uses now and where the file is.

    \b
      voicehist config                                  the effective settings
      voicehist config set requester.name "Ada Lovelace"
      voicehist config set requester.email ada@example.com
      voicehist config unset requester.law
      voicehist config template                         a commented config.toml to start from
    """
    if ctx.invoked_subcommand is not None:
        return
    from voicehist.settings import effective_settings

    doc = effective_settings()
    if as_json:
        print_json(doc)
        return
    state = "" if doc["exists"] else "  (does not exist yet: every setting has its default)"
    out_console.print(Text(f"config file  {doc['file']}{state}"), soft_wrap=True)
    width = max(map(len, doc["settings"]))
    for key, value in doc["settings"].items():
        mark = "  (config file)" if key in doc["from_file"] else ""
        out_console.print(Text(f"  {key:<{width}}  {_shown(value)}{mark}"), soft_wrap=True)
    missing = [k for k in ("requester.name", "requester.email") if not doc["settings"].get(k)]
    if missing:
        out_console.print(
            Text(
                "Deletion letters need your name and the e-mail address of your account; set them once with\n"
                '  voicehist config set requester.name "Your Name"\n'
                "  voicehist config set requester.email you@example.com"
            )
        )


@config_cmd.command("set")
@click.argument("key")
@click.argument("value")
def config_set_cmd(key: str, value: str) -> None:
    """Set KEY (e.g. requester.name) to VALUE in config.toml (created if missing; comments are kept)."""
    from voicehist.settings import change_setting

    path = change_setting(key, value)
    out_console.print(Text(f"{key} = {visible(value.strip())}  (in {path})"), soft_wrap=True)


@config_cmd.command("unset")
@click.argument("key")
def config_unset_cmd(key: str) -> None:
    """Remove KEY from config.toml: it takes its default again."""
    from voicehist.paths import locations
    from voicehist.settings import change_setting

    if not locations().config_file.exists():
        out_console.print(Text(f"{key} is not set (there is no config file)."))
        return
    path = change_setting(key, None)
    out_console.print(Text(f"{key} removed from {path}; it takes its default."), soft_wrap=True)


@config_cmd.command("template")
def config_template_cmd() -> None:
    """Print a commented config.toml to start from (`voicehist config template > FILE`)."""
    from voicehist.config import TEMPLATE

    click.echo(TEMPLATE, nl=False)


COMMANDS: list[click.Command] = [config_cmd]
