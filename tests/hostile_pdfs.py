"""Hand-built hostile PDFs (tests and the crash bench only): the shapes an attack run
found. Written object by object so each defect is exactly the one named."""

from __future__ import annotations

import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def raw_pdf(objects: list[bytes], *, trailer_extra: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object n+1 is ``objects[n]``; object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def shared_content_pdf(
    path: Path, pages: int = 2000, content_bytes: int = 5_000_000, *, unique_stream=False
) -> Path:
    """Every page draws the same large content stream: a small file, a huge amount of
    page content (the attack run's 329 KB file of 2,000 pages and one 5 MB stream).
    ``unique_stream``: each page draws a small stream of its own too, so no two pages
    are alike."""
    line = b"BT /F1 9 Tf 72 700 Td (Lumbar spine progress note repeated) Tj ET\n"
    content = line * (content_bytes // len(line))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", stream(content, compress=True), FONT]
    kids = []
    for n in range(pages):
        contents = b"3 0 R"
        if unique_stream:
            objects.append(stream(b"BT /F1 9 Tf 72 100 Td (page %d) Tj ET" % n))
            contents = b"[3 0 R %d 0 R]" % len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %s "
            b"/Resources << /Font << /F1 4 0 R >> >> >>" % contents
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    path.write_bytes(raw_pdf(objects))
    return path


def surrogate_text_pdf(path: Path) -> Path:
    """A font whose ToUnicode map turns a glyph into a lone UTF-16 surrogate."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Hostile def 1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"2 beginbfchar <41> <D800> <42> <0042> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = b"BT /F1 12 Tf 72 700 Td (ABAB Progress note) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        stream(cmap),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


ENCRYPT_MUTATIONS = {
    "unknown V": b"<< /Filter /Standard /V 9 /R 9 /O (x) /U (y) /P -4 /Length 128 >>",
    "unknown crypt filter": (
        b"<< /Filter /Standard /V 4 /R 4 /O (0123456789abcdef0123456789abcdef) "
        b"/U (0123456789abcdef0123456789abcdef) /P -4 /Length 128 "
        b"/CF << /StdCF << /CFM /Rot13 /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>"
    ),
    "unknown filter": b"<< /Filter /NotAStandard /V 1 /R 2 /O (x) /U (y) /P -4 >>",
    "AESV3 short keys": (
        b"<< /Filter /Standard /V 5 /R 6 /O (short) /U (short) /OE (x) /UE (y) /P -4 "
        b"/Perms (z) /Length 256 /CF << /StdCF << /CFM /AESV3 >> >> /StmF /StdCF /StrF /StdCF >>"
    ),
}


def mutated_encryption_pdf(path: Path, mutation: str) -> Path:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 72 700 Td (x) Tj ET"),
        ENCRYPT_MUTATIONS[mutation],
    ]
    path.write_bytes(raw_pdf(objects, trailer_extra=b"/Encrypt 5 0 R /ID [<01> <01>] "))
    return path


def deep_dictionary_pdf(path: Path, depth: int = 5_000) -> Path:
    """A catalog holding a dictionary nested ``depth`` levels deep: pypdf warns about
    it from deep inside a recursion, once per level."""
    nested = b"<< /D " * depth + b"1" + b" >>" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Deep " + nested + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    path.write_bytes(raw_pdf(objects))
    return path
