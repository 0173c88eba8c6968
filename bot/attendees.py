"""Who a clause registers or cancels: the sender, colleagues with addresses, names without.

"ich melde mich an" is the sender; "ich melde unseren Dezernenten, Herrn Dr. Frank Uhlig, an" is
only Herr Uhlig (the secretary does not attend); "meine Kollegin Maren Kolb (maren.kolb@x.de)
ebenfalls" is Frau Kolb too. A name without an address cannot be registered by the bot: it becomes
an unknown attendee and the mail goes to staff. An address in copy ("und mich in Kopie", "cc") or
for questions ("bei Rückfragen") is nobody's registration.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from bot.models import Address

EMAIL = re.compile(
    r"(?<![\w.+-])(?:mailto:)?([a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24})\b",
    re.IGNORECASE,
)
# The sender among the people of a clause. Not "die Einladung über mich bekommen", "die Zugangsdaten
# bitte an mich", "bei uns", "für uns": the way or the place, not the sender coming; "Herr Kerner selbst"
# is Herr Kerner.
FIRST_PERSON = re.compile(
    r"\b(?:(?<!über )(?<!durch )(?<!an )(?<!bittet )(?<!bat )mich(?!\s+gebeten\b)|(?<!bei )(?<!für )(?<!von )uns|(?<![@.])(?<!instead of )(?<!in place of )me|myself)\b(?![.@]\w)|\b(?:ich|mich|mir|wir|uns)\s+(?:selbst|selber)\b|\((?:ich|me)\)|\bich und\b|\b(?:nicht nur|und|auch|sowie) ich\b|\bich auch\b|:\s*ich\b|\b(?:ich|wir)\b[^,;]{0,25}?\b(?:nehme|nehmen|komme|kommen|bin|sind|teilnehmen|dabei|würde|würden|möchte|möchten|werde|werden|kann|können|schaffe|schaffen|muss|müssen|wäre|wären)\b|\b(?:nehme|komme|bin|wäre)\s+ich\s+(?:\w+\s+)?(?:gern|gerne|auch|ebenfalls|dabei)\b|\bnehme ich\b[^.,;]{0,60}\bteil\b|\bkomme ich\s+(?:natürlich|gerne?|sehr gerne?|auch|ebenfalls|selbstverständlich|dann|vorbei|hin|mit)\b(?![^.,;]*\b(?:bitte|aufforderung|wunsch)\s+nach\b)|\b(?:muss|möchte|werde|will)\s+ich\s+(?:leider\s+)?(?:meine|die|unsere)\s+(?:anmeldung|teilnahme|zusage)\b|\bi(?:'d|'ll|'m| would| will| am| can| shall)?\b[^.,;]{0,20}?\b(?:attend|join|come|participate|take part|be there|make it|register|sign up)\b|\bneither i\b|\bweder ich\b|\bmeine wenigkeit\b|\b(?:neben|außer|zusätzlich zu) mir\b|\bdurch (?:mich|die unterzeichnerin|den unterzeichner)\b(?=[^!?]{0,160}\bvertreten\b)|^(?:anmeldung|zusage|absage|bin dabei|dabei)\b",
    re.IGNORECASE,
)
ROLE_NOUN = (
    r"kollegin|kollegen|kollege|mitarbeiterin|mitarbeiter|mitarbeitende[nr]?|chefin|chef|vorgesetzte[nr]?|"
    # "my colleague", "our deputy" in English mail
    r"colleagues?|deputy|successor|assistant|substitute|replacement|mayor|manager|chair(?:man|woman|person)?|"
    r"dezernentin|dezernenten|dezernent|bürgermeisterin|bürgermeister|referentin|referenten|referent|"
    r"vorsitzende[nr]?|geschäftsführerin|geschäftsführer|leiterin|leiter|stellvertreterin|stellvertreter|"
    r"vertreterin|vertreter|assistentin|assistent|sachbearbeiterin|sachbearbeiter|ehrenamtliche[nr]?|"
    r"vorstandskollegin|vorstandskollegen|vorstandskollege|vorstandsfrau|vorstandsmitglied|vorständin|praktikantin|praktikant|beigeordnete[rn]?|landrätin|landrat|"
    r"oberbürgermeisterin|oberbürgermeister|amtsleiterin|amtsleiter|fachbereichsleiterin|fachbereichsleiter|"
    r"abteilungsleiterin|abteilungsleiter|stadträtin|stadtrat|ortsvorsteherin|ortsvorsteher|sprecherin|sprecher|"
    r"koordinatorin|koordinator|präsidentin|präsident|direktorin|direktor|kämmerin|kämmerer|bundesfreiwillige[rn]?|"
    r"amtsdirektorin|amtsdirektor|colleague|boss|managerin|manager|assistant|beauftragter?|"
    r"mann|ehemann|ehefrau|partnerin|partner|lebensgefährtin|lebensgefährte|husband|wife"
)
ROLE_WORD = re.compile(rf"(?i:{ROLE_NOUN})")
TITLE = r"(?:(?:frau|herrn?|mrs?\.?|ms\.?|dr\.|prof\.|professor(?:in)?)\s+)"
NAME_WORD = (
    r"[A-ZÄÖÜÇŞĞİÉ][^\W\d_]+(?:-[A-ZÄÖÜ][^\W\d_]+)?"  # any letters: Yıldız, Doğan, Müller-Lüdenscheidt
)
# An office as a compound title: "Herrn Kreisdirektor Dr. Jürgen Falkenberg", "Frau Stadträtin Kunze".
# Four letters before the ending at least, so that "Herrn Murat Yilmaz" keeps his first name.
OFFICE = (
    # not a council as a body: "für den Seniorenbeirat Nienburg nehme ich teil"
    r"(?![A-ZÄÖÜ][a-zäöüß]*(?:beirat|personalrat|betriebsrat|seniorenrat|jugendrat|integrationsrat|elternrat|kinderrat)\b)"
    # nor a department: "Referat Engagementförderung"
    r"(?!Referat\b)"
    r"[A-ZÄÖÜ][a-zäöüß]{3,}(?:direktor|direktorin|leiter|leiterin|rat|rätin|meister|meisterin|referent|"
    r"referentin|dezernent|dezernentin|beauftragter?|präsident|präsidentin|sekretär|sekretärin|minister|"
    r"ministerin|vorsitzender?|vorsteher|vorsteherin|beigeordnete[rn]?)"
)
NAME = rf"{NAME_WORD}(?:\s+(?:von\s+|van\s+|de\s+)?{NAME_WORD}){{0,2}}"
# "meine Kollegin Frau Dr. Maren Kolb", "unseren Dezernenten, Herrn Dr. Frank Uhlig", "Herrn Ralf Stein"
ROLE_NAME = re.compile(
    # a compound role too: "unsere neue Quartiersmanagerin Lea Hofmann", "unser Ehrenamtskoordinator …"
    rf"\b(?i:meine[nrs]?|unsere[nrs]?|mein|unser|my|our)\s+(?:[a-zäöüß]+e[nrs]?\s+){{0,2}}(?:[A-ZÄÖÜ][a-zäöüß]+?)?(?i:{ROLE_NOUN})\b,?\s*"
    # "meine Kollegin aus dem Vorstand Lea Hartmann"
    rf"(?:(?i:aus|von|vom)\s+(?:(?i:dem|der|den|unserem|unserer)\s+)?[A-ZÄÖÜ][\w-]+,?\s+)?(?i:{TITLE})*(?P<name>{NAME})?"
    # "Herrn Ersten Kreisrat Dr. Joachim Vogt": an office may have its rank before it
    rf"|(?<![\w])(?i:frau|herrn?|mrs?\.?|ms\.?)\s+(?:(?:Erste[nr]?\s+|Stellvertretende[nr]?\s+)?(?:(?i:{ROLE_NOUN})|{OFFICE})\s+)?(?i:(?:dr\.|prof\.)\s+)*(?P<name2>{NAME})"
    # "Bürgermeister Thomas Krause nimmt teil": an office as the title, no "Herr"
    rf"|(?<![\w])(?:Bürgermeister(?:in)?|Oberbürgermeister(?:in)?|Landrat|Landrätin|{OFFICE})\s+(?:(?:Dr\.|Prof\.)\s+)*(?P<name3>{NAME})"
)
NAME_BEFORE = re.compile(rf"({NAME})\s*[,:]?\s*$")
NAME_AFTER = re.compile(rf"\s*[>)\]]?\s*\(({NAME})\)")
NOT_A_NAME = frozenset(
    "Kollegin Kollege Kollegen Frau Herr Herrn Dr Prof Sie Ihnen Ihre Ihr Und Bitte Leider Gerne Gern Auch Ebenfalls Am "
    "Für Zum Zur Vielen Dank Liebe Lieber Sehr Geehrte Geehrter Woitanowski Dezernenten Referentin Name "
    # the field after an office: "Sachgebietsleiterin Ehrenamt", "Referent Soziales"
    "Ehrenamt Soziales Jugend Kultur Bildung Sport Integration Senioren Familie Familien Engagement Inklusion "
    # form fields and departments: "Funktion: Sachgebietsleiter Bürgerengagement⏎Institution: …"
    "Bürgerengagement Bürgerschaftliches Institution Funktion Organisation Einrichtung Referat Fachbereich "
    "Bürgerbeteiligung Quartiersmanagement Stadtentwicklung Sozialplanung Gleichstellung Freiwilligendienste "
    "Öffentlichkeitsarbeit Kommunikation Verwaltung Finanzen Personal Gesundheit Umwelt Ordnung".split()
)
# "Hallo Frau Woitanowski, muss für morgen leider absagen": the one greeted is not one who comes.
GREETING_WORDS = (
    r"hallo|hi|hey|liebe[rs]?|sehr geehrte[rs]?|guten (?:morgen|tag|abend)|moin|servus|dear|hello"
)
# A sign-off line and its punctuation: "Viele Grüße,", "Mit freundlichen Grüßen", "LG", "Best regards".
CLOSING = re.compile(
    r"^\s*(?:(?:mit\s+)?(?:freundliche[nm]?|viele|liebe|beste[n]?|herzliche|schöne|sonnige)\s+grü(?:ß|ss)e[n]?"
    r"|lg|vg|mfg|gruß|grüße|best(?:\s+regards|\s+wishes)?|kind\s+regards|regards|cheers)\b[\s,.!]*",
    re.I,
)
SALUTATION = re.compile(
    rf"^\s*(?i:{GREETING_WORDS})\b"
    # then names and titles only: "Hallo Frau Dr. Woitanowski," — not "Guten Tag Frau Kunze nimmt teil:"
    r"(?:\s+(?:[A-ZÄÖÜ][\w.-]*|zusammen|alle|allerseits|miteinander)){0,4}\s*[,!:]\s*"
)
# Names after these are whom a message goes to ("entschuldigen Sie mich bei Frau X", "Grüße an Herrn Y").
# Nor those on whose word the writer comes: "auf Hinweis von Herrn Schöffmann melde ich mich an", "habe
# die Einladung über Herrn Schöffmann bekommen".
GREETED = re.compile(
    r"\b(?:bei|über|via|grüße an|gruß an|regards to|greetings to|(?:hinweis|anregung|empfehlung|vermittlung|einladung) von)\s+$",
    re.IGNORECASE,
)
# "im Auftrag von Herrn Bürgermeister Kerner melde ich folgende Personen an": the one the office writes
# for comes only when nobody else is named ("im Auftrag von Frau Meyer melde ich diese an").
BEHALF = re.compile(r"\b(?:im auftrag von|im namen von|on behalf of)\s+$", re.IGNORECASE)
HIM_TOO = re.compile(r"\b(?:melde|melden)\s+(?:ich|wir)\s+(?:ihn|sie)\s+(?:sowie|und|mit)\b", re.IGNORECASE)
AND_MORE = re.compile(r"\s*(?:,|und|sowie|and)\s*", re.IGNORECASE)
# More addresses than this in one clause is no list of colleagues (the gate sends such mail to staff).
MAX_ADDRESSES = 50
# Words right at an address that say it is not a participant.
COPY_ROLE = re.compile(r"(?:\bcc\b|\bkopie\b|\bcopy\b|\bbcc\b)", re.IGNORECASE)
CONTACT_ROLE = re.compile(
    r"\b(?:rückfragen|rückfrage|fragen|vertretung|vertreten|erreichen sie|wenden sie sich|kontakt|questions|contact|reach me)\b",
    re.IGNORECASE,
)
CONTACT_LINE = re.compile(r"^(?:e-?mail|mail|tel|telefon|fax|mobil|web|www|internet|phone)\b", re.IGNORECASE)
# Third persons by pronoun. Lower-case "sie" only: "Sie" is the polite "you" (the office); at the
# start of a clause too ("…; sie möchte ebenfalls teilnehmen"), where the writer chose lower case.
# Not before "können", "dürfen" or "mich": "sie können mich aber eintragen" is the polite form typed small.
PRONOUN = re.compile(
    r"\b(?i:er|ihn|ihm|he|him|beide|die beiden|both)\b|(?:^|(?<=\s))sie\b(?!\s+(?:können|dürfen|müssen|sollen|mich|uns)\b|\s+\w+\s+(?:mich|uns)\b)|\bSie\s+(?:ist|war|hat|kann|wird|muss|möchte|würde)\b"
)
EMPHATIC_SELF = re.compile(r"\b(?:ich|mich|mir)\s+(?:selbst|selber)\b|\bI myself\b|\bmyself\b", re.IGNORECASE)
# "Frau Sommer nimmt teil. Bitte schicken Sie die Zugangsdaten an diese Adresse": a shared mailbox
# (kontakt@, buero@) registers a person who is to be reached through it.
THIS_ADDRESS = re.compile(
    r"\b(?:an|über|unter) diese(?:s)?\s+(?:e-?mail-?)?(?:adresse|postfach)\b|\bto this (?:e-?mail )?address\b"
    r"|\b(?:schicken|senden)\s+sie\b[^.!?]{0,40}?\bhierher\b",
    re.I,
)
# The sender as the object of the sentence: "Ich werde ihn begleiten, bitte setzen Sie mich ebenfalls auf
# die Liste" registers both; "Ich melde ihn an" only him.
SELF_OBJECT = re.compile(
    r"\b(?:setzen|tragen|nehmen|melden|registrieren|notieren|vormerken)\s+sie\s+(?:\w+\s+)?mich\b(?!\s+(?:\w+\s+)?nicht\b)"
    r"|\bmich\s+(?:\w+\s+)?(?:ebenfalls|auch)\b",
    re.I,
)
# "Bitte tragen Sie mich mit meiner Dienstadresse ein: k.wolff@…": the sender's other address.
SELF_ADDRESS = re.compile(
    r"\b(?:meine[rn]?|unter meiner|an meine)\s+(?:(?:dienst|arbeits|büro|privat|neue[rn]?|andere[rn]?|dienstliche[rn]?|berufliche[rn]?|private[rn]?)\s*)?(?:e-?mail-?)?adresse\b|\bmy (?:work|office|other|new|private|personal) (?:e-?mail )?address\b"
    # "nicht an diese Dienstadresse, sondern an meine private: juergen@…" (the noun left out)
    r"|\ban\s+meine\s+(?:private|dienstliche|berufliche|andere|neue)\s*:\s*$",
    re.IGNORECASE,
)
PARTICIPATION = re.compile(
    r"\b(?:anmelden|anmeldung|anmeldungen|melde|melden|teilnehmen|teilnahme|teil|nehmen|dabei|kommt|kommen|ebenfalls|auch|zugangsdaten|einladung|zugang|link|"
    r"register|attend|join|access|participate|too|as well|sign up|streichen|abmelden|abzumelden|austragen|auszutragen|absagen|teilnehmerliste|entschuldigen)\b",
    re.IGNORECASE,
)


@dataclass
class Persons:
    """The people one clause (or a whole mail) speaks about."""

    sender: bool = False
    others: list[Address] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)  # addresses whose role the bot cannot tell
    pronoun: bool = False  # "er", "ihn", "him": someone named before
    own_address: str = ""  # the sender asks to be registered under this other address of theirs


class AddressBook:
    """Where a person named without an address may have one: the mail's own text and headers
    first; the quoted and forwarded text only when a name is not found there (reading those costs
    more than the rest of the mail, and most mails name nobody)."""

    def __init__(
        self, first: list[str], later: Callable[[], list[str]], names: dict[str, str] | None = None
    ) -> None:
        self.first = first
        # display names the headers give ("Cc: Monika Lange <m.lange@…>"), by address
        self.names = names or {}
        self._later = later
        self._read: list[str] | None = None
        self._others: list[str] | None = None

    def others_first(self, sender: str, own: frozenset[str]) -> list[str]:
        """The mail's own addresses but the sender's and ours (asked once per clause: kept)."""
        if self._others is None:
            self._others = [e for e in self.first if e != sender and e not in own]
        return self._others

    def __iter__(self) -> Iterator[str]:
        yield from self.first
        if self._read is None:
            self._read = self._later()
        yield from self._read


# "sauer@lag-soziokultur-⏎th.de": a client wrapping the line after a hyphen in the address
WRAPPED_EMAIL = re.compile(
    r"(?<![\w.+-])([a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9.-]*-)\n[ \t]*([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24})\b",
    re.IGNORECASE,
)


def addresses(text: str) -> list[tuple[str, int, int]]:
    if "@" not in text:
        return []  # most clauses: no need to try the pattern at every position
    found = [(m.group(1).lower(), m.start(), m.end()) for m in EMAIL.finditer(text)]
    if "-\n" in text:
        wrapped = [
            (m.group(1).lower() + m.group(2).lower(), m.start(), m.end())
            for m in WRAPPED_EMAIL.finditer(text)
        ]
        starts = {start for _email, start, _end in wrapped}
        # the wrapped address replaces its own first line ("a@b.de-⏎foo.de" is not also "a@b.de")
        found = sorted([f for f in found if f[1] not in starts] + wrapped, key=lambda item: item[1])
    return found


# "Leider müssen wir beide absagen", "Please remove both of us": the one named before and the sender.
WE_BOTH = re.compile(
    r"\b(?:wir|uns)\s+(?:\w+\s+){0,2}?beide[n]?\b|\bbeide[n]? von uns\b|\bboth of us\b|\b(?:we|us) both\b",
    re.I,
)


def persons_in(clause: str, sender: str, own: frozenset[str], all_addresses: AddressBook) -> Persons:
    """Who `clause` (one clause with a register or cancel signal) is about."""
    clause = SALUTATION.sub("", clause, count=1)
    found = Persons()
    named, behalf = _names(clause)
    taken_names: set[str] = set()
    # Searched once per clause, not per address: a hostile mail may list thousands of addresses.
    contact = bool(CONTACT_ROLE.search(clause) or CONTACT_LINE.match(clause))
    participation = bool(PARTICIPATION.search(clause))
    listed_self = False  # the sender's own address in a list of people ("1. Name: … E-Mail: …")
    for email, start, end in addresses(clause)[:MAX_ADDRESSES]:
        if email == sender:
            listed_self = listed_self or not (contact or _is_copy(clause, start, end))
            continue
        if email in own:
            continue
        if not found.own_address and SELF_ADDRESS.search(clause[max(0, start - 120) : start]):
            found.own_address = email
            continue
        if contact or _is_copy(clause, start, end):
            continue
        name = _name_at(clause, start, end) or _name_for(email, named)
        if name:
            taken_names.add(name)
        if participation or name:
            found.others.append(Address(email, name))
        else:
            found.unclear.append(email)
    if behalf and not (named or found.others or found.unclear):
        named = behalf
    elif behalf and HIM_TOO.search(clause):
        # "im Auftrag von Herrn Dr. Amelung melde ich ihn sowie Frau Okafor (…) an": he comes too
        named = [*behalf, *named]
    if not (named or found.others or found.unclear):
        # "wir sind zu zweit dabei: Anke Röder (in Kopie) und ich": a name without title, coming
        # together with the sender, whose address the mail has.
        candidates = all_addresses.others_first(sender, own)
        found.others.extend(
            p
            for p in _plainly_named(clause, candidates, all_addresses.names)
            if _with_the_sender(clause, p.name)
        )
    named_self = False
    for name in named:
        if name in taken_names or name.split()[-1] in {t.split()[-1] for t in taken_names}:
            continue  # "Herr Bürgermeister Fischer (bgm@…)": the address already has this name
        if _is_senders(name, sender) or re.search(rf"{re.escape(name)}\s*\((?:ich|me)\)", clause):
            named_self = True  # "vom Landkreis wird Herr Rohde (ich) teilnehmen", from j.rohde@…
            continue
        email = _address_for(name, all_addresses, sender, own)
        if email:
            found.others.append(Address(email, name))
        else:
            found.unknown.append(name)
    # Not "die Einladung über mich bekommen", "die Zugangsdaten bitte an mich": the way, not the sender coming.
    # "Ich selbst nehme nicht teil, bitte schicken Sie die Daten an die beiden": the clause is about
    # the sender, the pronoun only says where the mail goes.
    found.pronoun = bool(PRONOUN.search(clause)) and not EMPHATIC_SELF.search(clause)
    has_third = bool(found.others or found.unknown or ROLE_NAME.search(clause) or found.pronoun)
    found.sender = bool(FIRST_PERSON.search(clause)) or not has_third or listed_self or named_self
    return found


# "mein Mann und ich möchten beide dabei sein … bitte die Zugangsdaten auch an seine Adresse: h@x.de"
ROLE_ONLY = re.compile(rf"\b(?i:mein|meine[nrs]?|unser|unsere[nrs]?|my|our)\s+(?i:{ROLE_NOUN})\b")
BOTH = re.compile(r"\bbeide[n]?\b|\bboth\b", re.I)
# Lower-case "ihre": the formal "Ihre Adresse" is the office's.
THEIR_ADDRESS = re.compile(
    # also "Hannas Mailadresse ist …"
    r"(?:\b(?:seine|ihre)|\b(?i:his|her)|\b[A-ZÄÖÜ][a-zäöüß]+s)\s+(?:(?i:e-?mail-?|mail-?|dienst|private?)\s*)?(?i:adresse|address)\b"
    r"[^@\n]{0,20}?(?=[\w.%+-]+@)"
    # "Er heißt Werner Apel, Mail werner.apel@gmx.de"
    r"|\b(?:Er|Sie|er|sie)\s+heißt\s+(?:(?!\b(?i:meine?|my)\b)[^@\n]){3,40}?(?i:mail|e-mail|adresse)\s*:?\s*(?=[\w.%+-]+@)"
)


def address_given_later(scope: str, text: str, sender: str, own: frozenset[str]) -> str:
    """The address of someone `scope` names only by role ("meine Kollegin"), or as one of "beide"
    after a role elsewhere ("mein Mann und ich … möchten beide dabei sein"), given in `text` as
    "seine Adresse: …"."""
    if not (ROLE_ONLY.search(scope) or (BOTH.search(scope) and ROLE_ONLY.search(text))):
        return ""
    found = THEIR_ADDRESS.search(text)
    if found is None:
        return ""
    email = next((e for e, start, _ in addresses(text[found.end() : found.end() + 120]) if start == 0), "")
    return email if email and email != sender and email not in own else ""


# "Ich möchte teilnehmen, bitte schicken Sie die Zugangsdaten aber an m.kaiser@…": where the access
# data are to go, from someone who registers only themselves. "auch an" adds someone; that is not it.
# Nor "an mich und an x@", "in Kopie an x@".
ACCESS_TO = re.compile(
    r"\b(?:zugangsdaten|zugangslink|einwahldaten|zoom-?link|access (?:data|details)|login details)\b"
    r"(?:(?!\b(?:auch|also|too|mich|me|kopie|cc|copy)\b)[^.!?@\n])*?\b(?:an|to)\s*:?\s*$",
    re.IGNORECASE,
)


def access_address(text: str, sender: str, own: frozenset[str]) -> str:
    """The one address, other than the sender's, the access data are to be sent to."""
    found = {
        email
        for email, start, _ in addresses(text)[:MAX_ADDRESSES]
        if email != sender and email not in own and ACCESS_TO.search(text[max(0, start - 100) : start])
    }
    return found.pop() if len(found) == 1 else ""


