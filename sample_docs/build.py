"""Build the sample scrutiny papers in this folder, each with a gold file beside it.

Run from the project root:

    .venv/bin/python sample_docs/build.py

Every paper is described once, below, as a `Paper`: its cover details and a list of
blocks (paragraphs, cover fields, data tables and recommendation tables). The same
description is rendered to Word or PDF and turned into `<file>.gold.json`, so the
documents and their gold cannot drift apart.

The councils, people and places are invented. The outputs are committed, so tests need
neither reportlab nor LibreOffice. Builds are deterministic: Word packages get fixed
core properties and fixed zip timestamps, and reportlab runs with `invariant=1`.

PDFs are converted from Word by LibreOffice when `soffice` is on the PATH, and drawn
with reportlab otherwise (`--pdf-engine` chooses). The committed PDFs come from
reportlab: `build.py --pdf-engine reportlab` reproduces them byte for byte.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pdfplumber
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT_DIR = Path(__file__).resolve().parent

STATUSES = ("completed", "in_progress", "outstanding")
THEMES = ("caf", "hidden_harm", "schools", "respite")
RAG_STATUS = {"Green": "completed", "Amber": "in_progress", "Red": "outstanding"}

# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Row:
    """One row of a recommendation table, and so one gold item.

    `progress` holds the paragraphs of the progress cell. `status` and `themes` are the
    gold judgements for what the row says.
    """

    recommendation: str
    progress: tuple[str, ...]
    status: str | None = None
    themes: tuple[str, ...] = ()
    ref: str | None = None
    lead_officer: str | None = None
    target_date: str | None = None
    rag: str | None = None

    def __post_init__(self) -> None:
        assert self.status is None or self.status in STATUSES, self.status
        assert set(self.themes) <= set(THEMES), self.themes
        assert self.rag is None or RAG_STATUS[self.rag] == self.status, (self.rag, self.status)

    def paragraphs(self, column: str) -> tuple[str, ...]:
        """The paragraphs printed in the cell of `column` (a field name of this class)."""
        value = getattr(self, column)
        if value is None:
            return ("",)
        return value if isinstance(value, tuple) else (value,)


def tracked(
    ref: str,
    recommendation: str,
    lead_officer: str,
    target_date: str,
    progress: tuple[str, ...],
    rag: str,
    themes: tuple[str, ...] = (),
) -> Row:
    """A tracker row, whose gold status follows from its RAG rating."""
    return Row(
        recommendation,
        progress,
        RAG_STATUS[rag],
        themes,
        ref=ref,
        lead_officer=lead_officer,
        target_date=target_date,
        rag=rag,
    )


@dataclass(frozen=True)
class Para:
    """A paragraph. `style` is one of: council, title, heading, body, signature."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class CoverField:
    """A cover line such as 'Committee:<tab>Children and Young People Scrutiny Panel'."""

    label: str
    value: str


