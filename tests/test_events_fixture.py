"""A small hand-written multi-outlet fixture for the event-grouping tests (fictional news)."""

from __future__ import annotations

import pandas as pd

# (gold event, outlet, published, title, text)
ROWS = [
    ("dock", "wire.example", "2024-03-11T07:10:00+00:00",
     "Dockworkers strike at Port of Harbor City over automation",
     "Members of the Harbor Dockworkers' Union walked off the job at the Port of Harbor City on Monday, "
     "halting cargo handling over plans to automate three container terminals.\n\n"
     "Union general secretary Rosa Ilvane said 3,200 workers had joined the strike and demanded a "
     "6% pay rise. Northgate Maritime, which runs the terminals, said it regretted the action.\n\n"
     "Port Authority director Henrik Voll said 14 ships were waiting offshore."),
    ("dock", "ledger.example", "2024-03-11T12:00:00+00:00",
     "Port falls silent as union defies Northgate",
     "Cranes stood idle at the city's port on Monday after thousands of dockers downed tools in protest "
     "at Northgate Maritime's push to replace them with automated terminals.\n\n"
     "\u201cThey want machines and they want us gone,\u201d Rosa Ilvane, who leads the Harbor "
     "Dockworkers' Union, told the Ledger. The union says 3,200 people stopped work.\n\n"
     "By evening 14 vessels were queuing outside the harbour, according to Henrik Voll of the Port Authority."),
    ("dock", "state.example", "2024-03-11T18:30:00+00:00",
     "Government urges dockers to return to work",
     "The government on Monday called on striking port workers to resume talks with Northgate Maritime, "
     "warning that the stoppage at the Port of Harbor City threatened exports.\n\n"
     "Labour Minister Colm Dufresne said the Harbor Dockworkers' Union demands were unrealistic. "
     "Rosa Ilvane, the union's leader, claimed automation would cost jobs.\n\n"
     "Fourteen ships were held at anchor."),
    ("bus", "wire.example", "2024-03-12T06:00:00+00:00",
     "Harbor City bus drivers begin 24-hour strike",
     "Bus drivers in Harbor City began a 24-hour strike on Tuesday over shift patterns and assaults on "
     "staff, the Transit Workers' Federation said.\n\n"
     "Federation chair Dmitri Aalto said 900 drivers had stopped work and that Corvenia Transit Company "
     "had ignored safety complaints for months. The company said 60 routes were cancelled."),
    ("bus", "ledger.example", "2024-03-12T10:15:00+00:00",
     "No buses as drivers walk out over safety",
     "Commuters waited in vain at bus stops across the capital on Tuesday as drivers staged a day-long "
     "stoppage.\n\n"
     "Dmitri Aalto of the Transit Workers' Federation said drivers were attacked almost every week and "
     "Corvenia Transit Company had done nothing. About 900 drivers took part, he said, and 60 routes were "
     "cancelled."),
    ("bus", "radio.example", "2024-03-12T16:40:00+00:00",
     "A day without buses: nurses and students stranded",
     "Nurse Amara Quist walked two hours to Harbor General Hospital on Tuesday. Like thousands of others "
     "she was stranded by a 24-hour strike of city bus drivers.\n\n"
     "The Transit Workers' Federation, chaired by Dmitri Aalto, says shifts at Corvenia Transit Company "
     "have become unsafe. The company cancelled 60 routes."),
    ("measles", "wire.example", "2024-03-18T09:00:00+00:00",
     "Measles vaccination made compulsory for school entry",
     "Corvenia's health ministry said on Monday that children must be vaccinated against measles before "
     "starting school, after an outbreak in Harbor City reached 41 cases.\n\n"
     "Health Minister Priya Anand-Sol said the rule would take effect in September. Epidemiologist Femi "
     "Adeyemi-Kross of the Corvenian Institute of Public Health said coverage had fallen to 84%."),
    ("measles", "radio.example", "2024-03-18T13:00:00+00:00",
     "Parents divided over new school jab rule",
     "When her son came home with a rash, Lucia Ferrante feared the worst. He is one of 41 children caught "
     "up in Harbor City's measles outbreak.\n\n"
     "From September, no child will be admitted to school without the jab, Health Minister Priya "
     "Anand-Sol announced. Femi Adeyemi-Kross, an epidemiologist, said vaccine coverage was only 84%."),
    ("measles", "ledger.example", "2024-03-19T08:00:00+00:00",
     "Anand-Sol's vaccine mandate raises legal questions",
     "The health minister's decision to bar unvaccinated children from classrooms may face a court "
     "challenge, lawyers said on Tuesday.\n\n"
     "Priya Anand-Sol announced the measles rule after 41 infections were recorded in Harbor City. The "
     "Corvenian Institute of Public Health puts vaccination coverage at 84%."),
    ("flood", "wire.example", "2024-03-26T05:00:00+00:00",
     "Vell River floods kill six in upstream towns",
     "Floodwater from the Vell River swept through the towns of Korrin and Alder Ford overnight, killing "
     "six people and forcing 2,300 residents from their homes, officials said on Tuesday.\n\n"
     "Corvenian Red Cross spokesperson Ines Talvik said shelters had been opened in both towns and that "
     "rain was expected to continue until Thursday. Rescue teams used boats to reach stranded families "
     "on rooftops in Korrin, where the river rose 3.4 metres in six hours."),
    ("flood", "radio.example", "2024-03-26T09:00:00+00:00",
     "Vell River floods kill six in Korrin and Alder Ford",
     "Floodwater from the Vell River swept through the towns of Korrin and Alder Ford overnight, killing "
     "six people and forcing 2,300 residents from their homes, officials said on Tuesday.\n\n"
     "Corvenian Red Cross spokesperson Ines Talvik said shelters had been opened in both towns and that "
     "rain was expected to continue until Thursday. Rescue teams used boats to reach stranded families "
     "on rooftops in Korrin, where the river rose 3.4 metres in six hours."),
    ("flood", "ledger.example", "2024-03-26T15:00:00+00:00",
     "Flood defences in Korrin were never finished, residents say",
     "Residents of Korrin, where six people died when the Vell River burst its banks, say a flood wall "
     "promised in 2019 was never built.\n\n"
     "About 2,300 people were evacuated from Korrin and Alder Ford. Ines Talvik of the Red Cross said "
     "the shelters were full."),
    (None, "radio.example", "2024-03-14T19:00:00+00:00",
     "Review: a quiet triumph at the Quayside Bistro",
     "The fish stew at the Quayside Bistro is reason enough to visit. Chef Oren Blau serves it with "
     "saffron bread and a sharp green salad.\n\nMains cost around 24 crowns."),
    (None, "state.example", "2024-03-20T21:00:00+00:00",
     "Harbor United beat Dravinsk Rovers 2-1",
     "A late goal from striker Kofi Brandvold gave Harbor United a 2-1 win over Dravinsk Rovers on "
     "Wednesday night.\n\nThe result lifts United to third in the league."),
]


def fixture_frame() -> pd.DataFrame:
    """The fixture as an articles DataFrame with a ``gold`` column (None for singletons)."""
    frame = pd.DataFrame(ROWS, columns=["gold", "outlet", "published", "title", "text"])
    frame.insert(0, "id", [f"art{i:02d}" for i in range(len(frame))])
    return frame


def test_fixture_is_well_formed():
    frame = fixture_frame()
    assert frame["id"].is_unique
    assert frame["gold"].nunique() == 4