def loose_addresses(text: str, sender: str, own: frozenset[str], used: set[str]) -> list[str]:
    """Other people's addresses in the text that no decision used and no word marks as a contact, a
    copy or a signature line: "melde ich folgende Teilnehmende:" with a list the rules did not read."""
    loose = []
    for line in text.splitlines():
        if CLOSING.match(line):
            break  # the signature's addresses below are the sender's office, not people listed
        if "@" not in line or CONTACT_LINE.match(line.strip()) or CONTACT_ROLE.search(line):
            continue
        for email, start, end in addresses(line)[:MAX_ADDRESSES]:
            if email == sender or email in own or email in used or _is_copy(line, start, end):
                continue
            if _papers_only(line, start):
                continue  # "Unterlagen bitte an mich und an Frau Rapp (c.rapp@…) im Vorzimmer": papers, not a seat
            if LIST_LINE.match(line) or _name_at(line, start, end):  # a person: "- Name, address"
                loose.append(email)
    return loose


LIST_LINE = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s")


def _papers_only(line: str, at: int) -> bool:
    """The sentence around the address is about papers for someone, not about taking part."""
    begin = max(line.rfind(". ", 0, at), line.rfind("! ", 0, at), line.rfind("? ", 0, at)) + 1
    ends = [i for i in (line.find(". ", at), line.find("! ", at), line.find("? ", at)) if i >= 0]
    sentence = line[begin : min(ends) if ends else len(line)]
    return bool(PAPERS_ONLY.search(sentence)) and not TAKES_PART.search(sentence)


