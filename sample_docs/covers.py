"""A yardstick for metadata: cover pages of councils across England, Wales, Scotland
and Northern Ireland, in the ways real papers print who, when and which committee.

Each `Cover` names what a reader should find (the council's official name as the UK
register gives it, the committee, the meeting date, the title) and how the paper
prints it: label lines, a cover table, a running header or footer, a Welsh name,
initials, "London Borough of ...", a "To:" line, many date forms. `build(folder)`
writes each as a Word or PDF file; `score(folder)` reads them back and gives the
share of covers each field was read right on.

    .venv/bin/python sample_docs/covers.py [FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
import docx.shared
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

FIELDS = ("council", "committee", "meeting_date", "title")


@dataclass(frozen=True)
class Cover:
    name: str
    style: str  # "labels" | "table" | "header" | "lines" | "to-line" | "logo"
    fmt: str  # "docx" | "pdf"
    council_printed: str
    council: str  # the official name the register gives
    committee: str
    meeting_date: date
    date_text: str
    title: str


COVERS = [
    Cover("swansea-table", "table", "docx", "City and County of Swansea", "City and County of Swansea Council",
          "Scrutiny Programme Committee", date(2019, 3, 5), "05/03/2019", "Young Carers Inquiry: Progress Report"),
    Cover("abertawe-welsh", "lines", "docx", "Cyngor Abertawe", "City and County of Swansea Council",
          "Cabinet", date(2018, 11, 15), "15 November 2018", "Response to the Poverty Inquiry"),
    Cover("cardiff-labels", "labels", "pdf", "Cardiff Council", "City of Cardiff Council",
          "Children and Young People Scrutiny Committee", date(2017, 1, 10), "Tuesday, 10th January 2017",
          "Corporate Parenting Inquiry: Tracking Recommendations"),
    Cover("caerdydd-header", "header", "pdf", "Cyngor Caerdydd", "City of Cardiff Council",
          "Economy and Culture Scrutiny Committee", date(2016, 6, 9), "9 June 2016", "Libraries Review Update"),
    Cover("ceredigion-welsh", "lines", "pdf", "Cyngor Sir Ceredigion", "Ceredigion County Council",
          "Healthier Communities Overview and Scrutiny Committee", date(2020, 2, 3), "3 Feb 2020",
          "Respite Care Review: Action Plan Update"),
    Cover("wrexham-to", "to-line", "docx", "Wrexham County Borough Council", "Wrexham County Borough Council",
          "Homes and Environment Scrutiny Committee", date(2021, 9, 22), "22nd September 2021",
          "Empty Homes Task and Finish Group Recommendations"),
    Cover("hackney-lbo", "lines", "pdf", "London Borough of Hackney", "London Borough of Hackney",
          "Children and Young People Scrutiny Commission", date(2019, 10, 7), "7 October 2019",
          "Exclusions Review: Executive Response"),
    Cover("greenwich-royal", "labels", "docx", "Royal Borough of Greenwich", "Royal Borough of Greenwich",
          "Overview and Scrutiny Committee", date(2022, 4, 28), "28/04/2022", "Housing Repairs Scrutiny Review"),
    Cover("kensington-initials", "header", "pdf", "RBKC", "Royal Borough of Kensington and Chelsea",
          "Housing and Property Scrutiny Committee", date(2018, 7, 11), "11 July 2018",
          "Grenfell Recovery Scrutiny: Recommendations Tracker"),
    Cover("kent-initials", "to-line", "pdf", "KCC", "Kent County Council",
          "Scrutiny Committee", date(2023, 5, 16), "16 May 2023", "Home to School Transport Review"),
    Cover("kent-cc", "labels", "docx", "Kent CC", "Kent County Council",
          "Children's, Young People and Education Cabinet Committee", date(2022, 11, 29), "29 Nov 2022",
          "Select Committee on Young Carers: Progress"),
    Cover("oxfordshire-caps", "lines", "pdf", "OXFORDSHIRE COUNTY COUNCIL", "Oxfordshire County Council",
          "Performance Scrutiny Committee", date(2019, 12, 12), "12 DECEMBER 2019",
          "Deep Dive into Young Carers: Cabinet Response"),
    Cover("oxford-to", "to-line", "docx", "Oxford City Council", "Oxford City Council",
          "Scrutiny Committee", date(2023, 9, 5), "5 September 2023", "Child Poverty Review Group: Update"),
    Cover("york-table", "table", "pdf", "City of York Council", "City of York Council",
          "Health and Adult Social Care Policy and Scrutiny Committee", date(2015, 2, 18), "18/02/2015",
          "Carers Scrutiny Review: Implementation Update"),
    Cover("bradford-header", "header", "pdf", "City of Bradford Metropolitan District Council",
          "City of Bradford Metropolitan District Council",
          "Regeneration and Environment Overview and Scrutiny Committee",
          date(2019, 10, 9), "9 October 2019", "Water Management Scrutiny Review: Progress"),
    Cover("stockton-labels", "labels", "pdf", "Stockton-on-Tees Borough Council", "Stockton-on-Tees Borough Council",
          "People Select Committee", date(2023, 11, 13), "Monday 13 November 2023",
          "Scrutiny Review of Child Poverty: Progress Update"),
    Cover("leicestershire-caps", "lines", "docx", "LEICESTERSHIRE COUNTY COUNCIL", "Leicestershire County Council",
          "Environment and Climate Change Overview and Scrutiny Committee", date(2022, 6, 9), "9 June 2022",
          "Flooding Scrutiny Review Panel: Progress on Recommendations"),
    Cover("cherwell-header", "header", "docx", "Cherwell District Council", "Cherwell District Council",
          "Overview and Scrutiny Committee", date(2017, 2, 6), "6 February 2017", "Area Amenity Maintenance Review"),
    Cover("plymouth-table", "table", "docx", "Plymouth City Council", "Plymouth City Council",
          "Children and Young People Overview and Scrutiny Panel", date(2012, 1, 12), "Thursday 12 January 2012",
          "Young Carers Action Plan Monitoring"),
    Cover("havering-lines", "lines", "pdf", "London Borough of Havering", "London Borough of Havering",
          "Towns and Communities Overview and Scrutiny Sub-Committee", date(2016, 3, 14), "14 March 2016",
          "Library Services Topic Group: Progress"),
    Cover("manchester-to", "to-line", "pdf", "Manchester City Council", "Manchester City Council",
          "Children and Young People Scrutiny Committee", date(2020, 1, 8), "8 January 2020",
          "Young Carers Task and Finish Group: Update"),
    Cover("northants-former", "labels", "pdf", "Northamptonshire County Council", "Northamptonshire County Council",
          "Scrutiny Committee", date(2019, 6, 20), "20 June 2019", "Libraries Scrutiny Review: Response"),
    Cover("glasgow-lines", "lines", "docx", "Glasgow City Council", "Glasgow City Council",
          "Wellbeing, Empowerment, Community and Citizen Engagement City Policy Committee", date(2021, 3, 2),
          "2nd March 2021", "Respite Provision for Unpaid Carers"),
    Cover("edinburgh-table", "table", "pdf", "The City of Edinburgh Council", "City of Edinburgh Council",
          "Education, Children and Families Committee", date(2018, 5, 22), "22 May 2018",
          "Young Carers Strategy: Progress Report"),
    Cover("eilean-siar-labels", "labels", "docx", "Comhairle nan Eilean Siar", "Comhairle nan Eilean Siar",
          "Education, Sport and Children's Services Committee", date(2019, 9, 25), "25 September 2019",
          "Hidden Harm Review: Update"),
    Cover("fife-header", "header", "pdf", "Fife Council", "Fife Council",
          "Education and Children's Services Sub-Committee", date(2020, 11, 3), "03.11.2020",
          "Additional Support Needs Review: Action Plan"),
    Cover("belfast-to", "to-line", "docx", "Belfast City Council", "Belfast City Council",
          "Strategic Policy and Resources Committee", date(2022, 2, 18), "18 February 2022",
          "Scrutiny of the Cost of Living Response"),
    Cover("derry-lines", "lines", "pdf", "Derry City and Strabane District Council",
          "Derry City and Strabane District Council", "Health and Community Committee", date(2021, 6, 9),
          "June 9, 2021", "Community Wellbeing Review Recommendations"),
    Cover("abc-labels", "labels", "pdf", "Armagh City, Banbridge and Craigavon Borough Council",
          "Armagh City, Banbridge and Craigavon Borough Council", "Community and Wellbeing Committee",
          date(2023, 4, 12), "12/04/2023", "Play Park Provision Review"),
    Cover("durham-table", "table", "docx", "Durham County Council", "Durham County Council",
          "Children and Young People's Overview and Scrutiny Committee", date(2018, 9, 3), "3rd September 2018",
          "Early Help Scrutiny Review: Progress"),
    Cover("cornwall-to", "to-line", "pdf", "Cornwall Council", "Cornwall Council",
          "Children's Services Overview and Scrutiny Committee", date(2019, 1, 16), "Wednesday, 16th January 2019",
          "Short Breaks for Disabled Children Review"),
    Cover("vale-lines", "lines", "docx", "The Vale of Glamorgan Council", "Vale of Glamorgan Council",
          "Learning and Culture Scrutiny Committee", date(2017, 3, 20), "20th March, 2017",
          "Young Carers: Progress on Scrutiny Recommendations"),
    Cover("newport-header", "header", "docx", "Newport City Council", "Newport City Council",
          "People Scrutiny Committee", date(2020, 10, 27), "27 October 2020", "Home Education Scrutiny Review"),
    Cover("hull-labels", "labels", "docx", "Kingston upon Hull City Council", "Hull City Council",
          "Health and Wellbeing Overview and Scrutiny Commission", date(2019, 7, 19), "19 July 2019",
          "Substance Misuse Review: Implementation Update"),
    # The council named only by its logo, a picture: read by OCR.
    Cover("norfolk-logo", "logo", "pdf", "Norfolk\nCounty Council", "Norfolk County Council",
          "People and Communities Select Committee", date(2021, 5, 19), "19 May 2021",
          "Short Breaks for Carers: Progress Update"),
    Cover("powys-logo", "logo", "docx", "Cyngor Sir\nPowys", "Powys County Council",
          "Health and Care Scrutiny Committee", date(2022, 3, 7), "7 March 2022", "Young Carers Review: Response"),
    Cover("fife-logo", "logo", "pdf", "Fife\nCouncil", "Fife Council",
          "Education Scrutiny Committee", date(2018, 9, 25), "25/09/2018", "Additional Support Needs Review"),
    Cover("belfast-logo", "logo", "docx", "Belfast\nCity Council", "Belfast City Council",
          "People and Communities Committee", date(2023, 2, 14), "14th February 2023",
          "Play Provision Review: Action Plan"),
]  # fmt: skip


def _lines(cover: Cover) -> tuple[list[tuple[str, bool]], list[list[str]] | None, str | None]:
    """The cover's lines (text, bold), a cover table, and a running header."""
    intro = "1. This report sets out the progress made against each recommendation of the review."
    if cover.style == "labels":
        return (
            [
                (cover.council_printed, True),
                (f"Meeting: {cover.committee}", False),
                (f"Date: {cover.date_text}", False),
                (f"Subject: {cover.title}", False),
                ("Report of: Head of Democratic Services", False),
                (intro, False),
            ],
            None,
            None,
        )
    if cover.style == "to-line":
        return (
            [
                (cover.council_printed, True),
                ("From: Cabinet Member for Children's Services", False),
                (f"To: {cover.committee} – {cover.date_text}", False),
                (f"Subject: {cover.title}", False),
                ("Classification: Unrestricted", False),
                (intro, False),
            ],
            None,
            None,
        )
    if cover.style == "table":
        return (
            [("Agenda Item 6", True), (intro, False)],
            [
                ["Council:", cover.council_printed],
                ["Meeting of:", cover.committee],
                ["Date of Meeting:", cover.date_text],
                ["Report Title:", cover.title],
                ["Report Author:", "Scrutiny Officer"],
            ],
            None,
        )
    if cover.style == "logo":
        return (
            [
                (f"Meeting: {cover.committee}", False),
                (f"Date: {cover.date_text}", False),
                (f"Subject: {cover.title}", False),
                ("Report of: Head of Democratic Services", False),
                (intro, False),
            ],
            None,
            None,
        )
    if cover.style == "header":
        return (
            [(cover.title, True), ("Report of the Director of Children's Services", False), (intro, False)],
            None,
            f"{cover.committee} - {cover.date_text}",
        )
    return (
        [
            ("Agenda Item 7", False),
            (cover.council_printed, True),
            (f"{cover.committee} - {cover.date_text}", True),
            (cover.title, True),
            ("Report of the Chief Executive", False),
            (intro, False),
        ],
        None,
        None,
    )


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [_write(cover, folder) for cover in COVERS]


