"""Quotes and speakers on hand-written news copy in the styles professional outlets use (issue 6).

Each fixture in ``tests/fixtures/newscopy/`` is an article (first line the headline, a blank
line, then the body) with a gold file written before the extractor was run on it: each
expected quote's text (``until`` marks the last words of a quote that runs over paragraphs),
speaker, verb, stance and kind, following the conventions of the harbor-city gold (a
partial quote inside a reported clause is the quote; "X said (that) …" gives an indirect
quote; vague and unnamed sources are "anonymous").
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framescope.framing.quotes import evaluate_quotes, extract_quotes

NEWSCOPY = Path(__file__).resolve().parent / "fixtures" / "newscopy"


def load_newscopy(folder: Path = NEWSCOPY) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles (id, title, text) and gold quotes (article_id, field, start, end, ...) of the fixtures."""
    articles, gold = [], []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        title, _, body = raw.partition("\n\n")
        body = body.rstrip("\n")
        articles.append({"id": path.stem, "title": title.strip(), "text": body})
        for entry in json.loads(path.with_suffix(".json").read_text(encoding="utf-8")):
            field = body if entry["field"] == "text" else title
            start = field.find(entry["text"])
            assert start >= 0, (path.name, entry["text"])
            end = start + len(entry["text"])
            if entry.get("until"):
                end = field.index(entry["until"], start) + len(entry["until"])
            gold.append({"article_id": path.stem, "field": entry["field"], "start": start, "end": end,
                         "text": field[start:end], "speaker": entry["speaker"], "verb": entry["verb"],
                         "stance": entry["stance"], "kind": entry["kind"]})
    return pd.DataFrame(articles), pd.DataFrame(gold)


def newscopy_report(articles: pd.DataFrame, gold: pd.DataFrame) -> list[str]:
    """One line per gold quote missed, wrongly attributed or wrongly typed, and per spurious quote."""
    from framescope.framing.quotes import _same_speaker

    lines = []
    for art in articles.itertuples():
        predicted = extract_quotes(art.text, title=art.title)
        rows = gold[gold.article_id == art.id]
        used = set()
        for g in rows.itertuples():
            best = None
            for i, q in enumerate(predicted):
                if q.field != g.field or i in used:
                    continue
                overlap = min(q.end, g.end) - max(q.start, g.start)
                shorter = max(1, min(q.end - q.start, g.end - g.start))
                if overlap > 0 and overlap / shorter >= 0.5:
                    key = ((q.kind == "indirect") == (g.kind == "indirect"), overlap)
                    if best is None or key > best[0]:
                        best = (key, i)
            if best is None:
                lines.append(f"{art.id} MISSED [{g.kind}] {g.text[:70]!r} ({g.speaker}, {g.verb})")
                continue
            used.add(best[1])
            q = predicted[best[1]]
            if not _same_speaker(q, g.speaker) or q.verb_stance != g.stance:
                lines.append(f"{art.id} WRONG {g.text[:50]!r}: speaker {q.speaker!r}/{q.anonymous} "
                             f"verb {q.verb!r} {q.verb_stance} (gold {g.speaker}, {g.verb} {g.stance})")
        for i, q in enumerate(predicted):
            if i not in used:
                lines.append(f"{art.id} SPURIOUS [{q.kind}/{q.field}] {q.text[:70]!r} ({q.speaker}, {q.verb})")
    return lines


@pytest.fixture(scope="module")
def newscopy():
    return load_newscopy()


@pytest.fixture(scope="module")
def heldout():
    return load_newscopy(NEWSCOPY / "heldout")


@pytest.fixture(scope="module")
def newscopy3():
    """8 real-length articles (618-823 words, 150 quotes; README in the folder). Its first run,
    before any rule it prompted: F1 0.939 (P 0.907, R 0.973), speaker accuracy 0.877, stance 1.0."""
    return load_newscopy(NEWSCOPY.parent / "newscopy3")


def test_fixture_set_covers_the_styles(newscopy, heldout):
    articles, gold = newscopy
    assert len(articles) == 15 and len(gold) == 130
    assert len(heldout[0]) == 5 and len(heldout[1]) == 40
    marks = "".join(articles["title"]) + "".join(articles["text"])
    for mark in "“”‘’«»„\"'":
        assert mark in marks
    assert {"direct", "indirect"} == set(gold["kind"]) and (gold["field"] == "title").sum() >= 6


