"""Attendee lists as files for people: CSV for German Excel, XLSX, JSON.

Used by `anmeldebot export` and by the attendee summary to the spokespersons (bot/reports.py).
A member chooses their own display name, so a cell that starts like a formula ("=HYPERLINK(...)")
is written as text: Excel and LibreOffice would otherwise run it when the file is opened.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime

from bot.records import Registration, RegStatus

HEADER = (
    "Name",
    "Organisation",
    "E-Mail",
    "Status",
    "Angemeldet am",
    "Zuletzt geändert",
    "Angemeldet durch",
    "Quelle",
)
STATUS_DE = {
    RegStatus.REGISTERED: "angemeldet",
    RegStatus.WAITLISTED: "Warteliste",
    RegStatus.CANCELLED: "abgemeldet",
    RegStatus.DECLINED: "abgelehnt (zu spät)",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def german_time(value: datetime) -> str:
    """'12.06.2020 14:03': what German Excel reads as a date and time."""
    return value.strftime("%d.%m.%Y %H:%M")


def row(reg: Registration) -> list[str]:
    return [
        reg.name,
        reg.organisation,
        reg.email,
        STATUS_DE.get(reg.status, reg.status.value),
        german_time(reg.registered_at),
        german_time(reg.updated_at),
        reg.registered_by,
        reg.source_message_id,
    ]


def _as_text(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def to_csv(regs: Sequence[Registration]) -> bytes:
    """UTF-8 with BOM and ';' between fields: German Excel opens it by double-click, umlauts intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for reg in regs:
        writer.writerow([_as_text(cell) for cell in row(reg)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(regs: Sequence[Registration], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Teilnehmende"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(HEADER))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for reg in regs:
        sheet.append(row(reg))
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # never a formula, whatever a name starts with
    for column, width in zip("ABCDEFGH", (28, 28, 34, 14, 17, 17, 28, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_json_row(reg: Registration) -> dict[str, object]:
    return {
        "email": reg.email,
        "name": reg.name,
        "organisation": reg.organisation,
        "status": reg.status.value,
        "registered_at": reg.registered_at.isoformat(),
        "updated_at": reg.updated_at.isoformat(),
        "registered_by": reg.registered_by,
        "source_message_id": reg.source_message_id,
        "history": reg.history,
    }


def to_json(regs: Sequence[Registration]) -> str:
    return json.dumps([as_json_row(r) for r in regs], ensure_ascii=False, indent=2) + "\n"