@dataclass(frozen=True)
class DataTable:
    """A table that holds no recommendations (figures, budgets); it yields no items."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width


@dataclass(frozen=True)
class RecommendationTable:
    """A table of recommendations. `columns` pairs each header with a `Row` field."""

    columns: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]  # fractions of the text width


Block = Para | CoverField | DataTable | RecommendationTable


@dataclass(frozen=True)
class Paper:
    file: str
    layout: str
    council: str
    committee: str
    meeting_date: date
    title: str
    author: str
    blocks: tuple[Block, ...]
    running_header: str | None = None  # printed at the top of every page, with "Page N of M" below
    landscape: bool = False
    split_row_expected: bool = False  # a table row must continue across a page break

    @property
    def items(self) -> list[Row]:
        return [row for block in self.blocks if isinstance(block, RecommendationTable) for row in block.rows]


def long_date(d: date) -> str:
    """'14 March 2013'."""
    return f"{d.day} {d:%B %Y}"


def day_ordinal_date(d: date) -> str:
    """'Thursday, 8th November 2012'."""
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return f"{d:%A}, {d.day}{suffix} {d:%B %Y}"


TWO_COLUMNS = (("Recommendation", "recommendation"), ("Progress Updates", "progress"))

# --------------------------------------------------------------------------- 1. docx-2col

KINGSFORD = "Kingsford City Council"
KINGSFORD_PANEL = "Children and Young People Scrutiny Panel"
KINGSFORD_2013_DATE = date(2013, 3, 14)
KINGSFORD_2013_TITLE = "Young Carers Task and Finish Group: Progress on Recommendations"

KINGSFORD_2013_ROWS = (
    Row(
        "The Council should publish a young carers' charter, agreed with young carers, "
        "setting out what they can expect from council services;",
        (
            "Completed. The charter was written with members of the Kingsford Young Carers "
            "Forum and launched at the Guildhall on 24 January 2013.",
            "Printed copies have been sent to every GP practice and library in the city, and "
            "the charter is on the Council's website.",
        ),
        "completed",
    ),
    Row(
        "Every young carer identified by a council service should be offered a Common "
        "Assessment Framework (CAF) assessment so that support can be coordinated across "
        "agencies;",
        (
            "In progress. Since September 2012, 61 CAF assessments have been opened for young "
            "carers, compared with 19 in the same period last year.",
            "A young carers' prompt has been added to the CAF form and the CAF coordinators have "
            "briefed all family support teams on its use.",
        ),
        "in_progress",
        ("caf",),
    ),
    Row(
        "Adult social care staff should be trained to ask whether there are children in the "
        "household when assessing an adult's needs;",
        (
            "A 'Think Family' module has been added to the induction programme for adult social "
            "care assessors, and 84 staff attended briefings between October and December 2012.",
            "The adult assessment form now asks about children in the household and who helps with care.",
        ),
    ),
    Row(
        "Schools should each name a member of staff as young carers' lead and report the "
        "number of young carers on roll to the governing body every year;",
        (
            "Started. 38 of the city's 52 schools and academies have named a young carers' lead, "
            "and the Head of Inclusion has written to the head teachers of the remaining schools.",
            "Reporting to governors will begin in the summer term, once the spring census figures are available.",
        ),
        "in_progress",
        ("schools",),
    ),
    Row(
        "The Council should make sure that young carers whose parents misuse drugs or "
        "alcohol are referred to specialist support;",
        (
            "Outstanding. The specialist Hidden Harm worker post has been vacant since October "
            "2012 and has been re-advertised. Referrals are being picked up by the drug and "
            "alcohol team in the meantime.",
        ),
        "outstanding",
        ("hidden_harm",),
    ),
    Row(
        "Funding should be identified so that young carers can have regular breaks from their caring role;",
        (
            "Young carers can now apply for short breaks through the carers' breaks grant. 45 "
            "young carers had a short break between April and December 2012, including "
            "residential weekends and a summer activity programme.",
            "Respite for the families of young carers who look after a parent with complex "
            "needs is being considered as part of the review of adult respite services.",
        ),
        None,
        ("respite",),
    ),
    Row(
        "The Panel should receive a report on support for young carers aged 16 to 18 within twelve months.",
        ("This report is scheduled for the Panel's meeting on 11 July 2013.",),
    ),
)


def kingsford_2013() -> Paper:
    return Paper(
        file="kingsford-young-carers-2013.docx",
        layout="docx-2col",
        council=KINGSFORD,
        committee=KINGSFORD_PANEL,
        meeting_date=KINGSFORD_2013_DATE,
        title=KINGSFORD_2013_TITLE,
        author="Margaret Ellery",
        blocks=(
            Para(KINGSFORD.upper(), "council"),
            CoverField("Subject:", KINGSFORD_2013_TITLE),
            CoverField("Committee:", KINGSFORD_PANEL),
            CoverField("Date:", long_date(KINGSFORD_2013_DATE)),
            CoverField("Cabinet Member:", "Councillor Ruth Abbott, Children and Families"),
            CoverField("Author:", "Margaret Ellery, Young Carers Strategy Manager"),
            CoverField("Ref:", "CYPSP/YC/0313"),
            Para("1. Purpose of the report", "heading"),
            Para(
                "1.1 In June 2012 the Young Carers Task and Finish Group made seven "
                "recommendations, which Cabinet accepted in July 2012. This report sets out "
                "the progress made by the Council and its partners against each of them."
            ),
            Para("2. Recommendation", "heading"),
            Para(
                "2.1 That the Panel notes the progress set out in section 4 and asks for a final update in March 2014."
            ),
            Para("3. Resource implications", "heading"),
            Para(
                "3.1 Spending on young carers' support is shown below. The increase for "
                "2013/14 pays for a second worker in the commissioned young carers' service."
            ),
            DataTable(
                ("Service", "2012/13 £000", "2013/14 £000"),
                (
                    ("Young carers' service (commissioned)", "142", "156"),
                    ("Awareness-raising and training", "18", "22"),
                    ("Carers' breaks grant (young carers' share)", "35", "35"),
                    ("Total", "195", "213"),
                ),
                (0.56, 0.22, 0.22),
            ),
            Para("4. Progress against recommendations", "heading"),
            Para(
                "4.1 The table below sets out each recommendation of the task and finish "
                "group with the progress reported by the lead officers."
            ),
            RecommendationTable(TWO_COLUMNS, KINGSFORD_2013_ROWS, (0.42, 0.58)),
            Para("Margaret Ellery", "signature"),
            Para("Young Carers Strategy Manager", "signature"),
            Para("People Directorate", "signature"),
            Para("1 March 2013", "signature"),
        ),
    )


# --------------------------------------------------------------------------- 2. pdf-2col

HARTLEIGH = "Hartleigh County Council"
HARTLEIGH_COMMITTEE = "Children's Services Overview and Scrutiny Committee"
HARTLEIGH_DATE = date(2012, 12, 6)
HARTLEIGH_TITLE = "Short Breaks for Disabled Children: Progress on Scrutiny Recommendations"

HARTLEIGH_ROWS = (
    Row(
        "The County Council should publish a short breaks services statement that explains "
        "clearly what is available, who is eligible and how families can ask for help.",
        (
            "Completed. The statement was rewritten with the Hartleigh Parent Carer Forum and "
            "published on the Council's website in September 2012. Printed copies have been "
            "sent to every children's centre, library and GP surgery in the county.",
        ),
        "completed",
        ("respite",),
    ),
    Row(
        "Decisions on specialist short breaks should be made by a multi-agency panel which "
        "includes a parent carer representative.",
        (
            "In progress. A multi-agency panel chaired by the Service Manager for Disabled "
            "Children has met monthly since July 2012 and has considered 143 requests.",
            "Two parent carer representatives have been recruited through the Parent Carer "
            "Forum and will take up their places on the panel in January 2013.",
        ),
        "in_progress",
        ("respite",),
    ),
    Row(
        "Overnight respite should be available within 30 miles of home for families living in the north of the county.",
        (
            "Families in the north of the county travel to Crossmere House in Hartleigh for "
            "overnight stays, a round trip of up to 70 miles. Officers assessed three options: "
            "extending the contract with an independent provider in Marlcombe, converting a "
            "council-owned bungalow in Steadley, and buying overnight stays from approved "
            "family-based carers.",
            "The Steadley option was recommended to Cabinet in October 2012 and capital funding "
            "of £310,000 has been set aside in the 2013/14 programme. Planning permission was "
            "granted on 14 November 2012. Building work is due to begin in February 2013 and "
            "the unit should open to the first families in September 2013, providing four beds "
            "and up to 1,100 nights a year.",
            "Until the unit opens, 12 families from the north of the county have been offered "
            "overnight stays with family-based carers under the Shared Care scheme, and a "
            "further six carers are being assessed. Families have told officers that the "
            "shorter journey matters most for children who find travel distressing, and the "
            "Parent Carer Forum will be involved in planning the new unit's routines, "
            "furnishings and garden.",
        ),
        None,
        ("respite",),
    ),
    Row(
        "Parents should be offered a direct payment for short breaks as an alternative to "
        "services arranged by the Council.",
        (
            "Completed. Direct payments for short breaks have been offered at every review "
            "since April 2012. 96 families now receive a direct payment, up from 41 in March "
            "2012, and the Parent Carer Forum runs a monthly drop-in for families who employ "
            "personal assistants.",
        ),
        "completed",
        ("respite",),
    ),
    Row(
        "Parent carers should receive a written decision within 28 days of asking for an "
        "assessment of their child's needs.",
        (
            "The average time from request to written decision fell from 47 days in 2011/12 to "
            "31 days between April and October 2012.",
            "Two additional social workers joined the Disabled Children's Team in September "
            "2012, and officers expect to meet the 28-day standard from January 2013. A weekly "
            "report of requests waiting longer than 21 days now goes to the Service Manager.",
        ),
    ),
    Row(
        "Special schools should be supported to open their sites in the evenings and school "
        "holidays to provide short breaks for disabled pupils.",
        (
            "Four of the county's seven special schools ran holiday clubs in summer 2012, "
            "attended by 118 pupils. The head teachers of the other three schools have raised "
            "concerns about insurance and staffing, and a meeting with the Council's insurance "
            "team has been arranged for December 2012.",
        ),
        None,
        ("respite", "schools"),
    ),
    Row(
        "Transport to and from short breaks should be reviewed so that no child spends more "
        "than 45 minutes on each journey.",
        (
            "The Integrated Transport Unit reviewed every short breaks journey between June and "
            "September 2012 and found that 23 children regularly travelled for longer than 45 "
            "minutes.",
            "New routes were introduced on 5 November 2012 and 19 of these journeys are now "
            "within the limit. The remaining four children live in isolated rural areas and "
            "their families have been offered a mileage allowance instead.",
        ),
        None,
        ("respite",),
    ),
    Row(
        "The County Council and the Primary Care Trust should jointly fund short breaks for "
        "children with complex health needs, including those who need nursing care "
        "overnight.",
        (
            "Ongoing. A joint funding protocol has been drafted and is with the Primary Care "
            "Trust for agreement. Until it is signed, the cost of nursing care during short "
            "breaks is being met from the Council's budget, at around £4,200 a month.",
        ),
        "in_progress",
        ("respite",),
    ),
    Row(
        "Equipment and adaptations for disabled children should be provided within twelve "
        "weeks of the occupational therapy assessment.",
        (
            "Equipment and adaptations for children are now handled by a single team in the "
            "Integrated Community Equipment Service. Between April and September 2012, 74% of "
            "items were provided within twelve weeks, compared with 52% in 2011/12.",
            "Major adaptations that need building work are still taking longer, mainly because "
            "of delays in landlord consent. A protocol with the three largest housing "
            "associations is being negotiated so that consent is given within ten working days.",
        ),
    ),
    Row(
        "Every disabled young person aged 14 or over should have a transition plan that is "
        "shared with adult social care.",
        (
            "Not started. The transition protocol between children's and adult services is "
            "being rewritten to reflect the Government's proposed reforms for disabled young "
            "people, and this recommendation will be taken forward once the new protocol is "
            "agreed.",
        ),
        "outstanding",
    ),
    Row(
        "Workers in the Disabled Children's Team should be trained to recognise parental "
        "mental ill-health and domestic abuse in the families they support.",
        (
            "In progress. 31 of the team's 44 workers attended the Safeguarding Children "
            "Board's course on parental mental health and domestic abuse in October 2012. The "
            "remaining workers are booked on the course in February 2013.",
        ),
        "in_progress",
        ("hidden_harm",),
    ),
    Row(
        "The Committee should receive an annual report on the take-up of short breaks, "
        "broken down by district and by type of disability.",
        (
            "The first annual report is in the Committee's work programme for June 2013. "
            "Take-up by district is now recorded every quarter; figures by type of disability "
            "will be available from April 2013, when the new case management system goes live.",
        ),
        None,
        ("respite",),
    ),
)


def hartleigh() -> Paper:
    return Paper(
        file="hartleigh-short-breaks-2012.pdf",
        layout="pdf-2col",
        council=HARTLEIGH,
        committee=HARTLEIGH_COMMITTEE,
        meeting_date=HARTLEIGH_DATE,
        title=HARTLEIGH_TITLE,
        author="Priya Raman",
        running_header=HARTLEIGH.upper(),
        split_row_expected=True,
        blocks=(
            Para(HARTLEIGH_COMMITTEE, "council"),
            Para(long_date(HARTLEIGH_DATE), "body"),
            Para(HARTLEIGH_TITLE, "title"),
            Para("Report of the Head of Disabled Children's Services", "body"),
            Para("1. Purpose of report", "heading"),
            Para(
                "1.1 In March 2012 the Committee's Short Breaks Review Panel made twelve "
                "recommendations to improve short breaks for disabled children and their "
                "families. Cabinet accepted all twelve in April 2012. This report tells the "
                "Committee what has been done on each recommendation since then."
            ),
            Para("2. Recommendation", "heading"),
            Para(
                "2.1 That the Committee notes the progress made and identifies any "
                "recommendation on which it wants a further report."
            ),
            Para("3. Background", "heading"),
            Para(
                "3.1 About 1,450 disabled children and young people in Hartleigh use at "
                "least one short break each year, from an afternoon at a youth club to "
                "overnight stays away from home. The Council spends £3.8 million a year on "
                "short breaks, of which £1.1 million comes from the Early Intervention Grant."
            ),
            Para(
                "3.2 The Review Panel heard from 64 parent carers, 22 young people and staff "
                "from health, education and voluntary organisations. Its main concerns were "
                "the distance some families must travel for overnight care, the lack of "
                "clear information and the time taken to reach decisions."
            ),
            Para("4. Progress on recommendations", "heading"),
            Para("4.1 The table below gives each recommendation and the progress reported by the responsible officer."),
            RecommendationTable(
                (("Recommendation", "recommendation"), ("Progress", "progress")), HARTLEIGH_ROWS, (0.44, 0.56)
            ),
            Para("Contact officer: Priya Raman, Head of Disabled Children's Services", "signature"),
            Para("Telephone: 01632 960418", "signature"),
            Para("Report date: 23 November 2012", "signature"),
        ),
    )


# --------------------------------------------------------------------------- 3. docx-tracker

CALDERBROOK = "Calderbrook Metropolitan Borough Council"
CALDERBROOK_PANEL = "Communities and Neighbourhoods Scrutiny Panel"
CALDERBROOK_DATE = date(2013, 4, 23)
CALDERBROOK_TITLE = "Library Service Review: Monitoring of Scrutiny Recommendations"

CALDERBROOK_ROWS = (
    tracked(
        "LS1",
        "Keep all eleven branch libraries open, with opening hours matched to local use",
        "Head of Libraries and Information",
        "April 2013",
        (
            "New opening hours were introduced at all eleven branches on 2 April 2013, "
            "following a footfall survey and a public consultation which drew 2,304 "
            "responses.",
        ),
        "Green",
    ),
    tracked(
        "LS2",
        "Recruit and train volunteers to support, and not replace, paid library staff",
        "Library Development Manager",
        "September 2013",
        (
            "62 volunteers have been recruited and 40 have finished their induction.",
            "A volunteer agreement setting out which tasks volunteers will not do has been "
            "agreed with the trade unions.",
        ),
        "Amber",
    ),
    tracked(
        "LS3",
        "Extend the home library service to every housebound resident who asks for it",
        "Library Development Manager",
        "March 2013",
        (
            "The waiting list was cleared in February 2013. 318 residents now receive a "
            "monthly visit, delivered by staff and volunteers in two vans.",
        ),
        "Green",
    ),
    tracked(
        "LS4",
        "Work with primary schools to increase the number of class visits to branch libraries",
        "Children's Library Manager",
        "July 2013",
        (
            "Class visits have been arranged with 19 primary schools this year, against a "
            "target of 30. Head teachers have asked for visits to be timed around the new "
            "phonics screening check, and a revised timetable is being drawn up with them.",
        ),
        "Amber",
        ("schools",),
    ),
    tracked(
        "LS5",
        "Provide free public Wi-Fi in every branch library",
        "Head of ICT",
        "December 2012",
        (
            "The contract for Wi-Fi was not let because the only compliant bid was over "
            "budget. The procurement will be re-run in the new financial year and this "
            "target has been missed.",
        ),
        "Red",
    ),
    tracked(
        "LS6",
        "Report income from room hire and events to the Panel every six months",
        "Finance Business Partner",
        "Six-monthly",
        (
            "The first report went to the Panel in October 2012 and the second is on "
            "today's agenda. Income for 2012/13 was £48,600, against a target of £45,000.",
        ),
        "Green",
    ),
)

TRACKER_COLUMNS = (
    ("Ref", "ref"),
    ("Recommendation", "recommendation"),
    ("Lead Officer", "lead_officer"),
    ("Target Date", "target_date"),
    ("Progress Update", "progress"),
    ("RAG Status", "rag"),
)


def calderbrook() -> Paper:
    return Paper(
        file="calderbrook-libraries-tracker-2013.docx",
        layout="docx-tracker",
        council=CALDERBROOK,
        committee=CALDERBROOK_PANEL,
        meeting_date=CALDERBROOK_DATE,
        title=CALDERBROOK_TITLE,
        author="Helen Ashworth",
        landscape=True,
        blocks=(
            Para(CALDERBROOK.upper(), "council"),
            Para(CALDERBROOK_PANEL, "heading"),
            Para(f"Meeting held on {long_date(CALDERBROOK_DATE)}", "body"),
            Para(CALDERBROOK_TITLE, "title"),
            Para(
                "The Panel completed its review of the library service in September 2012 and "
                "made six recommendations. The tracker below shows progress against each one, "
                "as reported by the lead officer at the end of March 2013."
            ),
            Para(
                "RAG status key: Green – completed; Amber – in progress and on track; Red – not started or off track."
            ),
            RecommendationTable(TRACKER_COLUMNS, CALDERBROOK_ROWS, (0.06, 0.24, 0.14, 0.10, 0.38, 0.08)),
            Para("Contact: Helen Ashworth, Head of Libraries and Information, 12 April 2013", "signature"),
        ),
    )


# --------------------------------------------------------------------------- 4. pdf-2col-distractor

WESTMOOR = "Westmoor Metropolitan Borough Council"
WESTMOOR_COMMITTEE = "Children and Families Scrutiny Committee"
WESTMOOR_DATE = date(2012, 11, 8)
WESTMOOR_TITLE = "Hidden Harm Scrutiny Review: Update on Recommendations"

WESTMOOR_ROWS = (
    Row(
        "All agencies should use the Common Assessment Framework to record and share "
        "concerns about children living with parental substance misuse.",
        (
            "In progress. The CAF form was updated in June 2012 with a section on parental drug "
            "and alcohol use, and 27 CAFs recording this concern were opened between June and "
            "September 2012.",
        ),
        "in_progress",
        ("caf", "hidden_harm"),
    ),
    Row(
        "Hidden Harm training should be mandatory for social workers, health visitors and midwives.",
        (
            "Completed. The Safeguarding Children Board made the course mandatory from April "
            "2012. 214 staff have attended, and the course is now part of induction for all "
            "three professions.",
        ),
        "completed",
        ("hidden_harm",),
    ),
    Row(
        "Designated safeguarding leads in schools should receive guidance on supporting "
        "pupils who live with domestic abuse.",
        (
            "Guidance was sent to all schools and academies in September 2012. Since October, "
            "the police have told 14 pilot schools by the next morning when a pupil was present "
            "at a domestic abuse incident, so that staff can offer support during the day.",
        ),
        None,
        ("hidden_harm", "schools"),
    ),
    Row(
        "The adult drug and alcohol treatment service should ask every client whether they "
        "live with or care for children, so that children affected by parental drug or "
        "alcohol misuse are identified early.",
        (
            "Outstanding. The provider's case management system cannot yet record this "
            "information. A change request has been raised with the supplier for January 2013.",
        ),
        "outstanding",
        ("hidden_harm",),
    ),
    Row(
        "The Council should consider funding a parenting programme for parents recovering from alcohol misuse.",
        (
            "A bid for £60,000 has been made to the Public Health transition fund. The outcome "
            "will be known in December 2012.",
        ),
        None,
        ("hidden_harm",),
    ),
    Row(
        "The Committee should receive a further update in twelve months.",
        ("A further report has been added to the Committee's work programme for November 2013.",),
    ),
)


def westmoor() -> Paper:
    return Paper(
        file="westmoor-hidden-harm-2012.pdf",
        layout="pdf-2col-distractor",
        council=WESTMOOR,
        committee=WESTMOOR_COMMITTEE,
        meeting_date=WESTMOOR_DATE,
        title=WESTMOOR_TITLE,
        author="Gareth Pryce",
        running_header=WESTMOOR.upper(),
        blocks=(
            Para(WESTMOOR_COMMITTEE, "council"),
            CoverField("Date of meeting:", day_ordinal_date(WESTMOOR_DATE)),
            CoverField("Report of:", "Assistant Director, Targeted Services"),
            CoverField("Title:", WESTMOOR_TITLE),
            Para("1. Summary", "heading"),
            Para(
                "1.1 The Committee's review of Hidden Harm reported in January 2012 and made "
                "six recommendations. This report sets out the progress made on each of "
                "them and gives the latest referral figures for the Hidden Harm Family "
                "Service."
            ),
            Para("2. Recommendations", "heading"),
            Para(
                "2.1 That the Committee notes the referral figures in section 3 and the progress set out in section 4."
            ),
            Para("3. Referrals to the Hidden Harm Family Service", "heading"),
            Para(
                "3.1 Referrals have risen steadily since the review. The figures below are "
                "taken from the service's quarterly returns."
            ),
            DataTable(
                ("Quarter", "Referrals received", "Families allocated", "Cases closed"),
                (
                    ("2011/12 Q1", "34", "29", "21"),
                    ("2011/12 Q2", "41", "33", "25"),
                    ("2011/12 Q3", "39", "35", "30"),
                    ("2011/12 Q4", "47", "40", "28"),
                    ("2012/13 Q1", "52", "44", "37"),
                    ("2012/13 Q2", "58", "49", "41"),
                ),
                (0.31, 0.23, 0.23, 0.23),
            ),
            Para("4. Progress on recommendations", "heading"),
            Para("4.1 Lead officers have reported the following progress against the review's recommendations."),
            RecommendationTable(
                (("Recommendation", "recommendation"), ("Progress", "progress")), WESTMOOR_ROWS, (0.46, 0.54)
            ),
            Para("Background papers: Hidden Harm Scrutiny Review, final report, January 2012", "signature"),
            Para("Author: Gareth Pryce, Hidden Harm Strategy Lead, 29 October 2012", "signature"),
        ),
    )


# --------------------------------------------------------------------------- 5. docx-negative

NORTH_ASHWELL = "North Ashwell District Council"
NORTH_ASHWELL_COMMITTEE = "Environment Overview and Scrutiny Committee"
NORTH_ASHWELL_DATE = date(2012, 11, 29)
NORTH_ASHWELL_TITLE = "Street Scene Revenue Budget Monitoring: Quarter 2 2012/13"


def north_ashwell() -> Paper:
    return Paper(
        file="north-ashwell-budget-monitoring-2012.docx",
        layout="docx-negative",
        council=NORTH_ASHWELL,
        committee=NORTH_ASHWELL_COMMITTEE,
        meeting_date=NORTH_ASHWELL_DATE,
        title=NORTH_ASHWELL_TITLE,
        author="Simon Pettifer",
        blocks=(
            Para(NORTH_ASHWELL.upper(), "council"),
            CoverField("Meeting:", NORTH_ASHWELL_COMMITTEE),
            CoverField("Date:", long_date(NORTH_ASHWELL_DATE)),
            CoverField("Subject:", NORTH_ASHWELL_TITLE),
            CoverField("Report by:", "Head of Finance"),
            Para("1. Purpose", "heading"),
            Para(
                "1.1 To report the forecast outturn for street scene services at the end of "
                "September 2012, progress on the savings agreed in the 2012/13 budget and "
                "the latest fly-tipping figures."
            ),
            Para("2. Recommendation", "heading"),
            Para(
                "2.1 That the Committee notes the forecast overspend of £44,000 and the "
                "action being taken to reduce it."
            ),
            Para("3. Forecast outturn", "heading"),
            Para(
                "3.1 The main pressure is in waste collection, where fuel prices and the "
                "growth in new homes have added £53,000 to costs. Vacancies in street "
                "cleansing offset part of this."
            ),
            DataTable(
                ("Service", "Budget 2012/13 £000", "Forecast Outturn £000", "Variance £000"),
                (
                    ("Waste Collection", "2,415", "2,468", "53"),
                    ("Street Cleansing", "1,122", "1,109", "(13)"),
                    ("Fly-tipping Enforcement", "86", "97", "11"),
                    ("Grounds Maintenance", "734", "731", "(3)"),
                    ("Public Conveniences", "142", "138", "(4)"),
                    ("Total", "4,499", "4,543", "44"),
                ),
                (0.40, 0.20, 0.20, 0.20),
            ),
            Para("4. Savings", "heading"),
            Para("4.1 Savings of £95,000 were built into the 2012/13 budget. £82,000 is forecast to be achieved."),
            DataTable(
                ("Savings Proposal", "Target £000", "Forecast £000", "Comment"),
                (
                    ("Reduce the frequency of emptying rural litter bins", "40", "40", "Delivered from 1 April 2012."),
                    (
                        "Charge for replacement wheeled bins",
                        "25",
                        "12",
                        "Take-up lower than expected; the charge will be reviewed in January.",
                    ),
                    (
                        "Share an enforcement officer with a neighbouring council",
                        "30",
                        "30",
                        "Agreement signed in June 2012.",
                    ),
                    ("Total", "95", "82", ""),
                ),
                (0.40, 0.14, 0.14, 0.32),
            ),
            Para("5. Fly-tipping", "heading"),
            Para(
                "5.1 Reported fly-tipping fell by 11% compared with the same quarter last "
                "year, and more incidents led to enforcement action."
            ),
            DataTable(
                ("Indicator", "Q2 2011/12", "Q2 2012/13"),
                (
                    ("Fly-tipping incidents reported", "412", "367"),
                    ("Incidents cleared within two working days (%)", "88", "93"),
                    ("Fixed penalty notices issued", "6", "14"),
                    ("Prosecutions", "1", "3"),
                ),
                (0.60, 0.20, 0.20),
            ),
            Para("Simon Pettifer", "signature"),
            Para("Principal Accountant (Environment)", "signature"),
            Para("16 November 2012", "signature"),
        ),
    )


# --------------------------------------------------------------------------- 6. docx-2col, a year on

KINGSFORD_2014_DATE = date(2014, 3, 13)
KINGSFORD_2014_TITLE = "Young Carers Task and Finish Group: Final Update on Recommendations"

KINGSFORD_2014_ROWS = (
    Row(
        "Publish a young carers' charter agreed with young carers",
        (
            "Completed in January 2013. The Young Carers Forum reviewed the charter in January "
            "2014 and added a version for younger children.",
        ),
        "completed",
    ),
    Row(
        "Offer a CAF assessment to every young carer identified by a council service",
        (
            "Completed. The Common Assessment Framework was replaced by the Early Help "
            "Assessment on 1 October 2013 and the young carers' prompt was carried across.",
            "During 2013, 148 early help assessments were opened for young carers.",
        ),
        "completed",
        ("caf",),
    ),
    Row(
        "Train adult social care staff to ask about children in the household",
        (
            "Done. The Think Family module is now mandatory for adult social care assessors and "
            "212 staff have been through it.",
        ),
        "completed",
    ),
    Row(
        "Name a young carers' lead in every school and report numbers to governors",
        (
            "In progress. 49 of the city's 53 schools and academies now have a named lead.",
            "Governing bodies received the first annual figures in July 2013. The Inclusion "
            "Service is working with the four schools that have no lead.",
        ),
        "in_progress",
        ("schools",),
    ),
    Row(
        "Refer young carers affected by parental drug or alcohol misuse to specialist support",
        (
            "The Hidden Harm worker took up post in May 2013 and has worked with 37 families.",
            "A joint referral pathway with the adult drug and alcohol service was agreed in November 2013.",
        ),
        None,
        ("hidden_harm",),
    ),
    Row(
        "Identify funding for regular breaks for young carers",
        (
            "Ongoing. Funding for short breaks for young carers has been kept at £35,000 for 2014/15.",
            "The review of adult respite services now includes families where a young carer looks after a parent.",
        ),
        "in_progress",
        ("respite",),
    ),
    Row(
        "Report to the Panel on support for young carers aged 16 to 18",
        ("Outstanding. The report was deferred at the Panel's request and is now due in June 2014.",),
        "outstanding",
    ),
)


def kingsford_2014() -> Paper:
    return Paper(
        file="kingsford-young-carers-2014.docx",
        layout="docx-2col",
        council=KINGSFORD,
        committee=KINGSFORD_PANEL,
        meeting_date=KINGSFORD_2014_DATE,
        title=KINGSFORD_2014_TITLE,
        author="Daniel Okafor",
        blocks=(
            Para(KINGSFORD.upper(), "council"),
            Para(KINGSFORD_PANEL, "heading"),
            Para(long_date(KINGSFORD_2014_DATE), "body"),
            Para(KINGSFORD_2014_TITLE, "title"),
            Para("1. Introduction", "heading"),
            Para(
                "1.1 The Panel last considered the task and finish group's recommendations "
                "on 14 March 2013 and asked for a final update after a further year. The "
                "recommendations are summarised in the table below."
            ),
            Para(
                "1.2 Since the last update the Council has introduced a single Early Help "
                "Assessment for all agencies, and the young carers' service has been "
                "re-commissioned from April 2014."
            ),
            Para("2. Recommendation", "heading"),
            Para(
                "2.1 That the Panel notes the progress made and agrees that the remaining "
                "actions are monitored by the Young Carers Steering Group."
            ),
            Para("3. Progress", "heading"),
            RecommendationTable(TWO_COLUMNS, KINGSFORD_2014_ROWS, (0.40, 0.60)),
            Para("Daniel Okafor", "signature"),
            Para("Early Help Service Manager", "signature"),
            Para("People Directorate", "signature"),
            Para("28 February 2014", "signature"),
        ),
    )


PAPERS = (kingsford_2013, hartleigh, calderbrook, westmoor, north_ashwell, kingsford_2014)

# --------------------------------------------------------------------------- gold


def gold(paper: Paper) -> dict:
    return {
        "id": Path(paper.file).stem,
        "file": paper.file,
        "layout": paper.layout,
        "document": {
            "council": paper.council,
            "committee": paper.committee,
            "meeting_date": paper.meeting_date.isoformat(),
            "title": paper.title,
        },
        "items": [
            {
                "recommendation": row.recommendation,
                "progress": " ".join(row.progress),
                "status": row.status,
                "response": None,
                "themes": sorted(row.themes),
                "ref": row.ref,
            }
            for row in paper.items
        ],
    }


def write_gold(paper: Paper, path: Path) -> None:
    text = json.dumps(gold(paper), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- Word

DOCX_FONT = "Arial"
DOCX_TIMESTAMP = (2013, 1, 1, 0, 0, 0)  # zip entry times
DOCX_MARGIN = Cm(2)


def write_docx(paper: Paper, path: Path) -> None:
    document = docx.Document()
    set_up_docx_page(document, paper)
    for block in paper.blocks:
        add_docx_block(document, block, text_width(document))
    if paper.running_header:
        add_docx_page_furniture(document, paper.running_header)
    set_docx_properties(document, paper)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(with_fixed_zip_timestamps(buffer.getvalue()))


def set_up_docx_page(document: docx.Document, paper: Paper) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, DOCX_MARGIN)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)


def text_width(document: docx.Document) -> int:
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def add_docx_block(document: docx.Document, block: Block, width: int) -> None:
    if isinstance(block, Para):
        add_docx_paragraph(document, block)
    elif isinstance(block, CoverField):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(4))
        paragraph.add_run(block.label).bold = True
        paragraph.add_run("\t" + block.value)
    elif isinstance(block, DataTable):
        cells = [[(text,) for text in row] for row in block.rows]
        add_docx_table(document, block.header, cells, block.widths, width)
        document.add_paragraph()
    else:
        cells = [[row.paragraphs(column) for _, column in block.columns] for row in block.rows]
        add_docx_table(document, [header for header, _ in block.columns], cells, block.widths, width)
        document.add_paragraph()


def add_docx_paragraph(document: docx.Document, block: Para) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.style == "council":
        run.bold, run.font.size = True, Pt(14)
    elif block.style == "title":
        run.bold, run.font.size = True, Pt(13)
        paragraph.paragraph_format.space_before = Pt(12)
    elif block.style == "heading":
        run.bold = True
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.keep_with_next = True
    elif block.style == "signature":
        paragraph.paragraph_format.space_after = Pt(0)


def add_docx_table(document: docx.Document, header, rows, widths, width: int) -> None:
    """A ruled table with a bold header row that Word repeats on each page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    mark_as_repeating_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, paragraphs in zip(table.add_row().cells, row):
            cell.paragraphs[0].add_run(paragraphs[0])
            for text in paragraphs[1:]:
                cell.add_paragraph(text)
    for column, fraction in zip(table.columns, widths):
        for cell in column.cells:
            cell.width = int(width * fraction)


