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
from functools import lru_cache


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

# Frequent given names in the languages the dictionary covers (German, French, Spanish, Portuguese, Dutch,
# Italian), from the national statistics offices' top lists: the English list alone would miss most of
# a German or Brazilian customer table.
_FIRST_NAMES_EUROPE = word_set(
    """
    alexander andreas anja anke annette barbel bernd birgit brigitte claudia dieter dirk doris
    elke erika frank gabriele gerhard gisela gunter hans heike heinz helga helmut herbert horst
    ingrid jan jens jorg jurgen karin karl katrin kerstin klaus manfred marion markus martina
    matthias melanie michael monika nicole peter petra rainer ralf renate sabine sandra silke simone
    stefanie susanne sven thomas torsten ulrich ursula uwe werner wolfgang finn jonas leon luca lea
    mia emilia hanna lena lina marie sophia felix maximilian paul elias noah ben luis tim nico
    jacques jean-pierre jean-claude jean-luc michel philippe alain patrick nicolas christophe
    sebastien frederic olivier laurent stephane eric thierry pascal julien guillaume mathieu
    nathalie isabelle sylvie catherine valerie christine sandrine veronique martine francoise
    celine aurelie chloe ines manon camille lea louise jade emma gabrielle hugo arthur louis raphael
    jules adam lucas nathan theo mael
    jose antonio manuel francisco david juan javier daniel carlos jesus alejandro miguel rafael
    pedro angel pablo sergio fernando jorge luis alberto alvaro adrian diego raul ivan ruben oscar
    enrique ramon vicente andres joaquin santiago mario maria carmen ana isabel laura dolores
    pilar teresa rosa cristina marta lucia elena sara paula raquel beatriz silvia patricia rocio
    nuria julia irene alba noelia montserrat encarnacion concepcion mercedes
    joao paulo marcos rafael lucas gabriel mateus matheus gustavo felipe bruno rodrigo thiago tiago
    leonardo vinicius eduardo ricardo marcelo fabio andre luiz sergio antonio francisca
    adriana juliana mariana fernanda aline camila amanda bruna leticia larissa beatriz vitoria
    raimunda josefa sebastiana rita goncalo duarte afonso tomas rui nuno
    jan johannes hendrik cornelis pieter willem gerrit jacobus dirk klaas sander bram lars niels
    thijs ruben daan sem levi bas joost maarten wouter tom koen stijn anne johanna maria cornelia
    wilhelmina hendrika elisabeth sanne lotte fleur femke anouk lisa eva iris julia sophie ilse
    marieke inge
    giuseppe giovanni antonio mario luigi francesco angelo vincenzo pietro salvatore carlo franco
    domenico bruno paolo michele giorgio aldo sergio luciano alessandro andrea marco matteo lorenzo
    leonardo gabriele riccardo davide federico simone stefano giulia chiara francesca sara valentina
    alessia martina elisa silvia federica giorgia rosa anna lucia paola giovanna
    """
)
# Given names of the UK and Ireland's registers (ONS top lists, several decades) not above.
_FIRST_NAMES_UK = word_set(
    """
    oliver harry jack george noah charlie jacob alfie freddie oscar leo archie joshua james ethan
    isaac max toby henry finley mohammed muhammad dylan riley theo logan harrison lewis rhys callum
    connor liam kieran declan niamh siobhan aoife ciara sinead eileen bridget colin gavin graham
    neil stuart alistair hamish angus fiona morag ailsa kirsty lindsey lesley gillian joanne
    tracey leanne kerry hayley gemma kayleigh jade chloe amelia isla ava lily poppy freya evie
    ella grace daisy ruby phoebe millie rosie imogen scarlett matilda florence harriet beatrice
    eleanor alice holly megan bethany abigail jasmine molly lucy katie rebecca amy lauren zoe
    natalie hollie maisie eloise elsie edith mabel ivy violet clive nigel trevor derek barry
    kevin terence malcolm rodney keith graeme duncan fraser ross jamie darren wayne lee dean
    shane craig ricky mark gareth dafydd emyr glyn gwen rhian sian carys bryony jemima
    """
)
_FIRST_NAMES_MORE = word_set(
    """
    hannelore gudrun ilse waltraud erna gertrud hildegard inge margarete elfriede annemarie
    lieselotte ute dagmar heidi jutta sigrid astrid wiebke frauke silvia tanja nadine yvonne
    christa bernhard detlef dietmar eckhard egon ernst friedrich fritz gunther hartmut heinrich
    helmut hermann joachim kurt lothar ludwig norbert otto reinhard rolf rudolf siegfried udo
    volker walter wilhelm
    alejandra ainhoa aitana candela carla claudia esther eva gloria ines lorena macarena marina
    miriam natalia olga rebeca sofia susana veronica yolanda agustin alfonso arturo cesar
    emilio esteban gonzalo guillermo hector hugo ignacio jaime jordi julian lorenzo marcos
    mariano martin nicolas rodrigo roberto salvador tomas victor xavier
    anabela benedita catarina cecilia clarice debora eliane fabiana flavia gisele heloisa
    isadora jessica josiane luana luciana marcia michele monica patricia priscila rafaela
    renata roberta sabrina simone tatiana valeria vanessa alexandre anderson caio cristiano
    danilo davi diogo elias emanuel enzo everton fabricio heitor henrique igor jefferson
    jonas kaique leandro lorenzo marcio miguel murilo otavio pietro renan samuel sandro
    vicente wagner washington wellington william yuri
    aad adriaan arie bart bert bob cees dick dirk-jan erik frits gerard gijs hans henk herman
    jaap jeroen joop joris jos kees leendert luuk mark marco martijn menno nick piet rob roel
    rutger ruud sjoerd teun thomas tim ton wim anja annemarie annet astrid bianca carla
    claudia daphne esther femke gerda hanneke heleen ingrid jolanda karin linda manon mariska
    mirjam monique nicole petra renate rianne sandra saskia tineke wendy yvonne
    """
)
FIRST_NAMES = FIRST_NAMES | _FIRST_NAMES_EUROPE | _FIRST_NAMES_UK | _FIRST_NAMES_MORE

