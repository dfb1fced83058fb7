"""The appendix tables as a Writer document: how a publisher working in Word lays them out.

Used by generate.py for the real-world fixtures (render: {tables_in: writer}). Calc prints the sample
corpus; Writer differs where real reports differ from it:
- the table spans the page and its rows are as tight as Word's (no fixed height, no vertical padding);
- its cells can each be drawn as their own rectangle (the separating border model, as Word exports do);
- the padding can be Writer's 0.1 cm with no indent, so an amount comes within ~6 pt of the next cell's
  text and camelot reads both as one text line;
- the end of a title can be a text run of its own, raised by a hair: on a page whose text pdfium judges
  to flow vertically (tight rows fill the page's height more than its width), pdfium's text layer then
  puts that run on a line of its own, while poppler joins it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

POINTS_PER_CM = 72 / 2.54
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 29.7, 21.0  # A4 landscape, as the Calc sheets print
MARGIN_CM = 1.27
USABLE_WIDTH_PT = (PAGE_WIDTH_CM - 2 * MARGIN_CM) * POINTS_PER_CM
# A raise this small is invisible; it only makes the title's tail a text run of its own.
SPLIT_RAISE = "3% 100%"


@dataclass(frozen=True)
class Cell:
    text: str
    align: str = "left"  # left | right | center
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    label: str | None  # 公开NN表 above the title, or None
    title: str
    split_title: int | None  # characters after which the text layer is to break the title
    department_line: str
    unit_line: str
    widths_pt: list[float]
    header: list[list[Cell | None]]  # None: covered by a spanning cell
    body: list[list[Cell | None]]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    separate_borders: bool = False  # each cell its own rectangle
    padding: str = "0.1cm"
    indent: str = "0.53cm"  # clear space on the aligned side of left and right aligned text
    repeat_header: bool = True


HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">
<office:font-face-decls>
 <style:font-face style:name="Song" svg:font-family="'{font}'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Song" style:font-name-asian="Song"
   fo:font-size="10pt" style:font-size-asian="10pt" fo:language="zh" fo:country="CN"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4L">
  <style:page-layout-properties fo:page-width="{page_width}cm" fo:page-height="{page_height}cm" fo:margin="{margin}cm"/>
 </style:page-layout>
 <style:style style:name="Label" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="LabelBreak" style:family="paragraph" style:parent-style-name="Label">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="4pt" fo:margin-bottom="6pt"/>
  <style:text-properties fo:font-size="16pt" style:font-size-asian="16pt"
   fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="TitleBreak" style:family="paragraph" style:parent-style-name="Title">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
 <style:style style:name="Meta" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="3pt">
   <style:tab-stops><style:tab-stop style:position="{usable}cm" style:type="right"/></style:tab-stops>
  </style:paragraph-properties>
 </style:style>
 <style:style style:name="Note" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="3pt"/>
 </style:style>
 <style:style style:name="Raised" style:family="text">
  <style:text-properties style:text-position="{raise_}"/>
 </style:style>
 <style:style style:name="CellL" style:family="paragraph">
  <style:paragraph-properties fo:text-align="start" fo:margin-left="{indent}"/>
 </style:style>
 <style:style style:name="CellR" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end" fo:margin-right="{indent}"/>
 </style:style>
 <style:style style:name="CellC" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="Cell" style:family="table-cell">
  <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding-left="{padding}"
   fo:padding-right="{padding}" fo:padding-top="0cm" fo:padding-bottom="0cm"
   style:vertical-align="middle"/>
 </style:style>
 <style:style style:name="Row" style:family="table-row">
  <style:table-row-properties style:min-row-height="0.4cm"/>
 </style:style>
{table_styles}
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4L"/>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
"""

PARAGRAPH_STYLE = {"left": "CellL", "right": "CellR", "center": "CellC"}


