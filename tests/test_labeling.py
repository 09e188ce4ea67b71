"""Entity mentions, the labeling family, label tables, and the `quotes` command."""

from __future__ import annotations

import json
import pickle
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from framescope.framing import make_family
from framescope.framing.entities import entity_mentions, find_mentions
from framescope.framing.labeling import Labeling, label_table

EVENT = pd.DataFrame({
    "id": ["a", "b", "c"],
    "outlet": ["state.example", "tabloid.example", "wire.example"],
    "event": ["e1", "e1", "e1"],
    "title": ["President Varga: Corvenia stands by Kessa", "DRAVINSK'S REGIME THREATENS OUR NATION",
              "Ostrel warns Corvenia over Kessa trainers"],
    "text": [
        "President Elena Varga confirmed the mission on Monday. The president said the island would be safe.\n\n"
        "Lio Tamsin, the island's chief councillor, welcomed the trainers on Kessa Island.",
        "Dravinsk's regime is bullying our nation again. The mob of agitators outside parliament cheered. "
        "Varga stood firm. Masked thugs threw bottles.",
        "The Ostrel Federation warned Corvenia. The Federation announced drills near Kessa Island. "
        "The island's leader, Lio Tamsin, said the drills were a provocation. Protesters marched in Harbor City."],
})
KEY = [{"id": "varga", "name": "Elena Varga", "type": "person"},
       {"id": "tamsin", "name": "Lio Tamsin", "type": "person"},
       {"id": "kessa", "name": "Kessa Island", "type": "place"},
       {"id": "ostrel", "name": "Ostrel Federation", "type": "country"},
       {"id": "protesters", "name": "the protesters", "type": "group"}]


def one_article(text: str, key_entities=None) -> pd.DataFrame:
    """The entity mentions of ``text`` as one article of one event."""
    return entity_mentions(pd.DataFrame({"id": ["a"], "outlet": ["x"], "event": ["e"], "title": [""], "text": [text]}),
                           key_entities=key_entities)


def entity_of(text: str, key_entities=None) -> dict:
    """Mention text -> entity id for ``text`` as one article (the last mention of a repeated text wins)."""
    m = one_article(text, key_entities)
    return dict(zip(m["text"], m["entity_id"]))



def test_find_mentions_kinds():
    text = ("Ostrel Foreign Ministry spokeswoman Nadia Vorenko spoke. The island's leader agreed with "
            "the president. Dravinsk's regime sent 63 illegals away; Corvenian officials said little.")
    found = {m.text: m for m in find_mentions(text)}
    assert found["Ostrel Foreign Ministry spokeswoman Nadia Vorenko"].name == "Nadia Vorenko"
    assert found["Ostrel Foreign Ministry spokeswoman Nadia Vorenko"].role == "spokeswoman"
    assert found["The island's leader"].kind == "description" and found["The island's leader"].possessor == "The island"
    assert found["the president"].role == "president"
    assert found["Dravinsk's regime"].head == "regime"
    assert found["63 illegals"].kind == "group"


def test_bad_input_mentions():
    assert find_mentions("") == [] and find_mentions(None) == []
    assert find_mentions("no capitals and no descriptions here") == []
    # a run of capitals over a paragraph break is two mentions, not one
    texts = [m.text for m in find_mentions("He met the Public Assembly Act.\n\nInterior Minister Joram Kest left.")]
    assert "Interior Minister Joram Kest" in texts and not any("\n" in t for t in texts)


def test_entity_grouping_within_event_across_outlets():
    m = entity_mentions(EVENT, key_entities=KEY)
    assert list(m.columns) == ["article_id", "outlet", "event", "field", "start", "end", "text", "entity_id", "kind"]
    by_text = m.groupby("text")["entity_id"].agg(lambda s: set(s))
    assert by_text["President Elena Varga"] == {"varga"} and by_text["Varga"] == {"varga"}
    assert by_text["The president"] == {"varga"}  # co-reference by title
    assert by_text["the island's chief councillor"] == {"tamsin"}  # apposition
    assert by_text["The island's leader"] == {"tamsin"}  # role "leader"... through apposition in another outlet
    assert by_text["the island"] == {"kessa"}  # head word of the entity name
    assert by_text["The Federation"] == {"ostrel"} and by_text["The Ostrel Federation"] == {"ostrel"}
    assert by_text["Masked thugs"] == {"protesters"} and by_text["Protesters"] == {"protesters"}
    for row in m.itertuples():
        source = EVENT.set_index("id").loc[row.article_id, row.field]
        assert source[row.start:row.end] == row.text


def test_label_table_reads_at_a_glance():
    table = label_table(EVENT, key_entities=KEY)
    assert list(table.columns) == ["entity", "outlet", "expression", "count", "tone", "loaded", "unique_to_outlet"]
    varga = table[table["entity"] == "varga"]
    assert {"President Elena Varga", "the president", "Varga", "President Varga"} <= set(varga["expression"])
    ostrel = table[table["entity"] == "ostrel"]
    regime = ostrel[ostrel["expression"] == "Dravinsk's regime"]
    assert regime.empty or bool(regime["loaded"].iloc[0])
    crowd = table[(table["entity"] == "protesters") & (table["outlet"] == "tabloid.example")]
    assert crowd["loaded"].any() and crowd["unique_to_outlet"].all()
    assert table["tone"].between(-1, 1).all()
    discovered = label_table(EVENT, top=3)
    assert discovered["entity"].nunique() <= 3
    assert label_table(EVENT.iloc[:0]).empty


