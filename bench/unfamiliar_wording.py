"""A yardstick of papers worded the way the development corpus is not.

Writes Word and PDF papers, each with `<file>.gold.json` in the scorer's format, into
a folder, then (with --score) scores `scrutiny extract` on them:

    .venv/bin/python bench/unfamiliar_wording.py OUT_DIR [--score]

What the papers do that the development papers do not: responses labelled by who
gives them ("Government response to recommendation 2", "Response of the
Executive", "Cabinet Member response", "Officer comments", "Progress to date");
recommendations that run over several paragraphs and a bulleted list; response
columns headed by a body's name holding codes a printed key explains ("F = accepted
in full"); a status column headed "Position" holding "On target", "Delayed"; two
dated update columns under one merged "Progress update" header; ticks; themes in
paraphrase ("a parent's mental illness", "time off from caring"); and the paper's
own closing sections after the last item.

The councils, people and places are invented. Every paper is described once, as
blocks and gold items, so a paper and its gold cannot drift apart.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullet:
    text: str


@dataclass(frozen=True)
class Grid:
    """A ruled table. `header` rows are bold; a header cell given as (text, n) spans
    n columns."""

    header: list[list[str | tuple[str, int]]]
    rows: list[list[str]]
    # PDF only: let a row that meets the foot of a page carry on at the top of the next.
    split_rows: bool = False


Block = Heading | Para | Bullet | Grid


@dataclass(frozen=True)
class Gold:
    recommendation: str
    progress: str | None
    status: str | None = None
    response: str | None = None
    themes: tuple[str, ...] = ()
    ref: str | None = None


@dataclass
class Paper:
    name: str  # file name without extension
    fmt: str  # "docx" | "pdf"
    layout: str
    council: str
    committee: str
    meeting_date: str  # ISO
    title: str
    blocks: list[Block] = field(default_factory=list)
    gold: list[Gold] = field(default_factory=list)

    def cover(self, printed_date: str) -> None:
        self.blocks[:0] = [Heading(self.council), Heading(self.committee), Para(printed_date), Heading(self.title)]


# --------------------------------------------------------------------------- papers


def government_response() -> Paper:
    """Prose: "Recommendation N" headings, recommendations over several paragraphs and
    bullets, then "Government response to recommendation N" and the response."""
    paper = Paper(
        "ashby-vale-carers-government-response",
        "docx",
        "docx-prose-response",
        "Ashby Vale District Council",
        "Health and Wellbeing Select Committee",
        "2019-06-18",
        "Carers Inquiry: Response to Recommendations",
    )
    items = [
        (
            "1",
            [
                "The Committee recommends that every carer known to a GP practice is offered a carer's "
                "assessment within three months of being identified.",
                "Practices should record the offer and the outcome in the patient record.",
            ],
            [],
            "The Government accepts this recommendation. Guidance to practices will be issued in the autumn, "
            "and the number of assessments offered will be reported each quarter.",
            "accepted",
            (),
        ),
        (
            "2",
            ["Local information systems for carers must be joined up. These systems need to:"],
            [
                "hold one record of each carer's needs, shared with the carer's consent;",
                "tell the carer's school or college, where the carer is a pupil, what support is offered; and",
                "show which carers have had time off from caring in the last year.",
            ],
            "The Government accepts this recommendation in principle. A shared record will be piloted in two "
            "areas before any wider roll-out is agreed.",
            "partially_accepted",
            ("schools", "respite"),
        ),
        (
            "3",
            [
                "Children who care for a parent with a mental illness or a drinking problem should be referred "
                "to the young carers service as soon as they are identified."
            ],
            [],
            "The Government supports this recommendation. Adult mental health and alcohol services will ask "
            "every service user whether a child helps to care for them.",
            "accepted",
            ("hidden_harm",),
        ),
        (
            "4",
            [
                "A national target should be set for the number of replacement care nights available to "
                "carers in each area."
            ],
            [],
            "The Government does not support this recommendation. Local areas are best placed to judge how "
            "many nights of replacement care are needed, and a national target would not reflect that.",
            "rejected",
            ("respite",),
        ),
        (
            "5",
            [
                "Every young carer should have an early help assessment, and a team around the family meeting "
                "should agree who supports them."
            ],
            [],
            "The Government accepts this recommendation in part. Early help assessments will be offered to "
            "all young carers, but a team around the family meeting will be held only where the assessment "
            "finds needs that more than one agency must meet.",
            "partially_accepted",
            ("caf",),
        ),
    ]
    paper.blocks += [
        Heading("Introduction"),
        Para("1. This paper sets out the response to each recommendation of the Committee's Carers Inquiry."),
    ]
    for ref, paragraphs, bullets, response, verdict, themes in items:
        paper.blocks.append(Heading(f"Recommendation {ref}"))
        paper.blocks += [Para(p) for p in paragraphs] + [Bullet(b) for b in bullets]
        paper.blocks += [Heading(f"Government response to recommendation {ref}"), Para(response)]
        paper.gold.append(
            Gold(" ".join(paragraphs + bullets), response, None, verdict, themes, ref),
        )
    paper.blocks += [
        Heading("Background papers"),
        Para("Carers Inquiry, report of the Health and Wellbeing Select Committee, January 2019."),
        Heading("Contact officer"),
        Para("Priya Nair, Scrutiny Manager, 01632 960 118"),
    ]
    paper.cover("18 June 2019")
    return paper


def executive_response() -> Paper:
    """Prose PDF: "Response of the Executive" and "Cabinet Member response" labels on a
    line of their own; the paper's recommendations to the committee close it."""
    paper = Paper(
        "northfleet-early-help-executive-response",
        "pdf",
        "pdf-prose-response",
        "Northfleet Borough Council",
        "Children's Overview and Scrutiny Panel",
        "2021-02-09",
        "Early Help Review: Response of the Executive",
    )
    items = [
        (
            "1",
            "That the Council publishes a single early help offer setting out what families can expect, and "
            "that head teachers are consulted on it.",
            "Response of the Executive",
            "Agreed. The early help offer will be published in April 2021 after consultation with head teachers "
            "through the primary and secondary heads' forums.",
            "accepted",
            ("schools",),
        ),
        (
            "2",
            "That every family hub has a worker trained to support families where a parent misuses alcohol or drugs.",
            "Cabinet Member response",
            "Agreed in principle. Training will be offered to one worker in each hub, subject to the public health "
            "grant for 2021/22.",
            "partially_accepted",
            ("hidden_harm",),
        ),
        (
            "3",
            "That the Council funds an additional overnight break each year for every family caring for a "
            "disabled child.",
            "Response of the Executive",
            "Not agreed. The budget for breaks from caring is fully committed, and overnight provision will be "
            "reviewed with parents in the autumn.",
            "rejected",
            ("respite",),
        ),
        (
            "4",
            "That the Panel receives a report on the number of CAFs started and closed each quarter.",
            "Cabinet Member response",
            "Agreed. The first quarterly report will be presented to the Panel in June 2021.",
            "accepted",
            ("caf",),
        ),
        (
            "5",
            "That the Council works with academies to reduce exclusions of pupils who are known to early help.",
            "Response of the Executive",
            "The Executive supports this recommendation. An inclusion officer will be appointed to work with "
            "academy trusts from September 2021.",
            "accepted",
            ("schools",),
        ),
    ]
    paper.blocks += [
        Heading("Purpose of the report"),
        Para("1. To set out the Executive's response to the recommendations of the Panel's review of early help."),
    ]
    for ref, recommendation, label, response, verdict, themes in items:
        paper.blocks += [Heading(f"Recommendation {ref}"), Para(recommendation), Heading(label), Para(response)]
        paper.gold.append(Gold(recommendation, response, None, verdict, themes, ref))
    paper.blocks += [
        Heading("Recommendations"),
        Para("2. The Panel is asked to note the Executive's response to its recommendations."),
        Para("Contact Officer: Daniel Okafor, Democratic Services Officer"),
    ]
    paper.cover("9 February 2021")
    return paper