PAPERS_ONLY = re.compile(
    r"\b(?:unterlagen|dokumente|protokoll|folien|vorzimmer|documents|slides|minutes)\b", re.I
)
TAKES_PART = re.compile(r"\b(?:teilnehm\w*|teilnimmt|dabei|kommt|kommen|anmeld\w*|attend\w*|join\w*)\b", re.I)


def self_address(text: str, sender: str, own: frozenset[str]) -> str:
    """An address the sender calls their own ("an meine Dienstadresse x@y"), anywhere in `text`."""
    for email, start, _ in addresses(text)[:MAX_ADDRESSES]:
        if email != sender and email not in own and SELF_ADDRESS.search(text[max(0, start - 120) : start]):
            return email
    return ""


def named_others(clause: str, sender: str, own: frozenset[str], all_addresses: AddressBook) -> list[Address]:
    """People a clause names with an address, here or elsewhere in the mail, whatever it says about
    them (for "er", "sie" later: "meine Nachbarin Frau Witt … Sie würde gern teilnehmen")."""
    return named_in(clause, sender, own, all_addresses)[0]


def named_in(
    clause: str, sender: str, own: frozenset[str], all_addresses: AddressBook
) -> tuple[list[Address], list[str]]:
    """The people a clause names with an address (as `named_others`), and the names it gives by title
    or role that have none ("meine Kollegin Miriam Sauer")."""
    if EMAIL.search(clause) or ROLE_NAME.search(clause):
        found = persons_in(clause, sender, own, all_addresses)
        return found.others, found.unknown
    return _plainly_named(clause, all_addresses.others_first(sender, own), all_addresses.names), []