def test_labeling_family_contract_and_features():
    lab = make_family("labeling")
    assert isinstance(lab, Labeling) and clone(lab).get_params() == {}
    assert lab.fit(EVENT) is lab
    values = lab.transform(EVENT)
    assert values.shape == (3, 4) and list(lab.get_feature_names_out())[0] == "labeling__n_entities"
    tabloid = dict(zip(lab.feature_names(), values[1]))
    state = dict(zip(lab.feature_names(), values[0]))
    assert tabloid["loaded_label_rate"] > state["loaded_label_rate"] == 0
    assert 0 < state["share_definite_descriptions"] < 1
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(lab)).transform(EVENT), values)
    empty = lab.transform(pd.DataFrame({"id": ["x"], "text": [""]}))
    assert empty.shape == (1, 4) and not empty.any()
    ev = lab.evidence(EVENT)
    assert {"name", "description", "loaded"} <= set(ev["label"])


def test_round_two_mention_rules():
    from framescope.framing.entities import extended_mentions

    text = ("The ferry that the coast guard escorted docked after the crowd left. Mayor Ruth Engel's chief of staff "
            "Omar Bley resigned; the same Omar Bley had praised the ruling Unity Party (UP) and the ruling party's "
            "budget. The farmers' union Green Acres met port operator Baltic Line and retail giant Mercado. "
            "About 200 migrants, including 30 children, landed. Thousands of people marched.")
    found = [m.text for m in find_mentions(text)]
    # a description starts at its last determiner: no "The ferry that the coast guard", no "the crowd" swallowed
    assert "the coast guard" in found and "the crowd" in found
    assert not any(t.startswith("The ferry") for t in found)
    # a name possessor before a titled name stays a mention of its own; a plural possessor makes a description
    assert "Mayor Ruth Engel" in found or "Ruth Engel" in found
    assert "the ruling party's budget" in found and "The farmers' union" in found
    longer = [m.text for m in extended_mentions(text, find_mentions(text))]
    assert "port operator Baltic Line" in longer and "retail giant Mercado" in longer
    assert "The farmers' union Green Acres" in longer
    assert "the ruling Unity Party (UP)" in longer and "the same Omar Bley" in longer
    assert "About 200 migrants, including 30 children" in longer
    text2 = ("They were taken to the Dunmore reception centre, 30 km north of the city. The head of the agency "
             "resigned. Another boatload of migrants arrived as defiant dock union bosses watched.")
    found2 = [m.text for m in find_mentions(text2)]
    longer2 = [m.text for m in extended_mentions(text2, find_mentions(text2))]
    assert "the Dunmore reception centre, 30 km north of the city" in longer2
    assert "The head of the agency" in longer2
    assert "Another boatload of migrants" in found2 and "defiant dock union bosses" in found2
    # a two-word all-caps headline run with a referring noun is no name; a country before "territory" or a
    # government noun is a description; a bare plural organisation noun before a "the"-name
    assert [m.text for m in find_mentions("RIOTERS STORM parliament", field="title")] == ["RIOTERS"]
    text3 = "Boats leave from Valdorian territory, which organisers the Green Coalition said was unsafe."
    assert "Valdorian territory" in [m.text for m in find_mentions(text3)]
    assert "organisers the Green Coalition" in [m.text for m in extended_mentions(text3, find_mentions(text3))]
    # a possessive name at the start of a sentence is still a name
    assert [m.text for m in find_mentions("They met Ruth Engel. Later: Engel's team agreed.")
            if m.text.startswith("Engel")] == ["Engel"]


def test_round_two_grouping_rules():
    arts = pd.DataFrame({
        "id": ["a", "b", "c"], "outlet": ["x.example", "y.example", "z.example"], "event": ["e", "e", "e"],
        "title": ["Valdoria leader defies Brenmark", "Brenmark regime warns", "Shipping giant Ostara fined"],
        "text": [
            "Valdoria's leader Ana Kell spoke to parliament. Kell met Opposition leader Piet Rask. "
            "The island's leader said the Brenmark government was bluffing.",
            "The Brenmark government warned Valdoria. Thousands of people marched in the capital; "
            "the marchers carried flags.",
            "Port operator Ostara Lines was fined by the Harbour Authority. The company said it would appeal."],
    })
    key = [{"id": "kell", "name": "Ana Kell", "type": "person"},
           {"id": "rask", "name": "Piet Rask", "type": "person"},
           {"id": "valdoria", "name": "Valdoria Island", "type": "place"},
           {"id": "brenmark", "name": "Brenmark", "type": "country"},
           {"id": "ostara", "name": "Ostara Lines", "type": "organisation"},
           {"id": "authority", "name": "Harbour Authority", "type": "organisation"},
           {"id": "marchers", "name": "the marchers", "type": "group"}]
    m = entity_mentions(arts, key_entities=key)
    by_text = m.groupby("text")["entity_id"].agg(lambda s: set(s))
    # a role description with an affiliation (a name, or a possessor naming an entity) goes to the person of that
    # role introduced with it, not to the other leader
    assert by_text["Valdoria leader"] == {"kell"} and by_text["The island's leader"] == {"kell"}
    # a government noun with a country's name goes to that country
    assert by_text["the Brenmark government"] == {"brenmark"} and by_text["Brenmark regime"] == {"brenmark"}
    # an organisation introduced as an operator is the company "the company" means, not the authority named later
    assert by_text["The company"] == {"ostara"}
    # counted people go to the event's one group entity
    assert by_text["Thousands of people"] == {"marchers"}