def officer_comments() -> Paper:
    """Prose: "Officer comments" label, status phrasings at the start, in a closing
    "Status:" line, and in a last sentence."""
    paper = Paper(
        "harwood-respite-officer-comments",
        "docx",
        "docx-prose-progress",
        "Harwood Metropolitan Borough Council",
        "Adult Social Care Scrutiny Sub-Committee",
        "2016-10-04",
        "Review of Short Breaks for Carers: Six Month Update",
    )
    items = [
        (
            "1",
            "Carers should be able to book a sitting service at short notice, including at weekends.",
            "A weekend sitting service began in May 2016 and 41 carers have used it. Status: Complete.",
            "completed",
            ("respite",),
        ),
        (
            "2",
            "The Council should publish how many carers have had a break from caring in each year.",
            "On target. The figures for 2015/16 will be published with the annual carers' report in November.",
            "in_progress",
            ("respite",),
        ),
        (
            "3",
            "Carers who look after a partner with dementia should be offered training in moving and handling.",
            "Delayed. The training provider withdrew in June and a new provider is being sought.",
            "in_progress",
            (),
        ),
        (
            "4",
            "Young carers caring for a parent with mental health problems should be identified through schools.",
            "Guidance for schools has been drafted with the young carers service and will be sent to all head "
            "teachers in November. Status: Ongoing.",
            "in_progress",
            ("hidden_harm", "schools"),
        ),
        (
            "5",
            "The carers' emergency card scheme should be extended to carers of people with a learning disability.",
            "Not yet started. The scheme will be reviewed once the new carers' strategy is agreed.",
            "outstanding",
            (),
        ),
        (
            "6",
            "Carers' assessments should record whether the carer wants support to stay in work.",
            "The assessment form was changed in April 2016 and every assessment since then records the carer's "
            "wishes about work. Fully achieved.",
            "completed",
            (),
        ),
    ]
    paper.blocks += [
        Heading("Summary"),
        Para("This report gives officers' comments on each recommendation of the Sub-Committee's review."),
    ]
    for ref, recommendation, comment, status, themes in items:
        paper.blocks += [
            Heading(f"Recommendation {ref}"),
            Para(recommendation),
            Heading("Officer comments"),
            Para(comment),
        ]
        paper.gold.append(Gold(recommendation, comment, status, None, themes, ref))
    paper.blocks += [
        Heading("Background Papers"),
        Para("None."),
        Heading("Report author"),
        Para("Helen Marsh, Carers Lead"),
    ]
    paper.cover("4 October 2016")
    return paper


