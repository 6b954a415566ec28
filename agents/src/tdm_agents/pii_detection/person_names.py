"""A deliberately small list of common given names and surnames: supporting evidence only.

Why small: the list only has to show that a column *tends* to hold person names (a match rate over a
sample), not recognise every name. A few hundred of the most frequent names in the US (Census 1990 and
SSA top lists), the UK, Western Europe and Latin America give a usable rate on real customer tables while
staying reviewable in one file. A column is never labelled from these lists alone unless most of its
values match (see `detectors.py` and `merger.py`).

Entries are lower-case and accent-free (compare with `normalise_text`).
"""

from __future__ import annotations

import unicodedata


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a long literal (keeps word lists readable and diffable)."""
    return frozenset(text.split())


FIRST_NAMES: frozenset[str] = word_set(
    """
    aaron adam adrian agnes alan albert alejandro alexander alexandra alexandre alfred alice alicia
    amanda amy ana andre andrea andreas andrew angela anita ann anna anne annie anthony antoine
    antonio arthur astrid barbara ben benjamin bernard betty beverly bill billy bob bonnie brandon
    brenda brian bruce bruno camille carl carla carlos carmen carol caroline catherine charles
    charlotte cheryl chris christian christina christine christopher cindy claire clara claude
    claudia craig cynthia dan daniel daniela danielle david debbie deborah debra denise dennis diana
    diane diego dominique donald donna doris dorothy douglas dylan ed edward eduardo elena elizabeth
    ella ellen emily emma eric erik ernest esther eva evelyn fernanda fernando florence frances
    francesca francisco francois frank fred frederick gabriel gabriela gary george gerald gloria
    grace greg gregory hannah hans harold harry heather helen helena henry howard hugo ian irene
    isabel isabelle jack jacob jacqueline james jan jane janet janice jason javier jean jeffrey
    jennifer jeremy jerry jessica jim joan joao joe johannes john jonathan jorge jose joseph joshua
    joyce juan judith judy julia julie justin karen katherine kathleen kathryn kathy keith kelly
    kenneth kevin kim klaus kyle larry laura lauren laurent lawrence leonie linda lisa lois lori
    louis louise lucas lucia luis luisa lukas manuel marc marco margaret maria marie marilyn mario
    mark marta martha martin mary matthew maria melissa michael michelle mike miguel mildred nancy
    natalie nathan nicholas nick nicole olivia oscar pablo pamela patricia patrick paul paula pedro
    peter philip philippe phyllis pierre rachel ralph raymond rebecca richard rita robert roberto
    roger ronald rose ruby russell ruth ryan sam samantha samuel sandra sara sarah scott sean
    sebastian sergio sharon shirley sofia sophie stefan stephanie stephen steve steven susan tammy
    teresa terry thomas tiffany tim timothy tina todd tom tony tracy valerie victor victoria vincent
    virginia walter wayne william willie yvonne zachary
    """
)

LAST_NAMES: frozenset[str] = word_set(
    """
    adams alexander allen almeida alvarez anderson bailey baker barnes bauer becker bell bennett
    bernard bertrand brooks brown bryant butler campbell carter castillo castro clark collins cook
    cooper costa cox cruz davies davis diaz dubois durand edwards evans ferrari ferreira fernandez
    fischer fisher flores ford foster fournier garcia gomez gonzalez gray green griffin hall
    hamilton hansen harris hayes henderson hernandez hill hoffmann howard hughes jackson james
    jansen jenkins jimenez johnson jones jordan kelly kennedy king klein koch kowalski krause
    lambert lee lefebvre lewis long lopez martin martinez martins meyer miller mitchell moore
    morales moreau morgan morris murphy murray myers nelson nguyen nielsen oliveira ortiz parker
    patel perez perry peters peterson petit phillips powell price ramirez ramos reed reyes richard
    richardson rivera roberts robinson rodrigues rodriguez rogers romero rossi ross russell russo
    sanchez sanders santos schmidt schneider schulz scott silva simmons smith sousa stewart sullivan
    taylor thomas thompson torres turner walker wagner ward washington watson weber white williams
    wilson wood wright young zimmermann
    """
)


def normalise_text(value: str) -> str:
    """Lower-case and strip accents so that "Luís", "LUIS" and "luis" compare equal."""
    decomposed = unicodedata.normalize("NFKD", value.replace("\u00df", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
