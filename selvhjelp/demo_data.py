"""The content of the demo: contact points, groups, events and people, in bokmål.

Read by ``manage.py seed_demo``, which turns these plain dicts into rows. Kept apart from
the command so the command reads as the steps it takes and this file as the story the
demo tells: a handful of contact points across Norway at different stages, groups in
every state, upcoming events, and demand waiting where nothing exists yet.

Every person, address and phone number is made up. Email addresses use the reserved
``.example`` top-level domain so nothing can ever be delivered to a real inbox. Dates
are offsets in days from the day the command runs, so the demo always looks current.
"""

# Everything the command creates for a person who signs in uses this domain. ``--reset``
# finds demo users by it; no real address can end in a reserved top-level domain.
DEMO_EMAIL_DOMAIN = "demo.selvhjelp.example"
# Residents, starters and registrants: separate from sign-in users, equally undeliverable.
RESIDENT_EMAIL_DOMAIN = "innbygger.example"
STARTER_EMAIL_DOMAIN = "igangsetter.example"

PASSWORD = "selvhjelp-demo"  # noqa: S105 - printed for anyone running the demo
RANDOM_SEED = 20231010  # a World Mental Health Day; any fixed number keeps runs identical

# key: how the rest of this file refers to a contact point.
CONTACT_POINTS = [
    {
        "key": "bodo",
        "name": "Frivilligsentralen i Bodø",
        "type": "frivilligsentral",
        "organisation": "Bodø kommune",
        "municipality": "1804",
        "status": "approved",
        "email": "post@frivilligsentralen-bodo.example",
        "phone": "+47 75 50 01 10",
        "website": "https://frivilligsentralen-bodo.example",
        "address": "Storgata 10, 8006 Bodø",
        "opening_hours": "Mandag–torsdag 09–15",
        "responsible_person": "Kari Nordmann, daglig leder",
        "partners": "Bodø bibliotek\nMental Helse Bodø\nHelsestasjon for ungdom",
        "response_days": 3,
        "created_days_ago": 420,
        "description": (
            "Frivilligsentralen er en møteplass for alle som vil bidra eller trenger "
            "noen å snakke med. Vi hjelper deg å finne en selvhjelpsgruppe, eller å "
            "starte en ny sammen med andre som kjenner seg igjen i det du står i. "
            "Det er gratis, og du trenger ingen henvisning."
        ),
    },
    {
        "key": "hamar",
        "name": "Frisklivssentralen i Hamar",
        "type": "frisklivssentral",
        "organisation": "Hamar kommune",
        "municipality": "3403",
        "status": "approved",
        "email": "frisklivssentralen@hamar-kommune.example",
        "phone": "+47 62 50 02 20",
        "address": "Kirkegata 7, 2317 Hamar",
        "opening_hours": "Hverdager 08–15.30",
        "responsible_person": "Ingrid Bakken, fagleder",
        "partners": "Hamar frivilligsentral\nSykehuset Innlandet, LMS\nNAV Hamar",
        "response_days": 2,
        "created_days_ago": 380,
        "description": (
            "Frisklivssentralen hjelper deg med å endre levevaner og mestre hverdagen. "
            "Selvhjelpsgrupper er et tilbud for deg som vil dele erfaringer med andre "
            "i samme situasjon, enten det gjelder smerter, stress eller ensomhet."
        ),
    },
    {
        "key": "haukeland",
        "name": "Lærings- og mestringssenteret, Haukeland universitetssjukehus",
        "type": "lms",
        "organisation": "Helse Bergen HF",
        "municipality": "4601",
        "status": "approved",
        "email": "lms@helse-bergen.example",
        "phone": "+47 55 50 03 30",
        "website": "https://lms.helse-bergen.example",
        "address": "Jonas Lies vei 65, 5021 Bergen",
        "opening_hours": "Hverdager 09–14",
        "responsible_person": "Silje Haugland, seksjonsleder",
        "partners": "Kreftforeningen\nLHL Bergen\nBergen kommune, lærings- og mestringstjenesten",
        "response_days": 5,
        "created_days_ago": 500,
        "description": (
            "Lærings- og mestringssenteret gir kurs og samtalegrupper for pasienter og "
            "pårørende. Vi formidler kontakt med selvhjelpsgrupper for deg som lever med "
            "kronisk sykdom eller kreft, og for deg som står nær noen som gjør det."
        ),
    },
    {
        "key": "trondheim",
        "name": "Mental Helse Trondheim",
        "type": "frivillig-organisasjon",
        "organisation": "Mental Helse",
        "municipality": "5001",
        "status": "approved",
        "email": "trondheim@mentalhelse.example",
        "phone": "+47 73 50 04 40",
        "address": "Kongens gate 30, 7011 Trondheim",
        "opening_hours": "Tirsdag og torsdag 10–16",
        "responsible_person": "Anne Solberg, leder",
        "partners": "Trondheim kommune, Helsehuset\nStudentsamskipnaden i Trondheim\nKirkens SOS",
        "response_days": 3,
        "created_days_ago": 610,
        "description": (
            "Mental Helse Trondheim er et lokallag drevet av frivillige med egen erfaring. "
            "Vi har grupper for angst, depresjon og en telefongruppe på tvers av problemer. "
            "Ta kontakt for en uforpliktende prat før du bestemmer deg."
        ),
    },
    {
        "key": "tromso",
        "name": "Lærings- og mestringstjenesten i Tromsø kommune",
        "type": "kommunal-lms",
        "organisation": "Tromsø kommune",
        "municipality": "5501",
        "status": "approved",
        "email": "mestring@tromso-kommune.example",
        "phone": "+47 77 50 05 50",
        "address": "Grønnegata 51, 9008 Tromsø",
        "opening_hours": "Hverdager 08–15",
        "responsible_person": "Mari Johansen, koordinator",
        "partners": "Universitetssykehuset Nord-Norge, LMS\nTromsø frivilligsentral",
        "response_days": 3,
        "created_days_ago": 300,
        "description": (
            "Kommunens lærings- og mestringstjeneste gir tilbud til deg som lever med "
            "langvarige helseutfordringer, og til dine pårørende. Vi hjelper grupper i "
            "gang og trener igangsettere."
        ),
    },
    {
        "key": "sio",
        "name": "SiO Helse – Studentsamskipnaden i Oslo",
        "type": "studentsamskipnad",
        "organisation": "Studentsamskipnaden i Oslo",
        "municipality": "0301",
        "status": "approved",
        "email": "selvhjelp@sio.example",
        "phone": "",
        "website": "https://sio.example/helse",
        "address": "Problemveien 11, 0313 Oslo",
        "opening_hours": "Hverdager 09–15 i semesteret",
        "responsible_person": "Thomas Berg, rådgiver",
        "partners": "Studentprestene\nStudentenes psykiske helse (frivillig)",
        "response_days": 2,
        "created_days_ago": 200,
        "description": (
            "For studenter i Oslo: samtalegrupper om stress, ensomhet og det å stå i "
            "studielivet. Gruppene ledes av deltakerne selv, og det er taushetsplikt "
            "i gruppen."
        ),
    },
    {
        "key": "kristiansand",
        "name": "Kristiansand domkirkemenighet",
        "type": "menighet",
        "organisation": "Den norske kirke i Kristiansand",
        "municipality": "4204",
        "status": "approved",
        "email": "diakon@domkirken-kristiansand.example",
        "phone": "+47 38 50 06 60",
        "address": "Kirkegata 20, 4610 Kristiansand",
        "opening_hours": "Tirsdag–fredag 10–14",
        "responsible_person": "Ragnhild Aas, diakon",
        "partners": "Kristiansand frivilligsentral\nLandsforeningen for etterlatte ved selvmord",
        "response_days": 4,
        "created_days_ago": 350,
        "description": (
            "Menighetens diakoni har i mange år hatt sorggrupper. Alle er velkomne, "
            "uansett tro og livssyn. Vi hjelper deg å finne en gruppe som passer."
        ),
    },
    {
        "key": "drammen",
        "name": "Drammensbiblioteket – Møteplass for selvhjelp",
        "type": "annen",
        "organisation": "Drammen kommune",
        "municipality": "3301",
        "status": "approved",
        "email": "moteplass@drammensbiblioteket.example",
        "phone": "+47 32 50 07 70",
        "address": "Grønland 32, 3045 Drammen",
        "opening_hours": "Mandag–fredag 10–19, lørdag 10–16",
        "responsible_person": "Even Dahl, bibliotekar",
        "partners": "Drammen frivilligsentral\nKirkens Bymisjon Drammen",
        "response_days": 5,
        "created_days_ago": 150,
        "description": (
            "Biblioteket er et trygt og lavterskel sted å møtes. Vi låner ut grupperom "
            "til selvhjelpsgrupper og formidler kontakt med grupper i Drammen."
        ),
    },
    {
        "key": "alta",
        "name": "Frivilligsentralen i Alta",
        "type": "frivilligsentral",
        "organisation": "Alta kommune",
        "municipality": "5601",
        "status": "pending",
        "email": "post@frivilligsentralen-alta.example",
        "phone": "+47 78 50 08 80",
        "address": "Markedsgata 3, 9510 Alta",
        "opening_hours": "Hverdager 09–15",
        "responsible_person": "Marte Eriksen, daglig leder",
        "partners": "Alta kommune, psykisk helse og rus",
        "response_days": 3,
        "created_days_ago": 4,
        "description": (
            "Vi vil gjerne starte selvhjelpsgrupper i Alta, og har meldt oss som "
            "kontaktpunkt. Ta kontakt om du har lyst til å være med."
        ),
    },
    {
        "key": "sandnes",
        "name": "Frisklivssentralen i Sandnes",
        "type": "frisklivssentral",
        "organisation": "Sandnes kommune",
        "municipality": "1108",
        "status": "suspended",
        "email": "frisklivssentralen@sandnes-kommune.example",
        "phone": "+47 51 50 09 90",
        "address": "Langgata 49, 4306 Sandnes",
        "opening_hours": "",
        "responsible_person": "Kjell Tveit, avdelingsleder",
        "partners": "",
        "response_days": 5,
        "created_days_ago": 700,
        "description": (
            "Tilbudet er midlertidig stanset mens kommunen omorganiserer frisklivstjenesten."
        ),
    },
]