def progress_to_date() -> Paper:
    """Prose PDF: "Recommendation N:" with the text inline and "Progress to date:"."""
    paper = Paper(
        "kelmscott-hidden-harm-progress-to-date",
        "pdf",
        "pdf-prose-progress",
        "Kelmscott County Council",
        "Children and Young People Scrutiny Committee",
        "2018-03-14",
        "Hidden Harm Review: Progress to Date",
    )
    items = [
        (
            "1",
            "That adult treatment services ask every client whether they have children and record the answer.",
            "Partially achieved. The question is asked at assessment in the drug service; the alcohol service "
            "will add it when its case system is replaced in July.",
            "in_progress",
            ("hidden_harm",),
        ),
        (
            "2",
            "That schools are told when a pupil lives with a parent whose drug use puts them at risk.",
            "A notification protocol was agreed with the designated safeguarding leads in all secondary schools "
            "in January 2018. Completed.",
            "completed",
            ("hidden_harm", "schools"),
        ),
        (
            "3",
            "That children affected by domestic abuse are offered a place on a recovery programme.",
            "Ongoing. Two programmes ran in the autumn term and a third begins in April.",
            "in_progress",
            ("hidden_harm",),
        ),
        (
            "4",
            "That the Committee considers the findings of the audit of team around the child meetings.",
            "Not started. The audit has been postponed to the summer because of staff vacancies.",
            "outstanding",
            ("caf",),
        ),
        (
            "5",
            "That the Council lobbies for the school holidays activity programme to continue.",
            "The Leader wrote to the Minister in December 2017 and funding for 2018 has been confirmed. "
            "Fully achieved.",
            "completed",
            (),
        ),
    ]
    paper.blocks += [
        Heading("Introduction"),
        Para("1. The Committee asked for a report on progress with the recommendations of its Hidden Harm review."),
    ]
    for ref, recommendation, progress, status, themes in items:
        paper.blocks += [Para(f"Recommendation {ref}: {recommendation}"), Para(f"Progress to date: {progress}")]
        paper.gold.append(Gold(recommendation, progress, status, None, themes, ref))
    paper.blocks += [
        Heading("Recommendation to the Committee"),
        Para("2. That the Committee notes the progress made."),
        Para("Background papers: none."),
    ]
    paper.cover("14 March 2018")
    return paper


