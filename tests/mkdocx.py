#!/usr/bin/env python3
"""mkdocx.py - writes the .docx fixtures of tests/t_formats.sh.

    python3 tests/mkdocx.py numbered OUT.docx EXPECTED.txt
    python3 tests/mkdocx.py bomb OUT.docx [MIB]
    python3 tests/mkdocx.py lying-bomb OUT.docx [MIB]
    python3 tests/mkdocx.py entities OUT.docx

`numbered` is a notice whose list numbers are Word's automatic numbering
(word/numbering.xml), not typed: sections "I.", "II." (upperRoman), items
"1." under them (decimal, restarting in each section), sub-items "a)", "b)"
(lowerLetter), bullets in a symbol font, a list numbered through a
paragraph style, a list instance that restarts at 5 (startOverride), a
table, a footnote, a tab and a line break.  EXPECTED.txt is the same notice
with the numbers typed, as Word prints it: the parser must find the same
tasks in both.  The XML is what Word writes, reduced to what matters.

`bomb` is a .docx whose document.xml inflates to MIB (default 100) MiB of
spaces from about 100 KiB: the converter must stop at its size limit.
`lying-bomb` is the same whose zip headers claim 1000 bytes: the converter
must count what it inflates rather than trust them.

`entities` is a 2 KB .docx whose document.xml declares one entity of
50,000 characters in its DTD and uses it 60,000 times (3 GB once
expanded): Word never writes a DTD, so the converter must refuse it
without expanding anything.

Standard library only (zipfile), so the fixture is made where the test
runs instead of being committed as a binary.
"""
import sys
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')

CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
RELS = HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def lvl(ilvl, fmt, text, start=1, restart=None, font=None):
    r = '<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>' % (ilvl, start, fmt)
    if restart is not None:
        r += '<w:lvlRestart w:val="%d"/>' % restart
    r += '<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>' % escape(text, {'"': "&quot;"})
    if font:
        r += '<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s"/></w:rPr>' % (font, font)
    return r + '</w:lvl>'


NUMBERING = HEAD + (
    '<w:numbering xmlns:w="%s">' % W +
    # 0: the outline of a conclusion notice: I. / 1. / a)
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
    + lvl(0, "upperRoman", "%1.") + lvl(1, "decimal", "%2.") + lvl(2, "lowerLetter", "%3)")
    + '</w:abstractNum>'
    # 1: bullets in Symbol (a private-use code point, as Word writes it)
    '<w:abstractNum w:abstractNumId="1">' + lvl(0, "bullet", "\uf0b7", font="Symbol")
    + lvl(1, "bullet", "+") + '</w:abstractNum>'
    # 2: a list numbered through a style: "1.1.", "1.2."
    '<w:abstractNum w:abstractNumId="2">' + lvl(0, "decimal", "%1.", start=1)
    + lvl(1, "decimal", "%1.%2.") + '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    # 4: the same definition restarted at 5 ("Tiếp tục" items 5., 6.)
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    '</w:numbering>')