def _with_the_sender(clause: str, name: str) -> bool:
    """ "Anke Röder (in Kopie) und ich", "ich und Anke Röder"."""
    quoted = re.escape(name)
    return bool(
        re.search(
            rf"{quoted}\s*(?:\([^)]{{0,40}}\)\s*)?(?:und|sowie)\s+ich\b|\bich\s+und\s+{quoted}", clause, re.I
        )
    )


# "Zum Jahresende gebe ich meine Aufgaben an Lea Brandt ab; sie möchte ebenfalls teilnehmen …
# lea.brandt@…": a name without title or role. Two capitalised words are often two nouns in
# German, so only a pair whose first name and surname both stand in an address of the mail, or
# that is the display name the headers give that address ("Cc: Monika Lange <m.lange@…>"), counts.
PLAIN_NAME = re.compile(rf"\b({NAME_WORD})\s+({NAME_WORD})\b")


def _plainly_named(clause: str, candidates: list[str], names: dict[str, str]) -> list[Address]:
    if not candidates:
        return []
    found: list[Address] = []
    for match in PLAIN_NAME.finditer(clause):
        first, surname = fold(match.group(1)), fold(match.group(2))
        if len(first) < 2 or len(surname) < 3:
            continue
        for email in candidates:
            local = fold(email.split("@", 1)[0])
            by_address = surname in local and first in local
            shown = [fold(w) for w in names.get(email, "").replace(",", " ").split()]  # also "Lange, Monika"
            by_header = len(shown) == 2 and set(shown) == {first, surname}
            if (by_address or by_header) and all(a.email != email for a in found):
                found.append(Address(email, f"{match.group(1)} {match.group(2)}"))
    return found


