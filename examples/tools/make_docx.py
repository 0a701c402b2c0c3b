"""Write examples/transcripts/case-03-lotte.docx, the Word version of the interview about Lotte.

Usage: python examples/tools/make_docx.py [OUTPUT]

The interview text is kept below in a plain form: a metadata header of `Key: value` lines, a blank
line, then one paragraph per speaker turn (lines of one paragraph are hard-wrapped here and joined
in the document). The document gets the header lines as separate paragraphs, one empty paragraph,
and one paragraph per turn, as a transcriber typing in Word would produce it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.shared import Pt

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "transcripts" / "case-03-lotte.docx"

TEXT = """\
Interviewer: Anouk Bakker
Datum: 15 oktober 2019
Organisatie: Levvel
Casus: Lotte
Geïnterviewde: Marloes, JIM-professional in opleiding

Interviewer: Goed, de opname loopt. Marloes, dank je wel dat je mee wilt doen. Je bent nog in opleiding als
JIM-professional, klopt dat?

Marloes: Ja, ik werk nu twee jaar bij Levvel als ambulant hulpverlener en ik doe sinds vorig jaar de
JIM-training. Lotte was eigenlijk mijn eerste gezin met een jong kind waar ik met JIM aan de slag ging. Dus
ik moet eerlijk zeggen: ik heb er veel van geleerd, ook van wat niet goed ging.

Interviewer: Dat is precies wat we willen horen. Vertel eerst eens over Lotte en het gezin.

Marloes: Lotte is vijf jaar. Ze zit in groep twee. Ze woont alleen met haar moeder, die is vierentwintig.
Vader is uit beeld, die heeft Lotte nooit erkend. Ze wonen in een kleine bovenwoning in Zaandam. School
maakte zich al een tijd zorgen: Lotte kwam vaak zonder ontbijt, in dezelfde kleren, ze viel in de klas in
slaap. En ze had enorme driftbuien, ze gooide met spullen en beet een keer een juf. School heeft
uiteindelijk een melding gedaan bij Veilig Thuis. Via Veilig Thuis kwam het gezin bij ons terecht, in het
vrijwillig kader. Maar er werd wel heel duidelijk gezegd: als dit niet lukt, dan volgt een verzoek tot
ondertoezichtstelling. En dan lag een uithuisplaatsing ook op tafel.

Interviewer: Dan de eerste vraag: wat was de hulpvraag van jou, van moeder, van Lotte en van de JIM?

Marloes: Mijn hulpvraag was de basis op orde. Dat Lotte op tijd naar bed ging, ontbijt kreeg, schone kleren
had. Dat moeder een dagritme kreeg. En natuurlijk: de veiligheid. Ik moest kunnen zeggen dat Lotte thuis
veilig was. Dat was mijn opdracht, heel concreet.

De vraag van moeder was in het begin vooral: dat ze van mijn rug afgaan. Zo zei ze het. Ze bedoelde school,
Veilig Thuis, en eigenlijk ook mij. Ze vond dat er niks mis was met Lotte en dat school overdreef. Pas na
een paar weken kwam er een echte vraag: "Ik wil dat Lotte gaat slapen. Ik ben zo moe." Dat was de eerste
keer dat ze iets over zichzelf zei.

Interviewer: En Lotte? Ze is vijf.

Marloes: Lotte kan dat natuurlijk niet als hulpvraag formuleren. Maar ik heb met haar gespeeld en getekend.
En ze tekende steeds een huis met een hond ervoor. Toen ik vroeg van wie dat huis was, zei ze: "Van oma met
de hond. Daar mag ik logeren." Later bleek dat ze daar één keer geweest was, met Sinterklaas. Dat was voor
mij het eerste spoor naar oma. Als je het een hulpvraag van Lotte wilt noemen: ze wilde naar oma met de
hond.

Interviewer: En de JIM? Dat werd uiteindelijk oma?

Marloes: Ja, oma, de moeder van moeder. Haar vraag was eerst: "Ik wil er voor ze zijn, maar ik weet niet of
ik welkom ben." Ze was heel voorzichtig. Maar in het eerste JIM-gesprek zei ze iets wat ik nooit zo had
kunnen zeggen. Ze zei tegen mij, in het bijzijn van moeder: "Jullie komen hier steeds kijken of het goed
gaat. Maar mijn dochter heeft niemand die voor háár zorgt. Lotte heeft geen strengere regels nodig, ze heeft
een moeder nodig die kan slapen." Dat was scherper en eerlijker dan mijn hele plan.