# Floors: what the rules reach on the fixtures (before the news-copy fixes: 0.881 / 0.873 / 0.992 on the
# 15 articles; the 5 held-out articles, written after the first fixes, scored 0.902 / 0.892 / 0.973 before the
# fixes they prompted). Most of the remaining precision loss is a convention difference, not an error: the
# gold keeps only the partial quote of '… said the cases were "under review"', the extractor also reports
# the reported clause around it (as the harbor-city gold does in most such sentences).
# The cataphora rule (a lede's "A retired High Court judge has warned …" named in the next paragraph) then took
# the 15-article speaker accuracy from 0.985 to 1.0 (its article 09 prompted the rule: in-sample); the
# held-out five were unchanged (0.975).
# newscopy3's four rules (surnames shared by relatives, two descriptions in apposition, a described
# person after a preposition, "X, who said") took it to F1 0.942 and speaker accuracy 0.925; the set
# is in-sample for those rules since.
@pytest.mark.parametrize("which, floors", [("newscopy", (0.935, 0.995, 0.99)), ("heldout", (0.95, 0.97, 0.99)),
                                           ("newscopy3", (0.93, 0.91, 0.99))])
def test_scores_on_news_copy_hold(which, floors, request):
    articles, gold = request.getfixturevalue(which)
    scores = evaluate_quotes(articles, gold)
    assert scores["f1"] >= floors[0], scores
    assert scores["speaker_accuracy"] >= floors[1], scores
    assert scores["stance_accuracy"] >= floors[2], scores
    assert scores["recall"] >= 0.97, scores


def test_no_runaway_quote_on_news_copy(newscopy, heldout, newscopy3):
    for articles, gold in (newscopy, heldout, newscopy3):
        for art in articles.itertuples():
            spans = gold[(gold.article_id == art.id) & (gold.kind == "direct")]
            for q in extract_quotes(art.text, title=art.title):
                field = art.text if q.field == "text" else art.title
                assert q.field == "title" or q.end - q.start < len(field) // 3, (art.id, q.text[:80])
                if "\n\n" in field[q.start:q.end]:  # only a gold quote that runs over paragraphs may cross one
                    assert any(g.start <= q.start < g.end and q.end <= g.end + 2 for g in spans.itertuples()), \
                        (art.id, q.text[:80])


if __name__ == "__main__":
    arts, gold = load_newscopy()
    for folder in (NEWSCOPY, NEWSCOPY / "heldout", NEWSCOPY.parent / "newscopy3"):
        arts, gold = load_newscopy(folder)
        print(folder.name, len(arts), "articles,", len(gold), "gold quotes")
        print(evaluate_quotes(arts, gold))
        print("\n".join(newscopy_report(arts, gold)))


# ----------------------------------------------------------------- rules fixed on news copy


def _one(text, **match):
    found = [q for q in extract_quotes(text) if all(getattr(q, k) == v for k, v in match.items())]
    assert len(found) == 1, [(q.text, q.speaker, q.verb) for q in extract_quotes(text)]
    return found[0]


def test_according_to_after_a_whole_clause_reports_that_clause():
    # the clause before the source is what it reported, not the coordinated clause or aside after it
    q = _one("About 60 ships were waiting at anchor on Tuesday, according to port authority data, and "
             "shipping agents said delays were growing.", verb="according to")
    assert q.text == "About 60 ships were waiting at anchor on Tuesday" and "port authority" in q.speaker
    q = _one("Turnout was 71.4 percent at 6pm, according to the electoral commission, the highest figure "
             "since 1998.", verb="according to")
    assert q.text == "Turnout was 71.4 percent at 6pm" and q.speaker == "electoral commission"
    # a short lead-in or a relative pronoun before the source still reports what follows
    q = _one("In 2020, according to police figures, crime fell by a third.", verb="according to")
    assert q.text == "crime fell by a third"


def test_according_to_a_document_from_an_organisation_and_one_of_the_sources():
    q = _one("The fire was 5% contained, according to a statement from the state forestry department.",
             verb="according to")
    assert q.speaker == "state forestry department" and q.text == "The fire was 5% contained"
    q = _one("According to one of the sources, inspectors found that some checks were skipped.",
             verb="According to")
    assert q.anonymous and q.text.startswith("inspectors found")


def test_passive_verb_of_belief_with_an_infinitive_reports_nothing():
    text = "No one was hurt, she said, but a dozen homes were believed to have been destroyed."
    assert not [q for q in extract_quotes(text) if q.verb == "believed"]
    assert not [q for q in extract_quotes("Two men are thought to have fled abroad.") if q.verb == "thought"]