def keyed_response_table() -> Paper:
    """A response column headed by the body that answers, holding codes that a key
    printed above the table explains."""
    paper = Paper(
        "westbury-flooding-keyed-response",
        "docx",
        "docx-keyed-response",
        "Westbury Unitary Council",
        "Environment Scrutiny Committee",
        "2020-11-25",
        "Flood Risk Inquiry: Responses of the Partners",
    )
    rows = [
        (
            "1",
            "The Environment Agency should publish flood maps for every village in the district.",
            "F",
            "Maps for all 43 villages were published in October 2020.",
            "accepted",
        ),
        (
            "2",
            "Schools in flood risk areas should have a plan for closing safely.",
            "P",
            "Plans will be prepared with head teachers, subject to staff time in the emergency planning team.",
            "partially_accepted",
        ),
        (
            "3",
            "The Council should buy sandbags for every household in a flood warning area.",
            "N",
            "Sandbags give little protection; property resilience grants are a better use of the budget.",
            "rejected",
        ),
        (
            "4",
            "Gullies on main roads should be cleared twice a year.",
            "F",
            "A twice-yearly schedule began in April 2020.",
            "accepted",
        ),
        (
            "5",
            "A flood warden should be recruited in each parish.",
            "P",
            "Wardens will be recruited where parish councils can nominate volunteers.",
            "partially_accepted",
        ),
        (
            "6",
            "The water company should report its sewer flooding incidents to this Committee each year.",
            "F",
            "The first report will be made in March 2021.",
            "accepted",
        ),
    ]
    paper.blocks += [
        Heading("Responses to the recommendations"),
        Para("The table shows each partner's response to the recommendations of the inquiry."),
        Para("Key: F = accepted in full, P = accepted in principle, N = not accepted"),
        Grid([["No.", "Recommendation", "Environment Agency", "Comments"]], [list(r[:4]) for r in rows]),
        Heading("Contact"),
        Para("Scrutiny Team, Westbury Unitary Council"),
    ]
    for ref, recommendation, _, comment, verdict in rows:
        themes = ("schools",) if "Schools" in recommendation else ()
        paper.gold.append(Gold(recommendation, comment, None, verdict, themes, ref))
    paper.cover("25 November 2020")
    return paper


def position_tracker() -> Paper:
    """A tracker whose "Position" column holds status phrases, beside a progress column."""
    paper = Paper(
        "ravensworth-young-carers-position-tracker",
        "docx",
        "docx-tracker-position",
        "Ravensworth City Council",
        "Children's Services Scrutiny Panel",
        "2015-07-07",
        "Young Carers Review: Action Tracker",
    )
    rows = [
        (
            "YC1",
            "Name a young carers lead in every secondary school and academy.",
            "Head of Inclusion",
            "Leads are in place in 14 of the 16 secondary schools; the two academies joining the trust in "
            "September will name theirs then.",
            "On target",
            "in_progress",
            ("schools",),
        ),
        (
            "YC2",
            "Offer every young carer a break away from home each year.",
            "Young Carers Service",
            "Residential weekends were offered to 96 young carers in 2014/15 and 88 took part.",
            "Fully achieved",
            "completed",
            ("respite",),
        ),
        (
            "YC3",
            "Ask adult services to identify clients whose children help to care for them, including parents "
            "with a mental illness.",
            "Adult Social Care",
            "A question has been added to the adult assessment form; training for assessors is planned for the autumn.",
            "Partially achieved",
            "in_progress",
            ("hidden_harm",),
        ),
        (
            "YC4",
            "Produce a young carers' card recognised by pharmacies.",
            "Young Carers Service",
            "Pharmacies have been approached but no scheme has been agreed.",
            "Delayed",
            "in_progress",
            (),
        ),
        (
            "YC5",
            "Complete an early help assessment for every young carer who asks for one.",
            "Early Help Team",
            "The service has not yet been able to recruit the two assessors needed.",
            "Not yet started",
            "outstanding",
            ("caf",),
        ),
        (
            "YC6",
            "Report progress to the Panel every six months.",
            "Scrutiny Officer",
            "This is the second six-monthly report.",
            "Ongoing",
            "in_progress",
            (),
        ),
    ]
    paper.blocks += [
        Heading("Progress on the review's actions"),
        Grid(
            [["Ref", "Recommendation", "Lead", "Progress to date", "Position"]],
            [[r[0], r[1], r[2], r[3], r[4]] for r in rows],
        ),
        Heading("Background papers"),
        Para("Young Carers Review, final report, July 2014."),
    ]
    for ref, recommendation, _, progress, _, status, themes in rows:
        paper.gold.append(Gold(recommendation, progress, status, None, themes, ref))
    paper.cover("7 July 2015")
    return paper


