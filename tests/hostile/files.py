"""Hostile upload files, generated (never committed): one family per way a file can hurt.

Every generator returns :class:`Hostile` files: the name the browser sends, the bytes, the
family, and what must happen (``refused``: the import is red, nothing is stored; ``safe``:
any verdict, but no crash, no server error, bounded cost). ``scale`` makes the bombs and
big files bigger: the tests use 1 (fractions of a second to build), bench/hostile.py uses
the sizes of the issue's report (a 4.5 KB bzip2 zip expanding to 600 MB, ...).

Nothing here is real data.
"""

from __future__ import annotations

import bz2
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["FAMILIES", "Hostile", "hostile_files"]

LENS_HEADER = (
    "Lens ID,Jurisdiction,Kind,Display Key,Publication Number,Publication Date,"
    "Application Number,Application Date,Priority Numbers,Earliest Priority Date,Title,"
    "Applicants,Inventors,IPCR Classifications,CPC Classifications"
)
_XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@dataclass(frozen=True)
class Hostile:
    """One hostile upload."""

    name: str
    data: bytes
    family: str
    expect: str  # "refused" or "safe"
    what: str  # one line for reports


def _lens_rows(n: int, cell: Callable[[int], str] = lambda i: f"Title {i}") -> str:
    rows = [LENS_HEADER]
    for i in range(n):
        rows.append(
            f"{i:03d}-000-000-000-{i:03d},US,A1,US {i} A1,US {1000 + i} A1,2020-01-0{1 + i % 9},"
            f'US {i},2019-01-01,US {i},2019-01-01,"{cell(i)}",ACME CORP;;BETA KK,Doe J,'
            f"H01M 10/0525,H01M 10/0525"
        )
    return "\r\n".join(rows) + "\r\n"


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _streamed_zip(name: str, size: int, method: int) -> bytes:
    """A zip of one member of ``size`` zero bytes, compressed in chunks (no 600 MB buffer)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        info = zipfile.ZipInfo(name)
        info.compress_type = method
        with archive.open(info, "w", force_zip64=size > 2**31) as member:
            chunk = b"0" * (1 << 20)
            for _block in range(size >> 20):
                member.write(chunk)
    return buffer.getvalue()


def _patch_flags(data: bytes, flag: int = 0, method: int | None = None) -> bytes:
    """Set general-purpose flags (and the method) in every local and central header."""
    out = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", out, at + flag_at)[0] | flag
            struct.pack_into("<H", out, at + flag_at, flags)
            if method is not None:
                struct.pack_into("<H", out, at + method_at, method)
            start = at + 4
    return bytes(out)


def _xlsx(sheet: str, shared: str | None = None, dimension: str | None = None) -> bytes:
    """A minimal workbook whose first sheet's XML is ``sheet`` (rows only)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
            'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conten'
            'tType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appli'
            'cation/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override'
            ' PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openx'
                'mlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
            '"xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlform'
            'ats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/offic'
            'eDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="work'
            'sheets/sheet1.xml"/>'
            + (
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocumen'
                't/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                if shared is not None
                else ""
            )
            + "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlfor'
            f'mats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheet}</sheetData></worksheet>'
        ),
    }
    if shared is not None:
        members["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.o'
            f'rg/spreadsheetml/2006/main">{shared}</sst>'
        )
    return _zip({k: v.encode() for k, v in members.items()})


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


# ----------------------------------------------------------------------------- families


