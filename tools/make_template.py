"""Write the Word template every exported document starts from:
csm_desk/resources/templates/csm-desk.docx.

The package is written part by part (no Word, no inherited template), so it carries exactly our
styles and nothing else: no thumbnail, no custom XML, no revision ids, no author. Exports fill in
the header, the footer's "Prepared for" line and the document properties.

Run from the repository root:  python tools/make_template.py [OUT.docx]
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "csm_desk" / "resources" / "templates" / "csm-desk.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# The palette: ink for text, navy for headings and table headers, one muted grey, a hairline.
INK = "1F2933"
NAVY = "1F3A5F"
ACCENT = "2B6CB0"
MUTED = "5B6670"
RULE = "C9D3DE"
BAND = "F2F5F9"
CALLOUT = "EAF2FB"
INTERNAL = "B42318"

BODY_FONT = "Calibri"  # Carlito in LibreOffice, metric-compatible
HEADING_FONT = "Cambria"  # Caladea in LibreOffice, metric-compatible

# A4 with 2.2 cm margins; exports switch to US Letter for books kept in dollars.
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1247
CONTENT_W = PAGE_W - 2 * MARGIN


def _fonts(face: str) -> str:
    return f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="{face}" w:cs="{face}"/>'


def _para_style(
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: str = "",
    rpr: str = "",
    ui_priority: int | None = None,
) -> str:
    parts = [f'<w:style w:type="paragraph" w:styleId="{style_id}">', f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _char_style(style_id: str, name: str, rpr: str) -> str:
    return (
        f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"<w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _border(side: str, colour: str, size: int = 4, space: int = 0, val: str = "single") -> str:
    return f'<w:{side} w:val="{val}" w:sz="{size}" w:space="{space}" w:color="{colour}"/>'


def styles_xml() -> str:
    cell_margins = (
        "<w:tblCellMar>"
        '<w:top w:w="50" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="50" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
        "</w:tblCellMar>"
    )
    styles = [
        # Defaults: body font and size, comfortable leading, English spelling.
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + _fonts(BODY_FONT)
        + f'<w:color w:val="{INK}"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "</w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        "<w:tblCellMar>"
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:semiHidden/></w:style>',
        # Title block.
        _para_style(
            "Kicker",
            "Kicker",
            next_style="Title",
            ppr='<w:spacing w:before="0" w:after="60"/>',
            rpr=f'<w:b/><w:caps/><w:color w:val="{ACCENT}"/><w:spacing w:val="20"/>'
            '<w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _para_style(
            "Title",
            "Title",
            next_style="Subtitle",
            ppr="<w:keepNext/>"
            '<w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/>',
            rpr=_fonts(HEADING_FONT) + f'<w:color w:val="{NAVY}"/><w:kern w:val="28"/>'
            '<w:sz w:val="52"/><w:szCs w:val="52"/>',
            ui_priority=10,
        ),
        _para_style(
            "Subtitle",
            "Subtitle",
            next_style="Normal",
            ppr="<w:pBdr>"
            + _border("bottom", NAVY, size=8, space=8)
            + '</w:pBdr><w:spacing w:before="0" w:after="280"/>',
            rpr=f'<w:color w:val="{MUTED}"/><w:sz w:val="22"/><w:szCs w:val="22"/>',
            ui_priority=11,
        ),
        # Headings.
        _para_style(
            "Heading1",
            "heading 1",
            next_style="Normal",
            ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/>'
            '<w:outlineLvl w:val="0"/>',
            rpr=_fonts(HEADING_FONT)
            + f'<w:color w:val="{NAVY}"/><w:sz w:val="32"/><w:szCs w:val="32"/>',
            ui_priority=9,
        ),
        _para_style(
            "Heading2",
            "heading 2",
            next_style="Normal",
            ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
            '<w:outlineLvl w:val="1"/>',
            rpr=f'<w:b/><w:color w:val="{NAVY}"/><w:sz w:val="24"/><w:szCs w:val="24"/>',
            ui_priority=9,
        ),
        _para_style(
            "Heading3",
            "heading 3",
            next_style="Normal",
            ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="180" w:after="60"/>'
            '<w:outlineLvl w:val="2"/>',
            rpr=f'<w:b/><w:color w:val="{INK}"/><w:sz w:val="21"/><w:szCs w:val="21"/>',
            ui_priority=9,
        ),
        # Lists.
        _para_style(
            "ListBullet",
            "List Bullet",
            ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>'
            "<w:contextualSpacing/>",
        ),
        _para_style(
            "ListNumber",
            "List Number",
            ppr='<w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/>'
            "<w:contextualSpacing/>",
        ),
        # A quotation in someone's own words, and who said it.
        _para_style(
            "Quote",
            "Quote",
            next_style="QuoteSource",
            ppr="<w:pBdr>"
            + _border("left", ACCENT, size=18, space=12)
            + '</w:pBdr><w:spacing w:before="120" w:after="40"/>'
            '<w:ind w:left="340" w:right="567"/>',
            rpr=_fonts(HEADING_FONT)
            + f'<w:i/><w:color w:val="{NAVY}"/><w:sz w:val="24"/><w:szCs w:val="24"/>',
            ui_priority=29,
        ),
        _para_style(
            "QuoteSource",
            "Quote Source",
            next_style="Normal",
            ppr='<w:spacing w:before="0" w:after="200"/><w:ind w:left="340"/>',
            rpr=f'<w:color w:val="{MUTED}"/><w:sz w:val="19"/><w:szCs w:val="19"/>',
        ),
        _para_style(
            "Caption",
            "caption",
            next_style="Normal",
            ppr='<w:spacing w:before="60" w:after="240"/>',
            rpr=f'<w:i/><w:color w:val="{MUTED}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
            ui_priority=35,
        ),
        _para_style(
            "Figure",
            "Figure",
            next_style="Caption",
            ppr='<w:keepNext/><w:spacing w:before="120" w:after="0"/><w:jc w:val="center"/>',
        ),
        # Small print: explanations under tables, "nothing recorded yet" lines.
        _para_style(
            "Note",
            "Note",
            ppr='<w:spacing w:before="40" w:after="120"/>',
            rpr=f'<w:color w:val="{MUTED}"/><w:sz w:val="19"/><w:szCs w:val="19"/>',
        ),
        # A highlighted paragraph (the first-value milestone, a headline figure).
        _para_style(
            "Callout",
            "Callout",
            ppr="<w:pBdr>"
            + _border("top", CALLOUT, size=4, space=6)
            + _border("left", ACCENT, size=24, space=8)
            + _border("bottom", CALLOUT, size=4, space=6)
            + _border("right", CALLOUT, size=4, space=8)
            + f'</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="{CALLOUT}"/>'
            '<w:spacing w:before="120" w:after="200"/><w:ind w:left="170" w:right="170"/>',
            rpr=f'<w:color w:val="{NAVY}"/>',
        ),
        # Table cell text.
        _para_style(
            "TableText",
            "Table Text",
            ppr='<w:spacing w:before="0" w:after="0" w:line="252" w:lineRule="auto"/>',
            rpr='<w:sz w:val="19"/><w:szCs w:val="19"/>',
        ),
        _para_style(
            "Header",
            "header",
            ppr=f'<w:tabs><w:tab w:val="right" w:pos="{CONTENT_W}"/></w:tabs>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f'<w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        ),
        _para_style(
            "Footer",
            "footer",
            ppr="<w:pBdr>"
            + _border("top", RULE, size=4, space=6)
            + f'</w:pBdr><w:tabs><w:tab w:val="right" w:pos="{CONTENT_W}"/></w:tabs>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f'<w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        ),
        _char_style(
            "InternalMark",
            "Internal Mark",
            f'<w:b/><w:caps/><w:color w:val="{INTERNAL}"/><w:spacing w:val="10"/>',
        ),
        _char_style("Label", "Label", f'<w:b/><w:color w:val="{MUTED}"/>'),
        _char_style("Strong", "Strong", "<w:b/><w:bCs/>"),
        _char_style("Emphasis", "Emphasis", "<w:i/><w:iCs/>"),
        # Data tables: a navy header row, hairlines between rows, light banding.
        '<w:style w:type="table" w:styleId="CSMTable"><w:name w:val="CSM Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="252" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
        '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>'
        + _border("top", NAVY, size=8)
        + _border("bottom", NAVY, size=8)
        + _border("insideH", RULE, size=4)
        + "</w:tblBorders>"
        + cell_margins
        + "</w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="band2Horz">'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/></w:tcPr></w:tblStylePr>'
        "</w:style>",
        # Fact tables (label | value): no header row, a tinted label column.
        '<w:style w:type="table" w:styleId="CSMFacts"><w:name w:val="CSM Facts"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="252" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
        "<w:tblPr><w:tblBorders>"
        + _border("top", RULE, size=4)
        + _border("bottom", RULE, size=4)
        + _border("insideH", RULE, size=4)
        + "</w:tblBorders>"
        + cell_margins
        + "</w:tblPr>"
        '<w:tblStylePr w:type="firstCol">'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="{MUTED}"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/></w:tcPr></w:tblStylePr>'
        "</w:style>",
    ]
    return (
        XML_HEAD + f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">' + "".join(styles) + "</w:styles>"
    )


def numbering_xml() -> str:
    bullets = ("\u2022", "\u2013", "\u25e6")
    bullet_levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{bullets[i % 3]}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{340 + i * 340}" w:hanging="227"/></w:pPr>'
        f'<w:rPr><w:color w:val="{ACCENT}"/></w:rPr></w:lvl>'
        for i in range(3)
    )
    formats = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))
    number_levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{397 + i * 397}" w:hanging="397"/></w:pPr>'
        f'<w:rPr><w:color w:val="{NAVY}"/></w:rPr></w:lvl>'
        for i, (fmt, text) in enumerate(formats)
    )
    return (
        XML_HEAD + f'<w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>'
        + bullet_levels
        + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="hybridMultilevel"/>'
        + number_levels
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
        "</w:numbering>"
    )


def settings_xml() -> str:
    return (
        XML_HEAD + f'<w:settings xmlns:w="{W_NS}">'
        '<w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        "<w:compat>"
        '<w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        "</w:compat>"
        '<w:themeFontLang w:val="en-GB"/>'
        "</w:settings>"
    )


def font_table_xml() -> str:
    return (
        XML_HEAD + f'<w:fonts xmlns:w="{W_NS}">'
        f'<w:font w:name="{BODY_FONT}"><w:panose1 w:val="020F0502020204030204"/>'
        '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        f'<w:font w:name="{HEADING_FONT}"><w:panose1 w:val="02040503050406030204"/>'
        '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        "</w:fonts>"
    )


def _field(instruction: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def header_xml() -> str:
    return (
        XML_HEAD + f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p>'
        "</w:hdr>"
    )


def footer_xml() -> str:
    # The export puts "Prepared for <customer> · <date>" before the tab.
    return (
        XML_HEAD + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        '<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        + _field("PAGE", "1")
        + '<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
        + _field("NUMPAGES", "1")
        + "</w:p></w:ftr>"
    )


def document_xml() -> str:
    return (
        XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rIdHeader1"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter1"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
        'w:header="567" w:footer="567" w:gutter="0"/>'
        '<w:cols w:space="708"/>'
        "</w:sectPr></w:body></w:document>"
    )


def document_rels() -> str:
    rels = [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFonts", "fontTable", "fontTable.xml"),
        ("rIdHeader1", "header", "header1.xml"),
        ("rIdFooter1", "footer", "footer1.xml"),
    ]
    body = "".join(
        f'<Relationship Id="{rid}" Type="{DOC_REL}/{kind}" Target="{target}"/>'
        for rid, kind, target in rels
    )
    return XML_HEAD + f'<Relationships xmlns="{PKG_RELS}">{body}</Relationships>'


def package_rels() -> str:
    return (
        XML_HEAD + f'<Relationships xmlns="{PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC_REL}/extended-properties" '
        'Target="docProps/app.xml"/>'
        "</Relationships>"
    )


def content_types() -> str:
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = [
        ("/word/document.xml", f"{wml}.document.main+xml"),
        ("/word/styles.xml", f"{wml}.styles+xml"),
        ("/word/numbering.xml", f"{wml}.numbering+xml"),
        ("/word/settings.xml", f"{wml}.settings+xml"),
        ("/word/fontTable.xml", f"{wml}.fontTable+xml"),
        ("/word/header1.xml", f"{wml}.header+xml"),
        ("/word/footer1.xml", f"{wml}.footer+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ]
    body = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>' + body + "</Types>"
    )


def core_xml() -> str:
    # Empty on purpose: every export writes its own title, author and dates.
    return (
        XML_HEAD
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    )


def app_xml() -> str:
    return (
        XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"/>'
    )


PARTS = {
    "[Content_Types].xml": content_types,
    "_rels/.rels": package_rels,
    "docProps/core.xml": core_xml,
    "docProps/app.xml": app_xml,
    "word/document.xml": document_xml,
    "word/_rels/document.xml.rels": document_rels,
    "word/styles.xml": styles_xml,
    "word/numbering.xml": numbering_xml,
    "word/settings.xml": settings_xml,
    "word/fontTable.xml": font_table_xml,
    "word/header1.xml": header_xml,
    "word/footer1.xml": footer_xml,
}


def write_template(out: Path = OUT) -> Path:
    """Write the template package to ``out`` (byte-for-byte reproducible)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, build in PARTS.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, build().encode("utf-8"))
    return out


if __name__ == "__main__":
    target = write_template(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"Wrote {target}")