def table_styles(tables: Sequence[Table], style: Style) -> str:
    model = "separating" if style.separate_borders else "collapsing"
    out = []
    for t, table in enumerate(tables):
        width = sum(table.widths_pt)
        out.append(
            f'<style:style style:name="T{t}" style:family="table"><style:table-properties'
            f' style:width="{width:.2f}pt" table:align="center" table:border-model="{model}"/></style:style>'
        )
        out += [
            f'<style:style style:name="T{t}C{c}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{w:.2f}pt"/></style:style>'
            for c, w in enumerate(table.widths_pt)
        ]
    return "\n".join(out)


def cell_xml(cell: Cell | None) -> str:
    if cell is None:
        return "<table:covered-table-cell/>"
    spans = ""
    if cell.colspan > 1:
        spans += f' table:number-columns-spanned="{cell.colspan}"'
    if cell.rowspan > 1:
        spans += f' table:number-rows-spanned="{cell.rowspan}"'
    paragraph = f'<text:p text:style-name="{PARAGRAPH_STYLE[cell.align]}">{escape(cell.text)}</text:p>'
    return f'<table:table-cell table:style-name="Cell"{spans}>{paragraph}</table:table-cell>'


def rows_xml(rows: Sequence[Sequence[Cell | None]]) -> str:
    return "\n".join(
        f'<table:table-row table:style-name="Row">{"".join(map(cell_xml, row))}</table:table-row>' for row in rows
    )


def title_xml(table: Table, style_name: str) -> str:
    text = table.title
    if table.split_title is None:
        return f'<text:p text:style-name="{style_name}">{escape(text)}</text:p>'
    head, tail = text[: table.split_title], text[table.split_title :]
    raised = f'<text:span text:style-name="Raised">{escape(tail)}</text:span>'
    return f'<text:p text:style-name="{style_name}">{escape(head)}{raised}</text:p>'


def table_xml(t: int, table: Table, style: Style) -> str:
    parts = []
    if table.label is not None:
        parts.append(f'<text:p text:style-name="{"LabelBreak" if t else "Label"}">{escape(table.label)}</text:p>')
        parts.append(title_xml(table, "Title"))
    else:
        parts.append(title_xml(table, "TitleBreak" if t else "Title"))
    meta = f"{escape(table.department_line)}<text:tab/>{escape(table.unit_line)}"
    parts.append(f'<text:p text:style-name="Meta">{meta}</text:p>')
    columns = "".join(f'<table:table-column table:style-name="T{t}C{c}"/>' for c in range(len(table.widths_pt)))
    header = rows_xml(table.header)
    if style.repeat_header:
        header = f"<table:table-header-rows>{header}</table:table-header-rows>"
    body = rows_xml(table.body)
    name = f'table:name="Table{t + 1}" table:style-name="T{t}"'
    parts.append(f"<table:table {name}>{columns}{header}{body}</table:table>")
    parts += [f'<text:p text:style-name="Note">{escape(note)}</text:p>' for note in table.notes]
    return "\n".join(parts)


def document(tables: Sequence[Table], style: Style, font: str) -> str:
    """The FODT text of every table, one to a page (a long table runs on, its header repeated)."""
    usable_cm = PAGE_WIDTH_CM - 2 * MARGIN_CM
    for table in tables:  # as wide as the page, as Word's autofit to window makes a table
        scale = USABLE_WIDTH_PT / sum(table.widths_pt)
        table.widths_pt = [w * scale for w in table.widths_pt]
    return HEAD.format(
        font=font,
        page_width=PAGE_WIDTH_CM,
        page_height=PAGE_HEIGHT_CM,
        margin=MARGIN_CM,
        usable=f"{usable_cm:.2f}",
        raise_=SPLIT_RAISE,
        indent=style.indent,
        padding=style.padding,
        table_styles=table_styles(tables, style),
        body="\n".join(table_xml(t, table, style) for t, table in enumerate(tables)),
    )