def zip_bombs(scale: int) -> Iterator[Hostile]:
    mb = 8 * scale
    yield Hostile(
        "bomb.tsv.zip",
        _streamed_zip("g_patent.tsv", mb << 20, zipfile.ZIP_DEFLATED),
        "zip bomb",
        "refused",
        f"Deflate member expanding to {mb} MB",
    )
    big = 600 if scale > 1 else mb
    yield Hostile(
        "bzip2-bomb.zip",
        _streamed_zip("g_patent.tsv", big << 20, zipfile.ZIP_BZIP2),
        "zip bomb",
        "refused",
        f"bzip2 member expanding to {big} MB",
    )
    yield Hostile(
        "bomb.xlsx",
        _streamed_zip("xl/worksheets/sheet1.xml", mb << 20, zipfile.ZIP_DEFLATED),
        "zip bomb",
        "refused",
        f"a 'workbook' whose one member expands to {mb} MB",
    )
    yield Hostile(
        "members.zip",
        _zip({f"g_x{i}.tsv": b"a" for i in range(1001 * scale)}),
        "zip bomb",
        "refused",
        f"{1001 * scale} members",
    )
    members = {"g_patent.tsv": b"patent_id\tpatent_date\tpatent_title\n1\t2020-01-01\tx\n"}
    yield Hostile(
        "encrypted.zip", _patch_flags(_zip(members), flag=1), "zip", "refused", "encrypted member"
    )
    yield Hostile(
        "deflate64.zip",
        _patch_flags(_zip(members), method=9),
        "zip",
        "refused",
        "Deflate64 member",
    )
    lying = bytearray(_zip({"g_patent.tsv": b"patent_id\tpatent_date\tpatent_title\n" * 5000}))
    central = lying.find(b"PK\x01\x02")
    struct.pack_into("<I", lying, central + 24, 40)  # declared uncompressed size: 40 bytes
    yield Hostile("lying.zip", bytes(lying), "zip", "refused", "member declares 40 bytes")
    yield Hostile(
        "truncated.zip", _zip(members)[:60], "zip", "refused", "archive cut after 60 bytes"
    )
    yield Hostile(
        "traversal.zip",
        _zip({"../../../g_patent.tsv": members["g_patent.tsv"]}),
        "zip",
        "safe",
        "member named ../../../g_patent.tsv",
    )


