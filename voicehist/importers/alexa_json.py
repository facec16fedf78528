"""stub"""

from __future__ import annotations

from typing import ClassVar

from voicehist.importers.archive import Archive
from voicehist.importers.base import Plan


class AlexaJsonImporter:
    name: ClassVar[str] = "alexa_json"
    vendor: ClassVar[str] = "alexa"

    def matches(self, archive: Archive) -> bool:
        return False

    def plan(self, archive: Archive) -> Plan:
        return Plan(importer=self.name, vendor=self.vendor)


def html_only_hint(archive: Archive) -> str | None:
    return None