def _write(cover: Cover, folder: Path) -> Path:
    lines, table, header = _lines(cover)
    body = [
        "2. The panel agreed its recommendations and the executive accepted them.",
        "3. Members are asked to note the progress reported below.",
    ]
    # A running header paper names its council only in its footer.
    footer = f"{cover.council_printed} | Page " if header else None
    path = folder / f"{cover.name}.{cover.fmt}"
    logo = logo_picture(cover.council_printed) if cover.style == "logo" else None
    if cover.fmt == "docx":
        document = docx.Document()
        document.core_properties.title = ""
        if logo:
            picture = BytesIO()
            logo.save(picture, format="PNG")
            document.sections[0].header.paragraphs[0].add_run().add_picture(picture, width=docx.shared.Cm(4))
        for text, bold in lines[:1]:
            document.add_paragraph().add_run(text).bold = bold
        if table:
            grid = document.add_table(rows=len(table), cols=2)
            for row, (label, value) in zip(grid.rows, table):
                row.cells[0].text, row.cells[1].text = label, value
        for text, bold in lines[1:]:
            document.add_paragraph().add_run(text).bold = bold
        for text in body:
            document.add_paragraph(text)
        if header:
            document.sections[0].header.paragraphs[0].text = header
        if footer:
            document.sections[0].footer.paragraphs[0].text = footer + "1"
        document.save(path)
        return path
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    _, height = A4
    for page in (1, 2):
        if logo and page == 1:
            pdf.drawImage(ImageReader(logo), 56, height - 80, width=120, height=120 * logo.height / logo.width)
        if header:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(56, height - 30, header)
        if footer:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(56, 25, f"{footer}{page}")
        y = height - (130 if logo and page == 1 else 90)
        texts = lines if page == 1 else [(t, False) for t in body]
        rows = table if page == 1 and table else []
        for index, (text, bold) in enumerate(texts):
            size = 14 if bold and index and text == cover.title else 11
            pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
            pdf.drawString(56, y, text)
            y -= size + 10
            if index == 0 and rows:
                top = y + 8
                for label, value in rows:
                    pdf.setFont("Helvetica", 11)
                    pdf.drawString(60, y - 6, label)
                    pdf.drawString(200, y - 6, value)
                    y -= 22
                # Ruled, so the reader finds the grid.
                for line_y in [top - 22 * i for i in range(len(rows) + 1)]:
                    pdf.line(56, line_y, 540, line_y)
                for x in (56, 195, 540):
                    pdf.line(x, top, x, top - 22 * len(rows))
                y -= 16
        pdf.showPage()
    pdf.save()
    return path


