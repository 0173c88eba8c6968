"""Plain-text helpers for reading prose: normalising, clauses, language.

A clause is the unit the intent rules read: a sentence, cut again at words of contrast ("aber",
"jedoch", "sondern", "but"), so that "Ich kann leider nicht – aber meine Kollegin kommt gern" gives
a decline and a registration, never a negated registration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)
# Sentence ends: . ! ? ; or a line break. A dot after a digit ("22.6.") or after an abbreviation
# ("Dr.", "z.B.", "Hr.") does not end a sentence.
# An emoji ends a sentence as a full stop does: "ich melde mich an 🙂 Allerdings …".
# So does a smiley typed as text: "… für Montag an :-) Vielleicht kommt noch jemand dazu".
_BREAK = re.compile(
    r"[.!?;]+\s+|\n+|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]\uFE0F?(?:\s+|$)|\s+[:;]-?[)D]+(?:\s+(?=[A-ZÄÖÜ])|\s*$)"
)
# "e.v": "als Vorsitzender des Fördervereins Bürgerhaus Ahrweiler e.V. für die Zoom-Sitzung an"
_ABBREVIATIONS = frozenset(
    (
        "dr nr bzw ca ggf z.b u.a hr fr st vgl prof str tel bspw evtl inkl max min o.g u.g s.o s.u i.a i.v z.hd zzgl "
        "e.v usw etc "
        # "Werner Buchholz (stellv. Vorsitzender)", "Dipl.-Ing.", "Abt. Soziales", "ehem. Bürgermeister"
        "stellv stv vors dipl abt ltd ehem sog geb"
    ).split()
)
# "…, und wünsche Ihnen allen einen guten Austausch", "Ich setze diesmal aus und hoffe, dass wir uns
# in Göttingen sehen": a wish is a clause of its own.
# ^ "aber" only after a comma or dash: mid-clause it is a particle ("melden Sie mich aber bitte an").
_CONTRAST = re.compile(
    r"\s*[,-]\s*(?:aber|jedoch|allerdings|sondern|dafür|doch)\b\s*|\s+(?:but|however)\b\s*|\s+-\s+"
    r"|,?\s+und\s+(?=(?:ich\s+)?(?:wünsche|hoffe|freue)\b)"
    # "Diesmal nicht, wir kommen dann nach Berlin": the "nicht" ends with the comma.
    r"|(?<=nicht),\s+(?=(?:ich|wir)\s+(?:komme|kommen|bin|sind|melde|melden|nehme|nehmen|wäre|wären)\b)"
    # "… nimmt Frau Demir teil, ich selbst bin an dem Vormittag leider im Stiftungsrat"
    # (not "…, ich selbst kann leider nur bis 11 Uhr", where the sender still comes)
    r"|,\s+(?=(?:ich|wir)\s+selbst\s+(?:bin|sind|kann|können|habe|haben|werde|werden|muss|müssen)\b"
    r"(?![^.!?,]*\b(?:nur|erst|später|verspätet|zu spät)\b)"
    r"[^.!?,]*\b(?:leider|nicht|verhindert|urlaub|verreist|absagen|passen|anderen termin)\b)",
    re.IGNORECASE,
)
# "…, möchte aber gerne zwei Personen anmelden", "…, aus unserem Netzwerk werden aber Frau X …": the
# contrast a few words after the comma. Not inside a subordinate clause (", wenn es aber …"), and not
# after one ("Falls man sich zuschalten kann, wäre ich aber gern dabei" is one condition).
_LATE_CONTRAST = re.compile(
    r",\s+(?!(?:wenn|weil|dass|daß|ob|falls|sofern|obwohl|da|als|wie|was|wo|die|der|das"
    # "…, dazu melde ich mich aber noch gesondert": a word that points back keeps the clauses together
    r"|dazu|dafür|darüber|damit)\b)"
    # a few words, an address counting as one: "…, meine Kollegin Frau Eva Kunze (e@x.de) nimmt aber teil"
    r"(?=(?:\S+\s+){1,7}(?:aber|jedoch)\b)",
    re.IGNORECASE,
)
# Only conditions: after "Da ich verhindert bin, nimmt aber Frau X teil" the second half still stands alone.
_SUBORDINATE = re.compile(r"^\W*(?:wenn|falls|sofern|sollte|sollten|if|should)\b", re.IGNORECASE)
# "bitte melden Sie mich – unter Vorbehalt – für den 22. Juni an": a few words between two dashes are
# an aside within the clause, not a clause of their own.
_ASIDE = re.compile(r"\s+-\s+((?:[^\s.!?-]+\s+){0,3}[^\s.!?-]+)\s+-\s+")
_SPACE = re.compile(r"[ \t]+")
# A person or a companion after a date: "… für die Sitzung am 22.6.⏎Herrn Bürgermeister Wendt an".
_GOES_ON = re.compile(r"(?:Frau|Herrn?|Dr\.|Prof\.|Zusammen|Gemeinsam)\b")
_RELATIVE = re.compile(r",\s+(?:die|der|das|welche|welcher|den|dem)\b")
# … unless that line has a verb of its own: "… am 22.6.⏎Herr Roth (…) nimmt stattdessen teil."
_OWN_VERB = re.compile(
    r"\b(?:nimmt|nehmen|kommt|kommen|ist|sind|kann|können|wird|werden|hat|haben|möchte|möchten|würde|vertritt)\b"
)
# Words that open a sentence, not a clause's object: the first word of a line after a date.
_OPENS_SENTENCE = re.compile(
    r"(?:Ich|Wir|Bitte|Vielen|Danke|Mit|Viele|Herzliche|Herzlichen|Beste|Liebe|Lieber|Es|Das|Leider|Außerdem|Zudem"
    r"|Auch|Am|Für|Da|Dann|Dazu|Unser|Unsere|Mein|Meine|Im|Bei|Zum|Zur|Freundliche|Schöne|Sonnige|Hallo|Gruß"
    r"|Grüße|I|We|Please|Thanks|Thank|Best|Kind|Regards)\b"
)
# … and those that open a sentence even on the same line as the date before them.
_CLEAR_OPENER = re.compile(
    r"(?:Ich|Wir|Bitte|Können|Könnten|Vielen|Danke|Leider|Could|Can|Would|Please|I|We|Thanks|Thank)\b"
)
_BULLET = re.compile(r"[-*•·]\s")
# A line at least this long that ends without punctuation was probably wrapped by the client.
_WRAPPED = 60
_WRAPPED_LOWER = 40
# A continuation starts with a word, not with a list marker ("- ", "2. ", "•") or a quote.
_CONTINUES = re.compile(r"(?!\d{1,2}[.)]\s)(?![-*•>]\s?)\w")
# (a bare address after a comma or colon; "… Sabine Roth (roth@…)⏎teilnehmen" was wrapped)
_ENDS_WITH_ADDRESS = re.compile(r"[,:]\s*[\w.%+-]+@[\w-]+(?:\.[\w-]+)+$")
# "… melde ich mich hiermit für den⏎22. Juni an": a date after "den", "am", not item 22 of a list.
_DATE_GOES_ON = re.compile(
    r"\b(?:den|am|vom|zum|bis|für|ab|montag,|dienstag,|mittwoch,|donnerstag,|freitag,)$", re.I
)
_DATE_LINE = re.compile(
    r"\d{1,2}\.\s*(?:\d{1,2}\.|jan|feb|mär|apr|mai|jun|jul|aug|sep|okt|nov|dez)", re.IGNORECASE
)

_DE_WORDS = frozenset(
    "ich und nicht die der das bitte mich leider gerne gern ist wir sie am für mit auch uns zum zur "
    "vielen dank grüße herzliche freundlichen teilnehmen anmelden kann bin".split()
)
_EN_WORDS = frozenset(
    "i and not the please me unfortunately would like to is we you on for with also us thank thanks "
    "regards best kind attend register can am will be".split()
)
_WORD = re.compile(r"[a-zäöüß]+")


def normalise(text: str) -> str:
    """Typographic quotes and dashes made plain, spaces collapsed, line structure kept."""
    text = text.translate(_QUOTES)
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.splitlines())


@dataclass(frozen=True, slots=True)
class Clause:
    text: str  # normalised, original case
    lower: str
    sentence: int  # index of the sentence it belongs to
    bullet: bool = False  # its line opened with a list marker ("- ", "• "), which the text has lost


def clauses(text: str, limit: int = 400) -> list[Clause]:
    """Sentences cut at words of contrast, at most `limit` of them."""
    out: list[Clause] = []
    for index, raw_sentence in enumerate(sentences(unwrap(normalise(text)))):
        sentence = raw_sentence.strip()
        if not sentence:
            continue
        bullet = bool(_BULLET.match(sentence))
        if " - " in sentence:
            sentence = _ASIDE.sub(r" (\1) ", sentence)
        for raw_part in _contrasted(sentence):
            part = raw_part.strip(" -,")
            if part:
                out.append(Clause(part, part.lower(), index, bullet))
                bullet = False
                if len(out) >= limit:
                    return out
    return out


def _contrasted(sentence: str) -> list[str]:
    parts = []
    for part in _CONTRAST.split(sentence):
        parts += [part] if _SUBORDINATE.match(part) else _LATE_CONTRAST.split(part)
    return parts


def unwrap(text: str) -> str:
    """Lines a mail client wrapped at 72-78 columns joined again.

    "… melde ich mich und meine Kollegin\nFrau Anja Pohl (a.pohl@x.de) an." is one sentence; a line
    break ends a sentence only where the writer pressed Enter: after a short line (greeting, name,
    list item), after sentence punctuation, or before a list item or a blank line.
    """
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        before = out[-1]
        # A shorter line goes on too when the next one opens in lower case ("… unsere Teilnahme am
        # Montag\nzurückziehen – …"): a new sentence would open with a capital.
        # "… meine Kollegin Lea Fromm⏎(l.fromm@…) zur AG-Sitzung am 22. Juni anmelden": an aside goes on.
        aside = len(before) >= _WRAPPED_LOWER and line[:1] == "("
        wrapped = len(before) >= _WRAPPED or (len(before) >= _WRAPPED_LOWER and line[:1].islower()) or aside
        dated = wrapped and _DATE_GOES_ON.search(before) is not None and _DATE_LINE.match(line) is not None
        # "… mit: Petra Lorenz, petra.lorenz@…⏎Könnten Sie …": a line ending in an address was ended by hand
        wrapped = wrapped and not (_ENDS_WITH_ADDRESS.search(before) and not line[:1].islower())
        if wrapped and before[-1] not in ".!?:;" and (_CONTINUES.match(line) or aside or dated):
            out[-1] = f"{before} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        if (
            match.group(0)[0] == "."
            and _is_abbreviation(text, match.start())
            and not _new_line(text, match)
            and not _opens_after_date(text, match)
        ):
            continue
        out.append(text[start : match.start() + (1 if match.group(0)[0] in "!?" else 0)])
        start = match.end()
    out.append(text[start:])
    return out


def _opens_after_date(text: str, match: re.Match[str]) -> bool:
    """ "I'd like to take part on June 22. Could you send …": after a day's dot on the same line, a
    word that only ever opens a sentence (not "am 22. Juni")."""
    return (
        text[match.start() - 1 : match.start()].isdigit()
        and _CLEAR_OPENER.match(text, match.end()) is not None
    )


def _new_line(text: str, match: re.Match[str]) -> bool:
    """A date at the end of a line, and the next line a sentence of its own: "… für Montag den
    22.6.⏎Ich wähle mich …". A short line was ended by the writer; a long one may have been wrapped by
    the client ("… möchten beide am 22.6.⏎teilnehmen"), so it ends only before a sentence's first word."""
    if "\n" not in match.group(0) or not text[match.start() - 1 : match.start()].isdigit():
        return False
    following = text[match.end() : match.end() + 1]
    line_start = text.rfind("\n", 0, match.start()) + 1
    short = match.start() - line_start < _WRAPPED
    line_end = text.find("\n", match.end())
    next_line = text[match.end() : line_end if line_end >= 0 else len(text)]
    main_part = _RELATIVE.split(next_line, 1)[0]  # "… an, die ab Juli die Stelle hat": not its own verb
    if not following.isupper() or (_GOES_ON.match(next_line) and not _OWN_VERB.search(main_part)):
        return False
    return short or _OPENS_SENTENCE.match(text, match.end()) is not None


def _is_abbreviation(text: str, dot: int) -> bool:
    before = text[max(0, dot - 6) : dot]
    token = before.rsplit(" ", 1)[-1].lower().lstrip("([\"'")  # "(bzw. eingewählt)"
    return not token or token[-1].isdigit() or len(token) == 1 or token in _ABBREVIATIONS


def language(text: str) -> str:
    """'en' when the text is clearly English, else 'de' (the default of the association)."""
    words = _WORD.findall(text.lower()[:4000])
    de = sum(1 for w in words if w in _DE_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    return "en" if en >= 3 and en > 2 * de else "de"


def first_lines(text: str, lines: int = 4, width: int = 300) -> str:
    """The first non-empty lines, for staff to see what a member wrote."""
    kept = [line.strip() for line in text.splitlines() if line.strip()][:lines]
    joined = " / ".join(kept)
    return joined if len(joined) <= width else joined[: width - 1] + "…"