# Starters (igangsettere) on each roster. trained_days_ago None: not trained yet.
STARTERS = [
    {"cp": "bodo", "name": "Per Kristiansen", "trained_days_ago": 400, "shared": True},
    {"cp": "bodo", "name": "Randi Pedersen", "trained_days_ago": 120, "shared": False},
    {"cp": "bodo", "name": "Ahmed Hussein", "trained_days_ago": None, "shared": False},
    {"cp": "hamar", "name": "Gunn Moen", "trained_days_ago": 700, "shared": True},
    {"cp": "hamar", "name": "Bjørn Sveen", "trained_days_ago": 90, "shared": False},
    {"cp": "haukeland", "name": "Linda Myklebust", "trained_days_ago": 250, "shared": False},
    {"cp": "haukeland", "name": "Knut Vik", "trained_days_ago": 30, "shared": True},
    {"cp": "trondheim", "name": "Sara Lund", "trained_days_ago": 500, "shared": True},
    {"cp": "trondheim", "name": "Håkon Brattli", "trained_days_ago": 150, "shared": False},
    {"cp": "trondheim", "name": "Elin Rønning", "trained_days_ago": None, "shared": False},
    {"cp": "tromso", "name": "Inger Nilsen", "trained_days_ago": 320, "shared": True},
    {"cp": "sio", "name": "Jonas Amundsen", "trained_days_ago": 60, "shared": False},
    {"cp": "kristiansand", "name": "Solveig Larsen", "trained_days_ago": 900, "shared": False},
    {"cp": "drammen", "name": "Fatima Ali", "trained_days_ago": 45, "shared": True},
]