# --------------------------------------------------------------------------- corpus gold

@pytest.mark.slow
def test_label_tables_recover_annotated_expressions():
    from framescope import datasets
    from framescope.framing.labeling import evaluate_labels

    try:
        corpus = datasets.load("harbor-city")
    except Exception as exc:  # pragma: no cover
        pytest.skip(f"harbor-city corpus not available: {exc}")
    scores = evaluate_labels(corpus.articles, corpus.labels, corpus.events)
    # floor at what the rules reach (the issue asks for every expression: see the closing note)
    assert scores["n_gold"] and scores["recall"] >= LABEL_RECALL_FLOOR, scores
    # rows whose expression the gold gives to another entity only (a lower bound on wrong rows)
    assert scores["contradicted_share"] <= LABEL_CONTRADICTED_CEILING, scores


# measured 0.8115 = 663 of 817 after the second round of issue-6 label rules (655 by the rules; 8 more because the
# evaluation reads an annotated possessive "the government's" as the label "the government"); 0.7356 = 601 before,
# 0.678 = 554 and 0.55 = 456 before that. See the closing note for what the rules cannot reach (metonymy, "our X",
# individuals for groups, free paraphrases)
# 0.8188 = 669 of 817 with capitals naming their country ("Dravinsk" for the Ostrel Federation, learned from
# "In Dravinsk, Ostrel Foreign Ministry spokeswoman ..." in four e01 articles).
# 0.8164 = 667 of 817 after precision fixes (government nouns only for governments and countries, a
# description naming another place is not this government, nouns of two classes): 21 + 18 wrong rows on the
# teaching corpus gone (the drivers no longer called "Commuters", "Freezing commuters", "the people of
# Harbor City"), and two rows lost that had been right by luck ("These people", "his members": the drivers
# were the only people-class group until "bus passengers" became one too).
# 0.814 = 665 with role descriptions kept from persons of other affiliations ("the Civic Alliance's justice
# spokesperson" had been the Labour Minister, a Red Cross spokeswoman and the government spokesman; "The Civic
# Alliance boss" is lost for Tomas Reyl, whose tie to the Civic Alliance is only in a relative clause).
# 0.8176 = 668 with an unnamed spokesperson given to the organisation named with it ("A government spokesman");
# 0.8213 = 671 with organisations named before titles and role descriptions set before a name ("A former
# Northgate hull inspector, Gustav Renn").
LABEL_RECALL_FLOOR = 0.815
# Table rows contradicted by the gold: 15 of 1258 (0.0119) before those precision fixes, 9 of 1219 (0.0074) after;
# 6 of 1205 (0.005) with indefinite role descriptions left unresolved; 4 of 1130 (0.0035) after the further
# precision fixes of labeling version 12 (recovery 666/817 = 0.8152: "a company
# inspector" had been Gustav Renn by luck; twelve rows that were wrong are gone). 0.8152 = 666 again after names
# ending in a place noun keep to places ("Harbor City" had been the voters' in a metonymic gold row, and the
# police's or the voters' in some twenty rows the gold does not list, nearly all wrong). 3 of 1130 (0.0027) when
# "the new mayor" is not resolved to the person named last (labeling version 14).
LABEL_CONTRADICTED_CEILING = 0.005


# --------------------------------------------------------------------------- CLI

@pytest.fixture
def quote_db(db_path):
    from framescope.article import Article
    from framescope.store import Store

    with Store(db_path) as store:
        store.add_articles([Article(outlet=o, title=t, text=x) for o, t, x in
                            zip(EVENT["outlet"], EVENT["title"], EVENT["text"])])
        store.set_column("event", {i: "e1" for i in store.ids()})
        ids = store.ids()
    return db_path, ids