def test_declared_with_a_noun_object_is_not_speech_but_with_a_clause_is():
    assert not extract_quotes("Gov. Ray Castillo declared a state of emergency for the county late Tuesday.")
    q = _one("The senator declared the election was rigged.", verb="declared")
    assert q.text == "the election was rigged"


def test_told_leaves_the_listener_out_of_the_reported_clause():
    q = _one("A senior official, who asked not to be named, told us the mood at party headquarters was calm.",
             kind="indirect")
    assert q.text == "the mood at party headquarters was calm" and q.anonymous
    q = _one("The director told local lawmakers on Thursday the province had advertised the posts 14 times.",
             kind="indirect")
    assert q.text == "the province had advertised the posts 14 times"


def test_people_noun_opening_the_subject_before_a_post_modifier_is_the_speaker():
    q = _one("A spokesman for the local education authority said schools were free to set their own policies.")
    assert q.anonymous and q.speaker_role == "spokesman" and q.organisation == "local education authority"
    q = _one("Health officials in the northern province of Karst say three rural clinics will close.")
    assert q.anonymous and q.speaker != "province"
    quotes = extract_quotes("Residents of a town flooded for the third time in five years say they have been "
                            "“abandoned” by the council.")
    assert quotes and all(q.speaker == "Residents" for q in quotes)


def test_bare_one_as_subject_is_an_unnamed_member_of_a_group():
    text = "Western diplomats said privately that they did not expect the row to escalate. " \
           "One described the statement as “the usual script”."
    q = _one(text, verb="described")
    assert q.anonymous and q.text == "the usual script"


def test_quote_after_a_reported_sentence_continues_that_sentence_s_speaker():
    text = ("Judges praised his loaf as “a loaf with real character”.\n\n"
            "O'Brien, who employs 22 people, said he had no plans to retire. “Sure what would I do? Golf?”")
    q = [q for q in extract_quotes(text) if q.text.startswith("Sure")][0]
    assert q.speaker == "O'Brien" and not q.anonymous


def test_live_blog_time_stamp_and_name_on_topic_before_a_colon():
    text = ("22:05 Turnout was 71 percent, according to the electoral commission.\n\n"
            "22:12 Social Democrat leader Anna Brink has spoken to supporters in Halden: \"We ran a campaign "
            "we can be proud of.\"\n\n"
            "22:58 Interior Minister Karl Eide on turnout: \"This is a good night for democracy.\"")
    direct = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Anna Brink", "Karl Eide"]
    assert direct[1].speaker_role.lower().endswith("minister") and not direct[1].anonymous


def test_tail_speaker_named_in_apposition_after_a_description():
    for text in ("„The demand has not grown as we expected,“ Veltner's head of production, Markus Hein, said.",
                 "\"The demand has not grown,\" the company's head of production, Markus Hein, said in a statement."):
        q = _one(text, kind="direct")
        assert q.speaker == "Markus Hein" and q.verb == "said"


def test_the_company_refers_to_a_company_introduced_by_what_it_is():
    q = _one("The carmaker Veltner will cut one of three shifts at its plant, the company said on Monday.")
    assert q.speaker == "Veltner"
    text = ("Regulators opened an inquiry into budget carrier SkyBridge on Monday.\n\n"
            "\"We are cooperating fully with the authority,\" the company said.")
    assert _one(text, kind="direct").speaker == "SkyBridge"


def test_headline_quote_spoken_by_a_group_named_after_it():
    quotes = extract_quotes("Workers were angry.", title="FURY AS BOSSES AXE 900 JOBS: 'They lied to our faces' "
                                                          "say sacked workers")
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [("direct", "They lied to our faces", "sacked workers")]
    q = _one("\"It is a disgrace,\" said angry workers outside the plant.")
    assert q.speaker == "angry workers" and q.anonymous


def test_signalled_reports_a_clause():
    text = ("FRANKFURT, June 6 (Meridian Wire) - The Central Bank of Meridia kept its rate at 4.25 percent on "
            "Thursday but signalled that it could begin cutting borrowing costs in the autumn.")
    q = _one(text, verb="signalled")
    assert q.speaker.startswith("Central Bank") and q.text.startswith("it could begin")


def test_wire_dateline_in_capitals_is_neither_subject_nor_person():
    q = _one("PINE HOLLOW, Colo. (AP) — The sheriff kept the roads shut but warned that more fires were likely.")
    assert q.speaker != "PINE HOLLOW" and q.speaker_role == "sheriff"


