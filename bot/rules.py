"""What one clause says: small named patterns, read in the order written here.

Each `Pattern` has a stable name that ends up in `reasons`, so staff and tests see which words made
the decision. A clause can say several things ("Ich melde mich an. Gibt es eine Aufzeichnung?" is
two clauses; "kann leider nicht teilnehmen" is one clause in which the decline wins over the
"teilnehmen" inside it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.unions import union


class Signal(StrEnum):
    REGISTER = "register"
    CANCEL = "cancel"
    TENTATIVE = "tentative"
    QUESTION = "question"
    THANKS = "thanks"
    ABSENT = "absent"  # an out-of-office text written as prose
    PAST = "past"  # talks about an earlier registration ("ich hatte mich angemeldet")


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    signal: Signal
    regex: re.Pattern[str]
    strong: bool = True
    # Words anywhere in the clause that take the match back ("sonst ist ja niemand dabei"): searched
    # only after a match, so the many clauses without one never pay for a scan of the whole clause.
    unless: re.Pattern[str] | None = None


def _p(name: str, signal: Signal, pattern: str, strong: bool = True, unless: str = "") -> Pattern:
    return Pattern(name, signal, _lower(pattern), strong, _lower(unless) if unless else None)


def _lower(pattern: str) -> re.Pattern[str]:
    """A pattern for lower-case text (`read_clause` gets nothing else), written in lower case.

    Why not `re.IGNORECASE`: the engine then compares every character case-folded and cannot skip
    ahead to a pattern's first letters, which made the rules cost as much as parsing the mail.
    tests/test_classify.py checks that no pattern here holds an upper-case letter.
    """
    return re.compile(pattern)


# "an"/"ab"/"zu"/"teil" closing a separable verb: at the end of the clause or before a comma or "und".
_END = r"(?=\s*(?:[,.!;:()–-]|$|und\b|and\b|bitte\b|für\b|zum\b|zur\b|am\b))"
# Month names and their short forms as a date in a clause writes them ("am 22 juni", "22 jun").
MONTH_NAMES = (
    "januar februar märz april mai juni juli august september oktober november dezember "
    "jan feb mär apr jun jul aug sep sept okt nov dez june july"
).split()

_NEAR = r"[^.!?]{0,70}?"
_WIDE = r"[^.!?]{0,140}?"  # separable verbs put their particle at the very end of a long clause

CANCEL = (
    _p(
        "absage",
        Signal.CANCEL,
        r"\babsagen\b|\b(?:sage|sagen|musste?|müssen)\b"
        + _NEAR
        + r"\bab\b"
        + _END
        + r"|^absage\b|\b(?:meine|eine|hiermit)\s+absage\b"
        # "sagen meine Kollegin Frau Lüdtke (…) und ich die Teilnahme an der Sitzung am 19.11. in Berlin ab"
        # (not "sage meine Teilnahme … zu und gebe meine Präsentation vorab ab")
        + r"|\b(?:sage|sagen)\b(?:(?!\bzu\b)[^.!?]){0,140}?\b(?:teilnahme|anmeldung|zusage)\b(?:(?!\bzu\b)[^.!?]){0,80}?\bab\b"
        + _END,
    ),
    _p(
        "abmeldung",
        Signal.CANCEL,
        # not "Antworten Sie mit 'Abmelden'" (a mailing's instruction)
        r"(?<![\"'])\babmelden\b(?![\"'])|\babmeldung\b|\b(?:melde|melden)\b"
        + _WIDE
        + r"\bab\b"
        + _END
        # "bitte ich Sie, mich abzumelden"
        + r"|\bmich\s+(?:wieder\s+)?(?:abzumelden|auszutragen|zu streichen)\b",
    ),
    _p("verhindert", Signal.CANCEL, r"\bverhindert\b"),
    # "bittet mich, ihn für Montag abzumelden" (not "Sie brauchen mich nicht abzumelden")
    _p(
        "fremd_abmelden",
        Signal.CANCEL,
        r"\b(?:ihn|sie|uns)\s+(?:\w+\s+){0,3}?(?:abzumelden|auszutragen|zu streichen)\b",
        unless=r"\b(?:nicht|kein\w*|brauchen|braucht|nötig)\b",
    ),
    # "Wir können diesmal leider niemanden entsenden" (not "Ich nehme selbst teil, werde also keine
    # Vertretung schicken", "ich komme selbst, deshalb werde ich keine Vertretung schicken")
    _p(
        "niemanden_entsenden",
        Signal.CANCEL,
        r"\b(?:können|kann|werden|werde)\b[^.!?,]{0,30}?\b(?:niemanden|keinen vertreter|keine vertreterin|keine vertretung)\b"
        r"[^.!?,]{0,20}?\b(?:entsenden|schicken|senden|delegieren|benennen)\b",
        unless=r"\b(?:komme|nehme|bin)\s+(?:\w+\s+)?selbst\b|\bselbst\s+(?:\w+\s+){0,2}?(?:teilnehmen|teil|dabei|komme|kommen|nehme)\b",
    ),
    # "mit diesem Zoom komme ich nicht zurecht, deshalb verzichte ich diesmal", "verzichte auf die Teilnahme"
    # (not "ich verzichte auf die Kamera")
    _p(
        "verzichten",
        Signal.CANCEL,
        r"\b(?:verzichte|verzichten)(?:\s+(?:ich|wir))?(?:\s+(?:diesmal|dieses mal|lieber|leider|also|dann|daher))*\W*$"
        r"|\bverzicht\w*\b[^.!?]{0,30}?\bauf\s+(?:die|meine|unsere)\s+teilnahme\b",
        # "Auf die Kamera verzichte ich", "darauf verzichte ich", "da verzichte ich lieber": something
        # else done without
        unless=r"\bdarauf\b|\baufs\b|\bda\s+verzicht\w*"
        r"|\bauf\s+(?!(?:die|meine|unsere|das|den|dem)\s+(?:teilnahme|sitzung|treffen|termin|veranstaltung|arbeitstreffen"
        r"|konferenz|videokonferenz|zoom\w*)\b|grund\b)(?:\w+\s+){1,5}verzicht\w*"
        r"|\bverzicht\w*\s+(?:ich\s+|wir\s+)?(?:\w+\s+)?auf\s+(?!(?:die|meine|unsere)\s+(?:teilnahme|sitzung)\b)",
    ),
    # "am 19.11. bin ich leider nicht in Berlin" (not "nicht in Präsenz", which may still be online)
    _p(
        "nicht_vor_ort",
        Signal.CANCEL,
        r"\b(?:bin|sind)\s+(?:ich|wir)\s+(?:\S+\s+){0,3}?leider\s+nicht\s+(?:in|nach)\s+"
        r"(?!(?:präsenz|person|persona|der lage|ihrem verteiler|ihrer liste|ihren verteiler)\b)\w+\b"
        r"(?![^.!?]*\b(?:online|digital|zoom|zugeschaltet|dabei|teil|teilnehmen|anmelden|unterwegs)\b)",
    ),
    # A short "Leider nicht." / "Am 22. leider nicht" answers the invitation with no.
    _p(
        "leider_nicht",
        Signal.CANCEL,
        r"^(?:[^.!?]{0,25}\s)?leider\s+(?:doch\s+)?nicht\s*[.!,]?(?:\s*sorry\W*)?$|^leider\s+nein\b|^nein\b"
        r"|\b(?:also|dann)\s+(?:leider\s+)?doch\s+nicht\b",
    ),
    _p(
        "nicht_teilnehmen",
        Signal.CANCEL,
        r"\b(?:nicht|keine?)\b(?!-)(?!\s+(?:nur|problem|frage|sorge)\b)(?!\s+zu\s+spät\b)"
        # not across a comma into a sentence of its own: "die Kamera funktioniert nicht, ich würde nur mit Ton teilnehmen",
        # "Falls keine Aufzeichnung erfolgt, nehme ich gern teil" (the verb first after a condition),
        # "Es ist noch nicht klar, ob wir kommen können" (undecided), "Ich weiß nicht, wie ich an der
        # Zoom-Konferenz teilnehmen kann" (a question), "Vergessen Sie nicht, dass wir zu zweit kommen":
        # a clause of its own after the comma; "nicht in der Lage, teilzunehmen" goes on
        + r"(?:(?!,\s*(?:\w+\s+)?(?:ich|wir)\s|,\s*(?:ob|wie|wann|wo|wenn|falls|sofern|weil|da|als|damit|dass|daß|sodass|obwohl)\b)[^.!?:]){0,40}?\b(?:teilnehmen|teilnehme\b|teilzunehmen|teil\b|dabei|kommen|zu kommen|anwesend|schaffen|einrichten|möglich"
        # "wir werden uns diesmal an dem Arbeitstreffen nicht beteiligen können"
        r"|beteiligen|zu beteiligen|hinkommen|vorbeikommen|am start|mit mir rechnen|mit uns rechnen)"
        # "Rechnen Sie dieses Mal leider nicht mit mir"
        r"|\brechnen sie\b[^.!?]{0,30}?\bnicht mit (?:mir|uns)\b"
        # "Ich glaube nicht, dass ich teilnehmen kann", "Ich rechne nicht damit, dass wir dabei sein können"
        r"|\b(?:glaube|glauben|denke|denken|rechne|rechnen|gehe|gehen|befürchte|fürchte)\b[^.!?,]{0,30}?\bnicht\b"
        # (not "…, dass ich zu spät komme", "…, dass ich pünktlich um 9 Uhr teilnehmen kann", "…, dass wir
        # mehr als zwei Personen dabei haben")
        r"[^.!?,]{0,20}?,\s*(?:dass|daß)\s+(?:ich|wir)\b(?![^.!?,]*\b(?:zu spät|später\s+(?:komme|kommen|dazu)|pünktlich|verspät\w*|mehr als|weniger als)\b)[^.!?,]{0,40}?"
        r"\b(?:teilnehmen|teilnehme|teilzunehmen|teil\b|dabei|kommen|komme|schaffe|schaffen)"
        # "Am 22. bin ich im Homeschooling-Einsatz, das wird nichts"
        # (at the end of the clause, without a condition: not "es wird nichts dazwischenkommen", "Wenn die Kita
        # zu bleibt, das wird nichts")
        r"|^(?![^.!?]*\b(?:wenn|falls|sofern|sollte)\b)[^.!?]*\b(?:das|es)\s+wird\s+(?:leider\s+|also\s+|wohl\s+)?nichts\W*$"
        # "ich hatte mich angemeldet, muss das aber leider rückgängig machen", "meine Anmeldung rückgängig machen"
        r"|\b(?:muss|müssen|möchte|möchten|will)\b[^.!?]{0,40}?\brückgängig\s+machen\b(?![^.!?]*\b(?:absage|abmeldung)\b)"
        # "Bitte planen Sie erst mal nicht mit mir"
        # (not "… nicht mit mir als Referentin, als Teilnehmerin bin ich aber gern dabei")
        r"|\bplanen sie\b[^.!?]{0,30}?\bnicht mit (?:mir|uns)\b(?!\s+als\s+(?:referent|redner|moderat|vortragend|speaker|impuls|expert)\w*)"
        # "Wir können diesmal leider niemanden entsenden"
        # "Aus terminlichen Gründen kann weder ich noch meine Kollegin Frau Stein (…) teilnehmen"
        # "Ich kann leider weder persönlich noch per Zoom teilnehmen" (within the clause: not "Weder Zoom
        # noch Teams sind ein Problem, ich nehme teil")
        # (nor "ich habe weder Kamera noch Mikrofon und würde daher per Telefon teilnehmen")
        r"|\bweder\b(?![^.!?,]*\bproblem)[^.!?,]{0,60}?,?\s*\bnoch\b"
        r"(?:(?!\b(?:(?:und|aber)\s+(?:\w+\s+){0,2}?(?:würde|würden|kann|können|werde|werden|nehme|nehmen|möchte|möchten|bin|sind|habe|haben)"
        r"|trotzdem|dennoch|daher|deshalb|also)\b)[^.!?,]){0,60}?\b(?:teilnehmen|dabei|kommen|teil)\b"
        # "bitte nehmen Sie mich für den 22. Juni nicht auf die Liste"
        # (not "Falls ich noch nicht auf der Liste stehe, bitte eintragen")
        r"|\b(?:nehmen|setzen|tragen)\s+sie\b[^.!?]{0,40}?\bnicht\s+(?:auf die|in die)\s+(?:teilnehmer|teilnahme)?liste\b"
        # "Bitte zählen Sie mich für den 22. Juni nicht mit"
        # (not "Zählen Sie mich mit, nur nicht mit Bild", nor "… noch nicht mit, ich gebe Bescheid": undecided)
        r"|\bzähl(?:e|en|t)?\s+(?:sie\s+)?(?:mich|uns)\b(?:\s+(?!(?:und|noch|vorerst|erstmal|erst)\b)[^\s.!?,;]+){0,7}?\s+nicht\s+mit\b",
    ),
    _p(
        "schaffe_nicht",
        Signal.CANCEL,
        # not "es geht nicht anders" (no other way), "nicht nur", "nicht ganz"
        r"\b(?:schaffe|schaffen|schaff|schaff's|schaffs|klappt|klappen|passt|geht)(?!\w)[^.!?,]{0,40}?\b(?:nicht|net|ned)\b"
        r"(?!\s+(?:anders|nur|ganz pünktlich|so pünktlich)\b)",
    ),
    # "zur Sitzung in Berlin komme ich bei den Infektionszahlen lieber nicht"
    _p(
        "komme_nicht",
        Signal.CANCEL,
        # an adverb before the "nicht": not "ich komme nicht rein" (into Zoom), "ob ich komme, weiß ich nicht"
        r"\b(?:komme|kommen|komm)\b[^.!?,]{0,50}?\b(?:lieber|leider|wohl|doch|dann|also)\s+nicht\b"
        # "daher komme ich am 4.9. nicht": the "nicht" last in the clause; "ich komm da nicht hin"
        r"|\b(?:komme|kommen|komm)\s+(?:ich|wir)\b[^.!?,]{0,40}?\bnicht\W*$|\b(?:ich|wir)\s+(?:komme|kommen|komm)\b[^.!?,]{0,40}?\bnicht\W*$"
        r"|\b(?:ich|wir)\s+(?:komme|kommen|komm)\b[^.!?,]{0,30}?\bnicht\s+(?:hin|dazu|vorbei)\b",
        # "auf das Dienstpostfach komme ich von zu Hause nicht": the mailbox, not the meeting
        unless=r"\w*(?:postfach|konto|rechner|server|netzwerk|vpn)\b",
    ),
    _p(
        "kann_nicht",
        Signal.CANCEL,
        # not the passive "können nicht zugestellt werden", which says nothing about a person
        # nor "kann die 60 Euro nicht selbst tragen", where another verb says what cannot be done
        # "ich kann am Montag doch net" (Hessian, Swabian "ned")
        r"\b(?:kann|können)\b[^.!?,()]{0,40}?\b(?:nicht|net|ned)\b(?!\s+nur\b)(?!-)(?!\s+\w+\s+(?:werden|worden)\b)"
        r"(?![^.!?,;()]{0,40}?\b(?:tragen|bezahlen|zahlen|finanzieren|leisten|übernehmen|erstatten|sagen|versprechen|"
        r"garantieren|öffnen|finden|installieren|herunterladen|beurteilen|einschätzen|lesen|sehen|hören|ändern|"
        r"verschieben|beantworten|nachvollziehen|verstehen|entsenden|schicken|benennen)\b)"
        r"|\b(?:werde|werden)\b(?:\s+(?:ich|wir))?\s+(?:leider\s+)?(?:doch\s+)?nicht\b(?!\s+nur\b)",
    ),
    _p(
        "keine_zeit",
        Signal.CANCEL,
        # not "habe um 9 Uhr noch einen anderen Termin und kann erst gegen 10 Uhr dazustoßen": late, not away
        r"(?:\bkeine\s+zeit\b|\bterminkollision\b|\banderen?\s+termin\b|\bdoppelt\s+belegt\b)"
        r"(?![^.!?]{0,60}?\b(?:erst|später)\b[^.!?]{0,30}?\b(?:dazu\w*|zuschalten|einwählen|kommen)\b)",
        # nor "muss aber gegen 11 Uhr in einen anderen Termin": leaving early, not away
        # (nor "erst ab der Pause online, vorher habe ich einen anderen Termin": late, not away)
        unless=r"^(?![^.!?]*\bkeine\s+zeit\b)[^.!?]*?\berst\s+ab\b[^.!?]*?\bvorher\b|"
        r"^(?![^.!?]*\bkeine\s+zeit\b)[^.!?]*?\b(?:gegen|ab|um|nach)\s+(?:ca\.?\s+)?\d{1,2}(?:[:.]\d\d)?\s*uhr\s+(?:\w+\s+){0,2}?in\s+einen?\s+anderen?\s+termin\b",
    ),
    _p(
        "streichen",
        Signal.CANCEL,
        # "Bitte nehmen Sie mich wieder raus"
        # (not "nehmen Sie mich aus dem Verteiler heraus", a change to the mailing list)
        r"\bnehmen sie (?:mich|uns)\b(?![^.!?]{0,40}?\b(?:verteiler|mailingliste|newsletter|e-?mail-?liste)\b)[^.!?]{0,40}?\b(?:raus|heraus|runter)\b"
        r"|\bstreichen\b|\bstornieren\b|\bzurückziehen\b|\bzurücknehmen\b|\baustrage\b|\b(?:ziehe|nehme)\b"
        + _NEAR
        + r"\bzurück\b|\baustragen\b|\btragen\b"
        + _NEAR
        + r"\baus\b"
        + _END,
    ),
    # "da muss ich für den 22. leider passen", "wir müssen also beide passen"; not "wir müssen klären,
    # ob die Termine passen" (to fit)
    _p(
        "passen",
        Signal.CANCEL,
        r"\b(?:muss|müssen)\b(?:\s+(?!(?:ob|dass|wenn|was|weil|falls|sehen|schauen|klären|prüfen)\b)[^\s.!?;]+){0,8}?\s+passen\b",
    ),
    # "Vielen Dank für die Einladung, der ich diesmal nicht folgen kann"
    _p(
        "einladung_nicht_folgen",
        Signal.CANCEL,
        r"\beinladung\b[^.!?]{0,40}?\b(?:nicht|leider nicht)\s+folgen\b"
        # "… für die Einladung zum 22. Juni, die ich leider nicht annehmen kann"
        r"|\beinladung\b[^!?]{0,40}?\b(?:nicht|leider nicht)\s+annehmen\b",
    ),
    # "… teile ich mit, dass er den Termin am 22.06. leider nicht wahrnehmen kann"
    _p(
        "nicht_wahrnehmen",
        Signal.CANCEL,
        r"\b(?:termin|sitzung|treffen|arbeitstreffen|veranstaltung|einladung)\b[^!?]{0,50}?\b(?:nicht|leider nicht)\s+wahrnehmen\b"
        r"|\b(?:nehme|nehmen)\s+(?:ich|wir)\s+(?:\w+\s+){0,3}?nicht\s+wahr\b",
    ),
    # "ich klinke mich morgen aus"
    _p(
        "ausklinken",
        Signal.CANCEL,
        # leaving early is no decline: "Ich klinke mich um 11 Uhr aus", "… nach der Pause aus"
        r"\b(?:klinke|klinken)\s+(?:mich|uns)\s+(?:(?!um\b|ab\b|gegen\b|früher\b|zwischendurch\b|nach\b|vor\b|kurz\b)\w+\s+){0,3}?aus\b"
        + _END,
    ),
    # "Ich setze diesmal aus"
    _p(
        "aussetzen",
        Signal.CANCEL,
        r"\b(?:setze|setzen)\s+(?:ich\s+|wir\s+)?(?:\w+\s+){0,3}?aus\b" + _END,
        unless=r"\b(?:kommt|nimmt|geht)\s+(?:\w+\s+)?für\s+mich\b|\bfür\s+mich\s+(?:kommt|nimmt)\b"
        r"|\b(?:an meiner stelle|vertretung|vertritt|statt meiner)\b",
    ),
    # "von uns kann diesmal leider niemand, weder Frau Kuhn noch ich"
    _p(
        "niemand",
        Signal.CANCEL,
        # (not "…, sonst ist ja niemand aus dem Kreis dabei", "da niemand aus dem Kreistag kommen kann")
        r"\bniemand\b[^.!?]*?\b(?:kann|können|wird|werden|kommt|kommen|dabei|teilnehmen)\b"
        r"|\b(?:kann|können|wird|werden|kommt)\b[^.!?]*?\bniemand\b",
        # a reason, not a decline: "da sonst niemand kommen kann, melde ich mich an"; the sender's own yes
        unless=r"\b(?:sonst|außer|da|weil|wenn|falls|ob|dass|damit)\s+(?:\w+\s+){0,4}?niemand\b|\bniemand\s+außer\b"
        r"|\babhalten\b|\bich\s+(?:bin|nehme|komme|melde)\b|\bbin\s+ich\s+(?:\w+\s+)?dabei\b",
    ),
    _p(
        "weder_noch",
        Signal.CANCEL,
        r"\bweder\b[^.!?]{0,60}?\bnoch\s+ich\b",
        unless=r"\b(?:war|waren|letzte\w*|problem\w*)\b",
    ),
    # "werde ich am 19.11. nicht nach Berlin fahren": not travelling to the meeting is not coming to it
    _p(
        "nicht_anreisen",
        Signal.CANCEL,
        # a decision, not "zum Glück muss ich nicht nach Berlin reisen" nor "da ich nicht … fahren muss"
        r"\b(?:werde|werden|möchte|möchten|will|wollen|kann|können|würde|würden)\b(?![^.!?,]*\bmuss\b)[^.!?,]{0,40}?"
        r"\bnicht\s+(?:(?:nach|zur|zum|in die)\s+\w+\s+)?(?:fahren|reisen|anreisen)\b(?!\s+(?:muss|müssen|brauche))",
    ),
    # Idioms without a negation: "muss ich an mir vorbeiziehen lassen", "mir ist etwas dazwischengekommen".
    _p(
        "redewendung_absage",
        Signal.CANCEL,
        r"\b(?:vorbeiziehen|vorüberziehen|sausen|ausfallen)\s+lassen\b|\bdazwischen\s?gekommen\b"
        r"|\bkommt\s+(?:mir\s+)?(?:leider\s+)?(?:etwas|was)\s+dazwischen\b"
        # "da ich dort Vorlagen einbringe, komme ich aus dieser Sitzung nicht heraus"
        r"|\bkomme?\b[^.!?]{0,40}?\bnicht\s+(?:heraus|raus|weg|los)\b",
    ),
    # "Bin am 22. leider raus" (colloquial); not "muss um 11 Uhr raus", which is leaving early.
    _p("bin_raus", Signal.CANCEL, r"\b(?:bin|sind)\b[^.!?]{0,30}?\b(?:leider|diesmal|dieses mal)\s+raus\b"),
    # "Diesmal ohne mich", "Bitte planen Sie ohne mich": the sender is not coming.
    _p(
        "ohne_mich",
        Signal.CANCEL,
        r"\b(?:diesmal|dieses\s+mal|leider|bitte|müssen|muss|findet)\b[^.!?]{0,40}?\bohne\s+(?:mich|uns)\b"
        # "Diesmal nicht, wir kommen dann nach Berlin" (text.py cuts it after the comma)
        r"|^(?:diesmal|dieses\s+mal)\s+(?:leider\s+)?nicht\W*$",
    ),
    _p(
        "entschuldigen",
        Signal.CANCEL,
        r"\b(?:lässt|lasse|lassen|mich|uns)\b" + _NEAR + r"\bentschuldigen\b|\bentschuldigen sie mich\b",
    ),
    # "Ich wünsche Ihnen eine gute Sitzung": wishing the others a good meeting is not coming to it.
    _p(
        "gute_sitzung",
        Signal.CANCEL,
        r"\bwünsche\b[^.!?]{0,30}?\b(?:ihnen|euch|allen)\b[^.!?]{0,40}?\b(?:gute[ns]?|erfolgreiche[ns]?|viel erfolg|"
        r"spannende[ns]?|anregende[ns]?|produktive[ns]?)\b[^.!?]{0,25}?\b(?:sitzung|treffen|veranstaltung|austausch|"
        r"tagung|diskussion|konferenz|ag-sitzung|arbeitstreffen)",
    ),
    _p("von_der_liste", Signal.CANCEL, r"\bvon der (?:teilnehmer|teilnahme)?liste\b"),
    _p(
        "anderweitig",
        Signal.CANCEL,
        r"\b(?:anderweitig|terminlich|dienstlich|beruflich|bereits|schon)\s+(?:gebunden|verplant|eingebunden)\b"
        r"|\b(?:bin|sind)\b[^.!?]{0,60}?\b(?:gebunden|verplant)\b"
        r"|\bbei einer anderen veranstaltung\b",
    ),
    _p(
        "cannot_attend",
        Signal.CANCEL,
        # not "an appointment I cannot move), so I might join later": the verb must be in the same piece
        r"\b(?:can't|cannot|can not|won't|will not|unable to|not be able to|(?:am|'m) not able to|couldn't|shan't|(?:am|'m) not planning to|(?:don't|do not) plan to)\b[^.!?,;()]{0,40}?\b(?:attend|make it|join|come|participate|be there|take part)\b"
        # "I won't be able to make the meeting on 22 June" (not "can't make the session after lunch")
        r"|\b(?:can't|cannot|won't be able to|will not be able to|unable to|not be able to|(?:am|'m) not able to)\s+make\s+"
        r"(?:this one|(?:the|this|your)\s+(?:meeting|session|workshop))\b(?!\s+(?:after|before|until|in)\b)"
        r"(?![^.!?]*\b(?:otherwise|unless)\b)",
    ),
    # "Sorry, I am not available.": hesitant, for a "but my colleague will join" may follow unread
    _p(
        "not_available_en",
        Signal.CANCEL,
        r"\b(?:i am|i'm|we are|we're|i will|i'll|we will|we'll)\s+(?:not\s+(?:be\s+)?available|unavailable)\W*$",
        strong=False,
    ),
    # "I'll be on leave then", "I'm away on 22 June": away, and the meeting's day named. Hesitant: the
    # next clause may say "but I will dial in", which no rule reads as a yes.
    _p(
        "away_en",
        Signal.CANCEL,
        r"\b(?:i'll|i will|i am|i'm|we'll|we will|we are|we're)\s+(?:be\s+)?(?:\w+\s+)?(?:away|abroad|travell?ing"
        r"|on (?:holiday|vacation|leave|a business trip))\b[^.!?,]{0,30}?\b(?:then|that day|that week|on that date"
        r"|on (?:the )?\d{1,2}(?:st|nd|rd|th)?\b|on \w+day\b)(?![^.!?,]{0,15}\b(?:morning|afternoon|evening|until|till)\b)"
        r"(?![^.!?]*\b(?:instead|register|in my place|join|dial|attend)\b)",
        strong=False,
    ),
    _p(
        "cancel_en",
        Signal.CANCEL,
        r"\b(?:have|need|must) to (?:cancel|decline|withdraw|drop out|pull out)\b|\bunregister\b|\bwithdraw my\b|\bplease (?:remove|cancel|unregister|take me off)\b|\bcount me out\b|\bi (?:must |have to )?decline\b|\bregrets?\b"
        r"|\b(?:have|has) (?:a |another )?(?:clash|conflict|prior commitment|commitment elsewhere)\b|\bdouble[- ]booked\b"
        # "none of our team is available on 22 June, so we will have to skip this one"
        r"|\b(?:have|need) to (?:skip|miss|sit out) (?:this one|this meeting|this session|the meeting|it)\b"
        r"|\b(?:have|need) to pass on (?:the|this)\b"
        r"|\bnone of (?:us|our team|our staff|my colleagues) (?:is|are|will be) (?:available|able|free)\b"
        r"|\b(?:it|that|this|which) (?:clashes|conflicts) with\b"
        # "I am not available on 22 June" (not "… for the first half hour", "… before 10 but will join")
        r"|\b(?:i am|i'm|we are|we're|i will|i'll|we will|we'll)\s+(?:not\s+(?:be\s+)?available|unavailable)"
        r"\s+(?:on\s+(?:the\s+)?\d|on\s+\w+day\b|that day\b|then\b|this time\b|at that time\b|on that date\b"
        r"|on the day\b|for (?:the|this) (?:meeting|session)\b)(?![^.!?]*\bbut\b)"
        r"|\bgive\b[^.!?]{0,40}?\ba miss\b|\b(?:give|send|offer|tender)\s+(?:my|our)\s+apologies\b(?!\s+for\s+(?:the\s+|my\s+)?(?:late|delay))"
        r"|\b(?:have to|will have to|'ll have to|must|need to|going to|will|'ll)\s+miss\s+(?:this one|it|the (?:meeting|session|workshop)|this (?:meeting|session|time))\b"
        # "neither I nor my colleague … will be able to attend"
        r"|\bneither\b[^.!?]{0,80}?\bnor\b[^.!?]{0,120}?\b(?:attend|join|come|make it|participate|be there)\b",
    ),
)

REGISTER = (
    _p(
        "anmelden",
        Signal.REGISTER,
        # not "Bitte melden Sie sich bis zum 16. Oktober über das Formular an": the reader is asked
        r"\b(?:melde|melden|meldet)\b(?!\s+sie\s+sich\b)"
        + _WIDE
        + r"\ban\b"
        + _END
        # "hiermit verbindlich angemeldet."
        + r"|^(?:\w+\s+){0,2}?hiermit\s+(?:verbindlich\s+|gerne?\s+)?angemeldet\W*$"
        # "melde ich folgende Teilnehmende für die Videokonferenz am 22.06.:" (the particle left out)
        + r"|\b(?:melde|melden)\s+(?:ich|wir)\s+(?:hiermit\s+|ihnen\s+)?folgende\b"
        # "Bitte rechnen Sie am 22. Juni mit mir", "Sie können mit uns rechnen"
        + r"|\brechnen sie\b(?![^.!?]*\b(?:nicht|erst)\b)[^.!?]{0,40}?\bmit (?:mir|uns)\b"
        + r"|(?<!nicht )\bmit (?:mir|uns) rechnen\b(?![^.!?]*\bnicht\b)"
        # "hätten wir gern zwei Plätze: einmal für mich und …"
        + r"|\b(?:(?:hätte|hätten|möchte|möchten)\s+(?:wir|ich)|(?:wir|ich)\s+(?:hätte|hätten|möchte|möchten))\s+"
        + r"(?:gern\w*\s+|bitte\s+)?(?:einen|zwei|drei|vier|\d)\s+(?:platz|plätze)\b"
        # "zur Sitzung in Göttingen kommen vom Landkreis zwei Personen: ich und Frau Anke Vogt"
        + r"|\bkommen\b(?![^.!?]{0,60}?\b(?:keine|nur)\b)[^.!?]{0,60}?\b(?:zwei|drei|vier|\d)\s+(?:personen|teilnehmende|kolleg\w*|vertreter\w*)\b",
    ),
    # "Angemeldet werden sollen daher:" (a list follows), "folgende Kolleginnen sollen angemeldet werden"
    # (not "wer angemeldet werden soll, teile ich noch mit", "die Kolleginnen, die angemeldet werden sollen, …")
    _p(
        "angemeldet_werden",
        Signal.REGISTER,
        r"\bangemeldet\s+werden\s+(?:sollen|soll|möchten|möchte)\b"
        r"|\b(?:sollen|soll|möchten|möchte)\s+(?:\w+\s+){0,3}?angemeldet\s+werden\b",
        unless=r"\b(?:nicht|wer|eigentlich|welche|welcher)\b|\bdie\s+angemeldet\b",
    ),
    _p(
        "anmelden_wunsch",
        Signal.REGISTER,
        r"\b(?:möchte|möchten|würde|würden|will|wollen|wollte|darf|gerne?)\b"
        + _WIDE
        + r"\banmelden\b|\bbitte\b"
        + _NEAR
        + r"\banmelden\b|\banmelden\s*[:!]",
    ),
    # "Anmeldung", "Anmeldung 19.11."; not the invitation's table of contents ("Anmeldung   1").
    _p(
        "anmeldung",
        Signal.REGISTER,
        r"^(?:hiermit\s+|anbei\s+|hier\s+(?:ist\s+|kommt\s+)?)?(?:meine\s+|unsere\s+|verbindliche\s+)*anmeldung\b(?!\s+(?:ist|war|wurde|hat|bis|unter|über|per|via|bei|läuft|nötig|erforderlich|erbeten|zum newsletter|für den newsletter)\b)(?!\s*\d{1,3}\s*$)|\b(?:hiermit|anbei|nachfolgend)\b[^.!?]{0,30}?\banmeldung\b"
        # "wie am Telefon besprochen, hier noch schriftlich meine Anmeldung"
        r"|\bhier\s+(?:\w+\s+){0,3}?meine\s+(?:verbindliche\s+)?anmeldung\b(?!\s+(?:ist|war|wurde|hat|bis)\b)"
        # "hier die Anmeldungen von uns für den 22.:" (a list follows)
        r"|\bhier\s+(?:sind\s+|kommen\s+)?(?:die|unsere)\s+anmeldungen\b"
        # "ich bitte um Anmeldung zum AG-Treffen"; not the inviter's "wir bitten um Anmeldung bis …"
        r"|(?:\bich\s+bitte|^bitte|\bbitte\s+ich)\s+(?:hiermit\s+|höflich\s+|gern\s+|gerne\s+)?"
        r"um\s+(?:meine\s+|die\s+|eine\s+)?(?:verbindliche\s+)?(?:anmeldung|vormerkung|registrierung)\b"
        r"(?![^.!?]{0,40}?\b(?:bis|spätestens|unter|über|per|via)\b)",
    ),
    _p(
        "teilnehmen",
        Signal.REGISTER,
        # also the spoken "ich nehm teil"
        r"\b(?:nehme|nehmen|nimmt|nehmt|nehm)\b"
        + _WIDE
        + r"\bteil\b"
        + _END
        + r"|\b(?:möchte|möchten|würde|würden|werde|werden|wird|will|wollen|gerne?)\b"
        + _WIDE
        + r"\b(?:teilnehmen|mitmachen|zuhören|mithören)\b"
        # "gerne würde ich mich an der Zoom-Sitzung beteiligen" (not "an der Arbeit der AG")
        + r"|\b(?:sitzung|konferenz|videokonferenz|treffen)\s+(?:\w+\s+){0,2}?beteiligen\b"
        # "Teilnehmen wird stattdessen meine Kollegin Sabine Jost"
        + r"|^teilnehmen\s+(?:wird|werden)\b(?![^.!?]*\b(?:nicht|kein\w*|niemand|nur|falls|wenn|sofern)\b)"
        # "Bitte nehmen Sie mich in die Teilnehmerliste für Montag auf"
        + r"|\b(?:nehmen|setzen|tragen)\s+sie\s+mich\b[^.!?]{0,60}?\bteilnehme\w*liste\b[^.!?]{0,40}?\b(?:auf|ein)\b"
        # "Mein Stellvertreter, Herr Dirk Pohl (…), würde an meiner Stelle kommen"
        + r"|\ban (?:meiner|seiner|ihrer|unserer) stelle\b[^.!?]{0,40}?\b(?:kommen|teilnehmen|dabei sein|teil)\b"
        # "… zum vierten Arbeitstreffen, an dem ich sehr gern teilnehme" (our meeting, not "die
        # Ausschusssitzung, an der ich teilnehmen muss")
        + r"|\b(?:arbeitstreffen|ag-treffen|ag-sitzung)\b(?![^.!?]*\b(?:normalerweise|sonst|eigentlich|meistens|gewöhnlich)\b),?\s+(?:an|bei)\s+(?:dem|der|welchem|welcher)\s+(?:ich|wir)\s+"
        + r"(?:\w+\s+){0,2}?(?:gerne?|gern\w*|selbstverständlich)\s+(?:teilnehme|teilnehmen|mitmache)\b"
        + r"(?!\s+(?:kann|könnte|werde|würde|möchte|will|wollte|darf|soll|muss|müssen))"
        # "für die Einladung zum Arbeitstreffen, an dem ich teilnehme": the one invited to
        + r"|\beinladung\b(?![^.!?]*\b(?:normalerweise|sonst|eigentlich|meistens|gewöhnlich)\b)\s+zu[mr]?\s+(?:\w+\s+){0,3}?(?:arbeitstreffen|ag-treffen|ag-sitzung|zoom-konferenz|zoom-sitzung"
        + r"|videokonferenz|treffen|sitzung)\b[^.!?]{0,30}?,?\s+(?:an|bei)\s+(?:dem|der)\s+(?:ich|wir)\s+(?:\w+\s+){0,3}?"
        + r"(?:teilnehme|teilnehmen)\b(?!\s+(?:kann|könnte|werde|würde|möchte|will|wollte|darf|soll|muss|müssen))"
        # "herzlichen Dank für die Einladung, der ich gerne folge"
        + r"|\beinladung\b,?\s+(?:der|welcher)\s+(?:ich|wir)\s+(?:(?:gerne?|sehr|hiermit|auch|selbstverständlich)\s+){0,3}"
        + r"folgen?(?:\s+(?:werde|werden))?\b(?!\s+(?:kann|könnte|würde|würden|möchte|möchten|will|wollen)\b)"
        + r"|\bfolge\s+(?:ich\s+)?(?:ihrer|der)\s+einladung\s+(?:sehr\s+)?gerne?\b"
        # "vielen Dank für die Einladung zum 22. Juni, die ich gerne annehme", "nehme Ihre Einladung gern an"
        + r"|\beinladung\b[^!?,]{0,30}?,\s*(?:die|welche)\s+(?:ich|wir)\s+(?:(?:gerne?|sehr|hiermit|auch|selbstverständlich)\s+){0,3}"
        + r"annehmen?\b(?!\s+(?:kann|könnte|würde|würden|möchte|möchten|will|wollen)\b)"
        + r"|\b(?:nehme|nehmen)\s+(?:ich\s+|wir\s+)?(?:ihre|die|eure|deine)\s+einladung\s+(?:(?:sehr|gerne?|hiermit|auch)\s+){0,3}an\b"
        # "hiermit teile ich mit, dass ich an dem Arbeitstreffen am 22.06. per Zoom teilnehme"
        + r"|\b(?:mit|mitteilen|bestätigen|bestätige(?:\s+ich)?(?:\s+ihnen)?|schreibe(?:\s+ich)?(?:\s+ihnen)?|info|information|nachricht|bescheid)\b,?\s+"
        + r"dass\s+(?:ich|wir)\b(?![^.!?]*\b(?:nicht|kein\w*)\b)[^.!?]{0,80}?\bteilnehmen?\b"
        + r"(?!\s+(?:kann|könnte|würde|möchte|muss|müsste|werde|darf))"
        # "teile ich Ihnen mit, dass er an der AG-Sitzung per Zoom teilnehmen wird"
        + r"|\bdass\b[^.!?]{0,80}?\bteilnehmen\s+(?:wird|werde|werden|kann|können)\b",
    ),
    _p(
        "kann_teilnehmen",
        Signal.REGISTER,
        r"\b(?:ich|wir)\s+(?:kann|können)\b(?:\s+[\w-]+){0,6}?\s+(?:teilnehmen|kommen|dabei sein|dazukommen|dazustoßen)\b"
        # "…, kann ich am 22.6. teilnehmen" (the verb first after a clause before it)
        r"|,\s*(?:kann|können)\s+(?:ich|wir)\b(?:\s+[\w-]+){0,6}?\s+(?:teilnehmen|kommen|dabei sein)\b"
        r"|\b(?:kann|können)\s+(?:ich|wir)\s+(?:also\s+|nun\s+|jetzt\s+)?doch\b"
        r"|\b(?:ich|wir)\s+(?:kann|können)\s+(?:also\s+|nun\s+|jetzt\s+)?doch\b",
    ),
    _p(
        "liste_setzen",
        Signal.REGISTER,
        r"(?<!nicht )\b(?:auf die|in die)\s+(?:teilnehmer|teilnahme)?liste\b|\bwieder aufnehmen\b"
        # "bitte nehmen Sie daher auch mich (Birte Carstens, …) mit auf": the list left unsaid
        + r"|\bnehmen sie\b(?![^.!?]*\bnicht\b)[^.!?]{0,30}?\b(?:mich|uns)\b[^.!?]{0,60}?\bmit auf\b"
        + _END,
        # not the mailing list: "mit auf die Liste für künftige Treffen", "… der Interessierten", "nehmen
        # Sie mich mit auf den Verteiler", "…, damit ich künftig die Einladungen bekomme"
        # (with a date the mailing list is only added: "für den 22. Juni auf die Teilnehmerliste und halten
        # Sie mich über künftige Treffen auf dem Laufenden")
        unless=r"\b(?:verteiler|newsletter|mailingliste)\b"
        r"|^(?![^.!?]*\b(?:am|für den|zum)\s+\d)[^.!?]*\b(?:künftig\w*|zukünftig\w*|interessierten|laufenden)\b",
    ),
    _p(
        "teilnahme",
        Signal.REGISTER,
        # not "Bitte bestätigen Sie Ihre Teilnahme am Förderprogramm": the reader (us) is asked
        r"\bteilnahme\b[^!?]{0,30}?\bwird\s+(?:hiermit\s+)?(?:zugesagt|bestätigt)\b|\bteilnahme\b[^.!?]{0,30}?\b(?:zusagen|bestätigen|anmelden)\b"
        # "an" as the verb's particle ("meine Teilnahme kündige ich hiermit an"), not "die Teilnahme an der Sitzung"
        + r"|\bteilnahme\b[^.!?]{0,60}?\ban\b"
        + _END
        # "Meine Teilnahme bestätige ich hiermit" (not "…, sobald ich meinen Kalender geprüft habe")
        + r"|\bteilnahme\b[^.!?]{0,30}?\bbestätige\s+ich\b(?!,?\s*(?:sobald|wenn|falls|nachdem)\b)"
        + r"(?!\s+(?:ihnen\s+)?(?:noch|erst|später|gesondert)\b)(?![^.!?,]*\bnicht\b)"
        + r"|\b(?:bestätige|bestätigen|sage|sagen)\b(?!\s+sie\b)"
        + _NEAR
        # "Teilnahme ja", "Teilnahme am 22.06.2020: ja, für die Bürgerstiftung …" (a form's answer)
        + r"\bteilnahme\b|\bteilnahme\s*[:-]?\s*ja\b|^teilnahme\b[^.!?:]{0,30}:\s*ja\b",
    ),
    # "…, der ich gerne folgen würde": a yes put as a wish, for staff to confirm
    _p(
        "einladung_folgen_würde",
        Signal.REGISTER,
        r"\beinladung\b,?\s+(?:der|welcher)\s+(?:ich|wir)\s+(?:(?:gerne?|sehr|auch)\s+){0,2}folgen\s+"
        r"(?:würde|würden|könnte|könnten|möchte|möchten|will|wollen)\b",
        strong=False,
    ),
    # A line that is only that, like a heading: "Verbindliche Teilnahme an der Zoom-Sitzung am 22. Juni",
    # "Teilnahme an der Sitzung: ja" (not "Meine Teilnahme würde ich davon abhängig machen"): a place or
    # date after it at most, and no word that takes it back ("Teilnahme abgesagt")
    _p(
        "teilnahme_zeile",
        Signal.REGISTER,
        r"^(?:hiermit\s+|verbindliche\s+|meine\s+|unsere\s+)*teilnahme"
        r"(?:\s+zugesagt|\s+(?:an|am|zur|zum|für|bei|von|ab)\b(?:\s+[\w.-]+){0,5})?"
        r"\s*(?::\s*(?:ja|zugesagt|[^\W\d][\w.-]+(?:\s+[^\W\d][\w.-]+){0,2}))?\s*[.!]*$",
        unless=r"\b(?:absag\w*|abgesagt|abmeld\w*|abgelehnt|ablehn\w*|abwesen\w*|storn\w*|zurück\w*|entfällt|fehlanzeige"
        r"|unsicher|fraglich|unklar|unwahrscheinlich|nein|nicht|leider|kein\w*|vielleicht|eventuell|evtl|ggf|offen)\b",
    ),
    _p(
        "zusage",
        Signal.REGISTER,
        r"^zusage\b|\b(?:meine|hiermit)\s+zusage\b"
        # "Guten Morgen, Zusage von mir für Montag" (not "Eine Zusage von mir kann ich erst nächste Woche geben")
        r"|(?:^|,\s*)zusage\s+von\s+(?:mir|uns)\b(?![^.!?,]*\b(?:noch|erst|nicht|folgt|aus|kann|gibt|steht)\b)|\b(?:sage|sagen)\b"
        + _NEAR
        + r"\bzu\b"
        + _END,
    ),
    _p(
        # "ich habe am 22. Urlaub, schalte mich aber gerne dazu"
        "zuschalten",
        Signal.REGISTER,
        # "ich würde mich gern zuschalten"
        # (not "Ich werde mich leider nicht zuschalten können", "… nur falls es die Zeit erlaubt …")
        r"\b(?:würde|würden|möchte|möchten|werde|werden|will)\s+(?:ich\s+|wir\s+)?(?:mich|uns)\s+"
        r"(?:(?!(?:nicht|kein\w*|nie|falls|wenn|sofern)\b)[\w-]+\s+){0,8}?"
        r"(?:zuschalten|einwählen|dazuschalten|einklinken|dazuklinken)\b"
        r"|\b(?:schalte|schalten)\s+(?:(?:ich|wir)\s+)?(?:mich|uns)\b(?![^.!?]{0,40}?\b(?:nicht|kein\w*|nie)\b)[^.!?]{0,40}?\b(?:dazu|zu)\b"
        + _END,
    ),
    _p(
        # "Am 4.9. kann ich nicht, aber für den 22. Juni gern": the yes without its verb, after the
        # contrast. A date or weekday must stand there: "aber in Zukunft gern" is still a no.
        "datum_gern",
        Signal.REGISTER,
        # (the dots inside a clause are spaces by now: "am 22  juni gern")
        # Nothing but the date stands before the "gern": not "Am 22. würde ich ja gern. Leider …", nor
        # "Am 22. im Prinzip gern, muss aber noch …"
        r"^(?:am|für\s+den|zum|den)\s+(?:(?:\d{1,4}|montag|dienstag|mittwoch|donnerstag|freitag|den|"
        + "|".join(MONTH_NAMES)
        + r")\b,?\s*){1,4}(?:(?:dann|sehr|natürlich|umso|ganz)\s+)?gerne?\W*$",
    ),
    _p(
        # "kurz vor Fristende noch meine Anmeldung für Montag, den 22.06.": the noun without a verb
        "meine_anmeldung",
        Signal.REGISTER,
        # (at the start of the clause: not "Ich möchte noch meine Anmeldung … rückgängig machen", "Leider
        # fehlt noch meine Anmeldung für Berlin")
        r"^(?:(?:kurz|gerade|knapp)\s+(?:vor\s+\w+\s+)?)?(?:noch|hiermit|hier|anbei)\s+meine\s+anmeldung\s+(?:für|zur|zum)\b"
        r"(?![^.!?]*\b(?:rückgängig|widerruf\w*|cancel\w*|annull\w*|hinfällig|übertrag\w*|zurück\w*|stornier\w*|absag\w*"
        r"|abmeld\w*|streichen|nicht|ändern|löschen|fehlt|keine)\b)",
    ),
    _p(
        # "ich selbst schaffe es nicht, möchte aber meine Kollegin Jana Riedel schicken"
        "kollegin_schicken",
        Signal.REGISTER,
        # (a name after the role, nothing but "aber/gern/stattdessen" before it: not "Ich werde meinen
        # Kollegen die Einladung senden", "… bitten, Ihnen die Präsentation zu schicken", "würde auch …
        # schicken" beside the sender's own yes, "Falls ich krank werde, würde ich …")
        r"^(?![^.!?]*\b(?:nicht|kein\w*|niemand\w*|falls|wenn|sofern|ggf|gegebenenfalls|eventuell|vielleicht|klären)\b)"
        r"[^.!?]*\b(?:möchte|möchten|würde|würden|werde|werden)\s+(?:ich\s+|wir\s+)?(?:(?:aber|gern|gerne|stattdessen|dafür)\s+)*"
        r"(?:meine|meinen|unsere|unseren)\s+(?:kollegin|kollegen|kollege|mitarbeiterin|mitarbeiter"
        r"|vertreterin|vertreter|stellvertreterin|stellvertreter|nachfolgerin|nachfolger)"
        r"(?:\s+(?!(?:die|der|das|den|dem|ihnen|bitten|fragen)\b)[\w.@()-]+){1,6}?\s+(?:an meiner stelle\s+)?(?:schicken|entsenden)\b",
    ),
    _p(
        # "Meine Kollegin würde auch gern reinschnuppern" (not "würden aber gern einmal hineinschnuppern",
        # some time, after asking whether non-members may)
        "reinschnuppern",
        Signal.REGISTER,
        # (with "auch", beside a yes; not on a condition or as a question: "… reinschnuppern, sofern
        # Nichtmitglieder zugelassen sind", "… reinschnuppern – ist das überhaupt möglich?")
        r"\b(?:würde|würden|möchte|möchten|will|wollen)\b(?![^.!?]*\b(?:nicht|einmal|mal|sofern|falls|wenn|ob)\b)"
        r"(?![^.!?]*\?)[^.!?]{0,30}?\bauch\b[^.!?]{0,20}?\b(?:reinschnuppern|hineinschnuppern|reinhören|hineinhören)\b",
    ),
    _p(
        # "da mache ich gern mit": the separable verb with its particle at the end
        "mitmachen",
        Signal.REGISTER,
        r"\b(?:mache|machen|macht|mach)\b(?![^.!?]{0,70}?\b(?:nicht|kein\w*|nie)\b)"
        + _NEAR
        + r"\bmit\b"
        + _END,
    ),
    _p(
        # "wir wären am 22.6. zu zweit: ich selbst und meine Kollegin …"
        "zu_zweit",
        Signal.REGISTER,
        # "wir vom Quartiersbüro Nordstadt würden gerne zu zweit kommen"
        r"\b(?:wir|ich)\s+(?:[\w-]+\s+){0,3}?(?:wären|wäre|sind|werden|würden|möchten|kommen)\b[^.!?]{0,40}?\bzu\s+(?:zweit|dritt|viert|fünft)\b"
        r"|\b(?:sind|wären|kommen|werden)\s+wir\b[^.!?]{0,40}?\bzu\s+(?:zweit|dritt|viert|fünft)\b",
    ),
    _p(
        "dabei",
        Signal.REGISTER,
        r"\b(?:bin|sind|wäre|wären)\b"
        + _NEAR
        + r"\bdabei\b|\bdabei\s+sein\b|\bmit dabei\b|^(?:sehr\s+)?gerne?\s+dabei\b"
        # The rest begins at the start of the clause and looks ahead for its last word first: "ist",
        # "Frau", "durch" are frequent, "dabei", "am Start", "vertreten" are not.
        r"|^(?=.*?\b(?:dabei|am start|vertreten)\b).*?(?:"
        # "Von uns ist Frau Meier am 22. dabei", "… ist auch meine Wenigkeit dabei": a person, not a thing
        r"\bist\s+(?:\w+\s+){0,2}?(?:frau|herr|meine wenigkeit|(?:mein|unser)\w*\s+(?:\w+\s+)?(?:kolleg|mann|frau|partner|chef|vorsitzend|vertret|stellvertret|mitarbeit|nachfolg|bürgermeister|dezernent|referent|leiter)\w*)\b[^.!?]{0,60}?\bdabei\b"
        r"|\b(?:frau|herr)\s+[^.!?]{0,60}?\bist\s+(?:\w+\s+){0,3}?dabei\b"
        # "am 22. bin ich am Start"
        r"|\b(?:bin|sind)\s+(?:ich\s+|wir\s+)?(?:(?!nicht\b|nie\b|kein)\w+\s+){0,2}?am start\b"
        # "Die Freiwilligenagentur wird durch mich und meine Kollegin Lena Rautenberg vertreten sein"
        # (not "Ich werde durch meine Stellvertreterin vertreten": then the sender is the one away)
        r"|\bdurch\s+(?:mich|uns|die unterzeichnerin|den unterzeichner|die unterzeichnende|den unterzeichnenden)\b"
        r"[^.!?]{0,120}?\bvertreten\b)",
        # being a member, not coming: "Ich bin neu dabei", "ich bin schon lange / seit 2015 dabei"
        unless=r"^(?!.*\bdabei\b.*\bdabei\b).*\b(?:bin|sind)\s+(?:ich\s+|wir\s+)?(?:noch\s+)?"
        r"(?:neu|schon\s+(?:lange|länger|ewig|seit\s+\w+)|seit\s+\w+(?:\s+\w+)?)\b[^.!?]*",
    ),
    _p(
        "gesetzt",
        Signal.REGISTER,
        r"\b(?:bin|sind)\s+(?:ich|wir)\s+(?:fest\s+)?gesetzt\b|\b(?:ich|wir)\s+(?:bin|sind)\s+(?:fest\s+)?gesetzt\b",
    ),
    _p(
        "komme",
        Signal.REGISTER,
        # not "Ich komme aus Rostock und müsste am Vorabend anreisen": where from, not whether
        # nor "Ich komme mit dem Auto aus Kassel" (beside a question about parking): how, not whether
        r"\b(?<!\bob )(?:ich|wir)\s+(?:komme|kommen|komm)\b(?![^.!?,]*\bnicht\b)(?!\s+(?:ursprünglich\s+|selbst\s+)?aus\b)"
        # (with where from: "Ich komme mit dem Auto nach Göttingen" is a yes)
        r"(?!\s+(?:\w+\s+){0,2}?(?:mit\s+(?:dem|der)|per)\s+(?:auto|zug|bahn|rad|fahrrad|bus|pkw|wagen)\s+aus\b)"
        r"|\b(?:komme ich|kommen wir)\b(?![^.!?,]*\bnicht\b)(?!\s+(?:ursprünglich\s+|selbst\s+)?aus\b)|\bkomm(?:e|en)?\s+(?:ich\s+|wir\s+)?gerne?\b|\bmit von der partie\b"
        r"|\bkommt\s+(?:auch|ebenfalls|mit|gerne?)\b|\bkomme\b" + _NEAR + r"\bgerne?\b"
        # "Ich bin verhindert, dann kommt aber Frau Eva Kunze"
        r"|\bkommt\s+(?:aber\s+|dann\s+|stattdessen\s+|dafür\s+)+(?:frau|herr|herrn|mein\w*|unser\w*|die kollegin|der kollege)\b"
        # "zähl mich bitte für Montag mit", "zählen Sie mich mit"
        r"|\bzähl(?:e|en|t)?\s+(?:sie\s+)?(?:mich|uns)\b(?![^.!?]*\bnicht\b)[^.!?]{0,40}?\bmit\b"
        # "würde ich am 22.6. sehr gerne zuschalten"
        r"|\b(?:möchte|möchten|würde|würden|werde|werden)\b(?![^.!?]*\bnicht\b)[^.!?]{0,40}?\b(?:zuschalten|dazuschalten)\b"
        # "von der Bürgerstiftung kommen drei Leute:", "wir kommen zu zweit"
        r"|\bkommen\s+(?![^.!?]*\bnicht\b)(?:\w+\s+)?(?:zwei|drei|vier|fünf|sechs|\d)\s+(?:leute|personen|kolleg\w*|vertreter\w*|mitglieder|teilnehmende|teilnehmer\w*)\b"
        r"|\b(?:zwei|drei|vier|fünf|sechs|\d)\s+(?:leute|personen)\s+(?:\w+\s+)?kommen\b"
        # "Ich kann nicht, aber meine Kollegin kommt", "Meine Kollegin kommt an meiner Stelle"
        r"|\b(?:mein\w*|unser\w*)\s+(?:kollegin|kollege|kollegen|mitarbeiterin|mitarbeiter|vertreterin|vertreter|"
        r"stellvertreterin|stellvertreter|nachfolgerin|nachfolger|vertretung)\b(?:\s+\S+){0,5}?\s+kommt\b(?![^.!?,]*\bnicht\b)"
        r"|\bkommt\s+an\s+(?:meiner|seiner|ihrer|unserer)\s+stelle\b"
        # "ich würde gerne kommen", "gern würden wir kommen"; not "wann werden die Unterlagen kommen"
        # ("… gerne am 19. November zur AG-Sitzung nach Berlin kommen": a hyphenated word is one word;
        # not "ich würde gerne wissen ob die Unterlagen noch kommen", a question put without its comma)
        r"|\b(?:ich|wir)\s+(?:würde|würden|möchte|möchten|werde|werden)\s+(?:(?!(?:ob|wann|wie|wo|dass|wenn|falls|sofern|soweit|solange|sehen|mal|irgendwann)\b)[\w-]+\s+){0,8}?kommen\b"
        r"|\b(?:würde|würden|möchte|möchten|werde|werden)\s+(?:ich|wir)\s+(?:(?!(?:ob|wann|wie|wo|dass|wenn|falls|sofern|soweit|solange|sehen|mal|irgendwann)\b)[\w-]+\s+){0,8}?kommen\b"
        r"|\b(?:würde|würden|möchte|möchten)\b[^.!?]{0,40}?\bdazu(?:kommen|stoßen)\b"
        # "würden meine Kollegin Svenja Tietjen (…) und ich gern kommen"
        r"|\b(?:würden|möchten|werden)\b[^.!?]{0,100}?\bund ich\s+(?:\w+\s+){0,2}?(?:kommen|teilnehmen|dabei sein)\b"
        # "Falls noch Platz ist, käme ich sehr gerne am 4.9."
        r"|\b(?:käme|kämen)\s+(?:ich|wir)\s+(?:sehr\s+)?gerne?\b|\b(?:ich|wir)\s+(?:käme|kämen)\s+(?:sehr\s+)?gerne?\b"
        # "Da möchten meine Frau Renate und ich gern hinkommen"
        r"|\b(?:würde|würden|möchte|möchten)\b(?![^.!?]{0,40}?\b(?:nicht|kein\w*|nie)\b)[^.!?]{0,40}?\b(?:hin|vorbei)kommen\b",
    ),
    # "Den Termin nehme ich gern wahr", "ich werde den Termin am 22. wahrnehmen"
    _p(
        "wahrnehmen",
        Signal.REGISTER,
        r"\b(?:termin|sitzung|treffen|arbeitstreffen)\b[^.!?]{0,40}?\b(?:nehme|nehmen)\s+(?:ich|wir)\s+(?:\w+\s+){0,3}?wahr\b"
        r"|\b(?:nehme|nehmen)\s+(?:ich\s+|wir\s+)?(?:den|diesen)\s+(?:\w+\s+){0,3}?termin\s+(?:\w+\s+){0,3}?wahr\b"
        r"|\b(?:werde|werden|möchte|möchten|würde|würden)\s+(?:ich\s+|wir\s+)?(?:den|diesen)\s+termin\s+(?:\w+\s+){0,3}?wahrnehmen\b",
    ),
    _p(
        "freue_mich",
        Signal.REGISTER,
        r"\b(?:freue|freuen)\b"
        + _NEAR
        + r"\b(?:teilzunehmen|dabei zu sein|auf das treffen|auf die sitzung|auf den austausch)\b",
    ),
    _p(
        "eintragen",
        Signal.REGISTER,
        r"\b(?:trage|tragen|trag|tragt)\b"
        + _NEAR
        + r"\bein\b"
        + _END
        + r"|\beintragen\b|\bregistrieren\b|\bnotieren sie (?:mich|uns)\b|\b(?:mich|uns) (?:bitte )?notieren\b"
        + r"|\b(?:mich|uns)\b[^.!?]{0,40}?\b(?:fest )?einplanen\b|\bplatz\b"
        + _NEAR
        + r"\breservieren\b",
    ),
    # "Den Termin nehme ich gerne wahr", "Zählen Sie auf mich", "den 22. habe ich mir geblockt",
    # "ich logge mich dann ein" / "wähle mich ein".
    _p(
        "redewendung_zusage",
        Signal.REGISTER,
        r"\b(?:nehme|nehmen)\b[^.!?]{0,60}?\bwahr\b(?!\w)|\bzählen sie\b[^.!?]{0,30}?\bauf (?:mich|uns)\b"
        r"|\b(?:habe|haben|hab)\b[^.!?]{0,40}?\b(?:mir|uns)\b[^.!?]{0,30}?\b(?:geblockt|freigehalten|freigeschaufelt|"
        r"eingetragen|notiert|vorgemerkt|eingeplant|fest eingeplant)\b"
        r"|\b(?:logge|wähle|klinke|schalte)\b[^.!?]{0,50}?\b(?:mich|uns)\b[^.!?]{0,50}?\bein\b" + _END,
    ),
    # not "bitte merken Sie sich den Termin vor", which asks the reader
    _p(
        "vormerken",
        Signal.REGISTER,
        r"\bvormerken\b|\bmerken\b(?!\s+sie\s+sich)" + _NEAR + r"\bvor\b" + _END,
        strong=False,
    ),
    # "ich plane, am 22. Juni teilzunehmen", "I'm planning to attend": a plan, which may still change
    # ("eine verbindliche Anmeldung schicke ich im August"), so staff look at it.
    _p(
        "plane_teilnahme",
        Signal.REGISTER,
        r"\b(?:plane|planen)\b(?![^.!?]{0,50}?\b(?:nicht|kein\w*)\b)[^.!?]{0,50}?\b(?:teilzunehmen|dabei zu sein|zu kommen)\b"
        r"|\b(?<!not )(?<!n't )plan(?:ning)? to (?:attend|join|participate|be there)\b",
        strong=False,
    ),
    _p(
        "register_en",
        Signal.REGISTER,
        r"\bregister (?:me|us|my)\b|\bsign (?:me|us) up\b|\bcount (?:me|us) in\b|\bplease (?:register|add|include|sign up)\b|\b(?:i|we)(?:'d| would) (?:very much |really |certainly |both |also )?(?:like|love) to (?:attend|join|participate|register|take part|sign up)\b|\bi (?:will|shall|'ll) (?:gladly |happily |definitely |certainly )?(?:attend|join|participate|be there|take part)\b|\bi (?:hereby |herewith )?(?:register|sign up) for\b|\bi(?:'ll| will) be joining\b|\bi am (?:happy|glad|pleased) to (?:attend|join|participate|take part)\b|\bhappy to (?:attend|join|participate|take part)\b|\bi(?:'m| am) (?:coming|attending|in)\b|\bwould (?:also |very much )?(?:like|love) to (?:attend|join|participate|take part)\b|\b(?:will|'ll) also (?:attend|join|participate|be there)\b|@[^.!?]{0,40}?\b(?:will|'ll) (?:attend|join|participate|take part|be there)(?: us)? (?:as well|too)\b|\b(?:my|our) (?:colleague|deputy|successor|assistant|substitute|replacement)\b[^.!?]{0,60}?\b(?:will|'ll|is going to|would like to) (?:attend|join|participate|take part|be there|come)\b(?![^.!?]*\bnot\b)|(?<!whether )(?<!if )\bwe(?:'ll| will| shall) (?:gladly |also |both )?(?:attend|join|participate|take part|be there)\b(?![^.!?]*\b(?:not|if|unless|whether|provided)\b)|\bi accept\b|\bwould like to register\b|\b(?:happy|glad|pleased) to confirm (?:my|our) (?:participation|attendance)\b|\bi (?:hereby )?confirm (?:my|our) (?:participation|attendance)\b|\b(?:put|pencil) (?:me|us) (?:down|in)\b|\bi(?:'d| would) be (?:very |more than |really )?(?:happy|glad|delighted) to (?:attend|join|participate|take part)\b",
    ),
)

TENTATIVE = (
    _p(
        "vielleicht",
        Signal.TENTATIVE,
        # not "eventuell nur per Telefon", "vielleicht etwas später": how or when, not whether.
        # One leading \b for the word alternatives: the engine then tries them only at word starts.
        r"^(?:sobald|sowie)\b[^.!?]{0,80}?,\s*(?:melde|komme|bin|nehme)\b"
        # nor "vielleicht geht es ja noch" after a missed deadline: whether the office can, not the person.
        r"|\b(?:(?:vielleicht|eventuell|evtl)\b(?!\.?\s+(?:allerdings\s+|aber\s+|auch\s+)?(?:nur|erst|etwas|ein paar|später|per|über|telefonisch|ohne|mit)\b)"
        r"(?!\s+(?:geht|klappt|ist)\s+(?:es|das)\s+(?:ja\s+)?(?:noch|trotzdem)\b)"
        # "ich wähle mich wahrscheinlich übers Tablet ein": how, not whether
        r"|wahrscheinlich\b(?!\s+(?:über|übers|per|via|vom|von)\b)(?!\s+ohne\s+(?!mich|uns)\w)(?!\s+mit\s+(?!dabei\b))"
        r"(?!\s+nur\s+(?:bis|ab|per|über|mit|telefonisch|kurz|zeitweise|für)\b)"
        r"|unter vorbehalt\b|vorbehaltlich\b|noch (?:nicht )?(?:un)?sicher\b|noch offen\b"
        r"|weiß ich noch nicht\b|steht noch nicht fest\b|kann ich noch nicht sagen\b|(?:i )?don't know yet\b"
        r"|weiß\b[^.!?,]{0,20}?\bnicht\b,?\s*ob\b|(?:nicht |un)sicher\b,?\s*ob\b|bin mir\b[^.!?,]{0,15}?\bnicht sicher\b"
        r"|unklar\b,?\s*ob\b|not sure (?:if|whether)\b"
        # "Gern wäre ich dabei und überlege, ob sich das mit meinem Dienst vereinbaren lässt"
        r"|überlege\w*\b[^.!?]{0,30}?\bob\b"
        r"|versuche\b" + _NEAR + r"\b(?:teilzunehmen|dabei|kommen|einzurichten|zu schaffen)\b"
        r"|wenn (?:es|ich) (?:klappt|kann|schaffe)\b"
        r"|(?:wenn|falls|sobald)\b[^.!?]{0,40}?\b(?:weiß|geklärt|klar ist|feststeht|bescheid)\b"
        r"|maybe\b|perhaps\b|tentative(?:ly)?\b|not (?:yet )?sure\b|i(?:'ll| will) try\b"
        # not "I might ask questions in English though": whether, not what
        r"|might\s+(?:not\b|(?:\w+\s+)?(?:be able|attend|join|come|make|be there|participate|have)\b))",
    ),
)

QUESTION = (
    _p(
        "frage",
        Signal.QUESTION,
        r"\?\s*$|^frage\s*:|\b(?:(?:ich habe|hätte)\b"
        + _NEAR
        + r"\bfrage\b|würde gerne? wissen\b|teilen sie (?:mir|uns) (?:bitte )?mit\b|könnten sie mir sagen\b|would like to know\b|i (?:have|had) a question\b|could you (?:tell|let me know)\b"
        # "angesichts der Einschränkungen möchte ich fragen, ob die Sitzung in Berlin stattfindet"
        r"|(?:möchte|wollte|würde)\s+(?:ich\s+)?(?:gerne?\s+)?(?:nach)?fragen,?\s+ob\b|frage mich,?\s+ob\b)",
    ),
)

THANKS = (
    _p(
        "danke",
        Signal.THANKS,
        r"^(?:ganz\s+)?(?:vielen |herzlichen |besten )?dank\b|\b(?:vielen|herzlichen|besten) dank an\b|^danke\b|^thanks?\b|^thank you\b|^many thanks\b"
        r"|^(?:herzliche|viele|liebe|beste)\s+grüße\s+und\s+(?:vielen\s+|herzlichen\s+|besten\s+)?dank\b"
        r"|^(?:ich|wir)\s+(?:möchte|möchten|will|wollte|wollten)\b[^.!?]{0,90}?\b(?:bedanken|danke sagen)\b|^(?:ich|wir)\s+bedanken?\b"
        # "Just a quick note to say thank you for yesterday's meeting", "… und vielen Dank für die Organisation"
        r"|\bthank you(?: so much| very much)? for\b|\bthanks(?: so much| a lot)? for\b|\b(?:vielen|herzlichen|besten) dank für\b"
        # "die Zugangsdaten sind angekommen, vielen Dank"
        r"|,\s*(?:(?:vielen|herzlichen|besten)\s+dank|danke(?:\s+schön)?)\W*$"
        # "ein herzliches Dankeschön für den anregenden Vormittag!"
        r"|\bdankeschön\s+(?:für|an)\b|^(?:ein\s+)?(?:herzliches\s+|großes\s+|dickes\s+)?dankeschön\b",
    ),
    # "das war heute eine richtig gute Sitzung" (not beside a decline in the same clause)
    _p(
        "gute_sitzung_dank",
        Signal.THANKS,
        r"\bdas\s+war\b[^.!?]{0,30}?\b(?:gute|tolle|spannende|schöne|gelungene|anregende|interessante)\s+"
        r"(?:sitzung|veranstaltung|runde|diskussion|treffen|austausch)\b",
        unless=r"\b(?:leider|verhindert|diesmal|nicht|kein\w*|krank|dienstreise|kommt|für mich|melde|anmelden)\b",
    ),
)

ABSENT = (
    _p(
        "abwesend",
        Signal.ABSENT,
        # "Das Seniorenbüro ist vom 08.06. bis 26.06. nicht besetzt"
        r"\b(?:ist|bin|sind|werde|werden)\b[^.!?]{0,60}?\bnicht besetzt\b|"
        r"\b(?:bin|sind|werde|werden|befinde mich|befinden uns)\b[^.!?]{0,60}?\b(?:nicht im büro|außer haus|abwesend|im urlaub|in urlaub|nicht erreichbar|nicht im dienst|"
        r"in elternzeit|im mutterschutz|in mutterschutz|in (?:der )?reha|zur kur|auf kur|in quarantäne|verreist)\b|"
        # "ich selbst bin am 22. Juni leider unterwegs" (not "gerade unterwegs", nor "eventuell unterwegs")
        r"\b(?:bin|sind)\b(?:\s+(?:ich|wir|selbst))*\s+(?:am\s+\d{1,2}\.?|an dem tag|an diesem tag)"
        r"(?:(?!eventuell|vielleicht|möglicherweise|wahrscheinlich)[^.!?,]){0,25}?\bunterwegs\b|"
        # busy elsewhere: counts as a decline when the clause names the meeting's day
        r"\b(?:bin|sind)\b[^.!?]{0,60}?\bauf (?:einer|der|einem|dem) (?:\w+ )?(?:fortbildung|dienstreise|tagung|konferenz|messe|klausur\w*|schulung|beerdigung|hochzeit)\b|"
        # "am 22.6. bin ich mit meiner Enkelin verabredet"
        # (not "dann sind wir am 22.6. verabredet", the sender's yes)
        r"\b(?:bin|sind)\s+(?:ich|wir)\b[^.!?,]{0,40}?\bmit\s+\w+(?:\s+\w+)?\s+verabredet\b|"
        r"(?<!dann )\b(?:bin|sind)\s+(?:ich|wir)\b[^.!?,]{0,40}?\b(?:leider|schon|bereits)\s+(?:\w+\s+)?verabredet\b|"
        r"\b(?:bin|sind)\s+(?:ich|wir)\b[^.!?,]{0,50}?\b(?:eingespannt|ausgebucht)\b|"
        # "Ich selbst bin an dem Tag leider in einer anderen Sitzung"
        # (not "ich bin gerade auf einer anderen Veranstaltung und schreibe vom Handy")
        r"\b(?:bin|sind)\b(?![^.!?]{0,20}?\b(?:gerade|grad|momentan)\b)[^.!?]{0,60}?\b(?:in|auf) (?:einer|einem) (?:anderen|weiteren) "
        r"(?:sitzung|termin|besprechung|veranstaltung|tagung|konferenz)\b|"
        # "Ihre Mail lese ich, wenn ich zurück bin", "Liebe Absenderin, lieber Absender" (nobody in particular)
        r"\b(?:ihre|deine|your)\s+(?:e-?mail|mail|nachricht|message)\b[^.!?]{0,40}?\b(?:lese|beantworte|bearbeite|read|answer)\b"
        r"[^.!?]{0,30}?\b(?:(?:wenn|sobald|nachdem) ich (?:wieder )?zurück|nach meiner rückkehr|when i(?:'m| am) back|on my return)\b|"
        r"\b(?:liebe absenderin,? (?:und )?lieber absender|sehr geehrte absenderin,? (?:und )?sehr geehrter absender|dear sender)\b|"
        # "ich selbst habe am 22. Juni leider Urlaub"; not "habe mir extra Urlaub genommen"
        r"\b(?:habe|haben|hab)\b(?![^.!?]*\b(?:extra|genommen|beantragt|eingereicht|verschoben|unterbrochen|freigenommen|bekommen|abgesagt)\b)[^.!?]{0,40}?\burlaub\b|"
        r"\b(?:habe|haben) (?:ich|wir)\b[^.!?]{0,30}?\b(?:gemeinderat|kreistag|stadtrat|ratssitzung|ausschusssitzung|fraktionssitzung|vorstandssitzung|spätdienst|frühdienst|nachtdienst|mitgliederversammlung|jahreshauptversammlung|hauptversammlung|klausurtagung)\b|\bout of (?:the )?office\b|\bim urlaub\b[^.!?]{0,40}\bab dem\b",
    ),
)

# "ich nehme teil – danach habe ich einen anderen Termin": leaving early is still taking part.
PARTIAL = _lower(r"^(?:danach|anschließend|vorher|davor|ab\s|bis\s|später|erst\s|nur\s)")
PAST_DECLINE = _lower(
    r"\b(?:konnte|konnten|war|waren)\b[^.!?]{0,60}?\b(?:nicht dabei|verhindert|nicht teilnehmen|nicht kommen)\b"
    # "ich war bisher noch nicht in der AG dabei": new, not declining
    r"|\b(?:war|waren)\b[^.!?]{0,30}?\b(?:noch nicht|noch nie|nie)\b[^.!?]{0,30}?\bdabei\b"
    # "eigentlich wollte ich absagen, …": what the writer was going to do
    r"|\b(?:eigentlich\s+wollte[n]?|wollte[n]?\s+(?:ich|wir)\s+eigentlich)\b[^.!?]{0,50}?\b(?:absagen|abmelden)\b"
    # "ich konnte leider nur bis zur Pause dabei sein": a report of the meeting that was
    r"|\b(?:konnte|konnten)\b[^.!?,]{0,40}?\b(?:dabei sein|teilnehmen)\b",
)
PAST = (
    _p(
        "frühere_anmeldung",
        Signal.PAST,
        r"\b(?:hatte|habe|hatten|haben)\b"
        + _NEAR
        + r"(?:\bangemeldet\b|\b(?:vormerken|eintragen|notieren|anmelden)\s+lassen\b)|\bbin\b"
        + _NEAR
        + r"\bangemeldet\b|\bmeine(?:r)? anmeldung\b|\bi (?:have|had) registered\b|\bmy registration\b",
    ),
)

# A registration said to stand, beside news about someone else ("Frau Kessler ist erkrankt. Ich selbst
# bin wie angemeldet dabei"); not "wie besprochen melde ich mich an", which is new.
# Not "wie zugesagt nehme ich teil" (the written yes after a spoken one) nor "ich bleibe angemeldet"
# (taking back a decline).
# The writer's own registration only: not "Wie bereits gemeldet, nimmt statt mir Herr Kerner teil".
STILL_REGISTERED = _lower(
    r"\b(?:ich|wir)\b[^.!?,]{0,30}?\bwie\s+(?:bereits\s+|schon\s+)?(?:angemeldet|gemeldet)\b"
    r"|\bwie\s+(?:bereits\s+|schon\s+)?(?:angemeldet|gemeldet)\s+(?:bin|sind|nehme|nehmen|komme|kommen)\s+(?:ich|wir)\b"
)
# "Könnten Sie meine Absage bitte wieder rückgängig machen?": coming after all, asked as a question.
# Right after the decline named, and in a clause without a "nicht": "Fast hätte ich meine Absage
# vergessen: … kann ich leider nicht" and "Please do not disregard my cancellation" stay declines.
UNDO_DECLINE = _lower(
    r"\b(?:meine|unsere|die)\s+(?:absage|abmeldung)\b[^!?,:;]{0,60}?"
    r"\b(?:rückgängig|zurücknehmen|zurückziehen|ignorieren|hinfällig|nehme ich zurück|ziehe ich zurück)\b"
    # "Bitte ignorieren Sie meine Absage", "Vergessen Sie bitte meine Absage"
    r"|\b(?:ignorieren|vergessen)\s+sie\s+(?:bitte\s+)?(?:meine|unsere)\s+(?:absage|abmeldung)\b"
    r"|\b(?:ignore|disregard)\s+my\s+(?:cancellation|earlier decline)\b"
)
NEGATED = _lower(r"\b(?:nicht|kein\w*|not|don't|do not)\b")
ASIDE_QUESTION = _lower(r"\((?![^()]*\b(?:ich|wir|mich|uns)\b)[^()]{0,80}\?\)")
# "ich hatte mich für Göttingen vormerken lassen": what was asked for then, not a request now.
# Pluperfect only: "ich habe mich vormerken lassen und möchte das hiermit bestätigen" stands now.
PAST_REQUEST = _lower(
    r"\b(?:hatte|hatten)\s+(?:mich|uns)\b[^.!?,]{0,80}?\b(?:vormerken|eintragen|notieren|anmelden)\s+lassen\b"
)
# (and "…, sonst muss ich leider passen": the other case)
CONDITION_TAIL = _lower(r",\s*(?:falls|wenn|sofern|sollte|sollten|sonst|andernfalls)\b[^.!?]*[.!?]*\s*$")
# "dann überlege ich, ob ich mich anmelde", "und überlege, ob eine Kollegin für mich kommen kann": what
# is still to be decided says nothing yet; the rest of the clause does.
# "Ich habe am 22.6. bis 11 Uhr einen anderen Termin": busy for part of the meeting, no decline.
PARTLY_BUSY = _lower(
    r"\bbis\s+(?:ca\.?\s+|etwa\s+|circa\s+)?\d{1,2}(?:[.:]\d{2})?\s*(?:uhr\b)?[^.!?]{0,30}?\banderen?\s+termin\b"
    r"|\banderen?\s+termin\b[^.!?]{0,20}?\bbis\s+(?:ca\.?\s+|etwa\s+|circa\s+)?\d{1,2}(?:[.:]\d{2})?\s*(?:uhr\b)?"
)
DECIDING_TAIL = _lower(r"\b(?:überlege|überlegen|entscheide|entscheiden)\b[^.!?]{0,30}?\bob\b[^.!?]*")
# "ich weiß leider noch nicht, ob ich aus dem anderen Termin rauskomme": undecided; its "nicht" is the
# not-knowing, no decline (the tentative pattern above notes the doubt).
UNDECIDED = _lower(
    r"\bweiß\b[^.!?,]{0,20}?\bnicht\b,?\s*ob\b|\b(?:nicht |un)sicher\b,?\s*ob\b|\bunklar\b,?\s*ob\b"
    # "ich kann noch nicht sicher sagen, ob ich am 22.6. dabei sein kann"
    r"|\bnicht\s+(?:\w+\s+)?(?:sagen|versprechen|absehen)\b,?\s*ob\b"
    # "Es steht noch nicht fest, ob …", "… erst danach sagen, ob ich am 22. teilnehmen kann"
    r"|\bnicht\s+ausgeschlossen\b,?\s*dass\b|\bnicht\s+(?:fest|klar|entschieden)\b,?\s*ob\b|\berst\s+(?:\w+\s+){0,2}?(?:sagen|entscheiden|absehen)\b,?\s*ob\b"
    r"|\bnot sure (?:if|whether)\b"
)
# "Sollten Sie kein Interesse haben, antworten Sie bitte mit ABMELDEN": a sender's instructions to us.
UNSUBSCRIBE_HOW = _lower(
    r"\b(?:antworten|schreiben|senden)\s+sie\b[^.!?]{0,30}?\bmit\b\W{0,3}(?:abmelden|abbestellen|stop|stopp|unsubscribe)\b"
    r"|\breply\b[^.!?]{0,30}?\bwith\b\W{0,3}(?:stop|unsubscribe|remove)\b"
)
# "Meine Kollegin wird sich aber noch selbst bei Ihnen melden": she will register, this mail does not.
SELF_LATER = _lower(
    r"\b(?:wird|werden|meldet|melden)\s+sich\b[^.!?]{0,30}?\bselbst\b[^.!?]{0,30}?\b(?:melden|anmelden|an)\b[^.!?]*"
    r"|\bwill (?:register|contact you|get in touch) (?:himself|herself|themselves|directly)\b[^.!?]*"
)
# "Termin mit dem Gesundheitsamt, und da muss ich als Vorsitzender dabei sein": present elsewhere.
# "Eine Vertretung ist nicht möglich": nobody else comes, which says nothing of the writer.
NO_DEPUTY = _lower(r"\bvertretung\b[^.!?]{0,30}?\bnicht\b")
ELSEWHERE = _lower(r"\bda\s+(?:muss|müssen)\s+(?:ich|wir)\b[^.!?]{0,40}?\bdabei\s+sein\b")
# "möchte mich ungern irgendwo registrieren": reluctance, neither a yes nor a no.
RELUCTANT = _lower(r"\bungern\b|\bnicht gern\b")
# "Gerne wäre ich dabei gewesen", "Ich hätte gern teilgenommen", "I would have loved to join": what
# would have been. Never a registration; a clear decline where the clause says one ("…, leider habe
# ich einen anderen Termin"), else a hesitant one that staff confirm (it may be regret, or a late
# request). Within one piece of the clause: "Letztes Mal wäre ich gern dabei gewesen, diesmal …".
COUNTERFACTUAL = _lower(
    r"(?:\b(?:wäre|wären)\b[^.!?,]{0,40}?\b(?:dabei|gekommen|mitgekommen|angereist)\s+gewesen\b"
    r"|\b(?:wäre|wären)\b[^.!?,]{0,40}?\bgern\w*\s+(?:\w+\s+){0,3}?(?:gekommen|angereist)\b"
    r"|\b(?:hätte|hätten)\b[^.!?,]{0,40}?\b(?:teilgenommen|mitgemacht|zugehört|mitdiskutiert)\b"
    r"|\bwould have (?:loved|liked|been (?:happy|glad|delighted)) to\b|\bwould have (?:attended|joined|come)\b)"
    r"(?![^.!?]*,\s*(?:diesmal|dieses mal|nun|jetzt|this time)\b)"
)
LAST_TIME = _lower(r"\b(?:letzte[nms]?|vorige[nms]?|vergangene[nms]?|damals|last)\b")
# Requests phrased as questions are requests: "Können Sie mich für Berlin vormerken?"
REQUEST_QUESTION = _lower(
    r"^(?:wäre|waere|ist)\s+es\s+(?:noch\s+|vielleicht\s+|trotzdem\s+|denn\s+)*(?:möglich|moeglich|machbar)\b[^?]{0,80}\b(?:teilzunehmen|dabei zu sein|anzumelden|mitzumachen|dazuzukommen)\b"
    # "Kann ich mich doch noch anmelden?" (not "wie kann ich mich anmelden?", which asks how)
    r"|^(?:kann|darf)\s+ich\s+mich\s+(?:(?:doch|noch|trotzdem|jetzt|auch|bitte|nachträglich)\s+)*(?:für\s+[^?]{0,40}?\s+)?"
    r"(?:noch\s+)?anmelden\b"
    r"|^(?:können|könnten|würden|wären|dürfte|darf)\s+(?:sie|ich|wir)\b"
    # not "Könnten Sie den beigefügten Hinweis in den nächsten BBE-Newsletter aufnehmen?": a notice, not a
    # person (but "Können Sie mich nach dem Hinweis auf Ihrer Homepage noch anmelden?")
    r"(?:(?=[^?]{0,80}\b(?:mich|uns)\b[^?]{0,80}\b(?:anmelden|teilnehm\w*|sitzung|treffen|termin|\d{1,2}\.|noch\s+(?:eintragen|registrieren|vormerken)))"
    r"|(?![^?]{0,80}\b(?:newsletter|rundbrief|hinweis|veranstaltungshinweis|"
    r"termin\w*kalender|veranstaltungskalender|homepage|webseite|website|flyer|beitrag|artikel)\b))"
    r"[^?]{0,80}\b(?:anmelden|vormerken|eintragen|registrieren|dazu ?nehmen|aufnehmen|berücksichtigen|setzen|notieren)\b|^(?:could|would|can) you (?:please )?(?:register|add|sign|put)\b",
)
# Courtesy questions that need no answer.
SMALL_TALK = _lower(r"\b(?:wie geht es|how are you|alles gut bei)\b")
NOT_ONLY = _lower(r"\bnicht\s+nur\b")
# Dots inside a clause belong to dates and abbreviations ("am 22.06.2020", "Dr."): they must not stop
# the patterns, which look for the end of a sentence.
INNER_DOT = re.compile(r"\.(?!\s*$)")
HESITANT_REQUEST = _lower(r"\b(?:vormerken|berücksichtigen|aufnehmen)\b")


@dataclass(frozen=True, slots=True)
class Hit:
    name: str
    signal: Signal
    strong: bool


# Greetings, closings and the lines of a signature ("mit freundlichen grüßen", "stadt wetzlar") recur
# in nearly every mail and say the same each time: short clauses are read once per process.
_READ: dict[str, tuple[Hit, ...]] = {}
_READ_CHARS = 60
_READ_ENTRIES = 20_000


def forget_clauses() -> None:
    """Empty the cache of short clauses (for measurements that start from a fresh process)."""
    _READ.clear()


def read_clause(lower: str) -> tuple[Hit, ...]:
    """Every signal of one (lower-case) clause (see `_read_clause`), remembered for short ones."""
    if len(lower) > _READ_CHARS:
        return _read_clause(lower)
    hits = _READ.get(lower)
    if hits is None:
        hits = _read_clause(lower)
        if len(_READ) < _READ_ENTRIES:
            _READ[lower] = hits
    return hits


def _read_clause(lower: str) -> tuple[Hit, ...]:
    """Every signal of one (lower-case) clause.

    A decline silences a registration in the same clause ("kann leider nicht teilnehmen"); a question
    silences both ("Kann ich auch telefonisch teilnehmen?" asks), unless it is a request ("Können Sie
    mich anmelden?"); a decline in the past ("konnte leider nicht dabei sein") is about a meeting that
    is over.
    """
    if "@" in lower:
        # "nehmen Herr Brandt (tobias.brandt@ms.sachsen-anhalt.de) und Frau Schulz (…) teil": addresses
        # count as one word, so that they do not stretch a clause beyond the patterns' reach.
        lower = _ADDRESS.sub("@", lower)
    if "’" in lower:
        lower = lower.replace("’", "'")  # "I’d like to take part": the typographic apostrophe of iPhones
    text = INNER_DOT.sub(" ", NOT_ONLY.sub("auch", lower))
    if "ae" in text or "oe" in text or "ue" in text:
        text = _WITHOUT_UMLAUTS.sub(lambda m: _UMLAUTS[m.group(0)], text)
    # "Tragen Sie mich ein, falls es nicht klappt, sage ich ab": what is said for a case that may
    # come is no decline or registration now; the rest of the clause is.
    kept, set_aside = SET_ASIDE.subn(" ", text)
    if set_aside and text.rstrip().endswith("?"):
        kept += "?"  # "Muss ich die Anmeldung stornieren, wenn ich später komme?" still asks
    hits = _intent_hits(kept)
    if hits and all(h.signal is Signal.REGISTER for h in hits) and STILL_REGISTERED.search(text):
        # "Ich selbst bin wie angemeldet dabei": a registration that stands, not a new one
        hits = [Hit("bleibt_angemeldet", Signal.PAST, True)]
    if not hits:
        hits.extend(_matching(PAST, text))
    # "…, wenn das in Ihre Planung passt (vielleicht unter TOP 6?)": a maybe asked in brackets is
    # about something else, not about coming.
    hits.extend(_matching(TENTATIVE, ASIDE_QUESTION.sub(" ", text) if "?)" in text else text))
    for group in (ABSENT, THANKS):
        hits.extend(_matching(group, text))
    is_request = any(h.name == "bitte_um_anmeldung" for h in hits)
    if not is_request and not SMALL_TALK.search(text):
        hits.extend(_matching(QUESTION, text))
    return tuple(hits)


_ADDRESS = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")


# The words the patterns rely on, as people write them on a keyboard without umlauts ("ich moechte
# mich anmelden", "wuerde gern teilnehmen"). Only these: "ue"/"oe" in general are no umlauts ("neue").
_UMLAUTS = {
    word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"): word
    for word in (
        "möchte möchten würde würden wäre wären könnte könnten können müssen müsste für über "
        "zurückziehen zurücknehmen zurück zählen wünsche wähle grüße kürze später möglich möglichkeit "
        "ermöglichen bestätige bestätigen hätte hätten persönlich"
    ).split()
}
_WITHOUT_UMLAUTS = re.compile(r"\b(?:" + "|".join(sorted(_UMLAUTS, key=len, reverse=True)) + r")\b")


# Parts of a clause that say nothing now, found in one pass: a condition's tail, a request made long
# ago, what is still to be decided.
SET_ASIDE = _lower(
    "|".join(
        f"(?:{p.pattern})" for p in (CONDITION_TAIL, PAST_REQUEST, DECIDING_TAIL, SELF_LATER, PARTLY_BUSY)
    )
)
# Clauses that are neither a yes nor a no, whatever else they say: one search of these together.
SILENCED = _lower(
    "|".join(f"(?:{p.pattern})" for p in (ELSEWHERE, RELUCTANT, UNDECIDED, UNSUBSCRIBE_HOW, NO_DEPUTY))
)


def _intent_hits(text: str) -> list[Hit]:
    if PAST_DECLINE.search(text):
        return [Hit("vergangene_absage", Signal.PAST, True)]
    if SILENCED.search(text):
        return []
    if (
        ("absage" in text or "abmeldung" in text or "my " in text)
        and UNDO_DECLINE.search(text)
        and not NEGATED.search(text)
    ):
        return [Hit("absage_zurücknehmen", Signal.REGISTER, True)]
    cancels = [] if PARTIAL.match(text) else _matching(CANCEL, text)
    if REQUEST_QUESTION.search(text) and not cancels:
        return [Hit("bitte_um_anmeldung", Signal.REGISTER, not HESITANT_REQUEST.search(text))]
    if text.rstrip().endswith("?"):
        return []
    if not cancels and COUNTERFACTUAL.search(text):
        # said of this meeting it is a no, for staff to confirm; of the last one, nothing; never a yes
        return [] if LAST_TIME.search(text) else [Hit("wäre_gewesen", Signal.CANCEL, False)]
    return cancels or _matching(REGISTER, text)


def _matching(patterns: tuple[Pattern, ...], text: str) -> list[Hit]:
    # Most clauses (greetings, signatures, small talk) match no pattern of a group: one search of
    # the group's union says so, instead of one search per pattern.
    if len(patterns) > 1 and prefilter(patterns).search(text) is None:
        return []
    return [
        Hit(p.name, p.signal, p.strong)
        for p in patterns
        if p.regex.search(text) and not (p.unless and p.unless.search(text))
    ]


def prefilter(patterns: tuple[Pattern, ...]) -> re.Pattern[str]:
    """One regex that matches wherever a pattern of the group does (tests/test_classify.py).

    Every pattern here starts at a word boundary, at a sign ("?") or at the start of the clause, so
    the union tests that once per position before its alternatives: the engine then skips the
    inside of words instead of trying each alternative there.
    """
    return union(patterns, _build_prefilter)


def _build_prefilter(group: tuple[Pattern, ...]) -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{p.regex.pattern})" for p in group)
    return _lower(rf"(?:^|\b|(?=[^\w\s]))(?:{alternatives})")