# Who signs in. role: manager/staff (a membership), starter (linked to a roster entry of
# the same name), region_admin, national_admin. local: the part before the @.
USERS = [
    {"local": "kari.manager", "name": "Kari Nordmann", "role": "manager", "cp": "bodo"},
    {"local": "ola.ansatt", "name": "Ola Hansen", "role": "staff", "cp": "bodo"},
    {"local": "ingrid.manager", "name": "Ingrid Bakken", "role": "manager", "cp": "hamar"},
    {"local": "jonas.ansatt", "name": "Jonas Lie", "role": "staff", "cp": "hamar"},
    {"local": "silje.manager", "name": "Silje Haugland", "role": "manager", "cp": "haukeland"},
    {"local": "erik.ansatt", "name": "Erik Johannessen", "role": "staff", "cp": "haukeland"},
    {"local": "anne.manager", "name": "Anne Solberg", "role": "manager", "cp": "trondheim"},
    {"local": "lars.ansatt", "name": "Lars Aune", "role": "staff", "cp": "trondheim"},
    {"local": "marte.manager", "name": "Marte Eriksen", "role": "manager", "cp": "alta"},
    {"local": "per.igangsetter", "name": "Per Kristiansen", "role": "starter", "cp": "bodo"},
    {"local": "nord.admin", "name": "Hanne Isaksen", "role": "region_admin", "region": "nord"},
    {"local": "midt.admin", "name": "Tor Strand", "role": "region_admin", "region": "midt"},
    {"local": "admin", "name": "Nasjonal administrator", "role": "national_admin"},
]