def dated_updates_tracker() -> Paper:
    """Two dated update columns under one merged "Progress update" header: one item
    per filled update."""
    paper = Paper(
        "fenwick-school-transport-dated-updates",
        "docx",
        "docx-tracker-dated-updates",
        "Fenwick District Council",
        "Place Scrutiny Committee",
        "2013-01-22",
        "School Transport Review: Monitoring of Recommendations",
    )
    rows = [
        (
            "Publish the school transport policy on the Council's website in plain English.",
            "A plain English version has been drafted.",
            "Published in October 2012. Complete.",
            ("in_progress", "completed"),
            ("schools",),
        ),
        (
            "Review the safety of walking routes to the three rural primary schools.",
            "Two routes have been assessed.",
            "All three routes assessed; a crossing patrol has been agreed for Upper Fenwick.",
            (None, None),
            ("schools",),
        ),
        (
            "Consult parents of disabled children on escorts for home to school transport.",
            "Not started.",
            "Consultation is under way and closes in February.",
            ("outstanding", "in_progress"),
            ("schools",),
        ),
        (
            "Ask bus operators to accept the student travel card on evening services.",
            "Letters sent to both operators in July.",
            "",
            (None,),
            (),
        ),
    ]
    paper.blocks += [
        Heading("Monitoring of recommendations"),
        Grid(
            [["Recommendation", ("Progress update", 2)], ["", "July 2012", "December 2012"]],
            [[r[0], r[1], r[2]] for r in rows],
        ),
        Heading("Recommendation"),
        Para("That the Committee notes the progress made."),
    ]
    for recommendation, first, second, statuses, themes in rows:
        for update, status in zip([u for u in (first, second) if u], statuses):
            paper.gold.append(Gold(recommendation, update, status, None, themes))
    paper.cover("22 January 2013")
    return paper


def cabinet_tick_table() -> Paper:
    """A column headed "Cabinet" holding the Cabinet's decision in words, and a tick
    column for what has been done."""
    paper = Paper(
        "penhallow-libraries-cabinet-ticks",
        "docx",
        "docx-cabinet-ticks",
        "Penhallow Council",
        "Communities Scrutiny Committee",
        "2017-05-16",
        "Library Services Review: Cabinet Decisions and Actions",
    )
    rows = [
        (
            "Keep every branch library open for at least three days a week.",
            "Agreed",
            "Opening hours were set in the new timetable from January 2017.",
            "✓",
            "accepted",
            "completed",
            (),
        ),
        (
            "Offer a home library service to every housebound reader who asks for one.",
            "Agreed in part",
            "Volunteers now deliver to 212 readers; a waiting list remains in two areas.",
            "",
            "partially_accepted",
            None,
            (),
        ),
        (
            "Open libraries to pupils for homework clubs after school.",
            "Agreed",
            "Homework clubs run in six libraries with the support of local schools.",
            "✓",
            "accepted",
            "completed",
            ("schools",),
        ),
        (
            "Stop charging for reservations.",
            "Not agreed",
            "The charge was kept to protect the book fund.",
            "",
            "rejected",
            None,
            (),
        ),
        (
            "Run a reading group for carers that doubles as a break from caring.",
            "Agreed",
            "A monthly group started at the central library in March, with a sitting service during sessions.",
            "✓",
            "accepted",
            "completed",
            ("respite",),
        ),
    ]
    paper.blocks += [
        Heading("Cabinet decisions and actions"),
        Grid(
            [["Recommendation", "Cabinet", "Action taken", "Done"]],
            [[r[0], r[1], r[2], r[3]] for r in rows],
        ),
        Heading("Appendices"),
        Para("Appendix A: Library Services Review, final report."),
    ]
    for recommendation, _, action, _, verdict, status, themes in rows:
        paper.gold.append(Gold(recommendation, action, status, verdict, themes))
    paper.cover("16 May 2017")
    return paper


def government_response_pdf() -> Paper:
    """The government response paper printed to PDF: bullets drawn as glyphs, an
    appendix after the last response."""
    paper = government_response()
    paper.name = "ashby-vale-carers-government-response-printed"
    paper.fmt = "pdf"
    paper.layout = "pdf-prose-response"
    paper.blocks += [Heading("Appendix A"), Para("Terms of reference of the Carers Inquiry.")]
    return paper


def keyed_response_table_pdf() -> Paper:
    """The partners' responses printed to PDF."""
    paper = keyed_response_table()
    paper.name = "westbury-flooding-keyed-response-printed"
    paper.fmt = "pdf"
    paper.layout = "pdf-keyed-response"
    return paper