def mark_as_repeating_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def add_docx_page_furniture(document: docx.Document, header_text: str) -> None:
    """The council name at the top of each page and 'Page N of M' at the foot."""
    section = document.sections[0]
    section.header.paragraphs[0].text = header_text
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    add_docx_field(footer, "PAGE")
    footer.add_run(" of ")
    add_docx_field(footer, "NUMPAGES")


def add_docx_field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def set_docx_properties(document: docx.Document, paper: Paper) -> None:
    written = datetime(paper.meeting_date.year, paper.meeting_date.month, paper.meeting_date.day, 9, 0, tzinfo=UTC)
    properties = document.core_properties
    properties.title = paper.title
    properties.author = paper.author
    properties.last_modified_by = "Democratic Services"
    properties.created = written
    properties.modified = written
    properties.revision = 1
    properties.comments = ""


def with_fixed_zip_timestamps(package: bytes) -> bytes:
    """The same package with every entry dated DOCX_TIMESTAMP, so rebuilds are identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=DOCX_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- PDF

PDF_MARGIN = 2 * cm
PDF_STYLES = {
    "council": ParagraphStyle("council", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceAfter=6),
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=6, spaceAfter=10),
    "heading": ParagraphStyle(
        "heading", fontName="Helvetica-Bold", fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=4, keepWithNext=1
    ),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6),
    "signature": ParagraphStyle("signature", fontName="Helvetica", fontSize=10, leading=13),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12, spaceAfter=4),
    "header_cell": ParagraphStyle("header_cell", fontName="Helvetica-Bold", fontSize=9.5, leading=12),
}
PDF_TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
        # Close a row cut by a page break with a rule at the foot of the page, as Word does.
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.75, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def write_pdf(paper: Paper, path: Path, engine: str = "auto") -> None:
    if engine == "libreoffice" or (engine == "auto" and shutil.which("soffice")):
        write_pdf_with_libreoffice(paper, path)
    else:
        write_pdf_with_reportlab(paper, path)


def write_pdf_with_libreoffice(paper: Paper, path: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / (path.stem + ".docx")
        write_docx(paper, source)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, str(source)],
            check=True,
            capture_output=True,
        )
        shutil.move(Path(work) / path.name, path)


def write_pdf_with_reportlab(paper: Paper, path: Path) -> None:
    """Lay the paper out twice: once to count the pages, once to print 'Page N of M'."""
    _, page_count = render_reportlab(paper, page_count=0)
    data, _ = render_reportlab(paper, page_count)
    path.write_bytes(data)


def render_reportlab(paper: Paper, page_count: int) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages."""
    buffer = io.BytesIO()
    page_size = landscape(A4) if paper.landscape else A4
    template = SimpleDocTemplate(
        buffer,
        pagesize=page_size,
        invariant=1,
        leftMargin=PDF_MARGIN,
        rightMargin=PDF_MARGIN,
        topMargin=PDF_MARGIN + 0.6 * cm,
        bottomMargin=PDF_MARGIN,
        title=paper.title,
        author=paper.author,
        subject=paper.committee,
        creator=paper.council,
    )

    def draw_page_furniture(canvas, doc) -> None:
        if not paper.running_header:
            return
        width, height = page_size
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawString(PDF_MARGIN, height - PDF_MARGIN + 0.2 * cm, paper.running_header)
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(width / 2, PDF_MARGIN - 0.9 * cm, f"Page {doc.page} of {page_count}")
        canvas.restoreState()

    frame_width = template.width - 12  # the frame pads 6 points on each side
    story = [flowable for block in paper.blocks for flowable in reportlab_flowables(block, frame_width)]
    template.build(story, onFirstPage=draw_page_furniture, onLaterPages=draw_page_furniture)
    return buffer.getvalue(), template.page