# start_in_days: when the group starts (negative: it already has). The command moves it
# to the group's weekday. venue: (name, address) or None; public: show_venue_publicly.
GROUPS = [
    {
        "cp": "bodo",
        "title": "Pårørendegruppa i Bodø",
        "topics": ["parorende"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "recruiting",
        "weekday": 1,
        "time": "18:00",
        "frequency": "weekly",
        "start_in_days": 10,
        "venue": ("Frivilligsentralen, møterom Saltstraumen", "Storgata 10, 8006 Bodø"),
        "public": True,
        "description": (
            "For deg som står nær noen med psykiske eller fysiske helseplager. Her kan "
            "du snakke om det som er tungt, og om det som hjelper, med andre som vet "
            "hvordan det er."
        ),
    },
    {
        "cp": "bodo",
        "title": "Samtalegruppe på tvers av problemer",
        "topics": ["pa-tvers"],
        "kind": "cross_problem",
        "format": "in_person",
        "status": "running",
        "weekday": 3,
        "time": "19:00",
        "frequency": "biweekly",
        "start_in_days": -120,
        "venue": ("Kulturhuset, grupperom 4", "Kongens gate 42, 8006 Bodø"),
        "public": False,
        "description": (
            "Du trenger ikke ha det samme problemet som de andre for å få noe ut av "
            "gruppa. Det vi har felles, er at vi vil ha det bedre og lære av hverandre."
        ),
    },
    {
        "cp": "bodo",
        "title": "Sorggruppe for etterlatte",
        "topics": ["sorg"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "starting",
        "weekday": 0,
        "time": "18:00",
        "frequency": "weekly",
        "start_in_days": -8,
        "venue": ("Kulturhuset, grupperom 2", "Kongens gate 42, 8006 Bodø"),
        "public": False,
        "description": (
            "For deg som har mistet noen som sto deg nær. Gruppa er nettopp startet, "
            "og en igangsetter er med de første møtene."
        ),
    },
    {
        "cp": "hamar",
        "title": "Leve med langvarige smerter",
        "topics": ["smerte", "kronisk-sykdom"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "starting",
        "weekday": 2,
        "time": "12:00",
        "frequency": "weekly",
        "start_in_days": -15,
        "venue": ("Frisklivssentralen, kurssalen", "Kirkegata 7, 2317 Hamar"),
        "public": True,
        "description": (
            "Smertene synes ikke utenpå, men preger hverdagen. I gruppa deler vi "
            "erfaringer om hva som gjør dagene lettere."
        ),
    },
    {
        "cp": "hamar",
        "title": "Utbrent – veien tilbake",
        "topics": ["utbrenthet"],
        "kind": "same_problem",
        "format": "video",
        "status": "recruiting",
        "weekday": 0,
        "time": "19:30",
        "frequency": "biweekly",
        "start_in_days": 20,
        "venue": None,
        "public": False,
        "description": (
            "En videogruppe for deg som er sykmeldt eller på vei tilbake etter "
            "utbrenthet. Du deltar hjemmefra, og du bestemmer selv om kameraet er på."
        ),
    },
    {
        "cp": "hamar",
        "title": "Ensomhet – et sted å høre til",
        "topics": ["ensomhet"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "paused",
        "weekday": 4,
        "time": "11:00",
        "frequency": "weekly",
        "start_in_days": -200,
        "venue": ("Hamar bibliotek, lesesalen", "Strandgata 34, 2317 Hamar"),
        "public": True,
        "description": (
            "Gruppa tar pause over sommeren og starter igjen når de faste deltakerne "
            "er tilbake. Ta gjerne kontakt i mellomtiden."
        ),
    },
    {
        "cp": "haukeland",
        "title": "Leve med kreft – samtalegruppe",
        "topics": ["kreft"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "running",
        "weekday": 1,
        "time": "17:00",
        "frequency": "biweekly",
        "start_in_days": -300,
        "venue": ("Lærings- og mestringssenteret, møterom Puls", "Jonas Lies vei 65, 5021 Bergen"),
        "public": True,
        "description": (
            "For deg som har eller har hatt kreft. Vi snakker om behandling, om å "
            "komme tilbake til jobb, og om alt det andre som følger med."
        ),
    },
    {
        "cp": "haukeland",
        "title": "Pårørende til personer med spiseforstyrrelser",
        "topics": ["spiseforstyrrelser", "parorende"],
        "kind": "same_problem",
        "format": "video",
        "status": "planned",
        "weekday": 2,
        "time": "19:00",
        "frequency": "biweekly",
        "start_in_days": 45,
        "venue": None,
        "public": False,
        "description": (
            "Vi planlegger en videogruppe for foreldre, søsken og partnere. Meld "
            "interesse, så tar vi kontakt når vi har nok deltakere."
        ),
    },
    {
        "cp": "haukeland",
        "title": "Kronisk sykdom – hverdagen etter diagnosen",
        "topics": ["kronisk-sykdom"],
        "kind": "same_problem",
        "format": "phone",
        "status": "recruiting",
        "weekday": 3,
        "time": "10:00",
        "frequency": "weekly",
        "start_in_days": 8,
        "venue": None,
        "public": False,
        "description": (
            "En telefongruppe: du ringer inn til et fast nummer og snakker med de "
            "andre uten å vise deg. Passer for deg som bor langt unna eller har lite "
            "krefter til å reise."
        ),
    },
    {
        "cp": "trondheim",
        "title": "Angstgruppa i Trondheim",
        "topics": ["angst"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "running",
        "weekday": 0,
        "time": "18:30",
        "frequency": "weekly",
        "start_in_days": -400,
        "venue": ("Mental Helse, peisestua", "Kongens gate 30, 7011 Trondheim"),
        "public": False,
        "description": (
            "Vi har holdt på i over et år og har plass til et par nye. Det er helt "
            "greit å bare lytte de første gangene."
        ),
    },
    {
        "cp": "trondheim",
        "title": "Depresjon – vi snakker om det",
        "topics": ["depresjon"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "starting",
        "weekday": 2,
        "time": "18:00",
        "frequency": "weekly",
        "start_in_days": -6,
        "venue": ("Mental Helse, peisestua", "Kongens gate 30, 7011 Trondheim"),
        "public": False,
        "description": (
            "En ny gruppe for deg som kjenner på nedstemthet over tid. En igangsetter "
            "er med de første gangene og hjelper gruppa å finne sin form."
        ),
    },
    {
        "cp": "trondheim",
        "title": "Telefongruppe på tvers av problemer",
        "topics": ["pa-tvers"],
        "kind": "cross_problem",
        "format": "phone",
        "status": "running",
        "weekday": 6,
        "time": "20:00",
        "frequency": "weekly",
        "start_in_days": -250,
        "venue": None,
        "public": False,
        "description": (
            "Søndagskveld på telefon, uansett hva du strever med. Ingen ser deg, og "
            "du sier bare det du vil."
        ),
    },
    {
        "cp": "trondheim",
        "title": "Samlivsbrudd – å finne fotfeste igjen",
        "topics": ["samlivsbrudd"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "closed",
        "weekday": 1,
        "time": "18:00",
        "frequency": "biweekly",
        "start_in_days": -500,
        "venue": ("Mental Helse, peisestua", "Kongens gate 30, 7011 Trondheim"),
        "public": False,
        "description": (
            "Gruppa ble avsluttet etter to gode år. Ta kontakt om du vil være med å starte en ny."
        ),
    },
    {
        "cp": "tromso",
        "title": "Leve med kronisk sykdom i Tromsø",
        "topics": ["kronisk-sykdom"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "recruiting",
        "weekday": 3,
        "time": "17:30",
        "frequency": "biweekly",
        "start_in_days": 14,
        "venue": ("Tromsø bibliotek, grupperom 3", "Grønnegata 94, 9008 Tromsø"),
        "public": True,
        "description": (
            "For deg som lever med diabetes, revmatisme, KOLS eller en annen "
            "langvarig sykdom. Vi deler erfaringer om hverdagen og om å bli hørt."
        ),
    },
    {
        "cp": "tromso",
        "title": "Foreldrerollen – når hverdagen blir tung",
        "topics": ["foreldre"],
        "kind": "same_problem",
        "format": "video",
        "status": "running",
        "weekday": 1,
        "time": "20:30",
        "frequency": "biweekly",
        "start_in_days": -180,
        "venue": None,
        "public": False,
        "description": (
            "Etter leggetid, på video: for mødre og fedre som vil snakke med andre "
            "foreldre om det som er vanskelig."
        ),
    },
    {
        "cp": "sio",
        "title": "Stress og prestasjonspress i studietiden",
        "topics": ["utbrenthet", "angst"],
        "kind": "same_problem",
        "format": "video",
        "status": "recruiting",
        "weekday": 2,
        "time": "18:00",
        "frequency": "weekly",
        "start_in_days": 9,
        "venue": None,
        "public": False,
        "description": (
            "For studenter som kjenner på press foran eksamen eller i hverdagen. "
            "Gruppa møtes på video og er åpen for studenter ved alle læresteder i Oslo."
        ),
    },
    {
        "cp": "sio",
        "title": "Ensom som student",
        "topics": ["ensomhet"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "running",
        "weekday": 3,
        "time": "16:00",
        "frequency": "weekly",
        "start_in_days": -90,
        "venue": ("SiO Helse, grupperommet", "Problemveien 11, 0313 Oslo"),
        "public": True,
        "description": (
            "Mange studenter er ensomme, men få snakker om det. Her gjør vi det, over en kopp te."
        ),
    },
    {
        "cp": "kristiansand",
        "title": "Sorggruppe i domkirken",
        "topics": ["sorg"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "running",
        "weekday": 0,
        "time": "18:00",
        "frequency": "biweekly",
        "start_in_days": -365,
        "venue": ("Domkirkens menighetshus", "Kirkegata 20, 4610 Kristiansand"),
        "public": True,
        "description": (
            "For deg som har mistet en ektefelle, et barn, en forelder eller en venn. "
            "Vi møtes annenhver mandag, og det er alltid kaffe på kanna."
        ),
    },
    {
        "cp": "kristiansand",
        "title": "Etterlatte etter selvmord",
        "topics": ["etter-selvmord", "sorg"],
        "kind": "same_problem",
        "format": "in_person",
        "status": "planned",
        "weekday": 3,
        "time": "18:00",
        "frequency": "other",
        "start_in_days": 60,
        "venue": None,
        "public": False,
        "description": (
            "Vi planlegger en gruppe sammen med Landsforeningen for etterlatte ved "
            "selvmord. Tid og sted avtales med dem som melder seg."
        ),
    },
    {
        "cp": "drammen",
        "title": "Samtalegruppe på tvers – Drammen",
        "topics": ["pa-tvers"],
        "kind": "cross_problem",
        "format": "in_person",
        "status": "recruiting",
        "weekday": 1,
        "time": "17:00",
        "frequency": "weekly",
        "start_in_days": 15,
        "venue": ("Drammensbiblioteket, grupperom 2", "Grønland 32, 3045 Drammen"),
        "public": True,
        "description": (
            "En ny gruppe for voksne, uansett hva du bærer på. Vi møtes på biblioteket, "
            "et sted der ingen lurer på hvorfor du er der."
        ),
    },
    {
        "cp": "drammen",
        "title": "Pårørende til personer med rusproblemer",
        "topics": ["rus", "parorende"],
        "kind": "same_problem",
        "format": "phone",
        "status": "closed",
        "weekday": 2,
        "time": "20:00",
        "frequency": "weekly",
        "start_in_days": -420,
        "venue": None,
        "public": False,
        "description": "Gruppa er avsluttet. Deltakerne møtes nå på egen hånd.",
    },
]

# organiser: a contact point key, or "region:<slug>" for district-office events.
# registrations: how many people sign up; full: fill every seat and put two on the list.
EVENTS = [
    {
        "organiser": "bodo",
        "title": "Informasjonsmøte: Hva er en selvhjelpsgruppe?",
        "kind": "information_meeting",
        "audience": "participants",
        "outcome": "group_signup",
        "in_days": 9,
        "time": ("18:00", "19:30"),
        "online": False,
        "municipality": "1804",
        "venue": ("Bodø bibliotek, Stormen, møterom 1", "Kongens gate 4, 8006 Bodø"),
        "capacity": 25,
        "registrations": 5,
        "description": (
            "Lurer du på hva en selvhjelpsgruppe er, og om det kan være noe for deg? "
            "Vi forteller hvordan gruppene fungerer, og to deltakere deler egne "
            "erfaringer. Du trenger ikke si noe om deg selv."
        ),
    },
    {
        "organiser": "hamar",
        "title": "Selvhjelp i praksis – digitalt møte for ansatte i kommunen",
        "kind": "information_meeting",
        "audience": "informants",
        "outcome": "knowledge",
        "in_days": 16,
        "time": ("12:00", "13:00"),
        "online": True,
        "capacity": None,
        "registrations": 3,
        "description": (
            "For helsesykepleiere, fastleger, NAV-veiledere og andre som møter folk "
            "som kan ha nytte av en selvhjelpsgruppe: slik henviser du videre."
        ),
    },
    {
        "organiser": "haukeland",
        "title": "Selvhjelp for pasienter og pårørende",
        "kind": "information_meeting",
        "audience": "participants",
        "outcome": "group_signup",
        "in_days": 12,
        "time": ("14:00", "15:30"),
        "online": False,
        "municipality": "4601",
        "venue": ("Lærings- og mestringssenteret, møterom Puls", "Jonas Lies vei 65, 5021 Bergen"),
        "capacity": 6,
        "full": True,
        "description": (
            "Et lite møte i et lite rom: vi forteller om gruppene ved sykehuset og i "
            "kommunene rundt, og svarer på spørsmål."
        ),
    },
    {
        "organiser": "trondheim",
        "title": "Nettverksmøte for kontaktpunkter i Trøndelag",
        "kind": "network_meeting",
        "audience": "contact_points",
        "outcome": "partnership",
        "in_days": 25,
        "time": ("10:00", "14:00"),
        "online": False,
        "municipality": "5001",
        "venue": ("Helsehuset, store møterom", "Erling Skakkes gate 40, 7012 Trondheim"),
        "capacity": 30,
        "registrations": 2,
        "description": (
            "Frivilligsentraler, frisklivssentraler, LMS og organisasjoner i Trøndelag "
            "møtes for å dele erfaringer og avtale samarbeid om nye grupper."
        ),
    },
    {
        "organiser": "region:nord",
        "title": "Igangsetteropplæring i Bodø",
        "kind": "starter_training",
        "audience": "starters",
        "outcome": "knowledge",
        "in_days": 35,
        "time": ("09:00", "15:30"),
        "online": False,
        "municipality": "1804",
        "venue": ("Frivilligsentralen i Bodø", "Storgata 10, 8006 Bodø"),
        "capacity": 16,
        "registrations": 4,
        "description": (
            "En dag om hvordan du hjelper en ny gruppe i gang og trekker deg ut når "
            "gruppa klarer seg selv. For ansatte, frivillige og tidligere deltakere."
        ),
    },
    {
        "organiser": "region:midt",
        "title": "Igangsetteropplæring på nett",
        "kind": "starter_training",
        "audience": "starters",
        "outcome": "knowledge",
        "in_days": 50,
        "time": ("09:00", "12:00"),
        "online": True,
        "capacity": 20,
        "registrations": 3,
        "description": (
            "Tre timer på video: selvhjelpens prinsipper, de første møtene og "
            "igangsetterens rolle. Passer for deg som bor langt fra Trondheim."
        ),
    },
    {
        "organiser": "hamar",
        "title": "Erfaringssamling for igangsettere i Innlandet",
        "kind": "experience_gathering",
        "audience": "starters",
        "outcome": "knowledge",
        "in_days": 30,
        "time": ("17:00", "20:00"),
        "online": False,
        "municipality": "3403",
        "venue": ("Frisklivssentralen, kurssalen", "Kirkegata 7, 2317 Hamar"),
        "capacity": 20,
        "registrations": 2,
        "description": (
            "Igangsettere deler hva som fungerte, og hva som var vanskelig. Vi "
            "spiser sammen og avslutter med veien videre."
        ),
    },
    {
        "organiser": "drammen",
        "title": "Verdensdagen for psykisk helse: Selvhjelp på biblioteket",
        "kind": "other",
        "audience": "everyone",
        "outcome": "group_signup",
        "world_mental_health_day": True,
        "time": ("12:00", "16:00"),
        "online": False,
        "municipality": "3301",
        "venue": ("Drammensbiblioteket, foajeen", "Grønland 32, 3045 Drammen"),
        "capacity": None,
        "registrations": 0,
        "description": (
            "Kom innom stand og samtaler på verdensdagen for psykisk helse. Vi forteller "
            "om gruppene i Drammen, og du kan melde interesse på stedet."
        ),
    },
    {
        "organiser": "tromso",
        "title": "Bli igangsetter – informasjonsmøte",
        "kind": "information_meeting",
        "audience": "everyone",
        "outcome": "starter_signup",
        "in_days": 20,
        "time": ("18:00", "19:00"),
        "online": True,
        "capacity": None,
        "registrations": 2,
        "description": (
            "Har du selv vært med i en gruppe, eller har du lyst til å hjelpe andre i "
            "gang? Hør hva det innebærer å være igangsetter."
        ),
    },
    {
        "organiser": "kristiansand",
        "title": "Seminar: Sorg, fellesskap og selvhjelp",
        "kind": "other",
        "audience": "informants",
        "outcome": "knowledge",
        "in_days": 70,
        "time": ("10:00", "15:00"),
        "online": False,
        "municipality": "4204",
        "venue": ("Domkirkens menighetshus", "Kirkegata 20, 4610 Kristiansand"),
        "capacity": 40,
        "registrations": 0,
        "status": "draft",
        "description": "Programmet er under arbeid.",
    },
    {
        "organiser": "sio",
        "title": "Informasjonsmøte for studenter",
        "kind": "information_meeting",
        "audience": "participants",
        "outcome": "group_signup",
        "in_days": -21,
        "time": ("16:00", "17:00"),
        "online": False,
        "municipality": "0301",
        "venue": ("SiO Helse, grupperommet", "Problemveien 11, 0313 Oslo"),
        "capacity": 15,
        "registrations": 4,
        "description": "Om samtalegruppene for studenter dette semesteret.",
    },
    {
        "organiser": "sio",
        "title": "Temakveld om ensomhet",
        "kind": "other",
        "audience": "participants",
        "outcome": "knowledge",
        "in_days": 18,
        "time": ("18:00", "20:00"),
        "online": False,
        "municipality": "0301",
        "venue": ("Chateau Neuf, lille sal", "Slemdalsveien 15, 0369 Oslo"),
        "capacity": 60,
        "registrations": 0,
        "status": "cancelled",
        "description": "Avlyst på grunn av sykdom. Vi setter opp en ny dato.",
    },
]

# Enquiries: days_ago received; answered_after / closed_after in days from received.
# assigned: a USERS local part. channel decides which contact detail is given.
ENQUIRIES = [
    {
        "cp": "bodo",
        "group": "Pårørendegruppa i Bodø",
        "kind": "join_group",
        "name": "Hilde",
        "channel": "email",
        "status": "new",
        "days_ago": 1,
        "message": "Hei! Jeg lurer på om det er plass i gruppa, og om jeg kan komme første gang.",
    },
    {
        "cp": "bodo",
        "topic": "sorg",
        "kind": "start_group",
        "name": "Geir",
        "channel": "phone",
        "time": "Etter kl. 16",
        "status": "in_progress",
        "days_ago": 4,
        "answered_after": 1,
        "assigned": "ola.ansatt",
        "message": "Vi er noen i bygda som vil starte en sorggruppe. Kan dere hjelpe oss?",
    },
    {
        "cp": "bodo",
        "kind": "question",
        "name": "Mor til to",
        "channel": "sms",
        "status": "answered",
        "days_ago": 10,
        "answered_after": 1,
        "assigned": "kari.manager",
        "message": "Må man ha en diagnose for å være med i en gruppe?",
    },
    {
        "cp": "hamar",
        "group": "Leve med langvarige smerter",
        "kind": "join_group",
        "name": "Turid",
        "channel": "email",
        "status": "new",
        "days_ago": 0,
        "message": "Jeg har hatt vondt i ryggen i mange år. Er det for sent å bli med nå?",
    },
    {
        "cp": "hamar",
        "group": "Utbrent – veien tilbake",
        "kind": "join_group",
        "name": "M.",
        "channel": "email",
        "status": "waiting_list",
        "days_ago": 6,
        "answered_after": 1,
        "assigned": "jonas.ansatt",
        "message": "",
    },
    {
        "cp": "haukeland",
        "group": "Leve med kreft – samtalegruppe",
        "kind": "join_group",
        "name": "Arne",
        "channel": "phone",
        "status": "joined",
        "days_ago": 30,
        "answered_after": 2,
        "assigned": "erik.ansatt",
        "message": "Ferdig med behandling i vår. Vil gjerne snakke med andre.",
    },
    {
        "cp": "haukeland",
        "kind": "question",
        "name": "Sofie",
        "channel": "email",
        "status": "referred",
        "days_ago": 15,
        "answered_after": 3,
        "assigned": "silje.manager",
        "message": "Finnes det grupper for unge pårørende i Os?",
    },
    {
        "cp": "trondheim",
        "group": "Angstgruppa i Trondheim",
        "kind": "join_group",
        "name": "Kim",
        "channel": "email",
        "status": "closed",
        "days_ago": 60,
        "answered_after": 2,
        "closed_after": 20,
        "assigned": "anne.manager",
        "message": "Jeg vil gjerne høre mer om gruppa.",
    },
    {
        "cp": "trondheim",
        "kind": "question",
        "name": "Nora",
        "channel": "sms",
        "time": "Hverdager før kl. 12",
        "status": "new",
        "days_ago": 2,
        "message": "Kan jeg ta med en venn første gang?",
    },
    {
        "cp": "tromso",
        "topic": "foreldre",
        "kind": "start_group",
        "name": "Stian",
        "channel": "email",
        "status": "new",
        "days_ago": 8,
        "message": "Jeg savner en gruppe for fedre. Kunne det vært noe å starte?",
    },
]

# Demand where nothing exists yet (Alta, Narvik, Molde, Gjøvik) and beside existing groups.
# All carry a resident address so --reset can find them; notified: told about a group.
INTEREST_REGISTRATIONS = [
    {"topic": "angst", "municipality": "5601", "days_ago": 12},
    {"topic": "angst", "municipality": "5601", "days_ago": 40},
    {"topic": "parorende", "municipality": "5601", "days_ago": 75},
    {"topic": "sorg", "municipality": "1806", "days_ago": 20},
    {"topic": "parorende", "municipality": "1506", "days_ago": 33},
    {"topic": "ensomhet", "municipality": "3407", "days_ago": 5},
    {"topic": "ensomhet", "municipality": "3407", "days_ago": 90},
    {"topic": "depresjon", "municipality": "1804", "days_ago": 3},
    {"topic": "spiseforstyrrelser", "municipality": "4601", "days_ago": 18, "notified": True},
    {"topic": "kreft", "municipality": "5501", "days_ago": 50},
    {"topic": "samlivsbrudd", "municipality": "3403", "days_ago": 8},
    {"topic": "rus", "municipality": "3301", "days_ago": 27},
    {"topic": "utbrenthet", "municipality": "0301", "days_ago": 2},
]

# Registrants at events: fake names drawn with the fixed seed.
FIRST_NAMES = [
    "Astrid", "Bente", "Camilla", "Dag", "Eirik", "Frida", "Geir", "Heidi", "Ida", "Jan",
    "Kristin", "Leif", "Maja", "Nils", "Oda", "Petter", "Rune", "Sigrid", "Trond", "Vilde",
]  # fmt: skip
LAST_NAMES = [
    "Andersen", "Berg", "Dahl", "Eide", "Fjeld", "Halvorsen", "Jakobsen", "Karlsen",
    "Lunde", "Moe", "Nygård", "Olsen", "Ruud", "Strand", "Sæther", "Vold",
]  # fmt: skip
