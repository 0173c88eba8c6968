"""Reading one mail as a person would: the whole procedure, in order, in one place.

    parse  ->  machines  ->  what the person wrote (clauses)  ->  decide  ->  gate

`DECISIONS` are tried in order; the first that recognises the mail decides its intent, event and
people. `GATES` then look at that decision and send it to staff (`needs_review`) when anything is
doubtful: the bot never guesses. The same function serves the worker and `anmeldebot classify`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot import attendees as people
from bot.config import Config
from bot.eventmatch import BY_INVITATION, BY_INVITATION_SUBJECT, DATE, HINT, EventFinder, strip_subject
from bot.machines import OwnIdentity, detect
from bot.models import Action, Address, Classification, Intent, MachineKind, MachineVerdict, ParsedMail
from bot.parse import parse
from bot.rules import UNDECIDED, Hit, Signal, read_clause
from bot.text import Clause, clauses, language

KnownThreads = Callable[[str], "str | None"]
MEETING_WORDS = re.compile(
    r"\b(?:treffen|sitzung|arbeitstreffen|ag|teilnahme|teilnehmen|einladung|anmeldung|anmelden|termin|"
    r"zoom|konferenz|veranstaltung|zugangsdaten|meeting|attend|invitation|registration|session)\b",
    re.IGNORECASE,
)
THAT_DAY = re.compile(
    r"\b(?:an dem tag|an diesem tag|am tag der|zu dem termin|zum termin|an dem termin|that day|on the day)\b"
    # "Während des Treffens bin ich im Urlaub"
    r"|\bwährend\s+(?:der|des|dem)\s+(?:videokonferenz|zoom-?konferenz|konferenz|sitzung|treffens|arbeitstreffens"
    # (not "während der Sitzung wieder zurück / im Büro"; but "schon wieder im Urlaub", "erst danach
    # wieder zurück" are away)
    r"|veranstaltung)\b(?![^.!?,]*(?<!danach )(?<!erst )\b(?:wieder\s+(?:zurück|da|im büro|im dienst|erreichbar|dabei)"
    r"|zurück|dabei)\b)"
    # "ich habe parallel unsere Mitgliederversammlung": at the same time as the meeting
    r"|\b(?:parallel|zeitgleich|zur (?:gleichen|selben) zeit)\b"
    r"|\bam\s+\d{1,2}\.(?!\d)|\bam\s+(?:montag|dienstag|mittwoch|donnerstag|freitag)\b",
    re.I,
)
# "da bin ich leider im Urlaub": "da" with the verb after it is the day asked about ("Da ich …" is a
# reason); not in an absence notice's own terms ("bis zum 26.06. im Urlaub, da bin ich nicht erreichbar").
DAY_ASKED = re.compile(r"\bda\s+(?:bin|sind|habe|haben)\s+(?:ich|wir)\b", re.I)
AWAY_NOTICE = re.compile(
    r"\bbis\s+(?:zum\s+|einschließlich\s+)?\d|\bvom\s+\d|\berreichbar\b|\bbetriebsferien\b|\bin dringenden fällen\b",
    re.I,
)
# "ich melde mich danach zum Termin": about the meeting later, not away at it (see THAT_DAY)
LATER_ABOUT = re.compile(r"\bmelde\w*\s+(?:mich|uns)\s+(?:\w+\s+){0,2}?(?:zum|zu dem)\s+termin\b", re.I)
# A second absence after the dated one: "bis zum 14. Juni verreist und danach auf Fortbildung",
# "… und während der Videokonferenz auf einer Tagung".
GOES_ON = re.compile(
    # after an end ("bis zum 14. Juni … und danach auf Fortbildung"), before a start ("ab dem 25. … und
    # vorher auf Dienstreise"), or at the meeting itself ("während der Videokonferenz auf einer Tagung");
    # not "… und lese meine Mails danach", "danach kümmere ich mich um die Anreise", "danach freue ich
    # mich auf die Tagung", "danach helfe ich bei der Tagung", "danach zurück im Büro"; the dates in
    # between have dots ("bis zum 14. Juni")
    r"\bbis\b[^!?]{0,80}?\b(?:danach|anschließend|im anschluss|und dann)\b"
    r"(?![^.!?]{0,40}?\b(?:zurück|wieder\s+(?:im|in der|da|erreichbar|zu hause|zuhause|für)|freue|freuen)\b)"
    r"[^.!?]{0,40}?ABSENCE"
    r"|\b(?:ab|vom)\b[^!?]{0,80}?\b(?:vorher|zuvor|davor)\b(?![^.!?]{0,40}?\b(?:freue|freuen|eingeplant)\b)"
    r"[^.!?]{0,40}?ABSENCE"
    r"|\bwährend\s+(?:der|des|dem)\s+(?:videokonferenz|zoom-?konferenz|konferenz|sitzung|treffens?|arbeitstreffens?"
    r"|veranstaltung)\b[^.!?,]{0,40}?(?:ABSENCE|\banderweitig\b)"
    r"|\b(?:zur|zum)\s+(?:videokonferenz|zoom-?konferenz|konferenz|sitzung|treffen|arbeitstreffen|veranstaltung)\b"
    r"[^.!?,]{0,40}?ABSENCE".replace(
        "ABSENCE",
        # "auf (einer) Klausurtagung", "im Bildungsurlaub", "in Quarantäne", "an einer Tagung", "habe ich
        # Urlaub", "in die Elternzeit", "krankgeschrieben"
        r"(?:(?<!freue mich )(?<!freuen uns )\b(?:auf|an|in|im)\s+"
        r"(?:(?:einer?|einem|den|der|dem|die|das|mehreren|längere[nmr]?|kurze[nmr]?)\s+)?NOUNS"
        r"|\b(?:habe|hab|haben)\s+(?:ich\s+|wir\s+)?(?:noch\s+)?(?:urlaub|elternzeit)\b"
        r"|\bkrank\w*|\bverreist\b|\bunterwegs\b|\bim ausland\b|\bnicht da\b)".replace(
            "NOUNS",
            r"(?:\w*urlaub(?:sreise)?|(?:dienst|geschäfts)?reisen?|\w*tagung(?:en)?|schulung(?:en)?|(?:fort|weiter)bildung(?:en)?"
            r"|seminar(?:en|e)?|messen?|workshops?|kongress(?:e)?|kur|reha|elternzeit|quarantäne|klausur(?:en)?)\b",
        ),
    ),
    re.I,
)
# What an absence notice writes to anyone: an impersonal greeting, the mail not read until later.
NOTICE_WORDS = re.compile(
    r"\b(?:liebe|lieber|sehr geehrte|sehr geehrter|dear)\s+(?:absenderin|absender|sender)\b"
    r"|\b(?:lese|lesen|bearbeite|bearbeiten|beantworte|beantworten)\s+(?:ich\s+)?(?:meine|ihre|die)\s+(?:e-?mails?|nachrichten?|post)\b"
    r"|\b(?:mail|mails|e-mail|e-mails|nachricht|nachrichten)\s+(?:lese|bearbeite|beantworte)\s+ich\b"
    r"|\bnicht im b(?:ü|ue)ro\b|\baußer haus\b|\bout of (?:the )?office\b|\bihre (?:nachricht|anfrage)\b"
    r"|\bzugriff auf (?:meine |ihre |die )?e-?mails?\b|\beingeschränkt erreichbar\b"
    r"|\bkeinen zugriff auf\b|\bwieder\s+(?:im\s+b(?:ü|ue)ro|erreichbar|im\s+dienst|am\s+arbeitsplatz)\b"
    r"|\bin dringenden fällen\b|\bwird nicht weitergeleitet\b|\bautomatische antwort\b",
    re.I,
)
# Words of a member's answer that no absence notice uses (see _personal).
PERSONAL_WORDS = re.compile(
    r"\b(?:einladung|protokoll|schade|treffen|sitzung|arbeitstreffen|zoom|videokonferenz|teilnahme|teilnehmen|dabei sein"
    r"|invitation)\b"
    r"|\bda\s+bin\s+ich\b|\b(?:du|dich|dir|euch)\b",
    re.IGNORECASE,
)
# A greeting that names someone: "Liebe Frau Woitanowski", "Hallo Herr Schöffmann", "Liebe Ute" (not
# "Lieber Absender", "Sehr geehrte Frau, sehr geehrter Herr", "Sehr geehrte Damen und Herren").
PERSONAL_GREETING = re.compile(
    r"\b(?:frau|herr|herrn|liebe|lieber|dear)\s+(?!(?:absender\w*|damen|herren|herr|frau|kolleg\w*|alle|sir|madam|sender|gr(?:ü|ue)(?:ß|ss)e\w*|gru(?:ß|ss)\w*)\b)"
    r"[A-ZÄÖÜ][\wäöüß-]+",
    re.IGNORECASE,
)
NEXT_OPEN = "nächster offener Termin"  # why a mail that names no meeting is about the next open one
LATER_NOTE = "Zusage nur für ein späteres Treffen"  # a yes dropped for "beim nächsten Mal", "im Herbst"
FIRST_PERSON_WORD = re.compile(r"\b(?:ich|wir|mich|uns)\b")
# What only a machine's notice says, whoever it seems to greet.
MACHINE_NOTICE = re.compile(
    r"\bin dringenden fällen\b|\bwird nicht weitergeleitet\b|\bautomatische antwort\b"
    r"|\bvielen dank für ihre (?:nachricht|e-?mail|mail)\s*[.!]",
    re.IGNORECASE,
)
# What an absence notice says besides the span ("Ab dem 29. Juni bin ich wieder erreichbar", "In
# dringenden Fällen wenden Sie sich an …") and a member declining does not write: with it, "vom 15. bis
# 26. Juni in Urlaub" is a machine's notice whose span happens to cover the meeting.
RETURN_NOTICE = re.compile(
    r"\bwieder\s+(?:im\s+b(?:ü|ue)ro|erreichbar|im\s+dienst|am\s+arbeitsplatz|für\s+sie\s+da)\b"
    r"|\bin dringenden fällen\b|\bwird nicht weitergeleitet\b|\bback in the office\b",
    re.I,
)
ACCESS_REQUEST = re.compile(
    r"\b(?:zugangsdaten|zugangslink|einwahldaten|einwahllink|zoom-?link|zoom-?daten|zugang zur (?:konferenz|sitzung)"
    r"|link zur (?:konferenz|sitzung|videokonferenz)|access (?:data|details|link)|login details|meeting link)\b",
    re.I,
)
STATUS_REQUEST = re.compile(
    r"\bbin ich (?:schon |bereits |eigentlich |jetzt |denn )?(?:angemeldet|registriert|auf der (?:teilnehmer)?liste)\b"
    r"|\b(?:ist|sind) meine anmeldung(?:en)? (?:angekommen|eingegangen|durch|bestätigt)\b|\bstatus meiner anmeldung\b"
    r"|^status\W*$|\bam i (?:registered|on the list)\b|\bdid you (?:get|receive) my registration\b",
    re.I,
)
# The access data are missing for the writer: not "die Zugangsdaten sind angekommen", not "bitte an X".
LACKING = re.compile(
    r"\bnicht\s+(?:mehr\s+)?(?:bekommen|erhalten|gefunden|angekommen|finden)\b|\bnoch nicht\b|\bfinde\b[^.!?]{0,40}\bnicht\b"
    r"|\b(?:verlegt|verloren|gelöscht|nochmal|noch einmal|erneut|fehlen)\b|\bwann\s+(?:kommen|bekomme|erhalte)\b"
    r"|\b(?:haven't|have not|did not|didn't)\s+(?:got|get|received?)\b|\b(?:resend|again|lost)\b",
    re.I,
)
NEVER = re.compile(r"(?!x)x")
RESEND = re.compile(r"\b(?:schicken|senden|zusenden|zukommen|weiterleiten|send|forward|resend)\b", re.I)
NEXT_TIME = re.compile(
    r"\b(?:nächste[ns]?\s+mal|beim\s+nächsten|ein\s+andermal|next\s+time)\b"
    # "An den Präsenztreffen im Herbst möchte ich aber gern wieder teilnehmen": a season is no meeting
    # "Ich bin im Herbst gerne dabei": a season names no meeting ("ich bin dabei und freue mich auf ein
    # Wiedersehen im Herbst" is two clauses, see text.py)
    r"|\b(?:im|ab)\s+(?:herbst|winter|frühjahr|frühling|sommer)\b",
    re.I,
)
# Beside an explicit yes, "next time" takes it to another meeting ("Beim nächsten Mal sage ich gerne zu",
# "Ich melde mich dann beim nächsten Mal an"), unless the yes stands first and the next time follows
# after a comma about something else ("Hiermit melde ich mich an, beim nächsten Mal bringe ich auch
# meine Kollegin mit").
ANOTHER_TIME = re.compile(r"\b(?:nächste[ns]?\s+mal|ein\s+andermal|next\s+time)\b", re.I)
YES_FIRST = re.compile(
    r"^[^,]*\b(?:melde|melden|anmelden|anmeldung|zusage|sage|teilnahme|nehme|bin)\b[^,]*,\s*(?:und\s+)?"
    r"(?:beim|fürs|für das)?\s*nächste[ns]?\s+mal\b(?![^.!?]*\b(?:an|zu|anmelden|zusagen)\W*$)",
    re.I,
)
# "Für die nächste AG-Sitzung melde ich mich schon mal an": the next meeting from the mail's date,
# not one the mail names elsewhere ("nach Göttingen habe ich es nicht geschafft").
NEXT_MEETING = re.compile(
    r"\b(?:nächste[nrms]?|kommende[nrms]?)\s+(?:ag-?)?(?:sitzung|treffen|arbeitstreffen|termin|veranstaltung)\b"
    r"|\bnext\s+(?:ag\s+)?(?:meeting|session)\b",
    re.I,
)
# "am 22. bin ich dabei und in Göttingen auch", "melden Sie mich für Göttingen und Berlin an": one
# registration for every meeting the clause names …
ALSO_MEANT = re.compile(r"\b(?:und|sowie|auch|and|also|both|beide[n]?)\b|,|&|\bas well\b", re.I)
# … unless it weighs them against each other or hedges ("am 22. oder in Göttingen", "lieber Berlin").
WEIGHED = re.compile(
    r"\b(?:aber|sondern|statt|anstatt|anstelle|lieber|oder|eher|nur|erst|nicht|kein\w*|nie|vielleicht"
    r"|eventuell|evtl|wahrscheinlich|vermutlich|weiß|wissen|unsicher|offen|dafür|jedoch|entweder"
    r"|but|or|instead|rather|than|only|not|maybe|perhaps|either)\b",
    re.I,
)
# Between two meetings named side by side: "Göttingen und Berlin", "am 22.6. und am 4.9.", "June 22 and for Berlin".
SIDE_BY_SIDE = re.compile(
    r"\s*(?:,|und|sowie|and|&|as well as)\s*(?:(?:für|in|am|an|zum|zur|den|die|das|dem|im|nach|for|on|at|the)\s+)*"
)
AND_BETWEEN = re.compile(r"\b(?:und|and)\b")
# "… und in Göttingen im September auch": the second meeting, then "auch" at the end of the clause.
AS_WELL = re.compile(r"(?:\s+(?:im|in|am|on)\s+\w+)?\s*(?:auch|ebenfalls|as well|too)\b\s*(?:[,.!]|$)")
# Words with which people change their mind within one mail: the later statement counts.
CHANGE_OF_MIND = re.compile(
    r"\b(?:doch|nachtrag|korrektur|ach nee|ach nein|moment|update|actually|correction|after all)\b", re.I
)
WISH = re.compile(
    # (not the timing: "hoffentlich (bin ich) noch rechtzeitig: Ja, ich möchte gerne teilnehmen")
    r"\bhoffentlich\b(?!\s+(?:(?:bin|ist|sind)\s+(?:ich|es|wir)\s+)?(?:noch\s+)?(?:rechtzeitig|pünktlich|nicht zu spät))|\bkeep me (?:posted|informed|updated)\b|\bauf dem laufenden\b|\bhopefully\b|\bhope to\b"
    # "würde gern kommen, dazu melde ich mich aber noch gesondert": a registration announced for later
    r"|\bmelde (?:ich )?mich\b(?![^.!?]{0,40}?\ban\b)[^.!?]{0,30}?\b(?:gesondert|separat|später|nochmal|noch einmal)\b"
    r"|\b(?:gebe|geben)\b[^.!?]{0,25}?\b(?:noch|rechtzeitig|später)\s+bescheid\b|\b(?:i|we)(?:'ll| will) let you know\b"
    # "Ab September bin ich wieder im Dienst und hoffe, dann in Göttingen dabei sein zu können"
    r"|\bhoffe\b[^.!?]{0,80}?\b(?:(?:dabei sein|teilnehmen|kommen) (?:zu können|kann|können)|dabei zu sein)\b"
    # "Sobald wieder Präsenzsitzungen stattfinden, bin ich gerne wieder dabei": some day, no meeting
    r"|^(?:sobald|wenn|sowie)\s+(?:es\s+)?wieder\b",
    re.IGNORECASE,
)
# Rules that name the act of registering; a hope next to one of them is still a registration.
EXPLICIT_REGISTER = frozenset(
    {
        "anmelden",
        "anmelden_wunsch",
        "anmeldung",
        "eintragen",
        "bitte_um_anmeldung",
        "liste_setzen",
        "zusage",
        "teilnahme",
        "teilnahme_zeile",
        "angemeldet_werden",
    }
)
RELATIVE_DAY = re.compile(r"(?<!guten )\b(?:heute|morgen|übermorgen|today|tomorrow)\b", re.IGNORECASE)
RELATIVE_OFFSETS = {"heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "übermorgen": 2}
# "Bis Montag!", "Ich freue mich auf Göttingen": said in passing, after thanks for the access data.
PLEASANTRY = re.compile(
    r"^\s*(?:(?:dann|also|na dann|und)\s+)?(?:bis\b|see you\b|(?:ich\s+)?freue mich\b|wir freuen uns\b|"
    r"looking forward\b|schönen?\b|gute[ns]?\b)",
    re.IGNORECASE,
)
# "Bevor ich mich anmelde, hätte ich noch Fragen", "muss aber vorher klären, ob …", "Wenn das alles
# kein Problem ist, würde ich gern dabei sein": the answer to the member's question comes first.
PRECONDITION = re.compile(
    r"\bbevor (?:ich|wir) (?:mich |uns )?(?:verbindlich )?(?:anmelde|anmelden|zusage|zusagen|festlege|entscheide)\b"
    r"|\b(?:muss|müsste|möchte|will|würde)\b[^.!?]{0,30}?\b(?:vorher|erst|zuerst|zunächst)\b[^.!?]{0,30}?"
    r"\b(?:klären|abklären|wissen|fragen)\b"
    r"|^(?:wenn|falls|sofern)\s+(?:das|dies)\b[^.!?]{0,40}?\b(?:kein problem|möglich|geht|klappt|der fall)\b"
    r"|\bbefore (?:i|we) (?:register|sign up|commit|decide)\b|\bdavon hängt (?:es )?ab\b|\bdepends on\b"
    # "Depending on that I would like to take part"; not "Ich komme je nachdem mit dem Rad oder dem Zug"
    r"|\b(?:depending on (?:that|the answer|your answer)|je nachdem|abhängig davon)\b[^.!?]{0,40}?"
    r"\b(?:take part|attend|join|register|come|teilnehmen|anmelden|komme|kommen|dabei)\b",
    re.IGNORECASE,
)
# The association's mailing list, whose changes staff make by hand.
MAILING_LIST = re.compile(
    r"\b(?:e-?mail-?|mail-?)?verteiler(?:liste)?\b|\bmailing-?liste?\b|\badressliste\b|\bdistribution list\b"
    # "bitte schicken Sie die Einladungen künftig an erika@posteo.de"
    # or "… künftig an:" with the address on the next line
    r"|\b(?:künftig|zukünftig|in zukunft|from now on)\b[^!?\n]{0,80}?\b(?:an|unter|to)(?:\s+\S+@|\s*:\s*$)",
    re.IGNORECASE,
)
# "Meine bisherige Adresse gibt es nicht mehr … Bitte schicken Sie die Post der AG künftig an diese
# private Adresse": all the mail comes to when nothing else in it registers, declines or asks.
NEW_ADDRESS = re.compile(
    r"\b(?:künftig|zukünftig|in zukunft|from now on)\w*\b[^.!?\n]{0,80}?\b(?:an|to)\s+(?:diese|meine|this|my)\s+"
    r"(?:neue\s+|private\s+|new\s+)?(?:e-?mail-?|mail)?(?:adresse|address)\b"
    # "Bitte richten Sie künftige Post … an meine Nachfolgerin, Frau Ines Barthel, ines.barthel@…"
    r"|\b(?:künftig|zukünftig|in zukunft|from now on)\w*\b[^!?\n]{0,80}?\b(?:an|to)\b[^!?\n]{0,60}?@"
    # "Meine neue Adresse lautet ab Juli: k.neu@…", "meine Mailadresse hat sich geändert" (not a postal
    # address in a signature: "Bitte beachten Sie unsere neue Adresse: Ernst-Leitz-Str. 30")
    r"|\b(?:meine|unsere)\s+neue\s+(?:e-?mail-?|mail)adresse\b|\bmy new e-?mail address\b"
    r"|\b(?:meine|unsere)\s+neue\s+adresse\b(?=[^@]{0,100}@)|\bmy new address\b(?=[^@]{0,100}@)"
    r"|\b(?:e-?mail-?|mail)adresse\s+hat\s+sich\s+geändert\b|\badresse\s+hat\s+sich\s+geändert\b(?=[^@]{0,100}@)",
    re.IGNORECASE,
)
LIST_NOTE = "betrifft den Verteiler, kein Treffen"
# A person registered under a shared mailbox, who may have an address of their own: staff look.
VIA_MAILBOX = "über das Postfach {mailbox} angemeldet: {name}"
LIST_CHANGE_WHY = "Änderung am Verteiler: bleibt für die Geschäftsstelle im Posteingang"
LIST_CHANGE = re.compile(
    r"\baufnehmen\b|\b(?:nehmen|nimm)\b[^.!?]{0,60}?\b(?:auf|adresse)\b|\bstreichen\b|\baustragen\b|\beintragen\b|\blöschen\b"
    r"|\bändern\b|\baktualisieren\b|\bneue (?:e-?mail-?)?adresse\b|\b(?:aus|von)\b[^.!?]{0,60}?\bzu nehmen\b"
    r"|\bentfernen\b|\bremove\b|\badd\b"
    # "Bitte nehmen Sie mich aus dem Verteiler und tragen Sie stattdessen seine Adresse ein" (out of
    # it; not "die noch nicht in Ihrem Verteiler steht")
    r"|\baus\s+(?:dem|ihrem|eurem)\s+(?:\w+\s+)?\w*verteiler\b"
    # "bitte tragen Sie meine Kollegin … in den Verteiler ein"
    r"|\btragen\b[^.!?]{0,80}?\bin\s+(?:den|ihren|euren)\s+(?:\w+\s+)?\w*verteiler\b[^.!?]{0,20}?\bein\b",
    re.IGNORECASE,
)
# A decline for a case that may come: "Sollte es nicht klappen, melde ich mich wieder ab", "Falls
# mir etwas dazwischenkommt, sage ich ab". Not "Falls Sie mich schon eingetragen haben, bitte streichen".
CONTINGENCY = re.compile(
    r"^\s*(?:falls|wenn|if)\s+(?:nicht|not)\b|"  # "Falls nicht, müsste ich leider absagen"
    r"^\s*(?:sollte|falls|wenn|sofern|if|should)\b[^,;]{0,60}?\b(?:nicht klapp\w*|nicht kann|nicht können|"
    r"dazwischen\w*|verhindert sein|nicht schaffe\w*|doch nicht|something comes up|can't make it|cannot make it)",
    re.IGNORECASE,
)
# "Kann man sich auch per Telefon dazuschalten? Sonst muss ich leider passen": a decline only if the
# answer to the question before is no.
# Only after such a question (see WAY_TO_JOIN): "Ansonsten sage ich ab" after "Können Sie mir das
# Protokoll schicken?" is "apart from that", and "Sonst noch einmal: ich kann nicht" declines.
OTHERWISE = re.compile(r"^\W*(?:sonst|ansonsten|andernfalls|otherwise)\b(?!\s+noch\b)", re.IGNORECASE)
# A question on whose answer taking part depends: a way to join, a part of the meeting, the costs.
WAY_TO_JOIN = re.compile(
    r"\b(?:telefon\w*|online|\w*zuschalt\w*|digital\w*|hybrid\w*|video\w*|einw[aä]hl\w*|aufzeichn\w*|übertrag\w*"
    r"|\w*stream\w*|zoom|phone|dial|teilnahme|teilnehmen|kostenlos|kosten\w*|gebühr\w*|verlegen|verschieben|uhrzeit)",
    re.IGNORECASE,
)
# A meeting or registration the sentence before named: "diese Anmeldung", "diesen Termin".
THAT_ONE = re.compile(
    r"\b(?:diese[nrms]?|dieselbe[n]?)\s+(?:anmeldung|teilnahme|termin|sitzung|treffen|veranstaltung|zusage)\b"
    # "… dass die Sitzung im September in Göttingen stattfindet. Dafür möchte ich mich anmelden."
    r"|^\W*(?:dafür|hierfür|dazu)\s+(?:möchte|würde|melde|werde)\b",
    re.IGNORECASE,
)
CONDITION = re.compile(r"^\s*(?:falls|wenn|sofern|sollte|if|should)\b", re.IGNORECASE)
# A condition in a clause: opening it ("Falls …, wäre ich gern dabei") or closing it ("…, wenn …").
CONDITION_PART = re.compile(
    # up to where the main clause begins, comma or not: "Falls es noch geht würde ich gern teilnehmen"
    r"^\s*(?:falls|wenn|sofern|sollte|sollten|if|should|unless)\b"
    r"(?:(?!,?\s*(?:würde|würden|wäre|wären|möchte|möchten|bin|sind|komme|kommen|nehme|nehmen|melde|melden|werde"
    r"|werden)\s+(?:ich|wir)\b|,\s*(?:i|we)\b)[^;.!?])*"
    r"|,\s*(?:falls|wenn|sofern|sollte|sollten|if|unless|provided)\b[^.!?;]*",
    re.IGNORECASE,
)
# Conditions that say the meeting as planned does not suit: another day or time, a way of taking part
# it may not offer, a wish put as what would be ("wenn die Sitzung am Nachmittag wäre").
DOUBTFUL = re.compile(
    r"\b(?:verschoben|verschieben|verlegt|verlegen|anderen? (?:tag|termin|zeitpunkt|datum)|später stattf\w*"
    r"|nachmittag\w*|abend\w*|postponed|moved|another (?:day|date|time)|afternoon|evening)\b",
    re.IGNORECASE,
)
# Meeting in person, asked of a meeting held online: "Wenn das Treffen in Präsenz möglich wäre, …".
IN_PERSON = re.compile(r"\b(?:präsenz\w*|vor ort|in person)\b", re.IGNORECASE)
# What would be, said of the meeting: "wenn die Sitzung am Nachmittag wäre", "if it were in the afternoon".
WOULD_BE = re.compile(r"\b(?:wäre|wären|würde|würden|stattfände|were)\b", re.IGNORECASE)
# Conditions the office grants by registering, polite as they may be put: "wenn noch ein Platz frei
# wäre", "falls Sie mich noch berücksichtigen würden", "if that were possible".
GRANTED = re.compile(
    r"\b(?:platz|plätze|möglich|machbar|recht|in ordnung|berücksichtig\w*|okay|ok|noch geht|possible|space|room)\b",
    re.IGNORECASE,
)
ONLINE_PLACE = re.compile(r"\b(?:zoom|online|video\w*|webex|teams|digital)", re.IGNORECASE)
# How one takes part: a condition about it is for staff to answer.
FORMAT = re.compile(
    r"\b(?:zuschalt\w*|dazuschalt\w*|online|digital\w*|video\w*|hybrid\w*|übertrag\w*|(?:live)?stream\w*|remote"
    r"|telefonisch|per telefon|einwähl\w*|einwahl|dial in|by phone)\b",
    re.IGNORECASE,
)
# Subjects of the office's own mails, which a reply repeats: "Ihre Anmeldung …", "Your registration …".
OUR_SUBJECT = re.compile(r"^\s*(?:ihre|ihr|your)\b", re.IGNORECASE)
LATE_JOIN = re.compile(
    r"^\s*(?:kann|könnte|darf|dürfte)\s+ich\s+(?:mich\s+)?(?:noch|trotzdem|kurzfristig|auch noch)\b[^?]{0,60}"
    r"\b(?:dazukommen|dazustoßen|teilnehmen|dabei sein|mitmachen|anmelden)\s*\?",
    re.IGNORECASE,
)
AGAIN = re.compile(r"\bwieder\b|\bagain\b", re.IGNORECASE)
IF_SO = re.compile(
    r"^\s*(?:dann|in dem fall|in diesem fall|wenn ja|falls ja|if so|in that case|then)\b", re.I
)
# Words that announce a list: "folgende Kolleginnen", "angemeldet werden sollen daher", "und zwar".
LIST_OPENER = re.compile(
    r"\b(?:folgende\w*|nachstehende\w*|wie folgt|nämlich|und zwar|the following)\b"
    # "Aus unserem Haus nehmen teil⏎- …", "Angemeldet werden sollen⏎- …": the verb last, its people below
    r"|\b(?:daher|also|teil|an|dabei|sollen|kommen|anmelden|teilnehmen|mit)\s*$",
    re.I,
)
# The sender together with someone named only by role: "mich und meinen Kollegen", "mit meiner Kollegin".
WITH_SOMEONE = re.compile(
    rf"\b(?:mich|uns|ich)\s+(?:und|sowie)\s+(?:meine[nrs]?|unsere[nrs]?|mein|unser)\s+(?:{people.ROLE_NOUN})\b"
    # (not "habe das mit meiner Kollegin besprochen")
    rf"|\bmit\s+(?:meine[rm]|unsere[rm])\s+(?:{people.ROLE_NOUN})\b"
    r"(?![^.!?,]{0,40}?\b(?:besprochen|gesprochen|abgestimmt|geklärt|telefoniert|vereinbart|beraten|überlegt)\b)"
    rf"|\b(?:meine[nrs]?|unsere[nrs]?|mein|unser)\s+(?:{people.ROLE_NOUN})\s+(?:und|sowie)\s+(?:ich|mich)\b",
    re.IGNORECASE,
)
# "er wird Ihnen noch selbst schreiben", "sie meldet sich selbst an": that person registers herself.
WRITES_HIMSELF = re.compile(
    r"\b(?:er|sie)\s+(?:wird|werden)\s+(?:ihnen\s+|sich\s+)?(?:noch\s+|dann\s+|bald\s+)*(?:selbst|selber)\s+"
    r"(?:schreiben|melden|anmelden|bei ihnen melden)\b(?![^.!?]{0,40}?\b(?:wegen|zugangsdaten|link)\b)"
    r"|\b(?:er|sie)\s+meldet\s+sich\s+(?:noch\s+|dann\s+)*(?:selbst|selber)\b",
    re.IGNORECASE,
)
# "die beiden", "der beiden": the two named before, not the writer with one of them
# ("Ich bitte um Anmeldung der beiden", "melden Sie die beiden an"; not "ich habe mit den beiden gesprochen")
THE_TWO = re.compile(
    r"\b(?:anmeldung|abmeldung|teilnahme)\s+(?:der|von den|dieser)\s+beiden\b"
    r"|\b(?:melde|melden)\s+(?:ich\s+|wir\s+|sie\s+)?(?:bitte\s+)?(?:die|diese)\s+beiden\s+(?:\S+\s+){0,6}?(?:an|ab)\b"
    r"|\b(?:die|diese)\s+beiden\s+(?:bitte\s+)?(?:anmelden|abmelden|eintragen|streichen)\b",
    re.IGNORECASE,
)
PEOPLE_COUNT = re.compile(
    r"\b(zwei|drei|vier|fünf|sechs|[2-9])\s+(?:leute|personen|kolleginnen|kollegen|teilnehmende|vertreterinnen|vertreter)\b"
    r"|\bzu\s+(zweit|dritt|viert|fünft)\b",
    re.IGNORECASE,
)
COUNT_WORDS = {
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "zweit": 2,
    "dritt": 3,
    "viert": 4,
    "fünft": 5,
}
# "Ich melde ihn hiermit ab", "Ich muss sie daher leider abmelden", "… für ihn absagen"
HIM = re.compile(
    r"\b(?:ihn|ihm)\b|\bfür\s+(?:sie|ihn)\b|\b(?:melde|muss|müssen|möchte)\s+(?:ich|wir)\s+(?:\w+\s+){0,2}?sie\b"
    r"|\b(?:ich|wir)\s+(?:melde|muss|müssen|möchte|werde)\s+sie\b",
    re.IGNORECASE,
)
# "Ich kann leider nicht, er lässt grüßen": he is not the one who declines.
LETS_GREET = re.compile(r"\b(?:lässt|lassen)\s+(?:\w+\s+){0,2}?grüßen\b|\bgrüßt\b", re.IGNORECASE)
I_SAID = re.compile(r"\b(?:ich|i)\b", re.IGNORECASE)
# Words that open the name of an office or a body, not of a person ("Stadt Wetzlar", "Jugendamt Kassel").
ORG_WORDS = frozenset(
    "Stadt Landkreis Kreis Gemeinde Samtgemeinde Amt Jugendamt Sozialamt Landratsamt Bezirksamt Rathaus Büro "
    "Verein Stiftung Referat Fachbereich Abteilung Stabsstelle Ministerium Landesamt Mehrgenerationenhaus "
    "Freiwilligenagentur Freiwilligenzentrum Caritas Diakonie Seniorenbüro Ehrenamtsbüro Bürgerbüro Mail E-Mail".split()
)
# Rules that fire on a noun ("meine Anmeldung für Göttingen"), which says what, not yes or no.
NOUN_ONLY = re.compile(
    r"^\W*(?:meine|unsere|die|eine)\s+(?:anmeldung|zusage|teilnahme)\b"
    # (not "meine Anmeldung für Göttingen steht/bleibt/gilt weiterhin": that one is a yes of its own)
    r"(?![^,]*\b(?:bestätige|sage|melde|bleibt|steht|gilt|bestehen|raus|weiterhin)\b)",
    re.IGNORECASE,
)
# "ich selbst bin an dem Tag im Urlaub:", "wir selbst …": a clause about the sender only.
SELF_ASIDE = re.compile(r"^\W*(?:ich|wir)\s+(?:selbst|selber)\b", re.IGNORECASE)
# "Name: Elke Thielen": a form's name field, and the name it gives.
FORM_LABEL = r"^\s*(?:name|teilnehmer(?:in)?|person|vor- und nachname)\s*:\s*"
FORM_NAME = re.compile(FORM_LABEL + r"\S", re.I)
FORM_NAME_VALUE = re.compile(FORM_LABEL + r"([^,;\n]+)", re.I)
FORM_EMAIL = re.compile(r"^\s*(?:e-?mail|mail|e-?mail-?adresse)\s*:", re.I)
SELF_WORDS = re.compile(r"\b(?:ich|mich|wir|uns)\b", re.I)
# Things, not people, brought along: "ich melde mich an und bringe mit⏎- Laptop⏎- …".
BRINGS = re.compile(r"\b(?:bringe|bringen|mitbringen|schicke|sende)\b", re.I)
# A member's own words about registering, which no absence notice uses.
# (not "nach meiner Rückkehr melde ich mich bei Ihnen", which absence notices say)
REGISTERING = re.compile(
    r"\b(?:melde|melden)\s+(?:ich|wir)\s+(?:mich|uns)\s+(?:hiermit\s+|gern\w*\s+|verbindlich\s+)*"
    r"(?:(?:für|zur|zum)\b(?![^.!?]{0,40}?\b(?:bei ihnen|bei dir|zeitpunkt|zurück)\b)[^.!?]{0,60}?\ban\b|an\b)"
    r"|\b(?:mich|uns)\s+(?:hiermit\s+)?anmelden\b",
    re.I,
)
SEND_ME = re.compile(
    r"\b(?:schicken|senden|zuschicken|zusenden|weiterleiten)\s+sie\s+(?:sie\s+|es\s+|die\s+\w+\s+)?(?:mir|uns)\b"
    r"(?![^.!?]{0,30}?\b(?:keine|nichts|künftig|nicht mehr)\b)"
    r"|\bsie\s+(?:sie\s+|es\s+)?(?:mir|uns)\b[^.!?]{0,30}?\b(?:zuschicken|zusenden|schicken|senden|weiterleiten)\b",
    re.I,
)
MEMBER_DECLINE = re.compile(
    # (not "… in Urlaub und deshalb nicht erreichbar", which absence notices say)
    r"\b(?:daher|deshalb|deswegen)\s+(?:leider\s+)?nicht\b(?!\s+(?:[\w-]+\s+){0,3}?(?:erreichbar|antworten|im büro|lesen|bearbeiten)\b)"
    r"|\babsag\w*|\bnicht\s+(?:teilnehmen|dabei sein|kommen)\b",
    re.I,
)
# A question about coming late: "Geht es noch?", "Kann ich mich nachträglich anmelden?".
LATE_ASKED = re.compile(
    r"\b(?:noch|nachträglich\w*|trotzdem|still|anmelden|nachmelden|nachrücken|teilnehmen|dabei|platz|frei|zu spät"
    r"|too late|nachmeldung)\b",
    re.I,
)
# The access data to the sender as well: "… an buergermeister@… und an mich".
TO_ME_TOO = re.compile(r"\b(?:und|sowie|or|and)\s+(?:an\s+|to\s+)?(?:mich|me)\b", re.I)
# Mailboxes of an office rather than a person.
ROLE_MAILBOX = re.compile(
    r"(?:info|kontakt|contact|office|post|poststelle|mail|buero|büro|sekretariat|verwaltung|team|service|zentrale)[@._-]",
    re.I,
)
# A condition the writer's question is about: "If English is possible I would like to take part".
ASKED_IF = re.compile(
    r"^\W*(?:if|falls|wenn|sofern)\b(?!\s+(?:möglich|possible)\b)(?![^,]*\bnoch\b)[^,]{0,60}?\b(?:possible|available|offered|möglich|angeboten|gibt)\b",
    re.I,
)
# A mail signed for someone else: "i.A. Petra Kolb", "Sekretariat Dezernat II".
ON_BEHALF = re.compile(
    r"^\s*(?:i\.\s?a\.|im auftrag\b|sekretariat\b|vorzimmer\b|assistenz\b)", re.IGNORECASE | re.MULTILINE
)
# A list item that points at the sender's own address: "- Claudia Meinert (diese Adresse)".
SENDER_HERE = re.compile(
    r"\b(?:über |unter |an )?(?:diese|meine|this|my)\s+(?:e-?mail-?|mail)?(?:adresse|address)\b|\babsenderadresse\b",
    re.IGNORECASE,
)
# Writing to one person as "du" (the office is addressed as "Sie" by nearly everyone).
FAMILIAR = re.compile(r"\b(?:du|dir|dich|dein|deine[nmrs]?|euch|eure[nmrs]?)\b", re.I)
LIST_ITEM_CHARS = 40
THIS_TIME_NOT = re.compile(
    r"^\W*(?:diesmal|dieses mal|this time)\b[^.!?]*?\b(?:nicht|not|ohne|leider)\b", re.I
)
GOOD_MEETING = re.compile(r"^\W*(?:ich\s+)?wünsche\b", re.I)
TOPIC = re.compile(
    r"\b(?:bericht\w*|infos?|informationen|programm|thema|vorbereitung\w*|planung\w*|stand)\s+"
    r"(?:über|zu|zum|zur|für|vom)\s+(?:den|die|das|dem)?\s*(?:[^,.;:!?]|(?<=\d)\.){0,40}",
    re.I,
)
# (with its day or date only: "die Frist für Göttingen" still names Göttingen)
DEADLINE_SAID = re.compile(
    r"\b(?:anmeldefrist|anmeldeschluss|frist|deadline)\b(?:\s+(?:war|ist|endet|endete|lief|läuft|bis|am|zum|vom|letzten|vergangenen))*"
    r"\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|\d{1,2}\.\s*\d{1,2}\.?|\d{1,2}\.\s*[a-zä]+)",
    re.I,
)
# … only where the writer brings or tells something: "bringe Infos zum Treffen in Göttingen mit" (not
# "Für das Programm zum 4.9. in Göttingen melde ich mich an")
PRESENTS = re.compile(
    r"\b(?:berichte\w*|bringe\w*|mitbringen|beisteuern|vorstellen|erzähle\w*|sagen)\b",
    re.I,
)
THIS_TIME = re.compile(r"\b(?:diesmal|dieses mal|this time)\b", re.I)
HOPE = re.compile(r"^\W*(?:ich\s+|wir\s+)?(?:hoffe|hoffen|wünsche|wünschen)\b", re.I)
# Something the writer must still settle: "wir müssen aber die Fahrt mit dem Kreis abstimmen".
# Or still to decide: "Für eine kurze Antwort wäre ich dankbar, dann überlege ich, ob ich mich anmelde."
SETTLE_FIRST = re.compile(
    r"\b(?:muss|müssen|müsste|müssten)\b[^.!?]{0,50}?\b(?:abstimmen|abklären|klären|absprechen|abwarten|genehmigen lassen)\b"
    # "Ich gehöre zur Risikogruppe und würde nur online teilnehmen wollen": only if the answer suits
    r"|\bwürde\w*\b[^.!?]{0,30}?\bnur\b[^.!?]{0,30}?\b(?:teilnehmen|dabei sein|kommen)\b"
    r"|\b(?:überlege|überlegen|entscheide|entscheiden)\b[^.!?]{0,30}?\bob\s+(?:ich|wir)\s+(?:mich\s+|uns\s+)?"
    r"(?:überhaupt\s+|dann\s+)?(?:anmelde|anmelden|teilnehme|teilnehmen|komme|kommen)\b",
    re.I,
)
REGISTRATION_WORDS = re.compile(
    r"\b(?:anmelden|abmelden|eintragen|austragen|vormerken|registrieren|teilnehmen|dabei)\b", re.I
)
# A whole answer of one word or two: "Ja, gerne.", "Gern!", "Yes, please."
BARE_YES = re.compile(
    r"^\s*(?:ja|jawohl|gerne?|sehr gerne?|yes|yes,? please|count me in)"
    r"(?:[,!]?\s*(?:gerne?|sehr gerne?|bitte|klar|natürlich|sicher|auf jeden fall|please))?\s*[.!]*\s*(?:[😊🙂👍]\s*)?$",
    re.I,
)
GREETING = re.compile(rf"^\s*(?:{people.GREETING_WORDS})\b", re.I)
# "Dann würde ich mich hiermit anmelden": done, not offered.
# Another engagement after the "but": "aber am 22.6. habe ich eine Stadtratssitzung".
CONFLICT = re.compile(
    r"\b(?:termin\w*|\w*sitzung|ausschuss\w*|verpflicht\w*|tagung|konferenz|krank\w*|dienst\w*|\w*rat\b|kreistag"
    r"|belegt|verplant|unterwegs|meeting|appointment|commitment|conflict)\b",
    re.I,
)
# What a "but" may say and still come: later, earlier away, by phone, from another computer.
LIMITS = re.compile(
    r"\b(?:später|verspätet|late|früher|gehen|leave|telefon\w*|phone|rechner|computer|laptop|tablet|kamera|camera"
    r"|bild|ton|e-?mail|address|adresse|minuten|minutes|dazu\w*|join|einwählen|zuschalten)\b|\b\d{1,2}(?:[:.]\d{2})?\s*uhr\b",
    re.I,
)
# "Sie würde gern teilnehmen, die Frist war gestern, aber vielleicht geht es noch": late, not a no.
STILL_OK = re.compile(
    r"\b(?:geht|klappt)\s+(?:es|das)\s+(?:ja\s+)?noch\b|\bnoch\s+(?:möglich|machbar)\b", re.I
)
# "…, aber ich kann leider nicht die ganze Zeit bleiben": part of the meeting, not none of it.
PART_OF_IT = re.compile(
    r"\b(?:nicht|not)\s+(?:die ganze|den ganzen|bis zum ende|komplett|von anfang an|the whole|all|for the whole)\b",
    re.I,
)
# What follows a "but" that may take the wish back: "…, but sadly …", "…, aber leider …", "…, but I am
# travelling that week".
REGRET = re.compile(
    r"\b(?:leider|unfortunately|sadly|afraid|travell?ing|away|abroad|holiday|vacation|trip|urlaub|verreist|unterwegs"
    r"|dienstreise|nicht|kein\w*|not|never|fraglich|unklar|unsicher|schwierig|ob ich)\b|n't\b",
    re.I,
)
# A "but" that only limits the time or the way: "…, aber leider erst ab 10 Uhr", "…, but only until 11".
LIMITED = re.compile(
    r"^\W*(?:(?:leider|unfortunately|sadly|allerdings|though)\s+)*"
    r"(?:nur|erst|bis|ab|danach|vorher|später|only|until|till|from|after|before)\b",
    re.I,
)
HEREBY = re.compile(r"\bhiermit\b|\bhereby\b", re.I)
WOULD = re.compile(r"\b(?:würde|würden|wäre|wären|käme|kämen|könnte|könnten|would|could)\b", re.I)
# Thanks for what only the registered get: the writer is already in.
ALREADY_IN = re.compile(
    r"\bdank\w*\b[^.!?]{0,30}?\b(?:zugangsdaten|einwahldaten|zoom-?link|anmeldebestätigung|bestätigung)\b"
    r"|\b(?:zugangsdaten|einwahldaten|zoom-?link|anmeldebestätigung|bestätigung)\b(?:(?!\b(?:nicht|kein\w*|nie)\b)[^.!?]){0,30}?\b(?:angekommen|erhalten)\b"
    r"|\bthanks?(?: you)? for the (?:access|login|zoom) (?:data|details|link)\b|\bthanks?(?: you)? for (?:the|your) confirmation\b",
    re.IGNORECASE,
)
# A form the writer made up: "Name: Hanne Drewes", "Mittagsimbiss: nein" (one field of a list item).
LIST_FIELD = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?[^\W\d][\w .-]{0,24}:\s*\S")
# "2. Petra Lohmann" or "- Frau Dr. Eva Roth": one person of a list, their address on the next line;
# also "Ingrid Pahl (Vorsitzende)" with the role after the name.
LIST_NAME = re.compile(
    rf"^\s*(?:\d{{1,2}}[.)]|[-*•·–])?\s*(?i:{people.TITLE})*{people.NAME}\s*(?:\([^()]{{1,40}}\))?\s*[,:–-]?\s*$"
)
# The name that opens a list item: "- Ilona Schrader (Vorstand)", "3. Dr. Eva Roth, Kämmerei".
LIST_PERSON = re.compile(rf"^\s*(?:\d{{1,2}}[.)]|[-*•·–])\s*(?i:{people.TITLE})*({people.NAME})\b")
# The same after a "- " or "• " marker, which clause splitting takes off (Clause.bullet keeps it).
BULLET_PERSON = re.compile(rf"^\s*(?i:{people.TITLE})*({people.NAME})\b")
# "WG: …", and "AW: WG: …" (a colleague answering the forward).
FORWARD = re.compile(r"^\s*(?:(?:aw|re|antw)\s*:\s*)*(?:wg|fw|fwd|weitergeleitet)\s*:", re.IGNORECASE)
# COMMERCIAL and PHISHING are searched in the lower-cased text and subject (`Reading.lowered`):
# written in lower case, compiled without IGNORECASE, which is slow over a whole mail.
COMMERCIAL = re.compile(
    r"\b(?:angebot|rabatt|preis|kosten|konditionen|unverbindlich|kunde|dienstleistung|produkt|lösung|software|"
    r"offer|discount|pricing|pauschal|buchen|buchung)\w*|\bgmbh\b|€|\beuro\b"
    # "20 % Herbstrabatt", "Sie erhalten diese E-Mail als gewerblicher Interessent"
    r"|\B(?:rabatt|angebot)\b|\b\d+\s?%|\bkostenlos\w*|\bgratis\b|\bgewerbliche[rn]? (?:interessent|kunde)\w*"
    r"|\bkeine weiteren (?:informationen|e-?mails|nachrichten) (?:mehr )?(?:wünschen|erhalten)"
    r"|\bseo\b|\bbacklinks?\b|\branking\b|\baffordable\b|\bfree (?:audit|trial|consultation)\b|\$\s?\d+"
    # "We are a leading provider of virtual event solutions … packages … our brochure"
    # (not "Solutions" or "Ltd", which signatures of members' organisations carry)
    r"|\bleading provider\b|\bpackages\b|\bbrochure\b|\b(?:seo|it|software|event|marketing|digital|web|online)[- ]solutions\b"
    # "Als Agentur für hybride Veranstaltungen unterstützen wir Verbände … Zeit für ein Kennenlerngespräch?"
    r"|\bagentur für (?:hybride|virtuelle|event)\w*|\bkennenlern(?:gespräch|termin|call)\b",
)
SCAM = re.compile(
    r"\b(?:verifizieren|verifizierung|passwort|kennwort|speicherplatz|postfach (?:ist )?(?:fast )?voll|"
    r"konto (?:jetzt )?(?:bestätigen|sperren|gesperrt)|zahlungserinnerung|mahnung|offener betrag|"
    r"verify your|your password|account (?:suspended|verification))\b",
    re.IGNORECASE,
)
# Account phishing ("Your Zoom account has been suspended … verify within 24 hours") whose wording
# would otherwise read as a decline ("you will not be able to join meetings"). Three different signs
# at least: a member's own question about a locked Zoom account shows one or two.
PHISHING = re.compile(
    r"\b(?:dear (?:user|customer|member|client)|sehr geehrte[rn]? (?:kunde|kundin|nutzer|nutzerin|benutzer)|"
    r"verify (?:your )?(?:account|identity|e-?mail)|account (?:has been |was |is )?(?:temporarily )?"
    r"(?:suspended|locked|disabled|restricted)|unusual (?:sign-?in|login|activity)|within (?:24|48) hours|"
    r"permanently (?:deleted|closed|disabled)|click (?:here|below)|"
    r"(?:konto|postfach|zugang|account) (?:wurde |ist )?(?:vorübergehend )?(?:gesperrt|eingeschränkt|deaktiviert)|"
    r"bestätigen sie (?:jetzt )?ihr(?:e)? (?:konto|identität|postfach|zugangsdaten)|ungewöhnliche anmelde\w*|"
    r"ihr (?:konto|postfach) (?:nicht )?(?:bestätigt|bestätigen|verifiziert|verifizieren)|speicher(?:platz|limit)\w*|"
    r"nachrichten (?:wurden |werden )?(?:auf unserem server )?zurückgehalten|sehr geehrter (?:benutzer|nutzer)|"
    r"innerhalb von (?:24|48) stunden|dauerhaft gelöscht|klicken sie (?:hier|auf den)|jetzt verifizieren)\b",
)
MATERIAL = re.compile(
    r"\b(?:anbei|im anhang|beigefügt|attached)\b[^.!?]{0,60}\b(?:präsentation|folien|unterlagen|dokument|datei|"
    r"protokoll|bericht|slides|presentation)\b",
    re.IGNORECASE,
)
# A mail with the office in Cc that still speaks to it, politely: "ich habe Sie in Kopie gesetzt: Bitte
# melden Sie Frau Sommer an". Not "hab sie in Kopie gesetzt", "melde dich an" (to the colleague).
TO_US_IN_COPY = re.compile(
    r"\bSie\s+(?:in|ins)\s+(?:[Kk]opie|CC|[Cc]c)\b|\b[Bb]itte\s+melden\s+Sie\b|\b(?:[Cc]opied|[Cc]c'd) you\b"
)
# Local parts of an association's office mailbox, for `classify` without a configured mailbox.
OFFICE_MAILBOXES = frozenset(
    "info anmeldung anmeldungen office post kontakt geschaeftsstelle gs mail service buero verwaltung".split()
)
AUTH_PASS = re.compile(r"\b(?:spf|dkim|dmarc)\s*=\s*pass\b", re.IGNORECASE)


@dataclass(frozen=True)
class Classifier:
    """Built once per config; `classify` is then a pure function of the mail and the time."""

    config: Config
    finder: EventFinder
    own: OwnIdentity

    @classmethod
    def build(cls, config: Config) -> Classifier:
        own = OwnIdentity.of(*config.own_addresses, message_id_domains=(config.message_id_domain,))
        return cls(config, EventFinder(config.events), own)

    def without_invitation(self, text: str) -> str:
        """The reply up to a line that is the invitation's subject or an event's title.

        A client whose quote header the trimmer does not know leaves the invitation in the reply, and
        the invitation itself says "Anmeldung". Its subject or title on a line of its own, after the
        first line, means: from here on, the invitation.
        """
        lines = text.splitlines()
        for number, line in enumerate(lines[1:], start=1):
            if self._is_invitation_heading(line):
                return "\n".join(lines[:number])
        return text

    def _is_invitation_heading(self, line: str) -> bool:
        plain = " ".join(strip_subject(line.replace(">", " ")).split()).lower()
        if len(plain) < 20:
            return False
        return any(plain == h or (h in plain and len(plain) <= len(h) * 1.3) for h in self._headings)

    @functools.cached_property
    def _headings(self) -> tuple[str, ...]:
        found = []
        for event in self.config.events:
            for text in (event.title, event.invitation_subject or ""):
                plain = " ".join(strip_subject(text).split()).lower()
                if len(plain) >= 20:
                    found.append(plain)
        return tuple(found)

    @functools.cached_property
    def _invitation_domains(self) -> frozenset[str]:
        return frozenset(
            e.invitation_message_id.rpartition("@")[2].strip(">").lower()
            for e in self.config.events
            if e.invitation_message_id
        )

    def is_ours(self, email: str) -> bool:
        """Our mailbox; with no mailbox in config (classify), any address of the invitation's domain."""
        if self.own.addresses:
            return email in self.own.addresses
        return email.rpartition("@")[2] in self._invitation_domains

    def at_our_domain(self, email: str) -> bool:
        """An address of the association's own domain (the office's colleagues: "u.woitanowski@…")."""
        domain = email.rpartition("@")[2].lower()
        return domain in self._invitation_domains or any(
            a.rpartition("@")[2] == domain for a in self.own.addresses
        )

    def is_mailbox(self, email: str) -> bool:
        """The bot's own mailbox; with none in config (classify), an office address of our domain:
        a mail to the spokesperson's "ag-kommune@" with info@ in Cc is not written to the bot."""
        if self.own.addresses:
            return email in self.own.addresses
        return self.is_ours(email) and email.partition("@")[0] in OFFICE_MAILBOXES

    def classify_bytes(self, raw: bytes, now: datetime, known: KnownThreads = lambda _: None) -> Reading:
        return self.classify(parse(raw), now, known)

    def classify(self, mail: ParsedMail, now: datetime, known: KnownThreads = lambda _: None) -> Reading:
        reading = Reading(mail=mail, verdict=detect(mail, self.own), at=mail.date or now)
        for decide in DECISIONS:
            result = decide(self, reading, known)
            if result is not None:
                reading.result = result
                break
        for gate in GATES:
            reading.result = gate(self, reading, reading.result)
        return reading