Interviewer: Dan de tweede vraag: hoe lang duurde het voordat de JIM gepositioneerd was?

Marloes: Lang. Ik heb het nagekeken voor dit interview: honderdvijftig dagen. Vijf maanden, van het gesprek
waarin ik JIM voor het eerst bij moeder noemde tot het eerste gesprek waarin oma als JIM aan tafel zat. En
dan tel ik de weken daarvoor niet eens mee.

Interviewer: Hoe kwam dat?

Marloes: Voor een deel lag dat aan mij. Ik durfde het eerst niet eens te noemen. Moeder was zo wantrouwend,
ze zat met de armen over elkaar op de bank, en ik dacht: als ik nu ook nog over haar familie begin, ben ik
haar kwijt. En toen ik het na een paar weken eindelijk noemde, deed ik dat zo vaag dat het eigenlijk geen
vraag was. Daarna heb ik het weer weken laten liggen. Ik wist gewoon nog niet goed hoe je dat doet, de
JIM-vraag stellen aan een moeder van een kleuter. Bij pubers had ik het in de training geoefend, maar hier?
Een ervaren collega had het waarschijnlijk in het eerste of tweede gesprek helder op tafel gelegd en was er
daarna elke week op teruggekomen. Daar heb ik tijd laten liggen, dat zeg ik eerlijk.

En voor een ander deel lag het bij moeder. Toen ik het eenmaal echt vroeg, zei ze: "Mijn moeder? Nooit. Die
heeft mij laten vallen." En daarna heeft het nog maanden geduurd.

Interviewer: Wat bedoelde ze daarmee, laten vallen?

Marloes: Moeder is zelf tussen haar achtste en twaalfde in een pleeggezin opgegroeid. Oma dronk toen. Er was
veel ruzie thuis, de politie is een paar keer geweest, en op een gegeven moment is moeder uit huis
geplaatst. Ze is op haar twaalfde teruggegaan naar oma, toen oma gestopt was met drinken, maar die jaren
zitten er nog steeds. Oma is nu al meer dan tien jaar droog, ze werkt in een kinderopvang, ze heeft een
hond. Maar voor moeder was oma nog steeds de moeder die haar niet had kunnen houden.

En wat ik pas later begreep: de grootste angst van moeder was dat het met Lotte net zo zou gaan. Dat Lotte
uit huis geplaatst zou worden, zoals zij. Iedere keer dat Veilig Thuis belde, zat ze weer in haar eigen
verleden.

Interviewer: Hoe keek moeder aan tegen het betrekken van haar eigen netwerk, zou je zeggen?

Marloes: Moeilijk. Ronduit moeilijk. Niet alleen bij oma, bij iedereen. Ze zei: "Ik los het zelf op, dat heb
ik altijd gedaan." Ze had een vriendin die naar Rotterdam was verhuisd, een buurvrouw met wie ze weleens
koffie dronk, maar ze wilde niemand vertellen dat er hulpverlening was. Ze schaamde zich. En iemand
vertrouwen, dat had ze nooit geleerd.

Interviewer: Dan de derde vraag: welke competenties had moeder nodig om met een JIM te kunnen samenwerken?
En hoe kwam ze daar?

Marloes: Het eerste was erkennen dat er hulp nodig was. Dat was er in het begin niet. Er was niks aan de
hand, school overdreef. Pas toen ze zei "ik ben zo moe", begon dat te schuiven. Daarna kwam: accepteren dat
er iemand meehelpt. En het allermoeilijkste: over haar eigen pijn heen stappen. Want oma vragen betekende
voor haar: de moeder toelaten die haar pijn had gedaan.

Interviewer: Wat heb je gedaan om dat mogelijk te maken?

Marloes: Eigenlijk niet zoveel slims. Ik ben gewoon blijven komen en ik ben erover blijven praten. Niet elke
week, maar ik liet het niet los. Ik vroeg bijvoorbeeld: "Als Lotte later groot is, wie moet er dan in haar
leven zijn geweest?" Of: "Wie heeft er ooit voor jou gezorgd, toen je klein was?" En dan kwam haar verhaal.
Over het pleeggezin, over de pleegmoeder die wel lief was maar niet haar moeder. Over oma die op de
verjaardag van Lotte nuchter en met een cadeau voor de deur stond, en dat zij de deur niet had opengedaan.

Een keer heeft ze twee uur lang gehuild. Dat was de eerste keer dat ze iets liet zien. En daarna veranderde
er iets tussen ons. Ze ging me meer vertrouwen.