LAST_NAMES: frozenset[str] = (
    word_set(
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
    | word_set(
        """
    muller mueller schmitz schafer schaefer wolf neumann schwarz braun hofmann hartmann lange
    werner krause lehmann koehler kohler herrmann konig koenig walter mayer huber kaiser fuchs peters
    lang scholz moller moeller weiss jung hahn schubert vogel friedrich keller gunther frank berger
    winkler roth beck lorenz baumann franke albrecht schuster simon ludwig bohm winter kraus martin
    schumacher kruger krueger vogt stein jager otto sommer gross seidel heinrich brandt haas schreiber
    graf dietrich ziegler kuhn kuehn pohl engel horn busch bergmann thomas voigt sauer arnold
    wolff pfeiffer
    leroy roux david bertrand morel girard andre mercier dupont blanc guerin boyer garnier chevalier
    francois legrand gauthier garcia perrin robin clement morin nicolas henry rousseau mathieu gautier
    masson marchand duval denis dumont marie lemaire noel meyer dufour meunier brun blanchard giraud
    joly riviere lucas brunet gaillard barbier arnaud martinez gerard roche renard schmitt roy
    leroux colin vidal caron picard roger fabre aubert lemoine renaud dumas lacroix olivier philippe
    bourgeois pierre benoit rey leclerc payet rolland leclercq guillaume lecomte lopez jean dupuy
    guillot hubert berger carpentier sanchez dupuis moulin louis deschamps huet vasseur perez
    boucher fleury royer klein jacquet adam paris poirier marty aubry guyot carre charles renault
    charpentier menard maillard baron bertin bailly herve schneider fernandez gall collet leger
    bouvier julien prevost millet perrot daniel roux cousin germain breton besson langlois
    gonzalez rodriguez fernandez lopez martinez sanchez perez gomez martin jimenez ruiz hernandez
    diaz moreno munoz alvarez romero alonso gutierrez navarro torres dominguez vazquez ramos gil
    ramirez serrano blanco molina morales suarez ortega delgado castro ortiz rubio marin sanz
    nunez iglesias medina garrido cortes castillo santos lozano guerrero cano prieto mendez cruz
    calvo gallego vidal leon marquez herrera pena flores cabrera campos vega fuentes carrasco diez
    caballero reyes nieto aguilar pascual santana herrero lorenzo montero hidalgo gimenez ibanez
    ferrer duran santiago benitez mora vicente vargas arias carmona crespo roman pastor soto saez
    velasco moya soler parra esteban bravo gallardo rojas
    silva santos oliveira souza sousa rodrigues ferreira alves pereira lima gomes costa ribeiro
    martins carvalho almeida lopes soares fernandes vieira barbosa rocha dias nascimento andrade
    moreira nunes marques machado mendes freitas cardoso ramos goncalves santana teixeira araujo
    pinto cavalcanti monteiro correia melo moura campos azevedo batista
    jong jansen vries berg dijk bakker janssen visser smit meijer boer mulder
    groot bos vos peters hendriks leeuwen dekker brouwer wit dijkstra smits graaf
    meer linden kok jacobs haan vermeulen heuvel veen
    broek bruijn bruin heijden schouten beek willems vliet
    ven hoekstra maas verhoeven koster dam wal prins blom huisman peeters
    rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti
    luca mancini costa giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi
    caruso ferrara galli martini leone longo gentile martinelli vitale lombardo serra coppola
    santis d'angelo marchetti parisi villa conte ferraro ferri fabbri bianco marini grasso
    valentini messina sala angelis gatti pellegrini palumbo sanna farina rizzi monti cattaneo
    """
    )
    | word_set(
        """
    ahmed ali begum chapman clarke clayton cole curtis dawson day dixon doyle duncan ellis
    fletcher fox gibson gordon graham grant harvey hart holmes hunt hussain jarvis jennings
    johnston kaur khan knight lane lawrence lloyd marshall mason matthews mills moss newman
    norris owen palmer payne pearce pearson pickering porter reid reynolds richards riley
    robertson rose saunders shaw simpson singh spencer stevens stone sutton thomson tucker
    wade walsh warren watts webb wells west wheeler whitehouse wilkinson williamson wilkins
    woods yates barker barrett bates black bond booth bradley burton byrne chambers cook dean
    farmer field finch fisher francis gardner george gill glover hall hammond hancock harper
    hayes heath hewitt hobbs hodgson holland hopkins hudson hughes humphreys jordan kemp kerr
    lamb lee lucas lynch macdonald mackenzie mann mccarthy mitchell morton murray naylor nash
    nicholson o'brien obrien o'connor oconnor o'neill oneill parsons potter preston pritchard
    quinn read rees rhodes robson rowe ryan sharp sheppard slater stephens storey summers
    swift talbot thorpe todd townsend turnbull vaughan walters ward watkins weston whitaker
    wilson wood wyatt young
    sauer fuchs jung brandt schulte dietz kuhn busch ernst vogt lindner kraft petersen jansen
    winter herrmann kessler lang peters stark
    """
    )
)


# Words written before a name that are not part of it ("Dr. Ana García", "Herr Müller").
NAME_TITLES: frozenset[str] = word_set(
    """
    mr mrs ms miss mx dr prof sir dame herr frau fr hr dipl ing mag m mme mlle me sr sra srta
    don dona d dom sra. exmo exma dhr mevr mw ir drs sig sig.ra dott avv
    """
)


# Words written after a name that are not part of it: generational suffixes and clinicians' degrees
# ("Smith, John MD", "Jane Doe RN", "John Smith Jr.").
NAME_SUFFIXES: frozenset[str] = word_set(
    """
    jr sr ii iii iv md do rn np pa pharmd phd dds dmd dpm od facp lpn crna mph msn bsn
    """
)


# Nouns that end the name of a place of business or an institution ("Springfield General Hospital",
# "Lopez Pharmacy", "St Mary's School"); not the ones that are also surnames (Church, Temple, Bank).
INSTITUTION_NOUNS: frozenset[str] = word_set(
    """
    hospital hospitals clinic clinics center centre pharmacy practice surgery school academy college
    university mosque synagogue hotel restaurant cafe bakery store shop market supermarket garage
    library museum theatre theater cinema stadium gym club institute
    foundation trust council ministry department agency krankenhaus klinik praxis apotheke schule
    hopital clinique pharmacie ecole hospital clinica farmacia escuela escola ziekenhuis apotheek
    school kliniek huisartsenpraktijk
    """
)

# Legal forms that end an organisation's name ("Harris Roofing Ltd", "Carroll Inc", "Müller GmbH"): a
# value ending with one is a business's name however many surnames it holds.
LEGAL_FORMS: frozenset[str] = word_set(
    """
    inc incorporated llc llp lp ltd limited plc corp corporation co company companies group holdings
    partners associates gmbh ag kg kgaa ohg ug ev gbr mbh se sa sas sasu sarl eurl sl slu sll srl spa
    snc bv nv vof cv ltda eireli epp me cia sons bros brothers pty pllc pc sat scoop coop hnos
    """
)


@lru_cache(maxsize=1 << 14)
def normalise_text(value: str) -> str:
    """Lower-case and strip accents so that "Luís", "LUIS" and "luis" compare equal. Cached: each
    sampled value is normalised by several detectors in turn."""
    decomposed = unicodedata.normalize("NFKD", value.replace("\u00df", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
