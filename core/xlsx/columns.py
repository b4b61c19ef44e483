"""A column of an xlsx template, shared by the template writer and the importer."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool = False
    width: int = 16
    note: str = ""

    @property
    def header(self) -> str:
        return f"{self.title} *" if self.required else str(self.title)