def _names(clause: str) -> tuple[list[str], list[str]]:
    """The people a clause names, and apart from them those it writes on behalf of."""
    names: list[str] = []
    behalf: list[str] = []
    greeted_until = -1
    for match in ROLE_NAME.finditer(clause):
        name = match.group("name") or match.group("name2") or match.group("name3")
        if not name:
            continue
        before = clause[max(0, match.start() - 20) : match.start()]
        if BEHALF.search(before):
            behalf.append(
                " ".join(w for w in name.split() if w not in NOT_A_NAME and not ROLE_WORD.fullmatch(w))
            )
            continue
        if GREETED.search(before) or (
            greeted_until >= 0 and AND_MORE.fullmatch(clause[greeted_until : match.start()])
        ):
            # "entschuldigen Sie mich bei Frau Bertel und Herrn Schöffmann": whom to tell, not who comes.
            greeted_until = match.end()
            continue
        greeted_until = -1
        words = [w for w in name.split() if w not in NOT_A_NAME and not ROLE_WORD.fullmatch(w)]
        if words:
            cleaned = " ".join(words)
            if cleaned not in names:
                names.append(cleaned)
    return names, [b for b in behalf if b]


def _is_copy(clause: str, start: int, end: int) -> bool:
    around = clause[max(0, start - 14) : start] + " " + clause[end : end + 12]
    return bool(COPY_ROLE.search(around))