def test_digit_group_comma_inside_a_relative_clause_keeps_the_subject():
    q = _one("The union, which represents about 3,200 workers, says wages at the port have fallen 12 percent.")
    assert q.speaker == "union" and q.text.startswith("wages at the port")


def test_people_familiar_with_the_matter_are_an_anonymous_source():
    for text in ("Regulators have opened an investigation into the airline, two people familiar with the matter said.",
                 "Two people familiar with the matter said regulators had opened an investigation into the airline.",
                 "Regulators have opened an investigation into the airline, according to people familiar with "
                 "the matter."):
        q = _one(text)
        assert q.anonymous and "regulators" in q.text.lower() and "familiar" not in q.text


def test_french_guillemets_with_inner_spaces():
    for space in (" ", "\u00a0", "\u202f"):
        text = f"«{space}We work seventy hours a week{space}», said Jean-Marc Duval, a grower."
        q = _one(text, kind="direct")
        assert q.text == "We work seventy hours a week" and q.speaker == "Jean-Marc Duval"


def test_short_headline_fragment_repeating_a_body_quote_is_that_quote():
    quotes = extract_quotes("Works council chairman Stefan Ruhl said the workforce was „deeply disappointed“.",
                            title="Carmaker to cut shifts, works council „deeply disappointed“")
    title = [q for q in quotes if q.field == "title"]
    assert [(q.text, q.speaker) for q in title] == [("deeply disappointed", "Stefan Ruhl")]
    quotes = extract_quotes("Agriculture Minister Sophie Marchand said the government would present "
                            "“concrete answers” within ten days.",
                            title="Farmers block motorway as minister promises “concrete answers”")
    assert [(q.speaker, q.verb) for q in quotes if q.field == "title"] == [("Sophie Marchand", "promises")]
    # a headline scare quote the body does not repeat stays out
    assert not [q for q in extract_quotes("The plan was approved.", title="Council backs 'green' plan")
                if q.field == "title"]


def test_according_to_a_name_skips_its_appositive():
    q = _one("According to Jonas Feld, chief economist at Hanse Bank, the bank's language was a clear hint.")
    assert q.text == "the bank's language was a clear hint" and q.speaker == "Jonas Feld"


def test_agent_of_a_participle_appositive_is_not_the_speaker():
    q = _one("The petition, started by parent Owen Mackie, argues that children need phones on the way home.")
    assert q.speaker == "petition"
    q = _one("The campaign, led by nurse Ann Lee, says the ward must stay open.")
    assert q.speaker == "campaign"
    # a person described by a participle phrase keeps the name given after "as"
    q = _one("The victim, identified by police as Ann Lee, said she was fine.")
    assert q.speaker == "Ann Lee"


def test_directive_verbs_report_the_object_and_what_it_is_told_to_do():
    q = _one("County Sheriff Linda Moreno urged residents who received evacuation orders to leave immediately.")
    assert q.text == "residents who received evacuation orders to leave immediately" and q.speaker == "Linda Moreno"
    q = _one("Kest called on the Ostrel Federation to stop boats leaving its ports.")
    assert q.verb == "called on" and q.text.startswith("the Ostrel Federation to stop")
    q = _one("The envoy warned Corvenia not to underestimate Ostrel's resolve.")
    assert q.verb_stance == "alarming" and q.text.startswith("Corvenia not to")
    assert not extract_quotes("The minister urged calm.")


def test_tail_attribution_in_an_emailed_statement_adding_that():
    text = ("Nordline Energy shut its main pipeline on Wednesday after a leak was found, the company said in an "
            "emailed statement, adding that no oil had reached the river.")
    quotes = extract_quotes(text)
    assert [(q.text, q.verb, q.speaker) for q in quotes] == [
        ("Nordline Energy shut its main pipeline on Wednesday after a leak was found", "said", "Nordline Energy"),
        ("no oil had reached the river", "adding", "Nordline Energy")]


def test_pronoun_after_an_unnamed_source_stays_unnamed():
    text = ("Nordline Energy shut its pipeline on Monday.\n\n"
            "A Nordline engineer, who declined to be identified, said the leak had been found by a routine test. "
            "\"We caught it early,\" he said.")
    q = _one(text, kind="direct")
    assert q.anonymous and q.speaker != "Nordline Energy"
    q = _one("Ann Lee, a lawyer, spoke first. A man said the test was fine. \"We caught it early,\" she said.",
             kind="direct")
    assert q.speaker == "Ann Lee"  # (the pronoun's gender rules the unnamed man out)