def position_tracker_pdf() -> Paper:
    """The action tracker printed to PDF."""
    paper = position_tracker()
    paper.name = "ravensworth-young-carers-position-tracker-printed"
    paper.fmt = "pdf"
    paper.layout = "pdf-tracker-position"
    return paper


def dated_updates_tracker_pdf() -> Paper:
    """The dated tracker printed to PDF, its merged header drawn as one cell."""
    paper = dated_updates_tracker()
    paper.name = "fenwick-school-transport-dated-updates-printed"
    paper.fmt = "pdf"
    paper.layout = "pdf-tracker-dated-updates"
    return paper


def long_rows_tracker() -> Paper:
    """A PDF tracker whose long rows are cut by page breaks, the rest of a row carrying
    on at the top of the next page, in whatever case its lines begin."""
    paper = Paper(
        "lowther-carers-strategy-long-rows",
        "pdf",
        "pdf-2col-cut-rows",
        "Lowther County Council",
        "Adults and Communities Overview and Scrutiny Committee",
        "2012-12-04",
        "Carers Strategy Review: Progress Against Recommendations",
    )
    topics = [
        ("identify carers through GP practices", "GP practices", ()),
        ("offer carers a break from caring at least twice a year", "short breaks providers", ("respite",)),
        ("train school staff to recognise young carers", "schools", ("schools",)),
        ("support children whose parents misuse alcohol", "the alcohol service", ("hidden_harm",)),
        ("use the Common Assessment Framework for young carers", "locality teams", ("caf",)),
        ("publish a directory of carers' services", "the information service", ()),
        ("review the carers' emergency scheme", "the emergency duty team", ()),
        ("consult carers on the new strategy", "the carers' forum", ()),
    ]
    rows = []
    for number, (aim, partner, themes) in enumerate(topics, start=1):
        recommendation = (
            f"That the Council and its partners {aim}, working with {partner}, and that the Committee is told "
            f"each year how many carers have been reached, how the work has been paid for, which partners have "
            f"taken part, and what carers themselves have said about the difference it has made to them."
        )
        progress = " ".join(
            [
                f"Officers met {partner} in the spring and agreed a plan of work for the year.",
                "A lead officer was named and a budget was set aside from the carers' grant.",
                f"By the end of September {20 + number * 7} carers had been reached and their views were collected "
                "through a short survey, which most of them returned.",
                "The results will be reported to the carers' partnership board in January, and a summary will be "
                "sent to every carer who took part together with details of the next steps.",
                "Status: Complete." if number % 3 == 0 else "This work is ongoing.",
            ]
        )
        rows.append([recommendation, progress])
        status = "completed" if number % 3 == 0 else "in_progress"
        paper.gold.append(Gold(recommendation, progress, status, None, themes))
    paper.blocks += [
        Heading("Progress against recommendations"),
        Para("The table sets out each recommendation and the progress reported by officers."),
        Grid([["Recommendation", "Progress"]], rows, split_rows=True),
        Heading("Background papers"),
        Para("Carers Strategy Review, final report, 2011."),
    ]
    paper.cover("4 December 2012")
    return paper