Ik denk echt dat het gesprek over JIM op zich al een interventie was. Zonder dat er nog een JIM was. Door te
praten over wie ze zou willen toelaten, kwam alles boven: de schaamte, de pijn, de angst. Een collega zei
het mooi in de intervisie: het erkennen van een probleem en een ander vertrouwen en toelaten, is voor
sommige ouders enorm lastig. Deze hobbels blijven bespreken kan helend werken voor hen. Dat heb ik bij deze
moeder gezien.

Interviewer: En toen werd het oma?

Marloes: Niet in één keer. Eerst noemde ze de vriendin in Rotterdam, maar die zag ze bijna nooit. Toen de
buurvrouw, maar die kende Lotte nauwelijks. En op een dag zei ze, zonder dat ik erom vroeg: "Lotte vraagt
steeds naar oma met de hond." En toen: "Misschien moet ik mijn moeder maar bellen." Ik heb haar geholpen om
dat gesprek voor te bereiden. Wat wil je zeggen, wat wil je niet, wat gebeurt er als het misgaat. Ze heeft
oma gevraagd, met mij erbij, in een lunchroom. Niet thuis, dat was te dichtbij.

Ze was als ouder echt de poortwachter. Zonder haar ja was oma nooit binnengekomen, hoe graag Lotte ook
wilde. Lotte had het niet kunnen regelen, die is vijf.

Interviewer: Dan de vierde vraag: de relatie van de JIM tot Lotte.

Marloes: Oma, de moeder van moeder. Voor Lotte was ze eigenlijk een bijna onbekende, ze had haar een paar
keer gezien. Dus anders dan bij veel JIMs was ze niet allang in beeld. Voor moeder juist wel, maar dan als
het pijnpunt.

Wat ik heel bijzonder vond: de nieuwe naam gaf ruimte. Oma was niet meer alleen de moeder die het had
verpest. Ze werd nu ook JIM, ze had een taak gekregen, ze was gevraagd. Ze zei tegen mij: "Als oma wist ik
niet wat ik mocht. Als JIM weet ik het wel." Die nieuwe positie gaf haar de ruimte om haar dochter te helpen
met haar kind, zonder dat het meteen over vroeger ging.

Interviewer: Maar vroeger kwam wel op tafel?

Marloes: Zeker. Oma kreeg als JIM de kans om iets goed te maken. In het derde gesprek heeft ze tegen haar
dochter gezegd: "Ik heb je toen niet kunnen beschermen. Ik was er niet. Nu wil ik er zijn, voor jou en voor
Lotte." Dat was een heel groot moment. Maar ook heel pijnlijk. Moeder is daarna opgestaan en weggelopen. Ze
heeft een week niet gereageerd op oma's appjes. Dat vond ik spannend, ik dacht: nu gaat het mis, nu heb ik
het kapot gemaakt.

Maar ze kwam terug. En ze zei: "Ik wilde het niet horen, maar ik moest het wel horen." Dus het kan helend
zijn, maar het doet ook pijn. Ik denk dat je dat als hulpverlener moet weten voordat je een oma als JIM
vraagt in zo'n familie.

En je zag ook dat het patroon over de generaties heen ging. Oma had zelf een moeder die weinig aandacht had,
zij dronk, haar dochter werd uit huis geplaatst, en nu dreigde dat weer met Lotte. Oma zei het zelf: "Het
moet bij Lotte ophouden." Doordat zij JIM werd en met ons kon meedenken over wat moeder nodig had, kwam dat
in een andere dynamiek terecht.

Interviewer: Dan de meerwaarde. Wat heeft de JIM betekend voor Lotte en voor moeder?

Marloes: Heel concreet: oma neemt Lotte nu twee nachten per week, op woensdag en op zaterdag. Dan kan moeder
slapen. En die nachten maken echt verschil. Moeder is rustiger, minder kortaf, Lotte komt met ontbijt op
school. Oma ondersteunt moeder, zodat moeder er weer kan zijn voor Lotte. Dat is de kern.

En oma gaf Lotte een stem. Lotte vertelde bij oma dat ze bang is als mama boos is, en dat ze dan onder de
tafel gaat zitten. Als ik dat tegen moeder had gezegd, had ze het als een aanval gezien: daar heb je
jeugdzorg weer. Oma zei het zo: "Ze houdt zoveel van je. Ze wil je lieve stem horen. Als je moe bent, zeg
het dan tegen haar, dan snapt ze het." Dat kwam aan. Moeder heeft het daarna ook echt anders gedaan.

