"""A column of an xlsx template, shared by the template writer and the importer."""

from dataclasses import dataclass

KINDS = ("text", "date", "time", "count")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool = False
    width: int = 16
    note: str = ""
    # What the column holds: "date" columns of a template are formatted as text, so that a
    # typed 03/04/2026 stays as typed (the importer reads dd/mm/yyyy) in any spreadsheet locale.
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.key}: kind {self.kind!r} is not one of {KINDS}")

    @property
    def header(self) -> str:
        return f"{self.title} *" if self.required else str(self.title)