def executive_rag_tracker() -> Paper:
    """A tracker with the executive's response and RAG letters, explained by a key
    table printed after it."""
    paper = Paper(
        "brackley-mental-health-rag-tracker",
        "docx",
        "docx-tracker-rag-key",
        "Brackley Borough Council",
        "Health Overview and Scrutiny Committee",
        "2022-09-27",
        "Children's Mental Health Review: Implementation Tracker",
    )
    rows = [
        (
            "R1",
            "Every school should have a trained mental health lead by September 2022.",
            "Agreed. Funding for training will come from the Department for Education grant.",
            "Leads have been trained in 61 of 64 schools; the remaining three will attend in October.",
            "A",
            "in_progress",
            "accepted",
            ("schools",),
        ),
        (
            "R2",
            "Young people whose parent has a serious mental illness should be offered a young carers assessment.",
            "Agreed in principle, subject to capacity in the young carers service.",
            "Referral criteria have been agreed with the adult community mental health teams.",
            "G",
            "completed",
            "partially_accepted",
            ("hidden_harm",),
        ),
        (
            "R3",
            "The waiting time for a first CAMHS appointment should be published each month.",
            "Not agreed. The NHS trust publishes waiting times quarterly and monthly figures are not reliable.",
            "No action is planned.",
            "R",
            "outstanding",
            "rejected",
            (),
        ),
        (
            "R4",
            "Families should be offered an early help assessment while a child waits for treatment.",
            "Agreed.",
            "Early help practitioners now contact every family on the waiting list within four weeks.",
            "G",
            "completed",
            "accepted",
            ("caf",),
        ),
        (
            "R5",
            "Parent carers of children with complex needs should be offered overnight short-break care.",
            "Agreed.",
            "A second overnight unit is being commissioned for 2023.",
            "A",
            "in_progress",
            "accepted",
            ("respite",),
        ),
    ]
    paper.blocks += [
        Heading("Implementation of the review's recommendations"),
        Grid(
            [["Rec No", "Recommendation", "Response of the Executive", "Progress to date", "RAG"]],
            [[r[0], r[1], r[2], r[3], r[4]] for r in rows],
        ),
        Para("RAG key"),
        Grid([["G", "Complete"], ["A", "In progress"], ["R", "Not started"]], []),
        Heading("Background papers"),
        Para("Children's Mental Health Review, final report, March 2022."),
    ]
    for ref, recommendation, _, progress, _, status, verdict, themes in rows:
        paper.gold.append(Gold(recommendation, progress, status, verdict, themes, ref))
    paper.cover("27 September 2022")
    return paper


def lead_member_comments() -> Paper:
    """Prose: "Recommendation One" headings in words, "Lead Member comments:" inline,
    status words in their own phrasings."""
    paper = Paper(
        "ottery-domestic-abuse-lead-member",
        "docx",
        "docx-prose-words",
        "Ottery Borough Council",
        "Safer Communities Scrutiny Panel",
        "2014-03-11",
        "Domestic Abuse Task Group: Progress Report",
    )
    items = [
        (
            "One",
            "That specialist support is available to children who have lived with domestic violence.",
            "Achieved. A children's worker joined the domestic abuse service in September 2013.",
            "completed",
            ("hidden_harm",),
        ),
        (
            "Two",
            "That every primary school has a named contact for Operation Encompass notifications.",
            "Partly achieved. Contacts are named in 38 of the 45 primary schools.",
            "in_progress",
            ("schools",),
        ),
        (
            "Three",
            "That the refuge provides respite activities for mothers and children during the school holidays.",
            "Behind schedule. The activities programme will start in the summer holidays rather than at Easter.",
            "in_progress",
            ("respite",),
        ),
        (
            "Four",
            "That the Council funds a perpetrator programme for a further two years.",
            "Complete - funding was agreed in the 2014/15 budget.",
            "completed",
            (),
        ),
        (
            "Five",
            "That GPs are trained to ask about abuse when parents present with depression or alcohol problems.",
            "Training has not yet been arranged; the clinical commissioning group is considering the request.",
            "outstanding",
            ("hidden_harm",),
        ),
    ]
    paper.blocks += [Heading("Progress on the Task Group's recommendations")]
    for ref, recommendation, comment, status, themes in items:
        paper.blocks += [
            Heading(f"Recommendation {ref}"),
            Para(recommendation),
            Para(f"Lead Member comments: {comment}"),
        ]
        paper.gold.append(Gold(recommendation, comment, status, None, themes, ref))
    paper.blocks += [Heading("Appendices"), Para("None.")]
    paper.cover("11 March 2014")
    return paper


PAPERS = (
    government_response,
    executive_response,
    officer_comments,
    progress_to_date,
    keyed_response_table,
    position_tracker,
    dated_updates_tracker,
    cabinet_tick_table,
    government_response_pdf,
    executive_rag_tracker,
    lead_member_comments,
    keyed_response_table_pdf,
    position_tracker_pdf,
    dated_updates_tracker_pdf,
    long_rows_tracker,
)


# --------------------------------------------------------------------------- writers


def gold_json(paper: Paper) -> dict:
    return {
        "id": paper.name,
        "file": f"{paper.name}.{paper.fmt}",
        "layout": paper.layout,
        "document": {
            "council": paper.council,
            "committee": paper.committee,
            "meeting_date": paper.meeting_date,
            "title": paper.title,
        },
        "items": [
            {
                "recommendation": g.recommendation,
                "progress": g.progress,
                "status": g.status,
                "response": g.response,
                "themes": sorted(g.themes),
                "ref": g.ref,
            }
            for g in paper.gold
        ],
    }