def workbooks(scale: int) -> Iterator[Hostile]:
    yield Hostile(
        "far-cell.xlsx",
        _xlsx(
            '<row r="1">' + _inline("A1", "Pub No.") + _inline("B1", "Title") + "</row>"
            '<row r="1048576">' + _inline("XFD1048576", "x") + "</row>",
            dimension="A1:XFD1048576",
        ),
        "xlsx",
        "refused",
        "one cell at XFD1048576",
    )
    count = 200_000 * scale
    yield Hostile(
        "shared-strings-bomb.xlsx",
        _xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared="<si><t>x</t></si>" * count),
        "xlsx",
        "refused",
        f"{count:,} shared strings",
    )
    yield Hostile(
        "dimension-lie.xlsx",
        _xlsx(
            '<row r="1">'
            + _inline("A1", "Pub No.")
            + _inline("B1", "Assignee(s)")
            + '</row><row r="2">'
            + _inline("A2", "EP1")
            + _inline("B2", "ACME")
            + "</row>",
            dimension="A1:XFD1048576",
        ),
        "xlsx",
        "safe",
        "a 2x2 sheet that declares A1:XFD1048576",
    )
    cells = "".join(_inline(f"{_column(i)}1", f"c{i}") for i in range(1, 1500 * scale))
    yield Hostile(
        "wide.xlsx", _xlsx(f'<row r="1">{cells}</row>'), "xlsx", "refused", "1,500 columns"
    )
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
        + "]>"
    ).replace("&lol0;", "&lol;")
    book = _xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode().split("?>", 1)[1]
    parts["xl/worksheets/sheet1.xml"] = (laughs + sheet).encode()
    yield Hostile("laughs.xlsx", _zip(parts), "xlsx", "refused", "billion laughs entities")
    yield Hostile(
        "no-workbook.xlsx",
        _zip({"hello.txt": b"hi"}),
        "xlsx",
        "refused",
        "a zip without a workbook",
    )
    damaged = book[: len(book) // 2] + bytes(len(book) // 2)
    yield Hostile("damaged.xlsx", damaged, "xlsx", "refused", "second half zeroed")
    broken = dict(parts)
    broken["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c>"
    yield Hostile("broken-xml.xlsx", _zip(broken), "xlsx", "refused", "sheet XML cut short")


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def texts(scale: int) -> Iterator[Hostile]:
    columns = 200_000 * scale
    yield Hostile(
        "wide-header.csv",
        (",".join(f"c{i}" for i in range(columns)) + "\n1\n").encode(),
        "csv",
        "refused",
        f"a header of {columns:,} columns",
    )
    yield Hostile(
        "long-header-cell.csv",
        ("Pub No.,Assignee(s)," + "H" * (1 << 20) + "\nEP1,ACME,x\n").encode(),
        "csv",
        "refused",
        "a 1 MB column name (unrecognised: a mapping form without it)",
    )
    body = _lens_rows(50).encode()
    late_nul = body + b"x" * (1 << 20) + b"\x00" + b"\r\n"
    yield Hostile("late-nul.csv", late_nul, "csv", "refused", "a NUL byte after 1 MB of text")
    yield Hostile(
        "utf16-nul.csv",
        ("\ufeff" + LENS_HEADER + "\r\n\x00\x00\r\n").encode("utf-16-le"),
        "csv",
        "refused",
        "UTF-16 text holding NUL characters",
    )
    yield Hostile(
        "unclosed-quote.csv",
        (LENS_HEADER + '\r\n1,US,A1,"never closed' + "x" * (200_000 * scale)).encode(),
        "csv",
        "refused",
        "a quote that never closes",
    )
    yield Hostile(
        "one-long-line.csv",
        b"a," * (2_000_000 * scale),
        "csv",
        "refused",
        f"one line of {2_000_000 * scale:,} cells",
    )
    yield Hostile(
        "empty-lines.csv", b"\n" * (500_000 * scale), "csv", "refused", "only empty lines"
    )
    yield Hostile("bom-only.csv", b"\xef\xbb\xbf", "csv", "refused", "a BOM and nothing else")
    yield Hostile(
        "cr-only.csv",
        _lens_rows(20).replace("\r\n", "\r").encode(),
        "csv",
        "safe",
        "old Mac line endings",
    )
    yield Hostile(
        "formulas.csv",
        _lens_rows(
            20, lambda i: ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"][i % 4]
        ).encode(),
        "csv",
        "safe",
        "spreadsheet formulas in cells",
    )
    yield Hostile(
        "xss.csv",
        _lens_rows(20, lambda i: _XSS.replace('"', "'")).encode(),
        "csv",
        "safe",
        "HTML and script in cells",
    )
    yield Hostile(
        "bad-rows.csv",
        (_lens_rows(30) + "only,three,fields\r\n" * (30_000 * scale)).encode(),
        "csv",
        "safe",
        f"{30_000 * scale:,} malformed rows (kept for review, paged)",
    )
    mixed = _lens_rows(10).encode() + "Bétä Ünïcødé,x\r\n".encode("cp1252") + b"\x81\x8d\r\n"
    yield Hostile("mixed-encoding.csv", mixed, "csv", "safe", "UTF-8 and cp1252 mixed")


def names(scale: int) -> Iterator[Hostile]:
    lens = _lens_rows(5).encode()
    for name, what in (
        ("专利" * 120 + ".csv", "a 723-byte file name"),
        ("x" * 300 + ".csv", "a 304-byte file name"),
        ("../../../../tmp/evil.csv", "a name with ../"),
        ("evil\x00.csv", "a name with a NUL byte"),
        ("\u202egnp.csv", "a right-to-left override in the name"),
        (_XSS + ".csv", "HTML in the name"),
        ("", "an empty name"),
        (".csv", "only a suffix"),
    ):
        yield Hostile(name, lens, "names", "safe", what)


def binaries(scale: int) -> Iterator[Hostile]:
    rng = random.Random(11)
    yield Hostile(
        "image.csv", b"\x89PNG\r\n\x1a\n" + bytes(200), "binary", "refused", "a PNG named .csv"
    )
    yield Hostile("program.csv", b"\x7fELF" + bytes(200), "binary", "refused", "an ELF program")
    noise = bytes(rng.getrandbits(8) for _ in range(50_000 * scale))
    yield Hostile("noise.csv", noise, "binary", "refused", "random bytes")
    yield Hostile(
        "gzip.zip",
        b"\x1f\x8b\x08" + zlib.compress(b"x" * 1000),
        "binary",
        "refused",
        "gzip named .zip",
    )
    yield Hostile("old.xls", b"\xd0\xcf\x11\xe0" + bytes(100), "binary", "refused", "an .xls")
    yield Hostile(
        "bz2.csv", bz2.compress(b"x" * 10_000), "binary", "refused", "bzip2 data named .csv"
    )


FAMILIES: dict[str, Callable[[int], Iterator[Hostile]]] = {
    "zip": zip_bombs,
    "xlsx": workbooks,
    "csv": texts,
    "names": names,
    "binary": binaries,
}


def hostile_files(scale: int = 1) -> list[Hostile]:
    """Every hostile file of every family."""
    return [file for family in FAMILIES.values() for file in family(scale)]