Interviewer: En de dreiging van een ondertoezichtstelling?

Marloes: Die is van tafel. In de laatste evaluatie met Veilig Thuis zijn we uitgekomen op voortzetting in
het vrijwillig kader, en na de zomer hebben we afgeschaald. Lotte woont thuis. Ik weet bijna zeker dat het
zonder oma anders was gelopen. Er waren meer escalaties geweest, en dan was die maatregel er gekomen, met
misschien een uithuisplaatsing. En dan was precies gebeurd waar moeder zo bang voor was.

Interviewer: Dan de laatste vraag: wat heb jij geleerd van dit traject?

Marloes: Ten eerste: dat het toelaten van een JIM een groot leerproces is voor ouders, en dat je daar als
hulpverlener oog voor moet hebben. Het is best veel om van een ouder te vragen iemand toe te laten en te
vertrouwen, wanneer dat precies op de zwakke plek van die ouder drukt. Bij deze moeder drukte het letterlijk
op haar oudste wond.

Ten tweede: tempo en sensitiviteit. Niet zo snel mogelijk een JIM vinden is het doel. Het gesprek erover
voeren, en zien wat de JIM-vraag bij een ouder oproept, daar gaat het om. Ik zou het nu wel eerder vragen,
maar daarna zou ik net zo geduldig zijn. De vraag eerder stellen, en dan de ruimte geven.

En ten derde iets over mijn eigen rol. We wisten het echt niet hoe we in dit gezin met JIM moesten
samenwerken. Ik niet, mijn gedragswetenschapper ook niet, want niemand had dit eerder gedaan bij zo'n jong
kind met zo'n geschiedenis. En dat gaf JIM een mooie en goeie positie. Oma ging dingen doen waar ik niet aan
had gedacht. Hierdoor was ik als hulpverlener minder dominant en meer faciliterend aanwezig. Ik organiseerde
de gesprekken, ik zorgde dat het veilig was, en zij deden het werk.

Interviewer: En de signalen van moeders eigen geschiedenis, hoe kijk je daar nu naar?

Marloes: Dat ik daar veel eerder op had moeten letten. Als ik niet had gezien wat moeder zelf had
meegemaakt, het pleeggezin, het drinken van oma, dan was er nooit een JIM gekomen. Ik had dan gewoon
gedacht: deze moeder wil niet. Terwijl ze niet kón, nog niet. Ik moest eerst een behandelrelatie met háár
opbouwen voordat er iets met JIM kon. Bij een puber kun je soms om de ouder heen, bij een kleuter niet.

Interviewer: Speelde de ontwikkelingsfase van Lotte nog een rol?

Marloes: Lotte is vijf en ze zit ook in de fase vier tot zes, dat klopt gewoon met haar leeftijd. Ze is wel
een beetje achter met taal, maar niet zo dat ik haar anders zou inschalen. Voor een kind van die fase is een
JIM niet iemand met wie je gaat praten over je problemen. Het is iemand bij wie je mag logeren, die je
voorleest, die een hond heeft. En die met mama praat. De JIM-vraag ging dus helemaal naar moeder, en Lotte
merkte de gevolgen.

Interviewer: Dank je wel, Marloes. Dit was heel waardevol.

Marloes: Graag gedaan. Ik vond het fijn om het zo nog eens op een rij te zetten.
"""


def paragraphs(text: str) -> tuple[list[str], list[str]]:
    """Split the text into header lines and turn paragraphs (hard-wrapped lines joined)."""
    header_block, _, body = text.strip().partition("\n\n")
    header = [line.strip() for line in header_block.splitlines() if line.strip()]
    turns = [" ".join(line.strip() for line in block.splitlines()) for block in body.split("\n\n") if block.strip()]
    return header, turns


def build(output: Path) -> None:
    header, turns = paragraphs(TEXT)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    properties = document.core_properties
    properties.author = "Anouk Bakker"
    properties.title = "Interview JIM 12-: casus Lotte"
    properties.created = dt.datetime(2019, 10, 16, 9, 30)
    properties.modified = dt.datetime(2019, 10, 16, 9, 30)
    properties.last_modified_by = "Anouk Bakker"
    properties.revision = 1
    for line in header:
        document.add_paragraph(line)
    document.add_paragraph("")
    for turn in turns:
        document.add_paragraph(turn)
    output.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(output))


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    build(output)
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