def test_headline_verb_before_a_preposition_opens_no_clause():
    quotes = extract_quotes("Reid blasted the decision as a “shambles”.",
                            title="BOSS BLASTS 'SHAMBLES': Reid fumes after late penalty")
    assert not [q for q in quotes if q.field == "title" and q.kind == "indirect"]


def test_reported_clause_stops_before_but_warned_that():
    quotes = extract_quotes("Dr Ruth Olsen said the results were ‘promising’ but warned that the trial had "
                            "involved only 300 patients.")
    by_verb = {q.verb: q for q in quotes if q.kind == "indirect"}
    assert by_verb["said"].text == "the results were ‘promising’"
    assert by_verb["warned"].text == "the trial had involved only 300 patients"


def test_document_and_possessed_group_subjects():
    q = _one("The report said staffing levels fell below safe limits on 140 days in 2023.")
    assert q.speaker == "report" and not q.anonymous
    q = _one("A blood test could diagnose sepsis in under ten minutes, its inventors claim.")
    assert q.verb_stance == "doubting" and "inventors" in q.speaker


def test_age_before_the_appositive_of_a_speaker_after_the_verb():
    q = _one("“For an old person without a car, that is an expedition,” said Maria Lopez, 45, a nurse at the clinic.")
    assert q.speaker == "Maria Lopez" and q.speaker_role == "nurse"


def test_participle_aside_between_subject_and_verb_is_not_the_speaker():
    q = _one("The minister, speaking after a cabinet meeting on Tuesday, said the plan would go ahead.")
    assert q.speaker_role == "minister" and "Tuesday" not in (q.speaker or "")
    q = _one("Ann Lee, managing director of Lee Foods, said sales were up.")  # a description stays one
    assert q.speaker == "Ann Lee" and q.organisation == "Lee Foods"


def test_possessive_source_and_document_with_a_relative_clause():
    q = _one("According to the ministry’s figures, 300 people were arrested.")
    assert q.speaker == "ministry"
    q = _one("The ruling, which was unanimous, said the law was void.")
    assert q.speaker == "ruling" and q.text == "the law was void"


def test_tabloid_sources_close_to_and_not_wanting_to_be_named():
    q = _one("Last night a source close to the Prime Minister said: “He is furious.”")
    assert q.anonymous and q.speaker_role != "Prime Minister"
    q = _one("A mother-of-two, who did not want to be named, said she was terrified.")
    assert q.anonymous and q.speaker_role == "mother-of-two"
    q = _one("Sources told the Sun the star was heartbroken.")
    assert q.text == "the star was heartbroken" and q.anonymous
    q = _one("“The system is broken,” says Dr Jane Holt, a GP in Leeds.")
    assert q.speaker == "Jane Holt" and q.speaker_role == "GP" and q.organisation is None


def test_title_with_of_before_a_name_and_capitalised_verb_forms_inside_names():
    q = _one("Secretary of State Anna Blake said the talks would resume.")
    assert q.speaker == "Anna Blake" and q.verb == "said"
    q = _one("“We will talk,” said Governor of New York Kathy Hochul.")
    assert q.speaker == "Kathy Hochul" and q.organisation == "New York"
    # a title-case headline keeps its verb
    q = extract_quotes("", title="Minister Says Talks Will Resume")[0]
    assert q.verb == "Says"


def test_day_after_the_verb_is_not_part_of_the_reported_clause():
    assert _one("Police said Tuesday two men were arrested.").text == "two men were arrested"
    assert _one("The authority said on Tuesday it would reopen its inquiry.").text == "it would reopen its inquiry"
    assert _one("She said Monday's vote was rigged.").text == "Monday's vote was rigged"


def test_warned_against_a_gerund_with_an_infinitive_later_is_not_an_appeal():
    # (the seed page: "He also warned the US against underestimating China’s readiness to defend …")
    assert not extract_quotes("He also warned the US against underestimating China’s readiness to defend "
                              "its national sovereignty.")


def test_what_they_call_attributes_a_fragment_to_the_group_before_it():
    q = _one("Hundreds of farmers blocked the motorway, demanding an end to what they call « unfair competition » "
             "from imports.")
    assert q.text == "unfair competition" and q.verb == "call" and q.speaker == "farmers" and q.anonymous
    assert [q.kind for q in extract_quotes("In a call with reporters, the minister said: “We are ready.”")] == ["direct"]
