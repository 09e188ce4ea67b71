"""Ingest: the page-clutter remover (known patterns, line classifier) and its properties."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framescope.ingest import LineContext, clean_page_text, clutter_reason, is_clutter_line, looks_like_prose
from framescope.ingest.clutter import load_patterns

# FRAMESCOPE_HYPOTHESIS_SCALE=20 runs every property with 20 times more examples.
SCALE = int(os.environ.get("FRAMESCOPE_HYPOTHESIS_SCALE", "1"))

# -- a small grammar of ordinary news prose; the nouns and verbs include the words clutter
# lines are made of (share, story, photo, video, newsletter, comments, read, watch...), so a
# pattern that is too loose gets caught.
SUBJECTS = ["Wang", "The minister", "Officials", "The union", "Reuters", "The council", "Police", "Critics",
            "The spokesman", "Readers", "Photo editors", "Tsai Ing-wen", "The US", "Beijing", "Advertisers",
            "The mayor's office", "Dockworkers", "Subscribers", "Local residents", "The company"]
VERBS = ["said", "warned", "denied", "confirmed", "announced", "argued", "shared", "read", "signed",
         "watched", "followed", "continued", "criticised", "liked", "reported", "published", "posted",
         "played", "subscribed to", "commented on", "saved"]
DETS = ["the", "a", "its", "their", "this", "another", "every"]
ADJS = ["", "new", "local", "disputed", "military", "official", "recent", "full", "short", "related"]
NOUNS = ["story", "newsletter", "photo", "video", "deal", "report", "advertisement", "podcast", "statement",
         "comments", "agreement", "drills", "share", "plan", "copyright", "menu", "link", "briefing",
         "image", "credit", "article", "app", "cookies", "page"]
TAILS = ["", "on Monday", "in Taipei", "after the vote", "during a press briefing on Thursday",
         "across the Strait", "at 12:43", "in 2021", "by 30 percent", "with a friend", "below the fold",
         "for more than a year", "with readers", "on its website"]
ENDS = [".", ".", ".", "!", "?"]


@st.composite
def sentences(draw):
    subject = draw(st.sampled_from(SUBJECTS))
    verb = draw(st.sampled_from(VERBS))
    adj = draw(st.sampled_from(ADJS))
    words = [subject, verb, draw(st.sampled_from(DETS))] + ([adj] if adj else []) + [draw(st.sampled_from(NOUNS))]
    tail = draw(st.sampled_from(TAILS))
    if tail:
        words.append(tail)
    if draw(st.booleans()):
        words.append(", and " + draw(st.sampled_from(SUBJECTS)).lower() + " " + draw(st.sampled_from(VERBS))
                     + " " + draw(st.sampled_from(DETS)) + " " + draw(st.sampled_from(NOUNS)))
    text = " ".join(words).replace(" ,", ",") + draw(st.sampled_from(ENDS))
    if draw(st.integers(0, 4)) == 0:  # a quotation
        text = "“" + text[:-1] + ",” " + draw(st.sampled_from(SUBJECTS)) + " said."
    return text


@st.composite
def paragraphs(draw):
    return " ".join(draw(st.lists(sentences(), min_size=1, max_size=3)))


CLUTTER = ["icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon closeicon fbicon",
           "Like this story? Share it with a friend!", "Podcasts", "0:00", "28:18", "Advertisement",
           "Story Continued Below", "Also on rt.com Another story about the port", "Share", "Tweet",
           "Sign up for our daily newsletter", "© 2024 Harbor Herald. All rights reserved.",
           "Photo: Harbor Herald", "Home News World Business Sport", "READ MORE: Port strike ends",
           "Getty Images / Jane Roe", "12 comments", "Accept all cookies", "Skip to main content"]


@given(st.lists(paragraphs(), min_size=1, max_size=6), st.lists(st.sampled_from(CLUTTER), max_size=4),
       st.lists(st.sampled_from(CLUTTER), max_size=4), st.booleans())
@settings(max_examples=120 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_prose_is_never_dropped(body, head, tail, with_title):
    lines = head + (["Council delays port vote", "28 Oct, 2021 12:43"] if with_title else []) + body + tail
    page = clean_page_text("\n\n".join(lines))
    kept = page.text.split("\n\n")
    for paragraph in body:
        assert paragraph in kept, (paragraph, page.removed_lines)
    for line in set(head + tail) - set(body):
        assert line not in kept


@given(sentences(), st.sampled_from(["head", "body", "tail"]), st.integers(1, 50), st.integers(1, 50))
@settings(max_examples=150 * SCALE, deadline=None)
def test_classifier_keeps_prose_anywhere(sentence, region, pages, repeats):
    assert looks_like_prose(sentence)
    context = LineContext(region=region, outlet_pages=max(pages, repeats), repeats=repeats)
    assert clutter_reason(sentence, context) is None


@given(st.text(max_size=600))
@settings(max_examples=150 * SCALE, deadline=None)
def test_cleaner_never_raises(text):
    page = clean_page_text(text)
    assert isinstance(page.text, str)
    for line, reason in page.removed_lines:
        assert isinstance(reason, str) and reason


@given(st.lists(st.one_of(st.text(max_size=80), st.sampled_from(CLUTTER), sentences()), max_size=30),
       st.sampled_from(["head", "body", "tail"]))
@settings(max_examples=80 * SCALE, deadline=None)
def test_cleaner_never_raises_on_line_mixtures(lines, region):
    page = clean_page_text("\n".join(lines), outlet="x.example")
    for line in lines:
        clutter_reason(line, LineContext(region=region))
    # Nothing is invented: every kept line comes from the input.
    source = {line.strip() for line in "\n".join(lines).replace("\r", "\n").split("\n")}
    for paragraph in page.text.split("\n\n"):
        for kept in paragraph.split("\n"):
            assert not kept or kept in source


@pytest.mark.parametrize("line, reason", [
    ("Story Continued Below", "continued"), ("Advertisement", "advert"), ("ADVERTISEMENT", "advert"),
    ("Sign up for our morning newsletter", "newsletter"), ("Subscribe", "newsletter"),
    ("© 2024 Harbor Herald. All rights reserved.", "copyright"), ("Copyright 2021 RT", "copyright"),
    ("Photo: Ann Wang / Reuters", "credit"), ("Getty Images", "credit"),
    ("Troops on parade in Taipei. © Reuters / Ann Wang", "credit"),
    ("Also on rt.com Taiwanese leader has ‘faith’ US will defend them", "promo"),
    ("READ MORE: Taiwan confirms US troops", "promo"), ("Podcasts 0:00 28:18", "player"),
    ("Share on Facebook", "share"), ("Facebook Twitter WhatsApp Email", "share"),
    ("By Mara Quinn", "byline"), ("We use cookies to improve your experience.", "nav"),
    ("12 comments", "comments"), ("5 min read", "comments"),
    ("Home › World › Asia", "menu"), ("| | | 12 | 34", "symbols"),
])
def test_known_clutter(line, reason):
    assert clutter_reason(line) == reason


@pytest.mark.parametrize("line", [
    "Beijing has warned the US against military contact with Taipei.",
    "He shared the story with a friend on Monday.",
    "Advertisement revenue fell by 30 percent, the company said.",
    "Also on Tuesday, the council met again.",
    "Related talks ended without a deal.",
    "By Monday, the union had signed the agreement.",
    "Photo editors said the image was genuine.",
    "Copyright law was not the issue, the judge said.",
    "Subscribers to the newsletter complained about the price.",
    "Reaction in Taipei",  # a sub-heading inside the body
])
def test_prose_and_subheads_are_kept_in_the_body(line):
    assert not is_clutter_line(line, LineContext(region="body"))


def test_patterns_file_is_well_formed():
    patterns = load_patterns()
    assert len(patterns) >= 30
    for pattern in patterns:
        assert re.fullmatch(r"[a-z]+", pattern.category)
        assert not pattern.regex.search("")  # no pattern matches an empty line


def test_short_lines_at_the_edges_go_but_not_inside_the_body():
    page = clean_page_text("Trending Now\n\nPort deal signed\n\n28 Oct, 2021\n\nThe deal was signed on Monday.\n\n"
                           "The reaction\n\nUnions welcomed it, officials said.\n\nMore Great Reads\n\nTop 10 lists")
    assert page.title == "Port deal signed"
    assert page.text.split("\n\n") == ["The deal was signed on Monday.", "The reaction",
                                       "Unions welcomed it, officials said."]
    assert dict(page.removed_lines)["Top 10 lists"] == "edge"


def test_paragraphs_one_per_line_or_hard_wrapped():
    lines = clean_page_text("Vote passes\nThe House voted on Tuesday.\nThe Senate votes next week.\n").text
    assert lines == "The House voted on Tuesday.\n\nThe Senate votes next week."
    wrapped = ("Vote passes\n\nThe House voted on Tuesday after a long\ndebate that ran late into the night,\n"
               "sending the bill to the Senate.\n\nThe Senate votes next week.")
    assert clean_page_text(wrapped).text.split("\n\n") == [
        "The House voted on Tuesday after a long\ndebate that ran late into the night,\nsending the bill to the Senate.",
        "The Senate votes next week."]


@given(st.lists(paragraphs(), min_size=1, max_size=4), st.integers(25, 90), st.booleans())
@settings(max_examples=100 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hard_wrapped_prose_is_never_dropped(body, width, with_title):
    import textwrap

    wrapped = ["\n".join(textwrap.wrap(p, width=width, break_on_hyphens=False, break_long_words=False)) for p in body]
    head = ["Council delays port vote", "28 Oct, 2021 12:43"] if with_title else []
    page = clean_page_text("\n\n".join(["Advertisement"] + head + wrapped + ["Podcasts", "0:00"]))
    kept = " ".join(page.text.split())
    for paragraph in body:
        assert paragraph in kept, (paragraph, page.removed_lines)
