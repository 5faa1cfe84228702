#!/usr/bin/env python3
"""mkpdf.py - writes a small PDF from a UTF-8 text file, for the PDF tests.

    python3 tests/mkpdf.py NOTICE.txt OUT.pdf [--lines N] [--width N]
    python3 tests/mkpdf.py --scan OUT.pdf        # pages with no text layer

Each input line is a paragraph, wrapped at --width characters, laid out
--lines lines to a page, as a printed notice is: every page (of two or
more) carries a running header and a footer "Trang N/M", pages after the first their
number at the top centre, and a long lower-case
word that does not fit at a line end is hyphenated there.  The text is set
in a composite font whose character codes are the Unicode code points, with
a ToUnicode map, so pdftotext reads the text back exactly; the font itself is
not embedded (no viewer needs to draw it for the test).  --scan writes pages
that hold only drawings, as a scanned notice without OCR does.

Standard library only, so it runs wherever the tests run (LibreOffice would
be 300 MB for CI).
"""
import sys

PAGE_W, PAGE_H = 595, 842
SIZE = 11           # font size; each glyph is DW/1000 of it wide
DW = 500
LEFT = 60
TOP = 780
LEADING = 22


def wrap(line, width):
    """Word-wraps one paragraph; hyphenates a long lower-case word at a line end."""
    out, cur = [], ""
    for word in line.split(" "):
        cand = word if not cur else cur + " " + word
        if len(cand) <= width:
            cur = cand
            continue
        room = width - len(cur) - 2 if cur else 0
        if cur and word.isalpha() and word.islower() and len(word) >= 5 and room >= 2:
            cut = min(room, len(word) - 2)
            out.append(cur + " " + word[:cut] + "-")
            cur = word[cut:]
        else:
            if cur:
                out.append(cur)
            cur = word
            while len(cur) > width:
                out.append(cur[:width])
                cur = cur[width:]
    out.append(cur)
    return out


def hexstr(s):
    return "<" + "".join("%04X" % ord(c) for c in s) + ">"


def build(pages_ops, fonts):
    """pages_ops: list of content streams (bytes).  Returns the PDF bytes."""
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    pages = add(None)
    font = 0
    if fonts:
        used = sorted(fonts)
        blocks = sorted({c >> 8 for c in used})
        cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                "%d beginbfrange\n" % len(blocks)
                + "".join("<%02X00> <%02XFF> <%02X00>\n" % (b, b, b) for b in blocks)
                + "endbfrange endcmap CMapName currentdict /CMap defineresource pop end end\n")
        tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap.encode() + b"\nendstream")
        desc = add(b"<< /Type /FontDescriptor /FontName /TimesNewRoman /Flags 34 "
                   b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
                   b"/CapHeight 700 /StemV 80 >>")
        cid = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRoman "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  b"/FontDescriptor %d 0 R /DW %d /CIDToGIDMap /Identity >>" % (desc, DW))
        font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRoman "
                   b"/Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
                   % (cid, tounicode))
    kids = []
    for ops in pages_ops:
        content = add(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
        res = b"<< /Font << /F1 %d 0 R >> >>" % font if font else b"<< >>"
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                        b"/Resources %s /Contents %d 0 R >>"
                        % (pages, PAGE_W, PAGE_H, res, content)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objs[pages - 1] = (b"<< /Type /Pages /Kids [%s] /Count %d >>"
                       % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, catalog, xref))
    return bytes(out)


def text_pdf(lines, per_page):
    global PAGE_W
    chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    n = len(chunks)
    # Wide enough for the longest line (table rows are not wrapped):
    # pdftotext drops what runs off the page.
    PAGE_W = max(PAGE_W, 2 * LEFT + max(map(len, lines), default=0) * SIZE * DW // 1000)
    used = set()
    pages = []
    for p, chunk in enumerate(chunks, 1):
        ops = []

        def show(x, y, s):
            used.update(ord(c) for c in s)
            ops.append("BT /F1 %d Tf %d %d Td %s Tj ET" % (SIZE, x, y, hexstr(s)))
        # A running header on every page; the page number at the top
        # centre from page 2 on, as Decree 30/2020/NĐ-CP lays notices
        # out; a footer with "Trang N/M" on every page.
        if n > 1:
            show(LEFT, PAGE_H - 30, "UBND tỉnh Bình Sơn - Văn phòng UBND tỉnh")
        if p > 1:
            show(PAGE_W // 2 - 3, PAGE_H - 50, "%d" % p)
        for i, line in enumerate(chunk):
            if line:
                show(LEFT, TOP - i * LEADING, line)
        show(PAGE_W // 2 - 30, 30, "Trang %d/%d" % (p, n))
        pages.append("\n".join(ops).encode())
    return build(pages, used)


def scan_pdf():
    # What a scanner without OCR leaves: marks on the page, no text.
    ops = b"0.2 g 60 700 400 20 re f 60 660 300 20 re f 60 620 350 20 re f"
    return build([ops, ops], set())


def main(argv):
    if len(argv) == 3 and argv[1] == "--scan":
        data = scan_pdf()
        out = argv[2]
    else:
        args = argv[1:]
        per_page, width = 30, 90
        if "--lines" in args:
            i = args.index("--lines")
            per_page = int(args[i + 1])
            del args[i:i + 2]
        if "--width" in args:
            i = args.index("--width")
            width = int(args[i + 1])
            del args[i:i + 2]
        src, out = args
        with open(src, encoding="utf-8") as f:
            text = f.read().replace("\r\n", "\n").replace("\r", "\n")
        lines = []
        for para in text.split("\n"):
            # Table rows typed as text stay whole, as a table's rows do.
            if "|" in para:
                lines.append(para.strip())
            else:
                lines.extend(wrap(para.strip(), width) if para.strip() else [""])
        data = text_pdf(lines, per_page)
    with open(out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