def write_docx(paper: Paper, path: Path) -> None:
    document = docx.Document()
    for block in paper.blocks:
        if isinstance(block, Heading):
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = True
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Para):
            document.add_paragraph(block.text)
        elif isinstance(block, Bullet):
            document.add_paragraph(block.text, style="List Bullet")
        else:
            _docx_grid(document, block)
            document.add_paragraph()
    document.core_properties.title = paper.title
    document.save(str(path))


def _docx_grid(document: docx.Document, grid: Grid) -> None:
    width = max(sum(c[1] if isinstance(c, tuple) else 1 for c in row) for row in grid.header)
    table = document.add_table(rows=0, cols=width)
    table.style = document.styles["Table Grid"]
    for header in grid.header:
        cells = table.add_row().cells
        position = 0
        for value in header:
            text, span = value if isinstance(value, tuple) else (value, 1)
            cell = cells[position]
            if span > 1:
                cell = cell.merge(cells[position + span - 1])
            cell.paragraphs[0].add_run(text).bold = True
            position += span
        header_flag = OxmlElement("w:tblHeader")
        header_flag.set(qn("w:val"), "true")
        table.rows[-1]._tr.get_or_add_trPr().append(header_flag)
    for row in grid.rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.paragraphs[0].add_run(text)


_STYLES = {
    "heading": ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=13.5, spaceAfter=5),
    "bullet": ParagraphStyle(
        "bullet", fontName="Helvetica", fontSize=10.5, leading=13.5, leftIndent=18, bulletIndent=6, spaceAfter=3
    ),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12),
    "header_cell": ParagraphStyle("header_cell", fontName="Helvetica-Bold", fontSize=9.5, leading=12),
}


def write_pdf(paper: Paper, path: Path) -> None:
    template = SimpleDocTemplate(
        str(path), pagesize=A4, invariant=1, leftMargin=2 * cm, rightMargin=2 * cm, title=paper.title
    )
    story = []
    for block in paper.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(escape(block.text), _STYLES["heading"]))
        elif isinstance(block, Para):
            story.append(Paragraph(escape(block.text), _STYLES["body"]))
        elif isinstance(block, Bullet):
            story.append(Paragraph(escape(block.text), _STYLES["bullet"], bulletText="•"))
        else:
            header = [
                [Paragraph(escape(c if isinstance(c, str) else c[0]), _STYLES["header_cell"]) for c in row]
                for row in grid_rows_flat(block.header)
            ]
            body = [[Paragraph(escape(c), _STYLES["cell"]) for c in row] for row in block.rows]
            split = {"splitByRow": 0, "splitInRow": 1} if block.split_rows else {}
            table = Table(header + body, repeatRows=len(header), hAlign="LEFT", **split)
            style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            for row_index, row in enumerate(block.header):
                column = 0
                for value in row:
                    span = value[1] if isinstance(value, tuple) else 1
                    if span > 1:
                        style.append(("SPAN", (column, row_index), (column + span - 1, row_index)))
                    column += span
            table.setStyle(TableStyle(style))
            story += [table, Spacer(1, 10)]
    template.build(story)


def grid_rows_flat(header: list[list[str | tuple[str, int]]]) -> list[list[str]]:
    """Header rows with spanning cells written out, the span's later columns empty."""
    flat = []
    for row in header:
        out: list[str] = []
        for value in row:
            text, span = value if isinstance(value, tuple) else (value, 1)
            out += [text] + [""] * (span - 1)
        flat.append(out)
    return flat


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for make in PAPERS:
        paper = make()
        path = out_dir / f"{paper.name}.{paper.fmt}"
        (write_docx if paper.fmt == "docx" else write_pdf)(paper, path)
        gold_path = path.with_name(path.name + ".gold.json")
        gold_path.write_text(json.dumps(gold_json(paper), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the papers and their gold into")
    parser.add_argument("--score", action="store_true", help="then score `scrutiny extract` on them")
    args = parser.parse_args(argv)
    papers = build(args.out_dir)
    items = sum(len(json.loads(p.with_name(p.name + ".gold.json").read_text())["items"]) for p in papers)
    print(f"{len(papers)} papers, {items} gold items in {args.out_dir}")
    if not args.score:
        return 0
    scrutiny = Path(sys.executable).with_name("scrutiny")
    command = [sys.executable, str(SCORER), str(args.out_dir), "--cmd", f"{scrutiny} extract {{files}} --json"]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