def reportlab_flowables(block: Block, width: float) -> list:
    if isinstance(block, Para):
        return [Paragraph(escape(block.text), PDF_STYLES[block.style])]
    if isinstance(block, CoverField):
        text = f"<b>{escape(block.label)}</b> {escape(block.value)}"
        return [Paragraph(text, PDF_STYLES["body"])]
    if isinstance(block, DataTable):
        rows = [[(text,) for text in row] for row in block.rows]
        return [reportlab_table(block.header, rows, block.widths, width), Spacer(1, 8)]
    rows = [[row.paragraphs(column) for _, column in block.columns] for row in block.rows]
    header = [header for header, _ in block.columns]
    return [reportlab_table(header, rows, block.widths, width), Spacer(1, 12)]


def reportlab_table(header, rows, widths, width: float) -> Table:
    """A ruled table whose header row repeats on each page and whose rows may split.

    With splitByRow=0 reportlab cuts the row that meets the foot of the page. With the
    default it first breaks at a row boundary and then cuts the next row on the same
    page, printing the header a second time mid-page.
    """
    data = [[Paragraph(escape(text), PDF_STYLES["header_cell"]) for text in header]]
    for row in rows:
        data.append([[Paragraph(escape(text), PDF_STYLES["cell"]) for text in paragraphs] for paragraphs in row])
    table = Table(
        data,
        colWidths=[width * fraction for fraction in widths],
        repeatRows=1,
        splitByRow=0,
        splitInRow=1,
        hAlign="LEFT",
    )
    table.setStyle(PDF_TABLE_STYLE)
    return table