def logo_picture(name: str):
    """A council's logo: its name in large letters on a picture, line by line."""
    lines = name.split("\n")
    font = ImageFont.load_default(size=44)
    image = Image.new("L", (520, 70 * len(lines) + 30), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((20, 15 + 70 * number), line, fill=0, font=font)
    return image


def score(folder: Path, chosen: list[Cover] | None = None) -> tuple[dict[str, float], list[str]]:
    """The share of covers (all, or those `chosen`) each field was read right on, and
    what was missed."""
    from scrutiny.extractors.metadata import extract_metadata
    from scrutiny.extractors.read import read_document

    chosen = COVERS if chosen is None else chosen
    right = dict.fromkeys(FIELDS, 0)
    misses: list[str] = []
    for cover in chosen:
        meta = extract_metadata(read_document(folder / f"{cover.name}.{cover.fmt}"))
        for field in FIELDS:
            want, got = getattr(cover, field), getattr(meta, field)
            same = want == got if field == "meeting_date" else (got or "").casefold() == want.casefold()
            right[field] += same
            if not same:
                misses.append(f"{cover.name}: {field} {got!r}, expected {want!r}")
    return {field: right[field] / len(chosen) for field in FIELDS}, misses


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="covers-"))
    build(target)
    scores, missed = score(target)
    print(f"{len(COVERS)} covers in {target}")
    for line in missed:
        print("  " + line)
    print("  ".join(f"{field} {value:.3f}" for field, value in scores.items()))