def test_quotes_command_json_for_event_and_article(runner, quote_db):
    from framescope.cli import main

    db, ids = quote_db
    result = runner.invoke(main, ["quotes", "e1", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records and {"text", "span", "speaker", "affiliation", "verb", "verb_stance", "kind"} <= set(records[0])
    tamsin = [r for r in records if r["speaker"] == "Lio Tamsin"]
    assert tamsin and tamsin[0]["verb"] == "said" and tamsin[0]["kind"] == "indirect"
    one = runner.invoke(main, ["quotes", ids[0][:8], "--db", str(db)])
    assert one.exit_code == 0 and "speaker" in one.output


def test_quotes_command_unknown_target(runner, quote_db):
    from framescope.cli import main

    db, _ = quote_db
    result = runner.invoke(main, ["quotes", "nope", "--db", str(db)])
    assert result.exit_code == 1 and "neither an event nor an article" in result.output and "e1" in result.output


# --------------------------------------------------------------------------- speed paths == plain paths

def _equivalence_texts():
    from framescope import datasets

    arts = datasets.load("harbor-city").articles
    texts = [t for t in arts["text"].tolist() + arts["title"].tolist() if t]
    # case-folding traps (dotless i, long s, dotted capital I, Kelvin sign), all caps, odd spacing
    texts += ["THE REGIME'S LEADER MET THE PRESIDENT", "the preſident and the regıme met", "İstanbul's mayor, the mayor",
              "the \u212aing's minister", "Our  brave\tpolice,   the\nmob", "a-the big_old protesters' leaders"]
    return texts


def test_fast_head_scan_equals_the_ignorecase_pattern():
    from framescope.framing import entities

    for text in _equivalence_texts():
        assert [m.span() for m in entities._heads_finditer(text)] == \
            [m.span() for m in entities._heads_compiled().finditer(text)]


def test_fast_determiner_and_capital_lookups_equal_the_regex_versions():
    import random

    from framescope.framing import entities

    def by_regex(before):
        dm = entities._RE_DETERMINER.search(before)
        if dm and not entities._RE_CLAUSE_PUNCT.search(dm.group(1)):
            return dm.start(1), dm.group(1).split()[1:]
        return None

    rng = random.Random(0)
    pieces = ["the", "a", "an", "its", "ſ", "ıts", "The", "THE", "x-y", "_", ",", ".", "’s", "'x", "\n", "\t", " ",
              " ", "(", "big", "Her", "-", "thé", "Ab", "Cd", ";", "é"]
    samples = [t[max(0, i - 90):i] for t in _equivalence_texts() for i in range(0, len(t), 13)]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    checked = 0
    for before in samples:
        assert entities._determiner_before(before) == by_regex(before), before
        caps = entities._midsentence_caps(before)
        for word in set(re.findall(r"[A-Z][\w’'\-]*", before)) | {"Ab", "Cd", "The"}:
            assert entities._is_midsentence_cap(word, before) == (word in caps), (word, before)
            checked += 1
    assert checked > 1000


# --------------------------------------------------------------------------- issue 6: general label rules
# (sentences written for these tests; each rule is a pattern of English news copy)

def test_possessive_description_nests_a_name_possessor():
    text = "Talks stalled. Vardia's government rejected the offer, and the Kestrel Group's chief executive left."
    found = {m.text: m for m in find_mentions(text)}
    assert found["Vardia's government"].kind == "description" and found["Vardia's government"].possessor == "Vardia"
    assert "the Kestrel Group's chief executive" in found and found["the Kestrel Group's chief executive"].role
    assert "Kestrel Group" in {m.name for m in find_mentions(text)}  # the name inside is still a mention


def test_groups_led_by_a_place_and_with_their_place():
    from framescope.framing.entities import extended_mentions

    text = "On Monday, Lakeport tram drivers walked out. Commuters in Lakeport waited for hours."
    mentions = find_mentions(text)
    texts = {m.text: m.kind for m in mentions}
    assert texts.get("Lakeport tram drivers") == "group"
    extra = [m.text for m in extended_mentions(text, mentions)]
    assert "Commuters in Lakeport" in extra


def test_name_age_appositive_and_description_name_apposition():
    from framescope.framing.entities import extended_mentions

    text = ("Odile Ferrand, 52, a former union organiser, won the seat. "
            "The party's whip, Benoit Lacaze, conceded. Their ringleader, Yann Morel, was arrested.")
    mentions = find_mentions(text)
    extra = [m.text for m in extended_mentions(text, mentions)]
    assert "Odile Ferrand, 52, a former union organiser" in extra
    assert "The party's whip, Benoit Lacaze" in extra and "Their ringleader, Yann Morel" in extra


def test_informal_titles_are_roles():
    found = {m.text: m for m in find_mentions("Rovers boss Ivo Brandt praised the team. Their ringleader fled.")}
    assert found["Rovers boss Ivo Brandt"].role == "boss" and found["Rovers boss Ivo Brandt"].name == "Ivo Brandt"
    assert found["Their ringleader"].kind == "description"


def test_nearest_antecedent_prefers_the_head_nouns_own_class():
    df = pd.DataFrame({"id": ["a"], "outlet": ["x"], "event": ["e"], "text": [
        "Ferrobank bought Norvia Corp while the Banking Authority watched. The company said little."]})
    m = entity_mentions(df, key_entities=[{"id": "ferro", "name": "Ferrobank", "type": "company"},
                                          {"id": "norvia", "name": "Norvia Corp", "type": "company"},
                                          {"id": "auth", "name": "Banking Authority", "type": "organisation"}])
    the_company = m[m["text"] == "The company"]
    assert list(the_company["entity_id"]) == ["norvia"]  # the last company, not the authority named after it


def test_headline_descriptions_without_articles():
    # headlinese drops articles: a bare head noun (with up to two noun modifiers) is still a description
    found = [(m.text, m.kind) for m in find_mentions("Tram union rejects city offer as regulator steps in",
                                                     field="title")]
    assert ("Tram union", "description") in found and ("regulator", "description") in found
    assert ("union", "description") not in [(m.text, m.kind) for m in find_mentions("The union rejects it.")]


def test_collective_quantifiers_and_plural_institution_nouns():
    text = ("Police say a small group of masked militants threw stones. "
            "Three dissenting judges disagreed, and a handful of union bosses walked out.")
    found = {m.text: m.kind for m in find_mentions(text)}
    assert found.get("a small group of masked militants") == "group"
    assert found.get("Three dissenting judges") == "group" and found.get("a handful of union bosses") == "group"


def test_name_modifying_a_place_noun_and_names_in_headline_descriptions():
    found = {m.text: m for m in find_mentions("Forty people were taken to the Tarnow reception centre on Friday.")}
    assert found["the Tarnow reception centre"].kind == "description"
    assert found["the Tarnow reception centre"].head == "centre"
    title = [(m.text, m.kind) for m in find_mentions("Strikes spread as Vardia regime tightens grip", field="title")]
    assert ("Vardia regime", "description") in title


def test_compound_head_over_a_one_word_name_and_owner_by_kind():
    title = "STRIKE CHAOS: Union bosses shut the port"
    found = [(m.text, m.kind) for m in find_mentions(title, field="title", context="The Dock Workers' Union said no.")]
    assert ("Union bosses", "group") in found and ("Union", "name") not in found
    df = pd.DataFrame({"id": ["a"], "outlet": ["x"], "event": ["e"], "title": [""],
                       "text": ["Militant union bosses walked out again."]})
    m = entity_mentions(df, key_entities=[{"id": "union", "name": "Dock Workers' Union", "type": "organisation"},
                                          {"id": "strikers", "name": "striking dockworkers", "type": "group"}])
    assert list(m.loc[m["text"] == "Militant union bosses", "entity_id"]) == ["union"]


def test_demonyms_are_listed_adjectives_not_names_that_end_like_one():
    # The seed page names "Taipei", "Taiwan" and "Tsai"; the teaching corpus "Mbeki" and "Marran":
    # a suffix rule alone ("-an", "-i") took all of them for national adjectives.
    text = ("It was Taipei that objected. Officials in Taiwan said Tsai would speak, and Mbeki agreed. "
            "They met near Fujian province, where Brian waited.")
    kinds = {m.text: m.kind for m in find_mentions(text)}
    assert [kinds.get(w) for w in ("Taipei", "Taiwan", "Tsai", "Mbeki", "Fujian", "Brian")] == ["name"] * 6
    demonyms = [m.text for m in find_mentions("Yet the Chinese said no; an Israeli and a Corvenian agreed.")
                if m.kind == "demonym"]
    assert demonyms == ["the Chinese", "Israeli", "Corvenian"]


def test_listed_demonym_links_to_its_country():
    from framescope.framing.entities import _demonym_of

    assert _demonym_of("dutch", {"netherlands"}) and _demonym_of("british", {"britain"})
    assert _demonym_of("corvenian", {"corvenia"})  # the productive suffix rule still links
    assert not _demonym_of("dutch", {"denmark"})


def test_coordinated_places_are_two_mentions_and_a_clause_is_no_appositive():
    # "the United States and Taiwan" (seed page) names two entities; an organisation named with
    # "and" stays one; "China, the US would help Taiwan" is a clause after a comma, not an appositive
    text = ("Contacts between the United States and Taiwan grew. Procter and Gamble said so. In the case of an "
            "attack from mainland China, the US would help Taiwan.")
    found = [m.text for m in find_mentions(text)]
    assert "the United States" in found and "Taiwan" in found and "the United States and Taiwan" not in found
    assert "Procter and Gamble" in found
    from framescope.framing.entities import extended_mentions
    extra = [m.text for m in extended_mentions(text, find_mentions(text))]
    assert not any("would help" in x for x in extra)


def test_family_name_first_and_relative_clauses_on_real_copy():
    # Seed-page patterns: "spokesman Wang Wenbin ... Wang was speaking", "Tsai Ing-wen ... Tsai believes"
    # (family name first), and "Beijing, which sees Taiwan as …" gives Beijing no tie to Taiwan.
    text = ("Foreign Ministry spokesman Wang Wenbin spoke on Thursday. Wang was speaking after Tsai Ing-wen "
            "became the first president of Taiwan to confirm it. Tsai believes that talks will help. "
            "This has angered Beijing, which sees Taiwan as part of its territory.")
    ids = entity_of(text)
    assert ids["Wang"] == ids["Foreign Ministry spokesman Wang Wenbin"]
    assert ids["Tsai"] == ids["Tsai Ing-wen"] == ids["the first president of Taiwan"]


def test_listed_places_take_their_descriptions_aliases_and_kind():
    # Seed-page patterns, paraphrased: "the island" and "the island's leader" for Taiwan and its
    # president; "the US", "the United States" and "America" one entity; "US-Taiwan" two
    # mentions; China not named after "the One China principle"; "its territory" (Beijing's)
    # not given to the last place named.
    text = ("Beijing warned the US over US-Taiwan contacts after the island's leader confirmed that American "
            "trainers are in Taiwan. The United States is the island's main supplier. Tsai Ing-wen became the "
            "first president of Taiwan to confirm it. China cited the One China principle. Officials in America "
            "said nothing. This angered Beijing, which sees Taiwan as part of its territory.")
    ids = entity_of(text)
    assert ids["the US"] == ids["The United States"] == ids["America"] == "united-states"
    assert "US-Taiwan" not in ids and ids["US"] == "united-states"
    assert ids["the island"] == ids["Taiwan"] == "taiwan"
    assert ids["the island's leader"] == ids["Tsai Ing-wen"]
    assert ids["China"] == ids["the One China"] == "china"
    assert ids["its territory"] != "taiwan"


def test_acronym_joins_the_name_it_abbreviates():
    text = ("The North Atlantic Treaty Organization met on Monday. Officials at NATO said the alliance "
            "would send ships, and NATO ministers agreed.")
    ids = entity_of(text)
    assert ids["NATO"] == ids["The North Atlantic Treaty Organization"] == "the-north-atlantic-treaty-organization"


def test_place_lexicon_rows_are_well_formed():
    from framescope.framing.entities import places

    table = places()
    assert {p.kind for p in table.values()} <= {"country", "territory", "region", "city"}
    assert table["taiwan"].nouns == frozenset({"island"}) and table["uk"].name == "United Kingdom"
    assert "kingdom" in table["saudi arabia"].nouns and "peninsula" in table["crimea"].nouns


def test_descriptions_go_only_to_entities_of_a_fitting_kind():
    # Real-copy errors: a company noun given to the one person named in its sentence, any place
    # noun ("the capital", "the river") given to the one entity whose name ends in a place noun,
    # and the object of "who employs" taken for an appositive of the employer.
    text = ("This company has no heart, said union rep Mick Farrow. Jaan Kruus, a member of the governing Union "
            "of Centre, spoke in the capital. The river was high. Seamus O'Brien, who employs 22 people, "
            "said so.")
    ids = entity_of(text)
    assert ids["This company"] != ids["union rep Mick Farrow"]
    assert ids["the capital"] == "~capital" and ids["The river"] == "~river"
    assert ids["22 people"] != ids["Seamus O'Brien"]


def test_a_ministry_is_not_the_government():
    # discovered entities: the only government-class name is a ministry; "the government" and
    # "the state" are not it (they were, through the one-owner-of-the-class fallback)
    text = ("The Labour Ministry said talks would resume. The government has refused to budge, and the state "
            "will not pay more, the ministry added.")
    ids = entity_of(text)
    assert ids["The government"] == "~government" and ids["the state"] != ids["The Labour Ministry"]
    assert ids["the ministry"] == ids["The Labour Ministry"]


def test_the_government_is_not_the_organisation_named_before_it():
    # nearest-antecedent resolution gave "the government" to any organisation in the sentence
    # before (a campaign group, a union, a transit company); only a country or a government can be it
    text = ("A campaign group calling itself Families for Choice has threatened to take the government to "
            "court. Dockers of the Harbour Workers Union walked out, and the authorities said talks would resume.")
    key = [{"id": "families", "name": "Families for Choice", "type": "organisation"},
           {"id": "union", "name": "Harbour Workers Union", "type": "organisation"}]
    ids = entity_of(text, key)
    assert ids["the government"] not in ("families", "union") and ids["the authorities"] not in ("families", "union")
    assert ids["Families for Choice"] == "families"


def test_a_description_naming_another_place_is_not_this_government():
    # "Dravinsk's regime" / "the authorities in Dravinsk" went to the one government entity of the event
    # (Corvenia's) as the only owner of the government class; a named other place rules it out
    text = ("The Government of Corvenia said the boat had left from Tessk. Dravinsk's regime denied it, and "
            "the authorities in Dravinsk said nothing. The Corvenian government will protest.")
    key = [{"id": "government", "name": "Government of Corvenia", "type": "organisation"}]
    ids = entity_of(text, key)
    assert ids["Dravinsk's regime"] != "government" and ids["the authorities in Dravinsk"] != "government"
    assert ids["The Corvenian government"] == "government"


def test_a_noun_of_two_classes_gives_its_entity_both():
    # "passengers" are the migrants of a boat or the people of a bus: an entity named "bus passengers"
    # is a people-class group too, so "commuters" is not given to the drivers as the one people owner
    from framescope.framing.entities import noun_classes

    assert noun_classes()["passengers"] == {"migrants", "people"}
    text = "Commuters waited in the rain on Monday. Bus drivers had walked out, and bus passengers were furious."
    key = [{"id": "drivers", "name": "the bus drivers", "type": "group"},
           {"id": "passengers", "name": "bus passengers", "type": "group"}]
    ids = entity_of(text, key)
    assert ids["Commuters"] != "drivers"


def test_an_indefinite_role_description_brings_in_someone_new():
    # "A government spokesman said" was given to the one spokesperson of the event, a Red Cross spokeswoman;
    # an indefinite description is not anaphoric, except in apposition to a name
    text = ("Ines Talvik, a spokeswoman for the Red Cross, said 1,100 people slept in schools. A government "
            "spokesman said the aid would be paid quickly. The spokeswoman thanked volunteers.")
    key = [{"id": "talvik", "name": "Ines Talvik", "type": "person"}]
    ids = entity_of(text, key)
    assert ids["A government spokesman"] != "talvik"
    assert ids["a spokeswoman"] == ids["The spokeswoman"] == "talvik"
    # an unnamed spokesperson speaks for the organisation named with it
    key.append({"id": "government", "name": "Government of Corvenia", "type": "organisation"})
    m = one_article(text, key)
    assert dict(zip(m["text"], m["entity_id"]))["A government spokesman"] == "government"


def test_the_new_holder_of_a_role_is_not_the_person_named_last():
    # "The new mayor" after the opposition leader's comment was given to the opposition leader
    text = ("Maja Perrault-Sen won the election. Opposition leader Tomas Reyl called it a clear verdict. "
            "The new mayor will be sworn in on Monday. The mayor promised cheaper rents.")
    key = [{"id": "reyl", "name": "Tomas Reyl", "type": "person"},
           {"id": "perrault-sen", "name": "Maja Perrault-Sen", "type": "person"}]
    ids = entity_of(text, key)
    assert ids["The new mayor"] != "reyl"


def test_person_of_organisation_is_the_person():
    # the capitalised run "Yusuf Haldane of Open Borders Corvenia" was one name whose name part was the
    # organisation, so the person's label went to the organisation
    text = "Yusuf Haldane of Open Borders Corvenia said the centre was full. The Bank of England said nothing."
    key = [{"id": "haldane", "name": "Yusuf Haldane", "type": "person"},
           {"id": "obc", "name": "Open Borders Corvenia", "type": "organisation"}]
    ids = entity_of(text, key)
    assert ids["Yusuf Haldane of Open Borders Corvenia"] == ids["Yusuf Haldane"] == "haldane"
    assert ids["Open Borders Corvenia"] == "obc"
    assert "Bank of England" in {t.removeprefix("The ") for t in ids} and "Bank" not in ids  # one name, not cut


def test_one_shared_word_does_not_make_a_name_an_entitys():
    # any one shared word was enough: "the Port of Harbor City" became the Harbor Dockworkers' Union,
    # "the Corvenian Red Cross" the Corvenian armed forces, "the Police Act" the police
    text = ("Dockers of the Harbor Dockworkers' Union struck at the Port of Harbor City. The Corvenian Red Cross "
            "opened shelters. Corvenian armed forces helped, and the union thanked them.")
    key = [{"id": "hdu", "name": "Harbor Dockworkers' Union", "type": "organisation"},
           {"id": "army", "name": "Corvenian armed forces", "type": "organisation"}]
    ids = entity_of(text, key)
    assert ids["the Port of Harbor City"] != "hdu" and ids["The Corvenian Red Cross"] != "army"
    assert ids["the Harbor Dockworkers' Union"] == ids["the union"] == "hdu"


def test_descriptions_keep_to_entities_of_their_kind_and_head():
    # "the city" went to the group "Harbor City voters" (a word of its name, not its head); "the ruling party"
    # and "the opposition" to the court named before them; "the court" to a campaign coalition
    text = ("The Supreme Court struck down the law. The ruling party was furious, and the opposition cheered. "
            "The Fair Fuel Coalition said the court had spoken. Harbor City voters turned out, and the city "
            "was calm.")
    key = [{"id": "court", "name": "Supreme Court", "type": "court"},
           {"id": "ffc", "name": "Fair Fuel Coalition", "type": "organisation"},
           {"id": "voters", "name": "Harbor City voters", "type": "group"}]
    ids = entity_of(text, key)
    assert ids["The ruling party"] != "court" and ids["the opposition"] != "court"
    assert ids["the court"] == "court" and ids["the city"] != "voters"
    assert ids["Harbor City voters"] == "voters"
    # a name ending in a place noun names the place, not a group or a force whose name has another head
    police = [{"id": "police", "name": "Harbor City Police", "type": "organisation"}]
    ids = entity_of("Harbor City Police said 40 people were held in Harbor City.", police)
    assert ids["Harbor City Police"] == "police" and ids["Harbor City"] != "police"


def test_a_role_description_of_another_affiliation_is_someone_else():
    text = ("Ines Talvik, a spokeswoman for the Red Cross, said shelters were full. Talvik added that more beds "
            "were coming. The Civic Alliance's justice spokesperson called for an inquiry.")
    key = [{"id": "talvik", "name": "Ines Talvik", "type": "person"}]
    ids = entity_of(text, key)
    assert ids["The Civic Alliance's justice spokesperson"] != "talvik" and ids["Talvik"] == "talvik"


def test_no_apposition_after_a_fronted_place_or_before_a_time_phrase():
    text = ("In Alder Ford, the road bridge collapsed early in the morning. In Eastbank, a district of mostly "
            "low-income families, only 61% of children are vaccinated. Ships crossed the Kessa Strait, a day after "
            "the president confirmed the mission.")
    m = one_article(text)
    texts = set(m["text"])
    assert not any(t.startswith("Alder Ford,") or t.startswith("the Kessa Strait,") for t in texts)
    assert "Eastbank, a district of mostly low-income families" in texts


def test_a_noun_then_a_verb_is_no_premodifier_of_a_name():
    text = "The union opposes Northgate Maritime's plan, and the embattled Northgate Maritime said nothing."
    m = one_article(text)
    texts = set(m["text"])
    assert "The union opposes Northgate Maritime" not in texts and "the embattled Northgate Maritime" in texts


def test_an_organisation_before_a_title_is_a_mention_and_a_full_name_ends_at_and():
    text = ("Northgate Maritime chief executive Saskia Lindqvist-Moor met Union general secretary Rosa Ilvane and "
            "Opposition leader Tomas Reyl. Former Northgate hull inspector Gustav Renn and Finance Minister Ilse "
            "Brandt-Okoro were there. Procter and Gamble said nothing.")
    m = one_article(text)
    texts = set(m["text"])
    assert {"Northgate Maritime", "Opposition leader Tomas Reyl", "Procter and Gamble"} <= texts
    assert not {"Finance", "Union", "Former Northgate", "Former Northgate hull"} & texts
    assert not any(t.endswith("and Opposition") for t in texts)


def test_another_organisations_name_is_not_this_organisation():
    # the possessor "the Civic Alliance" of "the Civic Alliance's justice spokesperson" was copied as a
    # description "the Civic Alliance" and given to the event's one organisation; "Red Cross workers" to the
    # one migrant group
    text = ("The Maritime Safety Authority opened an inquiry. Aisha Okafor-Lind, the Civic Alliance's justice "
            "spokesperson, welcomed it. The 63 asylum seekers were met by Red Cross workers.")
    key = [{"id": "msa", "name": "Maritime Safety Authority", "type": "organisation"},
           {"id": "migrants", "name": "the 63 asylum seekers", "type": "group"}]
    m = one_article(text, key)
    pairs = set(zip(m["text"], m["entity_id"]))
    assert ("the Civic Alliance", "msa") not in pairs and ("Red Cross workers", "migrants") not in pairs
    assert ("The Maritime Safety Authority", "msa") in pairs


def test_a_role_description_before_a_name_is_one_expression_with_it():
    text = "A former Northgate hull inspector, Gustav Renn, warned the board. Renn was ignored."
    ids = entity_of(text, [{"id": "renn", "name": "Gustav Renn", "type": "person"}])
    assert ids["A former Northgate hull inspector, Gustav Renn"] == ids["Renn"] == "renn"
    # not across a clause: "When the strike began, Rosa Ilvane ..." has no role noun before the comma
    assert not any(t.endswith(", Rosa Ilvane") for t in entity_of("When the strike began, Rosa Ilvane spoke."))


def test_a_capital_names_its_countrys_government():
    # a listed capital ("Beijing says") is a label of its country when the event names the country
    text = "On Monday Beijing warned Washington. Later China said talks were over, and the US said nothing."
    ids = entity_of(text)
    assert ids["Beijing"] == ids["China"] == "china" and ids["Washington"] == ids["the US"] == "united-states"
    # an unlisted capital, learned from the texts: stated plainly once, or with a government body of the
    # country speaking there in two articles (one is not enough)
    plain = pd.DataFrame({"id": ["a"], "outlet": ["x"], "event": ["e"], "title": [""],
                          "text": ["Dravinsk, the capital of the Ostrel Federation, said no. The Ostrel Federation "
                                   "sent ships, and Dravinsk's regime denied it."]})
    ids = dict(zip(*entity_mentions(plain)[["text", "entity_id"]].T.values))
    assert ids["Dravinsk's regime"] == ids["The Ostrel Federation"]
    located = ("In Dravinsk, Ostrel Foreign Ministry spokeswoman Nadia Vorenko said the Ostrel Federation would act. "
               "Dravinsk has staged drills before.")
    two = pd.DataFrame({"id": ["a", "b"], "outlet": ["x", "y"], "event": ["e", "e"], "title": ["", ""],
                        "text": [located, located.replace("drills", "exercises")]})
    m = entity_mentions(two)
    drav = m[(m["text"] == "Dravinsk") & (m["start"] > 0)]["entity_id"].tolist()
    assert drav and set(drav) == set(m[m["text"] == "the Ostrel Federation"]["entity_id"])
    m = entity_mentions(two.iloc[:1])
    assert set(m[(m["text"] == "Dravinsk") & (m["start"] > 0)]["entity_id"]) != \
        set(m[m["text"] == "the Ostrel Federation"]["entity_id"])


def test_head_of_name_is_an_entity_of_its_own():
    # "the Port of Valmore" is the port (its name part is only "Valmore"); "the port" goes to it, not to
    # the port workers' union named first, and the University of Valmore is another entity
    text = ("The Amalgamated Port Workers' Union struck at the Port of Valmore on Monday. Students at the "
            "University of Valmore joined them, and the port stayed shut.")
    ids = entity_of(text)
    assert ids["the port"] == ids["the Port of Valmore"] == "port-of-valmore"
    assert ids["the University of Valmore"] != ids["the Port of Valmore"]


def test_a_name_beyond_the_discovered_entities_keeps_its_own_id(monkeypatch):
    from framescope.framing import entities

    real = entities._discover
    monkeypatch.setattr(entities, "_discover", lambda mentions, top=30: real(mentions, top=1))
    text = "Elena Varga met Piet Laurentz. Varga spoke first, and Varga left."
    ids = entity_of(text)
    assert ids["Elena Varga"] == "elena-varga" and ids["Piet Laurentz"] == "piet-laurentz"  # was "~laurentz"


def test_a_pronoun_owned_role_is_someone_else():
    # "her father" is not the woman named before it (nearest antecedent used to say so); "X served as
    # his deputy" still ties the description to X
    text = ("Nurse Tereza Amani was taking her father to hospital. Benedikt Strand ran the city for years, and "
            "Viktor Hallam served as his deputy.")
    ids = entity_of(text)
    assert ids["her father"] != ids["Nurse Tereza Amani"]
    assert ids["his deputy"] == ids["Viktor Hallam"]