STYLES = HEAD + (
    '<w:styles xmlns:w="%s">' % W +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Muc2"><w:name w:val="Muc 2"/>'
    '<w:basedOn w:val="Muc"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    '</w:styles>')

FOOTNOTES = HEAD + (
    '<w:footnotes xmlns:w="%s">' % W +
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Giao Sở Tài chính bố trí kinh phí '
    'trước ngày 01/01/2025 (chú thích, không phải nhiệm vụ).</w:t></w:r></w:p></w:footnote>'
    '</w:footnotes>')


def t(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(text)


def para(runs, num=None, style=None):
    ppr = ""
    if style:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if num:
        ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % num
    return '<w:p>%s%s</w:p>' % ('<w:pPr>%s</w:pPr>' % ppr if ppr else "", runs)


def cell(*paras):
    return '<w:tc>%s</w:tc>' % "".join(para(t(p)) for p in paras)


def table(rows):
    return '<w:tbl>%s</w:tbl>' % "".join("<w:tr>%s</w:tr>" % "".join(r) for r in rows)


# (typed number or None, level tuple or style, text): the body, in order.
# Each entry gives the paragraph XML and the line Word prints.
def body():
    out = []

    def add(xml, line):
        out.append((xml, line))

    add(table([[cell("ỦY BAN NHÂN DÂN", "TỈNH BÌNH SƠN"),
                cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")],
               [cell("Số: 321/TB-UBND"), cell("Bình Sơn, ngày 02 tháng 12 năm 2024")]]),
        "ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 321/TB-UBND | Bình Sơn, ngày 02 tháng 12 năm 2024")
    add(para(""), "")
    add(para(t("THÔNG BÁO")), "THÔNG BÁO")
    add(para(t("Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác chuyển đổi số")),
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác chuyển đổi số")
    add(para(t("Ngày 28/11/2024, đồng chí Trần Văn Nam, Chủ tịch UBND tỉnh chủ trì cuộc họp. "
               "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:")),
        "Ngày 28/11/2024, đồng chí Trần Văn Nam, Chủ tịch UBND tỉnh chủ trì cuộc họp. "
        "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:")
    items = [
        ((0, 1), "I.", "Đánh giá chung"),
        (None, None, "Các đơn vị đã triển khai cơ bản đầy đủ các nhiệm vụ năm 2024."),
        ((0, 1), "II.", "Nhiệm vụ trong thời gian tới"),
        ((1, 1), "1.", "Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với Văn phòng UBND tỉnh "
                       "hoàn thiện Kho dữ liệu dùng chung, hoàn thành trước ngày 31/12/2024."),
        ((1, 1), "2.", "Sở Nội vụ:"),
        ((2, 1), "a)", "Rà soát bộ tiêu chí chấm điểm CCHC, báo cáo UBND tỉnh chậm nhất ngày 20/12/2024."),
        ((2, 1), "b)", "Tổng hợp kết quả đánh giá cán bộ, công chức trong tháng 01/2025."),
        ((1, 1), "3.", "Văn phòng UBND tỉnh tổng hợp tình hình, báo cáo trước ngày 25 hằng tháng."),
        ((0, 1), "III.", "Tổ chức thực hiện"),
        ((1, 1), "1.", "Giao Sở Tư pháp thẩm định dự thảo quy chế, xong trước ngày 15/01/2025."),
    ]
    for num, typed, text in items:
        if num is None:
            add(para(t(text)), text)
        else:
            add(para(t(text), num=num), "%s %s" % (typed, text))
    # Bullets, in a symbol font and as "+".
    add(para(t("Các sở, ban, ngành phối hợp triển khai."), num=(0, 2)),
        "- Các sở, ban, ngành phối hợp triển khai.")
    add(para(t("Báo cáo kết quả về Văn phòng UBND tỉnh."), num=(1, 2)),
        "+ Báo cáo kết quả về Văn phòng UBND tỉnh.")
    # Numbered through paragraph styles (Muc: "1.", Muc2 based on it: "1.1.").
    add(para(t("Giao Sở Kế hoạch và Đầu tư tham mưu bố trí vốn, hoàn thành trong quý I/2025."),
             style="Muc"),
        "1. Giao Sở Kế hoạch và Đầu tư tham mưu bố trí vốn, hoàn thành trong quý I/2025.")
    add(para(t("Sở Tài chính thẩm định dự toán trước ngày 28/02/2025."), style="Muc2"),
        "1.1. Sở Tài chính thẩm định dự toán trước ngày 28/02/2025.")
    add(para(t("Sở Nội vụ rà soát biên chế trước ngày 10/3/2025."), style="Muc2"),
        "1.2. Sở Nội vụ rà soát biên chế trước ngày 10/3/2025.")
    # A list instance restarted at 5.
    add(para(t("Sở Y tế báo cáo UBND tỉnh trước ngày 05/4/2025."), num=(0, 4)),
        "5. Sở Y tế báo cáo UBND tỉnh trước ngày 05/4/2025.")
    add(para(t("Sở Giáo dục và Đào tạo báo cáo UBND tỉnh trước ngày 06/4/2025."), num=(0, 4)),
        "6. Sở Giáo dục và Đào tạo báo cáo UBND tỉnh trước ngày 06/4/2025.")
    # A footnote reference (dropped), a tab, a line break.
    add(para(t("Giao Công an tỉnh chủ trì bảo đảm an ninh mạng") +
             '<w:r><w:footnoteReference w:id="1"/></w:r>' + t(", báo cáo trước ngày 30/4/2025.")),
        "Giao Công an tỉnh chủ trì bảo đảm an ninh mạng, báo cáo trước ngày 30/4/2025.")
    add(para(t("Nơi nhận:") + '<w:r><w:br/></w:r>' + t("- Như trên;") + '<w:r><w:br/></w:r>'
             + t("- Lưu: VT.")), "Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    add(para(t("KT. CHỦ TỊCH") + '<w:r><w:tab/></w:r>' + t("PHÓ CHỦ TỊCH")),
        "KT. CHỦ TỊCH\tPHÓ CHỦ TỊCH")
    add(para(t("Lê Minh Khoa")), "Lê Minh Khoa")
    return out


def write_numbered(out, expected):
    parts = body()
    doc = HEAD + ('<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
                  % (W, "".join(x for x, _ in parts)))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("word/numbering.xml", NUMBERING)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/footnotes.xml", FOOTNOTES)
    with open(expected, "w", encoding="utf-8") as f:
        f.write("\n".join(line for _, line in parts) + "\n")


def write_bomb(out, mib):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(('%s<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>' % (HEAD, W)).encode())
            chunk = b" " * (1 << 20)
            for _ in range(mib):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")


def write_lying_bomb(out, mib):
    """A bomb whose headers claim document.xml is 1000 bytes."""
    doc = ('%s<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>' % (HEAD, W)).encode()
    doc += b" " * (mib << 20) + b"</w:t></w:r></w:p></w:body></w:document>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
    data = bytearray(open(out, "rb").read())
    name = b"word/document.xml"
    i = data.find(b"PK\x03\x04" + data[4:4])
    while i >= 0:
        if data[i:i + 4] == b"PK\x03\x04" and data[i + 30:i + 30 + len(name)] == name:
            data[i + 22:i + 26] = (1000).to_bytes(4, "little")
        if data[i:i + 4] == b"PK\x01\x02" and data[i + 46:i + 46 + len(name)] == name:
            data[i + 24:i + 28] = (1000).to_bytes(4, "little")
        i = data.find(b"PK", i + 1)
    open(out, "wb").write(bytes(data))


def write_entities(out):
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE w:document [<!ENTITY a "%s">]>\n'
           '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p>'
           '</w:body></w:document>' % ("x" * 50000, W, "&a;" * 60000))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)


def main(argv):
    if len(argv) == 4 and argv[1] == "numbered":
        write_numbered(argv[2], argv[3])
    elif len(argv) in (3, 4) and argv[1] == "lying-bomb":
        write_lying_bomb(argv[2], int(argv[3]) if len(argv) == 4 else 100)
    elif len(argv) == 3 and argv[1] == "entities":
        write_entities(argv[2])
    elif len(argv) in (3, 4) and argv[1] == "bomb":
        write_bomb(argv[2], int(argv[3]) if len(argv) == 4 else 100)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