def _name_at(clause: str, start: int, end: int) -> str:
    """'Maren Kolb (maren.kolb@x.de)', 'Maren Kolb <maren.kolb@x.de>' or 'x@y.de (Maren Kolb)'."""
    before = clause[max(0, start - 120) : start].rstrip(" (<:[")
    match = NAME_BEFORE.search(before)
    # "Maren Kolb, maren.kolb@x.de" and "(Gisela Ostendorf, gisela.ostendorf@…)" too.
    if match and clause[max(0, start - 2) : start].strip() in ("(", "<", ":", "[", ",", ""):
        words = [w for w in match.group(1).split() if w not in NOT_A_NAME]
        if words:
            return " ".join(words)
    after = NAME_AFTER.match(clause[end:])
    if after:
        return after.group(1)
    return ""


def _is_senders(name: str, sender: str) -> bool:
    """The sender named in the third person: the surname is the sender address's local part, or
    its initial and surname ("Rohde" for rohde@, j.rohde@, jrohde@)."""
    surname = fold(name.split()[-1])
    local = fold(sender.split("@", 1)[0])
    return len(surname) >= 4 and (
        local == surname or (local.endswith(surname) and len(local) - len(surname) <= 1)
    )


def owns_mailbox(name: str, email: str) -> bool:
    """ "Herr Lüdecke" (or "Bernd Lüdecke") for bernd.luedecke@: the address is this person's own,
    first name and surname ("Hartmut Dreyer" is not ursula.dreyer@, "Herr Schulz" not info.schulz@)."""
    words = name.split()
    parts = [fold(p) for p in re.split(r"[._-]", email.split("@", 1)[0])]
    if len(parts) != 2 or len(parts[0]) < 2 or parts[1] != fold(words[-1]) or len(parts[1]) < 3:
        return False
    return len(words) == 1 or fold(words[0]) in (parts[0], parts[0][:1])


def _name_for(email: str, names: list[str]) -> str:
    local = fold(email.split("@", 1)[0])
    for name in names:
        surname = fold(name.split()[-1])
        if len(surname) > 2 and surname in local:
            return name
    return ""


def _address_for(name: str, all_addresses: Iterable[str], sender: str, own: frozenset[str]) -> str:
    """An address elsewhere in the mail whose local part carries this person's surname."""
    surname = fold(name.split()[-1])
    if len(surname) < 3:
        return ""
    for email in all_addresses:
        if email != sender and email not in own and surname in fold(email.split("@", 1)[0]):
            return email
    return ""


def fold(text: str) -> str:
    """A name or address part compared as letters only: lower case, umlauts written out ("Kühn" ->
    "kuehn"), accents and signs dropped."""
    # "Aydın" is "aydin" in an address: the dotless ı has no decomposition of its own
    text = (
        text.lower()
        .replace("ä", "ae")
        .replace("ö", "oe")
        .replace("ü", "ue")
        .replace("ß", "ss")
        .replace("ı", "i")
    )
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum())