def check_split_row(path: Path, header: str) -> None:
    """Fail unless some page's table opens with the header and then a row whose first
    cell is empty: the rest of a row that began on the page before."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[1:]:
            for table in page.extract_tables():
                if len(table) > 1 and table[0][0] == header and not table[1][0]:
                    return
    raise AssertionError(f"{path.name}: no table row continues across a page break")


# --------------------------------------------------------------------------- main


def build(paper: Paper, out_dir: Path = OUT_DIR, pdf_engine: str = "auto") -> Path:
    path = out_dir / paper.file
    if path.suffix == ".pdf":
        write_pdf(paper, path, pdf_engine)
        if paper.split_row_expected:
            check_split_row(path, "Recommendation")
    else:
        write_docx(paper, path)
    write_gold(paper, path.with_name(path.name + ".gold.json"))
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the sample council papers and their gold files.")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write into (default: beside this script)")
    parser.add_argument(
        "--pdf-engine",
        choices=["auto", "libreoffice", "reportlab"],
        default="auto",
        help="how to make PDFs (default: LibreOffice when installed, else reportlab)",
    )
    args = parser.parse_args(argv)
    out_dir = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    for make_paper in PAPERS:
        paper = make_paper()
        path = build(paper, out_dir, args.pdf_engine)
        print(f"{path}: {paper.layout}, {len(paper.items)} items")


if __name__ == "__main__":
    main()