@dataclass
class Finding:
    """One clause that registers or cancels."""

    clause: Clause
    intent: Intent
    strong: bool
    event: str | None
    event_reason: str
    persons: people.Persons
    rule: str


@dataclass
class Reading:
    """What the pipeline learns about one mail, step by step."""

    mail: ParsedMail
    verdict: MachineVerdict
    at: datetime  # the reference time for "upcoming" and "late": the mail's Date
    result: Classification = field(
        default_factory=lambda: Classification(Intent.OTHER, None, (), (), True, ("nicht gelesen",))
    )
    hits: list[tuple[Clause, tuple[Hit, ...]]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # reasons to put the mail before staff
    last_named: list[Address] = field(default_factory=list)  # the people the text named last
    last_unreached: list[str] = field(default_factory=list)  # … by a name the mail has no address for
    notes: list[str] = field(default_factory=list)  # reasons worth telling staff, no doubt
    absence_unsure: str = ""  # an absence outside the meeting, written by a person: staff decide
    _thread: tuple[str | None, str] | None = None
    _phishing: set[str] | None = None
    _lowered: str | None = None

    def lowered(self) -> str:
        """The text and the subject in lower case, for the word lists searched over a whole mail."""
        if self._lowered is None:
            self._lowered = (self.mail.reply_text + "\n" + self.mail.subject).lower()
        return self._lowered

    def thread(self, c: Classifier, known: KnownThreads) -> tuple[str | None, str]:
        """The event the mail's thread belongs to, and why: asked by several decisions, looked up once
        (in the worker `known` reads the store)."""
        if self._thread is None:
            self._thread = c.finder.from_thread(self.mail, known)
        return self._thread

    def phishing_signs(self) -> set[str]:
        """The phishing words of subject and text when there are three or more: a bounce-looking mail
        and the `phishing` decision both ask, the text is searched once."""
        if self._phishing is None:
            found = {m.group(0) for m in PHISHING.finditer(self.lowered())}
            self._phishing = found if len(found) >= 3 else set()
        return self._phishing

    @property
    def sender(self) -> str:
        return self.mail.sender.email if self.mail.sender else ""

    @property
    def signals(self) -> set[Signal]:
        return {hit.signal for _, hits in self.hits for hit in hits}

    def rules_fired(self, signal: Signal) -> list[str]:
        return [hit.name for _, hits in self.hits for hit in hits if hit.signal is signal]


def _result(
    intent: Intent, reasons: list[str], *, review: bool = False, no_reply: bool = False, lang: str = "de"
) -> Classification:
    return Classification(intent, None, (), (), review, tuple(reasons), language=lang, no_reply=no_reply)


# ---- decisions, in order ----------------------------------------------------------------------


def machine(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """Bounces, auto replies, lists and our own mail are never read as prose."""
    v = r.verdict
    if v.kind is MachineKind.HUMAN:
        return None
    if v.kind is MachineKind.BOUNCE and r.mail.report_type != "delivery-status" and r.phishing_signs():
        return None  # "postmaster@mail-speicher-center.net: Ihr Postfach ist voll": left to `phishing`
    intent = {
        MachineKind.BOUNCE: Intent.BOUNCE,
        MachineKind.AUTO_REPLY: Intent.AUTO_REPLY,
    }.get(v.kind, Intent.OTHER)
    reasons = list(v.reasons) or [v.kind.value]
    return Classification(intent, None, (), (), False, tuple(reasons), failures=v.failures, no_reply=True)


def calendar_answer(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """Outlook's "Zugesagt:/Abgelehnt:/Mit Vorbehalt angenommen:" answers carry a METHOD:REPLY part."""
    reply = r.mail.calendar_reply
    if reply is None:
        return None
    status = reply.partstat.upper()
    event, why = _default_event(c, r, known, extra=reply.summary)
    sender = _sender_address(r.mail)
    if event is None or sender is None:
        return _result(Intent.OTHER, [f"Kalenderantwort {status}, Termin unklar"], review=True)
    if status == "ACCEPTED":
        intent, reasons = Intent.REGISTER, [f"Kalenderantwort: zugesagt ({why})"]
    elif status == "DECLINED":
        intent, reasons = Intent.CANCEL, [f"Kalenderantwort: abgelehnt ({why})"]
    else:
        intent, reasons = Intent.REGISTER, [f"Kalenderantwort: {status.lower()} ({why})"]
        r.review.append("Zusage nur unter Vorbehalt")
    action = Action(intent, event, (sender,))
    return Classification(
        intent, event, (sender,), (), False, tuple(reasons), language=_lang(r), actions=(action,)
    )


def copied_only(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """info@ only in Cc of a conversation between others, not in our thread: not for the bot."""
    to = [a.email for a in r.mail.to]
    in_copy = any(c.is_ours(a.email) for a in (*r.mail.to, *r.mail.cc))
    if (to == [r.sender] or not to) and not in_copy and r.thread(c, known)[0] is None:
        # A circular sent to the sender's own address or to "undisclosed-recipients", everyone in Bcc.
        return _result(Intent.OTHER, ["Rundmail, wir nur in Blindkopie"], lang=_lang(r))
    if not _only_in_copy(c, r):
        return None
    event, _why = r.thread(c, known)
    if event is not None and not FORWARD.match(r.mail.subject):
        return None
    if TO_US_IN_COPY.search(r.mail.reply_text):
        return None  # "Frau Woitanowski, ich habe Sie in Kopie gesetzt: Bitte melden Sie Frau Sommer an."
    to_us = _part_to_someone_in_copy(c, r)
    if to_us:
        # "Liebe Frau Kühn, bitte nehmen Sie den Termin für uns wahr. ⏎ Liebe Frau Woitanowski, zur
        # Kenntnis: Frau Kühn nimmt teil.": only the part written to us is read, and staff check it
        r.mail = replace(r.mail, reply_text=to_us)
        r.review.append("Mail an andere, die Geschäftsstelle in Kopie; nur der Absatz an sie gelesen")
        return None
    return _result(Intent.OTHER, ["Geschäftsstelle nur in Kopie (CC)"], lang=_lang(r))


def _part_to_someone_in_copy(c: Classifier, r: Reading) -> str:
    """The text from a greeting by name further down the mail, to none of its addressees: a word to
    someone in Cc, which is us; "" when there is none."""
    # everyone else the mail goes to, by name and by address ("Liebe Frau Kühn" to k.kuehn@…)
    names = {
        people.fold(part)
        for a in (*r.mail.to, *r.mail.cc)
        if not c.at_our_domain(a.email)
        for part in f"{a.name} {a.email.split('@')[0]}".replace(",", " ").replace(".", " ").split()
    }
    lines = r.mail.reply_text.strip().splitlines()
    for number, line in enumerate(lines[1:40], start=1):
        greeting = people.SALUTATION.match(line.strip())
        if greeting is None or PERSONAL_GREETING.search(greeting.group(0)) is None:
            continue
        words = {people.fold(w) for w in greeting.group(0).split()}
        if not words & names:
            return "\n".join(lines[number:])
    return ""


def _greets_an_addressee(r: Reading) -> bool:
    """ "Liebe Ute," to Ute Bertel, the office in Cc: the mail speaks to her."""
    opening = r.mail.reply_text.lstrip()[:80]
    greeting = people.SALUTATION.match(opening)
    if greeting is None:
        return False
    words = {w.strip(",!:").lower() for w in greeting.group(0).split()}
    names = {part.lower() for a in r.mail.to for part in (a.name or "").replace(",", " ").split()}
    return bool(words & names)


def _only_in_copy(c: Classifier, r: Reading) -> bool:
    """Our mailbox is in Cc and not among the addressees."""
    return not any(c.is_mailbox(a.email) for a in r.mail.to) and any(c.is_mailbox(a.email) for a in r.mail.cc)


def phishing(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """Account phishing outside our threads is nobody's answer, whatever it says about meetings."""
    if r.thread(c, known)[0] is not None:
        return None
    signs = r.phishing_signs()
    if not signs:
        return None
    return _result(Intent.OTHER, ["sieht nach Phishing aus: " + ", ".join(sorted(signs))], lang=_lang(r))


def advertising(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """ "Unsere Experten prüfen kostenlos und unverbindlich … bis zu 30.000 € … Abmelden": an offer
    outside our threads, whatever its unsubscribe link says."""
    if r.thread(c, known)[0] is not None:
        return None
    sales = {m.group(0) for m in COMMERCIAL.finditer(r.lowered())}
    if len(sales) < 3:
        return None
    # an offer that also says "ich möchte mich anmelden" in a sentence of its own: staff look at it
    review = _answers_the_invitation(r)
    return _result(
        Intent.OTHER, ["Werbung oder Angebot: " + ", ".join(sorted(sales))], review=review, lang=_lang(r)
    )


def _answers_the_invitation(r: Reading) -> bool:
    """A clear yes or no in a sentence with "ich"/"wir" of four words or more (not an offer's lone
    "Abmelden" link)."""
    return any(
        hit.strong and hit.signal in (Signal.REGISTER, Signal.CANCEL)
        for clause in clauses(r.mail.reply_text)
        if len(clause.lower.split()) >= 4 and FIRST_PERSON_WORD.search(clause.lower)
        for hit in read_clause(clause.lower)
    )


def prose(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """Read what the person wrote, clause by clause."""
    text = c.without_invitation(r.mail.reply_text)
    # Colleagues named in the text may have their address only in the header ("(in Kopie)").
    header_people = [a.email for a in (*r.mail.cc, *r.mail.to) if "@" in a.email and not c.is_ours(a.email)]
    # Or only in a quoted or forwarded header ("melde ich Herrn Bürgermeister Osterloh an" above the
    # forwarded "Von: Osterloh, Frank <frank.osterloh@…>"); last, so the mail's own addresses win.
    all_addresses = people.AddressBook(
        [email for email, _s, _e in people.addresses(text)] + header_people,
        lambda: [e for e, _s, _e in people.addresses(r.mail.forwarded_text + "\n" + r.mail.quoted_text)][
            :200
        ],
        {a.email: a.name for a in (*r.mail.cc, *r.mail.to) if a.name},
    )
    default_event, default_why = _default_event(c, r, known)
    parts = clauses(text)
    for number, clause in enumerate(parts):
        hits = read_clause(clause.lower)
        r.hits.append((clause, hits))
        _remember_named(c, r, clause, all_addresses)
        intent, strong, rule = _clause_intent(hits)
        intent = _meant_now(c, r, clause, intent, rule)
        if intent is None and _absent_on_the_day(c, r, clause, hits):
            # "Am 22.6. bin ich im Urlaub" is a person declining, not an out-of-office reply.
            intent, strong, rule = Intent.CANCEL, True, "abwesend_am_termin"
        if intent is None:
            continue
        _absence_doubts(r, clause, intent, rule, hits)
        event, why = _clause_event(c, r, parts, number, default_event, default_why, intent)
        items = _list_items(parts, number)
        scope = " ".join([*_lead_in(r, clause), clause.text, *(item.text for item in items)])
        persons = people.persons_in(scope, r.sender, c.own.addresses, all_addresses)
        _listed_without_address(items, persons)
        _written_for_the_owner(r, clause, persons)
        _form_for_someone_else(r, clause, items, persons)
        ahead = " ".join(p.text for p in parts[number + 1 : number + 3] if p.sentence == clause.sentence)
        _resolve_pronoun(
            r, persons, scope, people.named_others(ahead, r.sender, c.own.addresses, all_addresses), intent
        )
        _address_given_elsewhere(c, r, persons, scope, text)
        if rule == "kollegin_schicken" and (persons.others or persons.unknown):
            persons.sender = False  # "Ich möchte meine Kollegin schicken": she comes, not the sender
        if _people_left_open(r, parts, number, intent, persons, scope):
            continue  # only someone who will register herself
        several: list[str | None] = [*_several_meant(c, r, clause, intent, default_event)]
        if several:
            why = "im Text genannt, mehrere Termine in einem Satz"
        for each in several or [event]:
            r.findings.append(Finding(clause, intent, strong, each, why, persons, rule))
    if not r.findings and Signal.QUESTION in r.signals:
        _late_join(c, r, parts, all_addresses, default_event, default_why)
    if not r.findings and not (r.signals & {Signal.QUESTION, Signal.TENTATIVE}):
        _read_subject(c, r, all_addresses, default_event, default_why)
    _drop_promises(r, r.thread(c, known)[0])
    return _settle(c, r) if r.findings else None


def _settle(c: Classifier, r: Reading) -> Classification:
    """What the findings of the prose come to: a question asked before anything else, or actions."""
    if Signal.QUESTION in r.signals:
        asked_first = _asked_first(r)
        if asked_first:
            return _result(Intent.QUESTION, [asked_first], lang=_lang(r))
    _wishes_with_a_but(r)
    _on_a_condition(c, r)
    return _decide_actions(c, r)


def _on_a_condition(c: Classifier, r: Reading) -> None:
    """A yes on a condition that the meeting as planned may not meet ("Falls der Termin verschoben
    wird, wäre ich gern dabei", "Falls es eine Möglichkeit gibt, sich digital zuzuschalten, …",
    "If the meeting were in the afternoon, I would love to join") goes to staff; "falls noch ein Platz
    frei ist", "wenn es noch irgendwie geht" are for the office to grant by registering. Next to a
    plain yes ("Ich melde mich an. Sollte es doch online stattfinden, bin ich auch dabei") a condition
    is a fallback."""
    conditions = [
        _condition(f.clause.text, _held_online(c, f.event)) for f in r.findings if f.intent is Intent.REGISTER
    ]
    if all(conditions):
        r.review.extend(f"Zusage nur unter einer Bedingung: „{_short(said)}“" for said in conditions)


def _condition(text: str, online: bool) -> str:
    """The condition a clause is said on, when it doubts the meeting as planned (joining online is no
    doubt about a meeting held online)."""
    found = CONDITION_PART.search(text)
    if found is None:
        return ""
    condition = found.group(0)
    doubts = (
        DOUBTFUL.search(condition)
        or (WOULD_BE.search(condition) and not GRANTED.search(condition))
        or (FORMAT.search(condition) and not online)
        or (IN_PERSON.search(condition) and online)
    )
    return condition if doubts else ""


def _held_online(c: Classifier, event_id: str | None) -> bool:
    event = next((e for e in c.config.events if e.id == event_id), None)
    return event is not None and (event.online or ONLINE_PLACE.search(event.location) is not None)


def _list_change(text: str) -> bool:
    """A change to the mailing list asked for: "nehmen Sie meine Nachfolgerin in den Verteiler auf"."""
    return bool(MAILING_LIST.search(text) and LIST_CHANGE.search(text))


def _noted_list_change(r: Reading) -> bool:
    """A clause already read as a change to the mailing list (see LIST_NOTE)."""
    return any(note.startswith(LIST_NOTE) for note in r.notes)


def _list_change_in(mail_text: str) -> bool:
    """A mail that, taken as a whole, changes the mailing list, a new address for it included."""
    return _list_change(mail_text) or NEW_ADDRESS.search(mail_text) is not None


def _drop_promises(r: Reading, answered: str | None) -> None:
    """ "Für den 4. September muss ich leider absagen. Im November bin ich gerne wieder dabei.": next to
    a decline, a friendly "wieder dabei" for another meeting is a promise, not a registration. Not a
    plain yes to the meeting whose invitation the mail answers ("am 22. Juni nehme ich gern teil. Für
    Göttingen kann ich dagegen schon jetzt absagen")."""
    declined = {f.event for f in r.findings if f.intent is Intent.CANCEL and f.strong}
    if not declined:
        return
    kept = []
    for f in r.findings:
        soft = f.intent is Intent.REGISTER and f.rule not in EXPLICIT_REGISTER
        plain_yes = f.event == answered and f.strong and f.event_reason == "im Text genannt"
        soft = soft and not (plain_yes and f.event not in declined and not CONDITION.match(f.clause.text))
        named = f.event_reason == "im Text genannt"
        if soft and (f.persons.others or f.persons.unknown) and not f.persons.sender:
            # "Ich bin verhindert, dann kommt aber Frau Kunze": someone else comes in the sender's
            # place; that is no promise of the sender's to drop.
            kept.append(f)
        elif soft and f.event not in declined:
            # "Am 22.6. kann ich nicht. Göttingen habe ich mir aber schon vorgemerkt.": only an explicit
            # "melden Sie mich für Göttingen an" registers for another meeting next to a decline.
            r.notes.append(f"für ein anderes Treffen nur in Aussicht gestellt: „{_short(f.clause.text)}“")
        elif soft and AGAIN.search(f.clause.text) and not named:
            # "… bin ich leider im Urlaub. Nach den Sommerferien bin ich gerne wieder dabei."
            r.notes.append(f"nur für später in Aussicht gestellt: „{_short(f.clause.text)}“")
        elif soft and f.event in declined and (CONDITION.match(f.clause.text) or IF_SO.match(f.clause.text)):
            # "muss ich leider absagen. Falls es eine Online-Zuschaltung gibt, wäre ich gern dabei."
            r.notes.append(f"nur unter einer Bedingung, die nicht erfüllt ist: „{_short(f.clause.text)}“")
        else:
            kept.append(f)
    r.findings[:] = kept


def _wishes_with_a_but(r: Reading) -> None:
    """ "Ich würde gern teilnehmen, aber ich bin an dem Tag im Urlaub", "I would love to join but I am
    travelling that week": a wish followed by a "but" is no registration. The sender's own decline in
    the "but" stands alone; a "but" with a regret that no rule read goes to staff; a "but" that only
    limits the time or the way ("…, allerdings nur bis 11 Uhr", "…, but only until 11 as I'm
    travelling then") registers, as does "…, aber mein Kollege kann leider nicht"."""
    kept = []
    for f in r.findings:
        if f.intent is not Intent.REGISTER or f.rule in EXPLICIT_REGISTER or not _wish_with_a_but(r, f):
            kept.append(f)
            continue
        after = _clause_after(r, f.clause)
        if (
            after is None
            or LIMITED.match(after.text)
            or PART_OF_IT.search(after.text)
            or STILL_OK.search(after.text)
        ):
            kept.append(f)
            continue
        declined = any(
            g.intent is Intent.CANCEL and g.clause is after and g.event == f.event and g.persons.sender
            for g in r.findings
        )
        if declined:
            r.notes.append(f"Wunsch mit Einschränkung, die Absage gilt: „{_short(f.clause.text)}“")
            continue
        if REGRET.search(after.text) or CONFLICT.search(after.text) or not LIMITS.search(after.text):
            # "Ich käme gerne, aber am 22.6. habe ich eine Stadtratssitzung": staff read what the "but" says
            r.review.append(f"Wunsch mit Einschränkung: „{_short(f.clause.text)}“")
        kept.append(f)
    r.findings[:] = kept


def _clause_after(r: Reading, clause: Clause) -> Clause | None:
    """The clause right after `clause` in the same sentence (the "but" part of "…, aber …")."""
    read = [cl for cl, _ in r.hits]
    at = next((n for n, cl in enumerate(read) if cl is clause), None)
    if at is None or at + 1 >= len(read) or read[at + 1].sentence != clause.sentence:
        return None
    return read[at + 1]


def _asked_first(r: Reading) -> str:
    """A registration that waits for the answer to the mail's question, or a decline that is only
    a maybe ("I may have a clash … if at all. Will it be recorded?"), makes the mail a question."""
    intents = {f.intent for f in r.findings}
    if intents == {Intent.REGISTER}:
        before = next((cl.text for cl, _ in r.hits if PRECONDITION.search(cl.text)), "")
        if before:
            return f"Frage vor der Anmeldung: „{_short(before)}“"
        implicit = all(f.rule not in EXPLICIT_REGISTER for f in r.findings)
        unsettled = (
            next((cl.text for cl, _ in r.hits if SETTLE_FIRST.search(cl.text)), "") if implicit else ""
        )
        if unsettled:
            # "Gibt es schon einen Tagungsort? Ich würde gern kommen, wir müssen aber die Fahrt abstimmen."
            return f"Frage, die Teilnahme hängt noch von etwas ab: „{_short(unsettled)}“"
        if all(
            (
                IF_SO.match(f.clause.text)
                or (CONDITION.match(f.clause.text) and ASKED_IF.search(f.clause.text))
            )
            and (implicit or (WOULD.search(f.clause.text) and not HEREBY.search(f.clause.text)))
            for f in r.findings
        ):
            # "Wird es die Möglichkeit geben, sich per Video zuzuschalten? Dann wäre ich gern dabei.",
            # "Gibt es schon eine Tagesordnung? Dann würde ich mich kurzfristig anmelden."
            return f"Frage, die Teilnahme hängt von der Antwort ab: „{_short(r.findings[0].clause.text)}“"
        if implicit and all(_wish_with_a_but(r, f) for f in r.findings):
            # "Could you tell me whether it will be in German? I would love to join but my German is
            # very basic.": the wish waits for the answer.
            return f"Frage, dazu ein Wunsch mit Einschränkung: „{_short(r.findings[0].clause.text)}“"
        only_self = all(f.persons.sender and not (f.persons.others or f.persons.unknown) for f in r.findings)
        if implicit and only_self and ALREADY_IN.search(r.mail.reply_text):
            # "Danke für die Zugangsdaten. Muss ich ein Konto anlegen? Ich nehme mit dem iPad teil."
            return "Frage von jemandem, der die Zugangsdaten schon hat"
    if intents == {Intent.CANCEL}:
        late = any(
            LATE_ASKED.search(cl.text)
            for cl, hits in r.hits
            if any(h.signal is Signal.QUESTION for h in hits)
        )
        if late and all(f.rule == "wäre_gewesen" for f in r.findings):
            # "Ich wäre gern dabei gewesen, hatte die Frist aber verpasst. Geht es noch?": a late request
            return f"Frage, dazu ein Bedauern: „{_short(r.findings[0].clause.text)}“"
        hedged = [
            f.clause.text
            for f in r.findings
            if any(h.signal is Signal.TENTATIVE for cl, hits in r.hits if cl is f.clause for h in hits)
        ]
        if len(hedged) == len(r.findings):
            return f"Frage, dazu nur eine mögliche Absage: „{_short(hedged[0])}“"
    return ""


def _wish_with_a_but(r: Reading, f: Finding) -> bool:
    """A would-be registration whose sentence goes on with "but": "I would love to join but my German
    is very basic"."""
    words = f.clause.text.split()[-3:]
    if not words or not WOULD.search(f.clause.text):
        return False
    goes_on = r"\s+".join(map(re.escape, words)) + r"\s*[,-]?\s*(?:but|aber|allerdings|jedoch)\b"
    return re.search(goes_on, r.mail.reply_text, re.IGNORECASE) is not None


def _thanks_after_the_meeting(c: Classifier, r: Reading, known: KnownThreads) -> bool:
    """Thanks after a meeting (in its thread, or within a week of it) are about the meeting that was."""
    thread, _why = r.thread(c, known)
    return any(
        r.at >= e.starts and (e.id == thread or r.at <= e.starts + timedelta(days=7)) for e in c.config.events
    )


def _without_other_answers(text: str, intent: Intent | None) -> str:
    """ "Leider muss ich diesmal passen, im September bin ich wieder dabei": the part after the comma
    that says yes names the meeting of the yes, not of the decline (and the other way round)."""
    if intent is None or ", " not in text:
        return text
    pieces = text.split(", ")
    kept = [p for p in pieces if _answers(p) in (None, intent)]
    return ", ".join(kept) if len(kept) < len(pieces) else text


def _answers(piece: str) -> Intent | None:
    """What one piece of a clause answers by itself; an absence ("am 22. bin ich im Urlaub") is a no.
    A noun alone answers nothing: in "Meine Anmeldung für Göttingen, die ich geschickt habe, muss ich
    zurückziehen" the first piece names what the rest withdraws."""
    hits = read_clause(piece.lower())
    if NOUN_ONLY.match(piece) and all(h.signal is Signal.REGISTER for h in hits):
        return None
    intent = _clause_intent(hits)[0]
    if intent is None and any(h.signal is Signal.ABSENT for h in hits):
        return Intent.CANCEL
    return intent


def _asked_before(r: Reading) -> bool:
    """The clause just before the current (last) one asks about a way to take part ("Kann man sich
    auch per Telefon dazuschalten?")."""
    # up to three clauses back: "Wird es eine Zoom-Einwahl geben? Falls ja, bin ich dabei. Sonst …"
    for before, hits in reversed(r.hits[-4:-1]):
        if any(h.signal is Signal.QUESTION for h in hits):
            return WAY_TO_JOIN.search(before.text) is not None
    return False


def _absent_on_the_day(c: Classifier, r: Reading, clause: Clause, hits: tuple[Hit, ...]) -> bool:
    if not any(h.signal is Signal.ABSENT for h in hits):
        return False
    absent = _absence_at_the_meeting(c, r, clause)
    still_deciding = UNDECIDED.search(r.lowered())
    if absent and still_deciding:
        # the rest of its sentence: "ob ich rechtzeitig zurück bin", "ob ich im September kann"
        after = re.split(
            r"[.!?\n]", r.lowered()[still_deciding.end() : still_deciding.end() + 120], maxsplit=1
        )[0]
        in_clause = UNDECIDED.search(clause.lower)
        before = clause.lower[: in_clause.start()] if in_clause else clause.lower
        if set(c.finder.mentions(after)) <= set(c.finder.mentions(before)):
            # "Vom 15. bis 25. Juni bin ich verreist, ich weiß noch nicht, ob ich mich von unterwegs
            # zuschalten kann", "… ob ich rechtzeitig zur Videokonferenz zurück bin": away, and still
            # deciding; "… und weiß nicht, ob ich im September kann" is about another meeting and
            # leaves the decline standing
            _once(r.review, f"Abwesenheit, dazu noch unentschieden: „{_short(clause.text)}“")
    return absent


def _absence_at_the_meeting(c: Classifier, r: Reading, clause: Clause) -> bool:
    text = clause.text
    undecided = UNDECIDED.search(clause.lower)
    if (
        undecided
        and THAT_DAY.search(text[undecided.end() :])
        and not THAT_DAY.search(text[: undecided.start()])
    ):
        # "… verreist und kann erst danach sagen, ob ich am 22. teilnehmen kann": the day is the one
        # undecided, so no decline; staff see it
        r.absence_unsure = f"Abwesenheit, dazu noch unentschieden: „{_short(text)}“"
        return False
    if THAT_DAY.search(LATER_ABOUT.sub(" ", text)):
        return True
    notice = AWAY_NOTICE.search(text)
    if notice and RETURN_NOTICE.search(r.mail.reply_text) and not (_asks_to_register(r) or _personal(r)):
        return False  # "Ich bin vom 15. bis 26. Juni in Urlaub. Ab dem 29. bin ich wieder erreichbar."
    mentions = c.finder.mentions(text)
    if mentions and not GOES_ON.search(text) and c.finder.outside_span(mentions, text):
        # "ich bin bis zum 14. Juni verreist": back before the meeting of 22 June. A notice says so
        # to everyone ("Liebe Absenderin, lieber Absender"); a member's own note goes to staff.
        if not (NOTICE_WORDS.search(r.mail.reply_text) and not _personal(r)):
            r.absence_unsure = f"Abwesenheit außerhalb des Termins: „{_short(text)}“"
        return False
    return bool(mentions or (DAY_ASKED.search(text) and not notice))


def _personal(r: Reading) -> bool:
    """Written by a person to us, not by an absence notice: words about the meeting itself, or a
    greeting by name ("Liebe Frau Woitanowski,"); never with a notice's own terms ("In dringenden
    Fällen …"). A quote alone proves nothing: some notices quote the mail they answer."""
    text = r.mail.reply_text
    if MACHINE_NOTICE.search(text):
        return False  # the safer reading: a member on holiday stays registered, a robot gets no mail
    if PERSONAL_WORDS.search(text):
        return True
    greeting = people.SALUTATION.match(text.lstrip()[:80])
    return greeting is not None and PERSONAL_GREETING.search(greeting.group(0)) is not None


def _signed_by(r: Reading, name: str) -> bool:
    """The mail ends with this person's name as a line of its own (the signature)."""
    wanted = _name_words(name)
    if len(wanted) < 2:
        return False
    last = [line.strip() for line in r.mail.reply_text.strip().splitlines()[-6:] if line.strip()]
    return any(_name_words(line) == wanted for line in last)


# "Bin auch dabei", "Muss leider ebenfalls absagen": the sender, with the subject left out.
TOO_OR_SELF = re.compile(
    r"\b(?:auch|ebenfalls|gleichfalls|too|as well)\b|^\W*(?:bin|komme|nehme|muss|kann|werde|habe|möchte|würde|sage|melde)\b",
    re.IGNORECASE,
)


def _same_people_as_before(r: Reading, persons: people.Persons, scope: str, intent: Intent) -> bool:
    """ "leider muss Herr Bürgermeister Dr. Keller (…) absagen; ein kurzfristiger Termin ist
    dazwischengekommen": a reason without a person, right after the same answer for someone else, is
    about that someone, not about the sender."""
    if persons.others or persons.unknown or not persons.sender or people.FIRST_PERSON.search(scope):
        return False
    if TOO_OR_SELF.search(scope):
        return False  # "Frau Meyer kommt gerne. Bin auch dabei.": the sender, said short
    before = r.findings[-1] if r.findings else None
    if before is None or before.intent is not intent or before.persons.sender or not before.persons.others:
        return False
    persons.others, persons.sender = list(before.persons.others), False
    return True


def _announced_count(text: str) -> int:
    """How many people a clause announces: "kommen drei Leute", "wir sind zu dritt" (0: no number)."""
    found = PEOPLE_COUNT.search(text)
    if found is None:
        return 0
    word = (found.group(1) or found.group(2) or "").lower()
    return int(word) if word.isdigit() else COUNT_WORDS.get(word, 0)


def _remember_named(c: Classifier, r: Reading, clause: Clause, all_addresses: people.AddressBook) -> None:
    """Who the text named last, for an "er", "sie", "wir beide" later."""
    named, unreached = people.named_in(clause.text, r.sender, c.own.addresses, all_addresses)
    if named:
        r.last_named, r.last_unreached = named, []
    elif unreached:
        # "meine Kollegin Miriam Sauer … Wir müssen beide passen", her address nowhere in the mail
        r.last_unreached = unreached


def _people_left_open(
    r: Reading, parts: list[Clause], number: int, intent: Intent, persons: people.Persons, scope: str
) -> bool:
    """People the clause leaves open, for staff: "Bitte melden Sie mich und meinen Kollegen an" (who is
    he, where do his access data go?), "kommen drei Leute:" with two named. True when the clause is only
    about someone who registers himself ("Herr Kreuzer möchte ebenfalls dabei sein; er wird Ihnen noch
    selbst schreiben"): this mail does not register him."""
    clause = parts[number]
    if intent is Intent.REGISTER and not (persons.others or persons.unknown) and WITH_SOMEONE.search(scope):
        r.review.append(f"eine weitere Person ohne Namen und Adresse: „{_short(clause.text)}“")
    announced = _announced_count(clause.text)
    found = len(persons.others) + len(persons.unknown) + (1 if persons.sender else 0)
    if intent is Intent.REGISTER and announced > found:
        # "von der Bürgerstiftung kommen drei Leute:" and two of them listed with an address
        r.review.append(f"{announced} Personen angekündigt, {found} erkannt: „{_short(clause.text)}“")
    if persons.unknown and not persons.others:
        after = " ".join(p.text for p in parts[number : number + 2])
        if WRITES_HIMSELF.search(after):
            r.notes.append("meldet sich selbst: " + ", ".join(persons.unknown))
            persons.unknown.clear()
            return not persons.sender
    return False


def _lead_in(r: Reading, clause: Clause) -> list[str]:
    """'Nicht nur ich, sondern auch mein Kollege ... nimmt teil': the clauses before, in the same
    sentence, that say nothing by themselves, name people for the one that does."""
    lead: list[str] = []
    said = {id(f.clause) for f in r.findings}  # "ich selbst bin am 22. verreist, aber …" said no already
    for earlier, hits in reversed(r.hits[:-1]):
        if earlier.sentence != clause.sentence or _clause_intent(hits)[0] is not None or id(earlier) in said:
            break
        lead.insert(0, earlier.text)
    return lead


def _list_items(parts: list[Clause], number: int) -> list[Clause]:
    """'Aus unserem Haus nehmen teil:' followed by one line per person: those lines belong to it. The
    colon may be missing when a bulleted list is announced ("Angemeldet werden sollen daher⏎- Judith
    Kramer, …", "folgende Kolleginnen nehmen teil⏎- …")."""
    if _aside_before_list(parts, number):
        return []  # the list belongs to the clause before it
    if _aside_before_list(parts, number + 1):
        number += 1  # "… nehmen zwei Kolleginnen teil, ich selbst bin im Urlaub:⏎- …": this clause's list
    opens = LIST_OPENER.search(parts[number].text) and not BRINGS.search(parts[number].text)
    bulleted = number + 1 < len(parts) and parts[number + 1].bullet and opens
    # "Anmeldung zur Zoom-Konferenz am 22.06.2020⏎Name: Elke Thielen⏎…⏎E-Mail: e.thielen@…": a form
    form = number + 1 < len(parts) and FORM_NAME.match(parts[number + 1].text) is not None
    if not (parts[number].text.rstrip().endswith(":") or bulleted or form):
        return []
    items = []
    for clause in parts[number + 1 : number + 1 + 30]:
        text = clause.text
        if people.CLOSING.match(text):
            break  # "Viele Grüße": the list is over
        if not (
            people.EMAIL.search(text)
            # "- ich selbst (Vorsitzende)"; not a sentence of its own: "Ich selbst bin an dem Tag in …"
            or (people.FIRST_PERSON.search(text) and (clause.bullet or len(text) <= LIST_ITEM_CHARS))
            or LIST_NAME.match(text)
            or LIST_FIELD.match(text)
            or _list_person(clause)
        ):
            break
        hits = read_clause(clause.lower)
        if _clause_intent(hits)[0] is not None or any(h.signal is Signal.ABSENT for h in hits):
            break  # "Ich selbst nehme nicht teil", "Ich selbst bin an dem Tag im Urlaub": of its own
        items.append(clause)
    return items


def _aside_before_list(parts: list[Clause], number: int) -> bool:
    """ "…, ich selbst bin an dem Tag im Urlaub:" closing a sentence whose clause before registers or
    declines: an aside about the sender, and the list below is the people of the clause before."""
    if not 0 < number < len(parts):
        return False
    aside, before = parts[number], parts[number - 1]
    if not (
        aside.sentence == before.sentence
        and aside.text.rstrip().endswith(":")
        and SELF_ASIDE.match(aside.text) is not None
        and not before.text.rstrip().endswith(":")
    ):
        return False
    # only the sender's own answer beside the other answer for the people announced ("…, ich selbst bin
    # aber dabei:" after "Leider müssen folgende Kolleginnen absagen"); not "Leider kann ich nicht
    # teilnehmen, ich selbst schicke aber folgende Kolleginnen:", whose list is the aside's own
    own, theirs = _answers(aside.text), _answers(before.text)
    return own is not None and theirs is not None and own is not theirs


def _named(match: re.Match[str] | None) -> str:
    """The name a match gives: two words or more once titles and field labels ("Frau", "Referat") are off."""
    if match is None:
        return ""
    words = [w for w in match.group(1).split() if w not in people.NOT_A_NAME]
    return " ".join(words) if len(words) >= 2 else ""


def _person_named(match: re.Match[str] | None) -> str:
    """As `_named`, but not an office or a body ("Stadt Wetzlar", "Seniorenbüro Stadt Wetzlar")."""
    name = _named(match)
    return name if match is not None and name and match.group(1).split()[0] not in ORG_WORDS else ""


def _plain_list_name(clause: Clause) -> str:
    """A name alone on its line: "Es nehmen teil:⏎Petra Lohmann⏎…"."""
    return _person_named(BULLET_PERSON.match(clause.text)) if LIST_NAME.match(clause.text) else ""


def _opens_with_name(clause: Clause) -> bool:
    """ "Werner Buchholz (stellv. Vorsitzender), werner.buchholz@…": a list line of its own person."""
    if _list_person(clause):
        return True
    match = BULLET_PERSON.match(clause.text)
    # a name and then its role or its address ("Jonas Weber, j.weber@…"), not an office or a body
    # ("Stadt Wetzlar, p.lohmann@…", "Büro Oberbürgermeister, …")
    if match is None or not _person_named(match):
        return False
    rest = clause.text[match.end() :].lstrip()
    if rest.startswith(("(", ",", "–", "-")):
        return True
    found = people.EMAIL.search(clause.text)
    return found is not None and people.owns_mailbox(match.group(1), found.group(1).lower())


def _list_person(clause: Clause) -> str:
    """The person a list item opens with: "3. Dr. Eva Roth, Kämmerei", "- Ilona Schrader (Vorstand)"."""
    # also a line that is only a name and a role, without a marker: "Ingrid Pahl (Vorsitzende)"
    plain = clause.bullet or (
        clause.text.rstrip(" ,:–-").endswith(")") and LIST_NAME.match(clause.text) is not None
    )
    return _named(LIST_PERSON.match(clause.text) or (BULLET_PERSON.match(clause.text) if plain else None))


def _form_for_someone_else(r: Reading, clause: Clause, items: list[Clause], persons: people.Persons) -> None:
    """ "Anmeldung …⏎Name: Elke Thielen⏎E-Mail: e.thielen@…" from poststelle@: the form is for the person
    it names with an address of her own, not for the mailbox that sent it. Not when the sender names
    herself in it, or writes "ich melde mich und …"."""
    names = [m.group(1).strip() for item in items if (m := FORM_NAME_VALUE.match(item.text))]
    if not (names and persons.others) or SELF_WORDS.search(clause.text):
        return
    display = _name_words(r.mail.sender.name if r.mail.sender else "")
    if any(_name_words(name) == display for name in names):
        return
    if all(people.EMAIL.search(item.text) is None for item in items if FORM_EMAIL.match(item.text)):
        return
    persons.sender = False


def _address_given_elsewhere(
    c: Classifier, r: Reading, persons: people.Persons, scope: str, text: str
) -> None:
    """An address for the person meant, given in another sentence of the mail."""
    if not (persons.others or persons.unknown):
        later = people.address_given_later(scope, text, r.sender, c.own.addresses)
        if later:
            persons.others.append(Address(later, ""))
    elif len(persons.unknown) == 1 and not (persons.others or persons.sender):
        # "im Auftrag von Bürgermeister Thomas Brunner melde ich ihn an. Die Zugangsdaten senden Sie
        # bitte direkt an buergermeister@…": the one person named, reached at that address
        reached = people.access_address(text, r.sender, c.own.addresses)
        if reached and not TO_ME_TOO.search(text):
            name = persons.unknown.pop()
            persons.others.append(Address(reached, name))
            if ROLE_MAILBOX.match(reached):
                # "… an info@…, das ist unser Funktionspostfach": a shared mailbox, staff look
                r.review.append(VIA_MAILBOX.format(mailbox=reached, name=name))


def _written_for_the_owner(r: Reading, clause: Clause, persons: people.Persons) -> None:
    """The person named is the sender: by the full name the mail comes from ("- Anna Beispiel" in a
    list from Anna Beispiel), by first and last name of a first.last@ address ("Bernd Lüdecke nimmt
    teil" from bernd.luedecke@), or, in a mail signed for someone ("i.A. Petra Kolb"), by the surname
    alone ("Herr Lüdecke nimmt teil"): a secretary writes from her boss's mailbox. Not "Herr Becker"
    from anna.becker@, who may be her husband."""
    display = _name_words(r.mail.sender.name if r.mail.sender else "")
    for name in list(persons.unknown):
        full = len(name.split()) >= 2
        if full and (_name_words(name) == display or people.owns_mailbox(name, r.sender)):
            persons.sender = True
            persons.unknown.remove(name)
    if persons.sender or persons.others or not ON_BEHALF.search(r.mail.reply_text):
        return
    if people.FIRST_PERSON.search(clause.text):
        return
    owner = [name for name in persons.unknown if people.owns_mailbox(name, r.sender)]
    if len(owner) == 1 and len(persons.unknown) == 1:
        persons.sender = True
        persons.unknown.clear()


def _name_words(name: str) -> list[str]:
    return re.sub(r"[^\w]+", " ", name).casefold().split()


def _listed_without_address(items: list[Clause], persons: people.Persons) -> None:
    """ "- Ilona Schrader (Vorstand; die Adresse reiche ich nach)": a person of the list whose line
    has no address is someone staff must add by hand, not someone to forget."""
    for number, item in enumerate(items):
        # also a name alone on its line: "Es nehmen teil:⏎Petra Lohmann⏎Jonas Weber, j.weber@…"
        name = _list_person(item) or _plain_list_name(item)
        if name and SENDER_HERE.search(item.text):
            # "- Claudia Meinert (diese Adresse)": the person the sender's address is for
            persons.sender = True
            persons.unknown[:] = [n for n in persons.unknown if n != name]
            continue
        if not name or people.EMAIL.search(item.text) or people.FIRST_PERSON.search(item.text):
            continue
        following = items[number + 1] if number + 1 < len(items) else None
        if following is not None and people.EMAIL.search(following.text) and not _opens_with_name(following):
            continue  # "2. Petra Lohmann – p.lohmann@…": the address is the next piece of the line
        if name not in persons.unknown and all(name != p.name for p in persons.others):
            persons.unknown.append(name)


def _resolve_pronoun(
    r: Reading, persons: people.Persons, scope: str, named_ahead: list[Address], intent: Intent
) -> None:
    """'er ist verhindert', 'bitte nehmen Sie ihn von der Liste': the person named just before; with
    'wir beide', 'both of us' the sender too. Nobody named before: the rest of the sentence ("leider
    müssen wir beide absagen – Frau Berger und ich haben …")."""
    if _same_people_as_before(r, persons, scope, intent):
        return
    if not (persons.others or persons.unknown) and len(r.last_named) >= 2 and THE_TWO.search(scope):
        # "… nehmen Frau Kessler (…) und Herr Yilmaz (…) teil. Ich bitte um Anmeldung der beiden."
        persons.others, persons.sender = list(r.last_named), False
        return
    if persons.others or persons.unknown or not persons.pronoun:
        return
    named = r.last_named or named_ahead
    if named:
        persons.others = list(named)
    elif r.last_unreached and (
        people.BOTH.search(scope)
        or (intent is Intent.CANCEL and (HIM.search(scope) or not LETS_GREET.search(scope)))
        or not I_SAID.search(scope)
    ):
        # staff find the address ("Ich melde ihn hiermit ab"); not in "Ich komme gerne, er lässt
        # grüßen", where "er" is not coming
        persons.unknown = list(r.last_unreached)
    else:
        return
    # "wir beide", "uns"; or "beide" with one person named: that one and the sender
    one = len(persons.others) + len(persons.unknown) == 1
    persons.sender = bool(
        people.WE_BOTH.search(scope)
        or people.SELF_OBJECT.search(scope)
        or (one and people.BOTH.search(scope))
    )


def _late_join(
    c: Classifier,
    r: Reading,
    parts: list[Clause],
    all_addresses: people.AddressBook,
    default_event: str | None,
    default_why: str,
) -> None:
    """ "Könnte ich noch dazukommen? Dann bräuchte ich bitte die Zugangsdaten.": asking to join and for
    the access data is a registration, asked as a question. Without the second part ("Kann ich mich
    auch nach dem 12. Juni noch anmelden?") it stays a question for staff."""
    if not ACCESS_REQUEST.search(r.mail.reply_text):
        return
    for number, clause in enumerate(parts):
        if LATE_JOIN.match(clause.text):
            event, why = _clause_event(c, r, parts, number, default_event, default_why)
            persons = people.persons_in(clause.text, r.sender, c.own.addresses, all_addresses)
            r.findings.append(
                Finding(clause, Intent.REGISTER, True, event, why, persons, "bitte_um_anmeldung")
            )
            return


def _meant_now(c: Classifier, r: Reading, clause: Clause, intent: Intent | None, rule: str) -> Intent | None:
    """The clause's yes or no, unless it is meant for later, only hoped, a change to the mailing list
    or only for a case that may come (each noted for staff)."""
    next_time = intent is Intent.REGISTER and (
        ANOTHER_TIME.search(clause.text) and not YES_FIRST.search(clause.text)
        if rule in EXPLICIT_REGISTER
        else NEXT_TIME.search(clause.text)
    )
    if next_time and not c.finder.mentions(clause.text):
        # "Beim nächsten Mal bin ich wieder dabei": no particular meeting
        r.notes.append(f"{LATER_NOTE}: „{_short(clause.text)}“")
        return None
    if intent is Intent.REGISTER and rule not in EXPLICIT_REGISTER and WISH.search(clause.text):
        # "Im November bin ich hoffentlich wieder dabei", "keep me posted, I would love to join":
        # a hope, which staff see, not a registration.
        r.notes.append(f"nur ein Wunsch, keine Anmeldung: „{_short(clause.text)}“")
        return None
    if intent is not None and _list_change(clause.text):
        # "nehmen Sie meinen Nachfolger in den Verteiler auf und streichen Sie meine Adresse"
        r.notes.append(f"{LIST_NOTE}: „{_short(clause.text)}“")
        return None
    if intent is Intent.CANCEL and (
        CONTINGENCY.match(clause.text) or (OTHERWISE.match(clause.text) and _asked_before(r))
    ):
        # "Sollte es nicht klappen, melde ich mich rechtzeitig wieder ab": only if, not now.
        r.notes.append(f"Absage nur für den Fall: „{_short(clause.text)}“")
        return None
    return intent


def _read_subject(
    c: Classifier, r: Reading, all_addresses: people.AddressBook, event: str | None, why: str
) -> None:
    """Nothing in the body but a greeting: a subject such as "Zusage AG-Treffen 22.06." speaks."""
    subject = strip_subject(r.mail.subject)
    if not subject or c.finder.from_thread(r.mail, lambda _: None)[1] == BY_INVITATION_SUBJECT:
        return
    if OUR_SUBJECT.match(subject):
        return  # "Re: Ihre Abmeldung vom AG-Treffen": the office's words, not the member's
    clause = Clause(subject, subject.lower(), -1)
    intent, strong, rule = _clause_intent(read_clause(clause.lower))
    if intent is None:
        return
    persons = people.persons_in(subject, r.sender, c.own.addresses, all_addresses)
    r.findings.append(Finding(clause, intent, strong, event, why, persons, f"{rule}, im Betreff"))


def prose_absence(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """An out-of-office text without the headers that usually mark it."""
    # not a member's "die Einladung ist bei mir im Urlaub untergegangen … melde ich mich an", which the
    # rules did not read: staff see that one
    # nor a member's note "ich bin bis zum 14. Juni verreist und melde mich danach", whose span leaves
    # out the meeting and which answers nothing yet: staff see that one, with the reason
    if Signal.ABSENT not in r.signals or r.findings or _later_notes(r):
        return None  # (a yes set aside for later is a person writing: staff, see nothing_found)
    if r.absence_unsure:
        return _result(Intent.OTHER, [r.absence_unsure], review=True, lang=_lang(r))
    if len(r.hits) <= 8 and not _asks_to_register(r) and not _personal(r):
        return _result(
            Intent.AUTO_REPLY, ["Abwesenheitstext ohne Kennzeichnung"], no_reply=True, lang=_lang(r)
        )
    return None


def _later_notes(r: Reading) -> list[str]:
    """The yeses set aside as meant for a later meeting (see `_meant_now`)."""
    return [note for note in r.notes if note.startswith(LATER_NOTE)]


def _asks_to_register(r: Reading) -> bool:
    """A member's own words of registering or declining, which no absence notice uses ("Wir werden in
    Urlaub sein, daher leider nicht")."""
    return bool(REGISTERING.search(r.mail.reply_text) or MEMBER_DECLINE.search(r.mail.reply_text))


def member_request(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """ "Ich habe die Zugangsdaten noch nicht bekommen", "Bin ich angemeldet?": the bot can answer
    these from the store. Only when that is all the mail asks: anything more goes to staff."""
    substantive = [cl for cl, hits in r.hits if len(cl.text) > 25 or hits]
    if len(substantive) > 4:
        return None
    text = " ".join(cl.lower for cl, _ in r.hits)
    wants_access = ACCESS_REQUEST.search(text) and (LACKING.search(text) or len(text.split()) <= 3)
    for request, pattern, why in (
        ("access_data", ACCESS_REQUEST if wants_access else NEVER, "bittet um die Zugangsdaten"),
        ("status", STATUS_REQUEST, "fragt, ob die Anmeldung vorliegt"),
    ):
        if pattern.search(text) and not _other_questions(r, pattern):
            return Classification(
                Intent.QUESTION, None, (), (), False, (why,), language=_lang(r), request=request
            )
    return None


def _other_questions(r: Reading, pattern: re.Pattern[str]) -> bool:
    """A question besides the request ("Können Sie sie mir schicken?" is the request itself)."""
    return any(
        h.signal is Signal.QUESTION and not pattern.search(cl.lower) and not RESEND.search(cl.lower)
        for cl, hits in r.hits
        for h in hits
    )


def question(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    if Signal.QUESTION not in r.signals:
        return None
    in_thread = r.thread(c, known)[0] is not None
    mentions = c.finder.mentions(r.mail.reply_text + " " + strip_subject(r.mail.subject))
    sales = {m.group(0) for m in COMMERCIAL.finditer(r.lowered())}
    # One "Kosten" in "ob Kosten entstehen? Gibt es Termine für die nächsten Sitzungen?" is no offer.
    about_us = mentions or MEETING_WORDS.search(r.mail.reply_text)
    if not in_thread and (len(sales) >= 2 or (sales and not about_us)):
        return _result(Intent.OTHER, ["Werbung oder Angebot, keine Frage zu einem Termin"], lang=_lang(r))
    asked = [cl.text for cl, hits in r.hits if any(h.signal is Signal.QUESTION for h in hits)]
    if (
        _only_in_copy(c, r)
        and asked
        and (_greets_an_addressee(r) or all(FAMILIAR.search(q) for q in asked))
        and not any(REGISTRATION_WORDS.search(q) for q in asked)
    ):
        # To the spokesperson, the office in Cc: "Hast du Donnerstag kurz Zeit für ein Telefonat?"
        return _result(
            Intent.OTHER, ["Frage an die Empfängerin oder den Empfänger, wir nur in Kopie"], lang=_lang(r)
        )
    return _result(
        Intent.QUESTION, [f"Frage ({', '.join(sorted(set(r.rules_fired(Signal.QUESTION))))})"], lang=_lang(r)
    )


def only_thanks(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    # After the meeting, "ob ich nach Göttingen komme, weiß ich noch nicht" is no answer to anything.
    undecided = Signal.TENTATIVE in r.signals and _thanks_after_the_meeting(c, r, known)
    allowed = {Signal.THANKS, Signal.PAST} | ({Signal.TENTATIVE} if undecided else set())
    if Signal.THANKS in r.signals and not (r.signals - allowed):
        if _list_change_in(r.mail.reply_text):
            # "Danke für die schönen Jahre in der AG; bitte nehmen Sie meinen Nachfolger in den Verteiler auf"
            return _result(Intent.OTHER, [LIST_CHANGE_WHY], lang=_lang(r))
        # "Danke für die Einladung! Den Termin nehme ich gern wahr": a sentence about the day or the
        # meeting that no rule read is not "only thanks". Staff read it rather than the bot guess.
        unread = [
            cl.text
            for cl, hits in r.hits
            if not hits
            and not PLEASANTRY.match(cl.text)
            and not MAILING_LIST.search(cl.text)  # "bitte nehmen Sie für den Verteiler diese Adresse"
            and (c.finder.mentions(cl.text) or THAT_DAY.search(cl.text) or MEETING_WORDS.search(cl.text))
        ]
        # "Die Zugangsdaten sind angekommen, vielen Dank. Zoom habe ich schon ausprobiert": small talk
        # of someone who has all they need.
        if unread and not _thanks_after_the_meeting(c, r, known) and not ALREADY_IN.search(r.mail.reply_text):
            why = f"Dank, dazu etwas zum Termin, das nicht zu deuten war: „{_short(unread[0])}“"
            return _result(Intent.OTHER, [why], review=True, lang=_lang(r))
        return _result(Intent.OTHER, ["nur Dank, keine Anmeldung"], lang=_lang(r))
    return None


def bare_yes(c: Classifier, r: Reading, known: KnownThreads) -> Classification | None:
    """ "Ja, gerne." and nothing else but a greeting and the sender's name, in direct answer to the
    invitation, which asks who will come: a yes. Not in answer to anything else (a newsletter, the
    bot's or the office's later mails in the thread), and not with a word more ("Ja. Aber ohne mich.")."""
    event = c.finder.answered_invitation(r.mail)
    if event is None or r.signals:
        return None
    said = [cl for cl, _hits in r.hits if not GREETING.match(cl.text)]
    if not said or not BARE_YES.match(said[0].text):
        return None
    name = set(_fold_words(r.mail.sender.name if r.mail.sender else ""))
    name |= {word[0] for word in name}  # "D. Kowalczyk" signs for Dorota Kowalczyk
    if any(set(_fold_words(people.CLOSING.sub("", cl.text))) - name for cl in said[1:]):
        return None
    persons = people.Persons(sender=True)
    r.findings.append(Finding(said[0], Intent.REGISTER, True, event, BY_INVITATION, persons, "knappe_zusage"))
    return _decide_actions(c, r)


def _fold_words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.casefold())


def nothing_found(c: Classifier, r: Reading, known: KnownThreads) -> Classification:
    """No signal. Unrelated mail is left to staff's normal reading; a reply in our thread is not."""
    mail = r.mail
    event, _why = r.thread(c, known)
    wrote = mail.reply_text.strip()
    quoted_signal = _quoted_registration(mail)
    if quoted_signal:
        return _result(
            Intent.OTHER,
            ["Anmeldung nur im zitierten oder weitergeleiteten Text"],
            review=True,
            lang=_lang(r),
        )
    if not wrote:
        return _result(Intent.OTHER, ["nichts Neues geschrieben"], review=event is not None, lang=_lang(r))
    if event is None and SCAM.search(wrote):
        return _result(Intent.OTHER, ["sieht nach Phishing oder Rechnungs-Spam aus"], lang=_lang(r))
    if MATERIAL.search(wrote):
        return _result(Intent.OTHER, ["schickt Unterlagen, keine Anmeldung"], lang=_lang(r))
    list_change = _noted_list_change(r) or _list_change_in(wrote)
    if list_change and SEND_ME.search(wrote):
        # "Ich habe die Einladung nicht bekommen. Können Sie sie mir zuschicken und mich in den Verteiler
        # aufnehmen?": someone must send it
        return _result(
            Intent.QUESTION, ["bittet um Zusendung, dazu eine Änderung am Verteiler"], lang=_lang(r)
        )
    if list_change and not (r.signals & {Signal.QUESTION, Signal.TENTATIVE}):
        return _result(Intent.OTHER, [LIST_CHANGE_WHY], lang=_lang(r))
    later = _later_notes(r)
    if later:
        # "Im Herbst bin ich gern dabei" and nothing else: which meeting is for staff to say
        return _result(Intent.OTHER, later[:1], review=True, lang=_lang(r))
    related = event is not None or MEETING_WORDS.search(wrote) or c.finder.mentions(wrote)
    if related and _only_in_copy(c, r) and _greets_an_addressee(r) and FAMILIAR.search(wrote):
        # "Lieber Dieter, zum TOP 3 … Ich schicke dir vorher noch zwei Folien." to the spokesperson, in
        # our thread, the office in Cc: members among themselves, nothing for the office to decide.
        return _result(
            Intent.OTHER, ["Geschäftsstelle nur in Kopie, die Mail spricht die Adressaten an"], lang=_lang(r)
        )
    if related:
        return _result(
            Intent.OTHER, ["keine Anmeldung, Absage oder Frage erkannt"], review=True, lang=_lang(r)
        )
    return _result(Intent.OTHER, ["betrifft keine Veranstaltung"], lang=_lang(r))


Decision = Callable[[Classifier, Reading, KnownThreads], Classification | None]
DECISIONS: tuple[Decision, ...] = (
    machine,
    calendar_answer,
    copied_only,
    phishing,
    advertising,
    prose,
    prose_absence,
    member_request,
    question,
    only_thanks,
    bare_yes,
    nothing_found,
)


# ---- helpers of the prose decision ------------------------------------------------------------


def _clause_intent(hits: tuple[Hit, ...]) -> tuple[Intent | None, bool, str]:
    for signal, intent in ((Signal.CANCEL, Intent.CANCEL), (Signal.REGISTER, Intent.REGISTER)):
        found = [h for h in hits if h.signal is signal]
        if found:
            return intent, any(h.strong for h in found), found[0].name
    return None, False, ""


def _meetings_meant(c: Classifier, text: str) -> dict[str, int]:
    """The meetings a clause names as the one meant: not a deadline ("die Frist war Freitag") nor what
    the writer brings along ("bringe Infos zum Treffen in Göttingen mit")."""
    text = DEADLINE_SAID.sub(" ", text)
    if PRESENTS.search(text):
        text = TOPIC.sub(" ", text)
    return c.finder.mentions(text)


def _nearby_mentions(c: Classifier, parts: list[Clause], number: int) -> tuple[dict[str, int], bool]:
    """The meetings named in the clauses around, nearest first, and whether a hope names them."""
    sentence = parts[number].sentence
    before = [p for p in reversed(parts[:number]) if p.sentence == sentence]
    after = [p for p in parts[number + 1 :] if p.sentence == sentence]
    for clause in [*before, *after]:
        found = _meetings_meant(c, clause.text)
        if found:
            return found, HOPE.match(clause.text) is not None
    return {}, False


def _clause_event(
    c: Classifier,
    r: Reading,
    parts: list[Clause],
    number: int,
    default: str | None,
    default_why: str,
    intent: Intent | None = None,
) -> tuple[str | None, str]:
    clause = parts[number]
    relative = _relative_day(c, r, clause.text)
    if relative is not None:
        return relative, "„heute“/„morgen“ vom Datum der Mail aus"
    # "Ich nehme gerne teil und kann bei TOP 6 etwas zu den Planungen für den 4. September sagen": a
    # meeting spoken about is not the one meant
    mentions = _meetings_meant(c, clause.text)
    # (the pieces are read only when the clause names a meeting at all: most do not)
    own = _without_other_answers(clause.text, intent) if mentions else clause.text
    if own is not clause.text:
        mentions = _meetings_meant(c, own)
    if not mentions and default_why == NEXT_OPEN:
        # "ich muss für den 22. absagen" after the deadline of the 22nd: the day names the meeting
        # still ahead but no longer open, not the next open one (in September)
        passed = c.finder.passed_over(r.at)
        closed = next((e for e in passed if c.finder.day_span(e, own)), None)
        if closed is not None:
            return closed, "im Text genannt"
        if any(c.finder.day_span(e, r.mail.reply_text) for e in passed):
            # "Sie hatten zum 22. eingeladen. Ich würde gern noch teilnehmen": that day elsewhere in
            # the mail may be the meeting meant, or a holiday ("Am 22. habe ich Urlaub eingereicht")
            _once(
                r.review,
                "Tag eines Termins mit abgelaufener Anmeldefrist im Text: welcher Termin gemeint ist, ist unklar",
            )
    if default is not None and c.finder.day_span(default, own) and all(v == HINT for v in mentions.values()):
        # "die Frist war Freitag, aber ich wäre am 22. gern dabei", in reply to the invitation of the
        # 22nd: that day, not the meeting that happens to fall on a Friday
        mentions = {default: DATE}
    if not mentions and NEXT_MEETING.search(clause.text):
        # "Am 22. kann ich nicht, aber für die nächste Sitzung melden Sie mich an": not the one declined.
        declined = {f.event for f in r.findings if f.intent is Intent.CANCEL and f.event}
        following = c.finder.next_event(r.at, skip=declined)
        if following is not None:
            return following, "„die nächste Sitzung“ vom Datum der Mail aus"
    if not mentions and GOOD_MEETING.search(clause.text):
        # "Leider kann ich in Göttingen nicht dabei sein und wünsche Ihnen eine gute Sitzung": the wish
        # goes with the decline before it in the sentence, else with the meeting the mail is about.
        before = [
            f
            for f in r.findings
            if f.clause.sentence == clause.sentence and f.event and f.intent is Intent.CANCEL
        ]
        return (before[-1].event, before[-1].event_reason) if before else (default, default_why)
    if not mentions and (
        THIS_TIME_NOT.match(clause.text) or (intent is Intent.CANCEL and THIS_TIME.search(clause.text))
    ):
        # "Diesmal nicht, wir kommen dann nach Berlin", "Ich setze diesmal aus, bin aber in Göttingen
        # wieder dabei": the meeting at hand
        return default, default_why
    if not mentions:
        # The clauses around it in the same sentence count too, nearest first: in "für Berlin wäre
        # ich gern dabei – bitte melden Sie mich an" the second clause means Berlin.
        mentions, hoped = _nearby_mentions(c, parts, number)
        if hoped and default not in mentions:
            # "Ich setze diesmal aus und hoffe, dass wir uns in Göttingen sehen": beside a decline the hope
            # is for another meeting; beside a yes ("Ich melde mich an und hoffe, dass Göttingen in
            # Präsenz stattfindet") it may be the meeting meant or another: staff decide
            if intent is Intent.REGISTER:
                r.review.append(f"Termin unklar, nur in einem Wunsch genannt: „{_short(clause.text)}“")
            return default, default_why
    if not mentions and THAT_ONE.search(clause.text):
        # "Ich hatte mich für Göttingen angemeldet. Leider muss ich diese Anmeldung zurückziehen."
        earlier = (p for p in reversed(parts[max(0, number - 4) : number]) if p.sentence < clause.sentence)
        mentions = next((found for p in earlier if (found := c.finder.mentions(p.text))), {})
    if len(mentions) > 1 and any(c.finder.upcoming(e, r.at) for e in mentions):
        # "am 22. Juni war ich ja schon dabei, jetzt möchte ich mich für den 19. November anmelden"
        mentions = {e: s for e, s in mentions.items() if c.finder.upcoming(e, r.at)}
    if mentions:
        best = max(mentions.values())
        top = [e for e, s in mentions.items() if s == best]
        if len(top) == 1:
            return top[0], "im Text genannt"
        if default in top:
            return default, "im Text genannt"
        return None, "mehrere Termine genannt"
    return default, default_why


def _once(reasons: list[str], reason: str) -> None:
    if reason not in reasons:
        reasons.append(reason)


def _absence_doubts(r: Reading, clause: Clause, intent: Intent, rule: str, hits: tuple[Hit, ...]) -> None:
    if rule == "abwesend_am_termin" and people.EMAIL.search(clause.text):
        # "Ich habe am 22. Urlaub, das Amt vertritt aber Frau X (x@…)": who is away, who comes?
        r.review.append(f"Abwesenheit, dazu jemand anderes genannt: „{_short(clause.text)}“")
    if intent is Intent.REGISTER and any(h.signal is Signal.ABSENT for h in hits):
        # "Am 22. bin ich dabei, am 4. September habe ich Urlaub": which is which is for a person.
        r.review.append(f"Zusage und Abwesenheit im selben Satz: „{_short(clause.text)}“")


def _several_meant(
    c: Classifier, r: Reading, clause: Clause, intent: Intent, default: str | None
) -> list[str]:
    """The meetings one registering clause names side by side, when it means every one of them:
    "für Göttingen und Berlin", "am 22. bin ich dabei und in Göttingen im September auch"; []
    otherwise ("für Berlin melde ich mich an, Göttingen fällt aus" names two and means one). A
    decline naming several stays with the usual choice (which may go to staff)."""
    if intent is not Intent.REGISTER or not ALSO_MEANT.search(clause.text) or WEIGHED.search(clause.text):
        return []
    spans = c.finder.spans(clause.text)
    if default is not None and default not in spans:
        day = c.finder.day_span(default, clause.text)
        if day is not None:
            spans[default] = day
    if len(spans) < 2:
        return []
    ordered = sorted(spans.items(), key=lambda item: item[1])
    lower = clause.lower
    for (_, (_, end)), (_, (start, next_end)) in itertools.pairwise(ordered):
        side_by_side = SIDE_BY_SIDE.fullmatch(lower[end:start])
        as_well = AND_BETWEEN.search(lower[end:start]) and AS_WELL.match(lower[next_end:])
        if not (side_by_side or as_well):
            return []
    ahead = c.finder.still_ahead([e for e, _ in ordered], r.at)
    return ahead if len(ahead) > 1 else []


def _relative_day(c: Classifier, r: Reading, text: str) -> str | None:
    """ "Bitte streichen Sie mich für morgen": the meeting on the day after the mail was written."""
    match = RELATIVE_DAY.search(text)
    if match is None or r.mail.date is None:
        return None
    offset = RELATIVE_OFFSETS[match.group(0).lower()]
    day = (r.mail.date.astimezone(c.config.timezone) + timedelta(days=offset)).date()
    found = [e.id for e in c.config.events if e.starts.date() == day]
    return found[0] if len(found) == 1 else None


def _default_event(c: Classifier, r: Reading, known: KnownThreads, extra: str = "") -> tuple[str | None, str]:
    mail = r.mail
    subject_mentions = c.finder.mentions(strip_subject(mail.subject) + " " + extra)
    if len(subject_mentions) == 1:
        return next(iter(subject_mentions)), "im Betreff genannt"
    event, why = r.thread(c, known)
    if event is not None:
        return event, why
    text_mentions = c.finder.mentions(mail.reply_text)
    if len(text_mentions) == 1:
        return next(iter(text_mentions)), "im Text genannt"
    # "Betreff: Teilnahme morgen" on the eve of a meeting whose registration has closed (the subject
    # only: "Meinen Beitrag schicke ich bis morgen" in the text says nothing about a meeting).
    relative = _relative_day(c, r, strip_subject(mail.subject))
    if relative is not None:
        return relative, "„heute“/„morgen“ vom Datum der Mail aus"
    # "Betreff: Treffen am 22." after the deadline of the 22nd
    closed = next((e for e in c.finder.passed_over(r.at) if c.finder.day_span(e, mail.subject)), None)
    if closed is not None:
        return closed, "im Betreff genannt"
    event = c.finder.open_event(r.at)
    return event, NEXT_OPEN if event else ""


def _only_the_sender(r: Reading) -> bool:
    return all(
        f.persons.sender and not (f.persons.others or f.persons.unknown or f.persons.unclear)
        for f in r.findings
    )


def _sender_as_meant(c: Classifier, r: Reading) -> Address | None:
    """The sender, under the address they ask to be registered with ("bitte mit meiner Dienstadresse
    eintragen"; "Ich möchte teilnehmen, bitte die Zugangsdaten an m.kaiser@…")."""
    sender = _sender_address(r.mail)
    if sender is None:
        return None
    other_address = next((f.persons.own_address for f in r.findings if f.persons.own_address), "")
    if not other_address:
        # "Ich melde mich an. … bitte schicken Sie die Zugangsdaten an meine Dienstadresse x@y":
        # the sentence with the address need not be the one that registers.
        other_address = people.self_address(r.mail.reply_text, sender.email, c.own.addresses)
    if other_address and Signal.QUESTION in r.signals:
        # "Kann ich die Zugangsdaten auch an meine private Adresse bekommen? … daniel@posteo.de": asked,
        # not told; staff answer and choose
        r.review.append(f"fragt nach einer anderen Adresse: {other_address}")
    elif other_address:
        # staff read it: the confirmation and the access data go to this address, not the sender's
        r.notes.append(f"für die im Text genannte Adresse {other_address} statt der Absenderadresse")
    elif _only_the_sender(r):
        other_address = people.access_address(r.mail.reply_text, sender.email, c.own.addresses)
        if other_address:
            # Read from "die Zugangsdaten aber an …", not from "meine Dienstadresse": staff confirm.
            r.review.append(f"Zugangsdaten an eine andere Adresse als die des Absenders: {other_address}")
    return Address(other_address, sender.name) if other_address else sender


def _decide_actions(c: Classifier, r: Reading) -> Classification:
    sender = _sender_as_meant(c, r)
    actions: dict[tuple[Intent, str | None], list[Address]] = {}
    strength: dict[tuple[Intent, str | None], bool] = {}
    unknown: list[str] = []
    excused: list[tuple[str | None, str]] = []  # (event, name) of people declined without an address
    reasons: list[str] = []
    for f in r.findings:
        key = (f.intent, f.event)
        who = list(f.persons.others)
        if f.persons.sender:
            if sender is None:
                r.review.append("Absenderadresse fehlt")
            else:
                who.insert(0, sender)
        if f.persons.unknown and sender is not None and not f.persons.sender and THIS_ADDRESS_ANYWHERE(r):
            # A shared mailbox registers one named person "to be reached at this address": registered
            # under the mailbox, and staff look (the person may have an address of their own).
            who.extend(Address(sender.email, name) for name in f.persons.unknown[:1])
            if not _signed_by(r, f.persons.unknown[0]):
                # (not when she signs the mail herself: "nimmt Frau Birgit Sander teil … Birgit Sander")
                r.review.append(VIA_MAILBOX.format(mailbox=sender.email, name=f.persons.unknown[0]))
            f.persons.unknown = f.persons.unknown[1:]
        if f.intent is Intent.CANCEL and not f.persons.sender:
            excused.extend((f.event, n) for n in f.persons.unknown)
        else:
            unknown.extend(n for n in f.persons.unknown if n not in unknown)
        if f.persons.unclear:
            r.review.append("Adresse im Text, Rolle unklar: " + ", ".join(f.persons.unclear))
        if f.intent is Intent.REGISTER and not (who or f.persons.unknown or f.persons.unclear):
            # "…; sie möchte ebenfalls teilnehmen" with nobody named before: someone comes, but who?
            r.review.append(f"unklar, wer gemeint ist: „{_short(f.clause.text)}“")
        bucket = actions.setdefault(key, [])
        bucket.extend(a for a in who if a.email not in {b.email for b in bucket})
        strength[key] = strength.get(key, False) or f.strong
        label = "Anmeldung" if f.intent is Intent.REGISTER else "Absage"
        reasons.append(f"{label} ({f.rule}): „{_short(f.clause.text)}“ → {f.event or '?'} ({f.event_reason})")
    _check_conflicts(r, actions)
    _excused(excused, actions, unknown, reasons)
    ordered = sorted(actions, key=lambda k: _priority(k, strength[k]))
    reasons.extend(r.notes)
    primary = ordered[0]
    intent, event = primary
    if event is None:
        r.review.append("Termin unklar")
    chosen = tuple(
        Action(i, e, tuple(actions[(i, e)])) for i, e in ordered if e is not None and actions[(i, e)]
    )
    for_staff = _left_for_staff(r, reasons)
    hesitant = _tentative_near_registration(r)
    if hesitant and intent is Intent.REGISTER:
        r.review.append("Zusage unter Vorbehalt: " + ", ".join(hesitant))
    if not strength[primary]:
        r.review.append("nur eine vorsichtige Formulierung")
    return Classification(
        intent=intent,
        event=event,
        attendees=tuple(actions[primary]),
        unknown_attendees=tuple(unknown),
        needs_review=False,
        reasons=tuple(reasons),
        language=_lang(r),
        actions=chosen,
        for_staff=for_staff,
    )


def _left_for_staff(r: Reading, reasons: list[str]) -> tuple[str, ...]:
    """What a person must still do once the bot has registered or cancelled (and say so in `reasons`)."""
    left = []
    if Signal.QUESTION in r.signals:
        reasons.append("enthält eine Frage an die Geschäftsstelle")
        left.append("Frage im Text")
    noted = _noted_list_change(r)
    if noted or _list_change_in(r.mail.reply_text):
        # "Ich nehme teil. Bitte streichen Sie künftig meine alte Adresse": the bot registers, a person
        # changes the list.
        if not noted:
            reasons.append("bittet um eine Änderung am Verteiler")
        left.append("Änderung am Verteiler")
    return tuple(left)


def _excused(
    excused: list[tuple[str | None, str]],
    actions: dict[tuple[Intent, str | None], list[Address]],
    unknown: list[str],
    reasons: list[str],
) -> None:
    """People declined without an address: staff must find them, unless someone comes in their place
    ("Herr Dr. Sommer ist verhindert; an seiner Stelle nimmt Frau Brandt (…) teil")."""
    for event, name in excused:
        if actions.get((Intent.REGISTER, event)):
            reasons.append(f"entschuldigt, vertreten durch die Angemeldeten: {name}")
        elif name not in unknown:
            unknown.append(name)


def THIS_ADDRESS_ANYWHERE(r: Reading) -> bool:
    return bool(people.THIS_ADDRESS.search(r.mail.reply_text))


def _tentative_near_registration(r: Reading) -> list[str]:
    """'vielleicht' in the sentence of a registration, not anywhere in the mail."""
    sentences = {f.clause.sentence for f in r.findings if f.intent is Intent.REGISTER}
    return sorted(
        {
            h.name
            for clause, hits in r.hits
            if clause.sentence in sentences
            for h in hits
            if h.signal is Signal.TENTATIVE
        }
    )


def _priority(key: tuple[Intent, str | None], strong: bool) -> tuple[int, int]:
    # A clear registration leads ("nicht am 22.6., aber für Göttingen melden Sie mich an");
    # a clear decline outranks a hesitant wish ("muss absagen ... können Sie mich vormerken?").
    intent, event = key
    rank = {
        (Intent.REGISTER, True): 0,
        (Intent.CANCEL, True): 1,
        (Intent.CANCEL, False): 2,
        (Intent.REGISTER, False): 3,
    }
    return rank[(intent, strong)], 0 if event else 1


def _check_conflicts(r: Reading, actions: dict[tuple[Intent, str | None], list[Address]]) -> None:
    for (intent, event), who in list(actions.items()):
        if intent is not Intent.REGISTER:
            continue
        cancelled = {a.email for a in actions.get((Intent.CANCEL, event), [])}
        both = cancelled & {a.email for a in who}
        if not both:
            continue
        later = _changed_mind(r, event)
        if later is None:
            r.review.append("Anmeldung und Absage für denselben Termin: " + ", ".join(sorted(both)))
            continue
        # "Ich melde mich an – ach nee, doch nicht": the statement made last stands.
        dropped = (Intent.CANCEL if later is Intent.REGISTER else Intent.REGISTER, event)
        actions[dropped] = [a for a in actions[dropped] if a.email not in both]
        if not actions[dropped]:
            del actions[dropped]
        r.notes.append("Meinung im Text geändert: die letzte Aussage gilt")


def _changed_mind(r: Reading, event: str | None) -> Intent | None:
    """The intent of the last finding for `event`, if the writer says they changed their mind."""
    findings = [f for f in r.findings if f.event == event]
    if len(findings) < 2 or findings[0].intent is findings[-1].intent:
        return None
    last = findings[-1]
    # "Falls die Sitzung doch online stattfindet, …": a "doch" in a condition is no change of mind.
    around = " ".join(
        cl.text
        for cl, _ in r.hits
        if last.clause.sentence - 1 <= cl.sentence <= last.clause.sentence and not CONDITION.match(cl.text)
    )
    return last.intent if CHANGE_OF_MIND.search(around) else None


def _quoted_registration(mail: ParsedMail) -> bool:
    """A registration in text the sender did not write (a forward, a quote of someone else's reply)."""
    if not mail.forwarded_text:
        return False
    return any(
        h.signal is Signal.REGISTER
        for cl in clauses(mail.forwarded_text, limit=60)
        for h in read_clause(cl.lower)
    )


def _sender_address(mail: ParsedMail) -> Address | None:
    sender = mail.sender
    if sender is None or "@" not in sender.email:
        return None
    return Address(sender.email.lower(), _display_name(sender.name))


def _display_name(name: str) -> str:
    """'Yilmaz, Derya' -> 'Derya Yilmaz' (Outlook in German offices writes surname first)."""
    name = " ".join(name.replace('"', "").split())
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first and " " not in last:
            return f"{first} {last}"
    return name


def _lang(r: Reading) -> str:
    return language(r.mail.reply_text or r.mail.body_text[:2000])


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---- gates: when the bot does not act by itself ------------------------------------------------


def gate_collected(c: Classifier, r: Reading, result: Classification) -> Classification:
    """Doubts noted along the way."""
    return _review(result, r.review) if r.review else result


def gate_unknown_people(c: Classifier, r: Reading, result: Classification) -> Classification:
    if result.unknown_attendees:
        return _review(result, ["Person(en) ohne E-Mail-Adresse: " + ", ".join(result.unknown_attendees)])
    return result


def gate_colleagues(c: Classifier, r: Reading, result: Classification) -> Classification:
    """Mail from outside must not make the bot write to many, or to arbitrary, addresses."""
    policy = c.config.policies
    if result.intent not in (Intent.REGISTER, Intent.CANCEL):
        return result
    others = {a.email for action in result.actions for a in action.attendees} - {r.sender}
    doubts = []
    if len(others) > policy.max_colleagues:
        doubts.append(f"{len(others)} weitere Personen (mehr als {policy.max_colleagues})")
    domain = r.sender.rpartition("@")[2]
    foreign = sorted(e for e in others if e.rpartition("@")[2] != domain)
    if foreign and not policy.colleagues_other_domains:
        doubts.append("Kolleg:innen aus anderer Domain: " + ", ".join(foreign))
    return _review(result, doubts) if doubts else result


def gate_authenticated(c: Classifier, r: Reading, result: Classification) -> Classification:
    """With the policy on, a sender is trusted only when our server saw spf, dkim or dmarc pass."""
    if not c.config.policies.require_authentication or result.intent not in (Intent.REGISTER, Intent.CANCEL):
        return result
    if authenticated(r.mail, c.config.policies.authserv_id):
        return result
    return _review(result, ["Absender nicht authentifiziert (kein spf/dkim/dmarc=pass)"])


def authenticated(mail: ParsedMail, authserv_id: str) -> bool:
    """Did our receiving server see spf, dkim or dmarc pass?

    Anyone can write an Authentication-Results header into a mail; only the one our own server
    added counts: the one naming our server (`authserv_id`), else the topmost one (RFC 8601 §5:
    the receiving server adds its header on top and should remove forged copies of its own).
    """
    values = mail.headers.get("authentication-results", ())
    if authserv_id:
        values = tuple(v for v in values if v.split(";", 1)[0].strip().lower() == authserv_id)
    else:
        values = values[:1]
    return any(AUTH_PASS.search(v) for v in values)


def gate_past_event(c: Classifier, r: Reading, result: Classification) -> Classification:
    if result.event is None or result.intent not in (Intent.REGISTER, Intent.CANCEL):
        return result
    if not c.finder.upcoming(result.event, r.at):
        return _review(result, ["der Termin ist schon vorbei"])
    # A further action for a meeting that is over ("Für Berlin melde ich mich an. Ich komme mit dem
    # Zug", the second sentence given the June meeting of the subject) cannot be meant: left out.
    kept = tuple(a for a in result.actions if c.finder.upcoming(a.event, r.at))
    if len(kept) < len(result.actions):
        note = "für ein Treffen, das schon vorbei ist, nichts übernommen"
        return replace(result, actions=kept, reasons=(*result.reasons, note))
    return result


def gate_loose_addresses(c: Classifier, r: Reading, result: Classification) -> Classification:
    """Other people's addresses in a list or after a name that no decision placed, next to a decline or
    a registration: the mail may register them in words no rule knows ("melde ich folgende
    Teilnehmende: …", "hier die Anmeldungen von uns:")."""
    if result.intent not in (Intent.CANCEL, Intent.REGISTER) or result.needs_review:
        return result
    used = {a.email for action in result.actions for a in action.attendees}
    text = c.without_invitation(r.mail.reply_text)
    loose = [e for e in people.loose_addresses(text, r.sender, c.own.addresses, used) if not c.is_ours(e)]
    return (
        _review(result, ["Adressen im Text, die keiner Anmeldung zugeordnet sind: " + ", ".join(loose)])
        if loose
        else result
    )


def gate_no_people(c: Classifier, r: Reading, result: Classification) -> Classification:
    if result.intent in (Intent.REGISTER, Intent.CANCEL) and not result.attendees:
        return _review(result, ["niemand mit Adresse zu erkennen"])
    return result


def gate_unreadable(c: Classifier, r: Reading, result: Classification) -> Classification:
    # Cut off by the parser's limits: whatever it says (or seems not to say) may be in the rest.
    if r.mail.truncated and result.intent not in (Intent.AUTO_REPLY, Intent.BOUNCE):
        return _review(result, ["Nachricht sehr groß oder verschachtelt und nur teilweise gelesen"])
    return result


def _review(result: Classification, why: list[str]) -> Classification:
    reasons = tuple(dict.fromkeys([*result.reasons, *why]))
    return replace(result, needs_review=True, reasons=reasons)


Gate = Callable[[Classifier, Reading, Classification], Classification]
GATES: tuple[Gate, ...] = (
    gate_collected,
    gate_unknown_people,
    gate_colleagues,
    gate_authenticated,
    gate_past_event,
    gate_loose_addresses,
    gate_no_people,
    gate_unreadable,
)
