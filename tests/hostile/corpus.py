"""A small hostile corpus, generated at test time: files a hostile user would give the roster
and layout doors. ``write_corpus(folder)`` writes them and returns :data:`CASES`-style records
(file name -> the problem codes the product may answer with).

Run as a script to write the corpus into a folder: ``python tests/hostile/corpus.py OUT``.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

#: a members sheet the reader would accept, so only the hostile part can refuse the file
_HEADER = ("党员编号", "姓名", "居民区")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    #: the product's own problem codes that may refuse it (the first is the expected one)
    codes: tuple[str, ...]


def base_workbook(rows: int = 2, header: bool = True) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    if header:
        sheet.append(_HEADER)
    for number in range(rows):
        sheet.append([f"{number:04d}", f"人{number}", "一居"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, change: Callable[[bytes], bytes], level: int = 6) -> bytes:
    """The workbook with its first sheet's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = change(part)
            archive.writestr(info.filename, part)
    return out.getvalue()


def billion_laughs() -> bytes:
    dtd = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b"]>"
    )
    return rewrite_sheet(base_workbook(), lambda xml: dtd + _body(xml))


def _body(xml: bytes) -> bytes:
    """The XML without its declaration, if it has one."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def external_entity() -> bytes:
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return rewrite_sheet(base_workbook(), lambda xml: dtd + _body(xml))


def xml_comment(megabytes: int = 20) -> bytes:
    """One XML comment of ``megabytes`` MB in a sheet without a roster header: ratio under the
    limit (low-entropy text), which made openpyxl's parser rescan for minutes."""
    rng = random.Random(1)
    chunk = "".join(rng.choice("ab") if rng.random() < 0.02 else "a" for _ in range(1 << 20))
    comment = ("<!--" + chunk * megabytes + "-->").encode()

    def change(xml: bytes) -> bytes:
        at = xml.index(b"<sheetData")
        return xml[:at] + comment + xml[at:]

    return rewrite_sheet(base_workbook(header=False), change, level=9)


def ratio_bomb() -> bytes:
    return rewrite_sheet(base_workbook(), lambda xml: xml + b" " * (40 << 20), level=9)


def lying_sizes() -> bytes:
    """A zip whose directory says each part is 10 bytes long: the real parts are larger."""
    data = bytearray(base_workbook())
    central = data.rfind(b"PK\x01\x02", 0)
    # patch every central directory entry's uncompressed size (offset 24) to 10
    offset = data.find(b"PK\x01\x02")
    while offset != -1 and offset <= central:
        struct.pack_into("<I", data, offset + 24, 10)
        offset = data.find(b"PK\x01\x02", offset + 4)
    return bytes(data)


def _base_plus(compression: int, add: Callable[[zipfile.ZipFile], None]) -> bytes:
    """The base workbook's entries copied into a new archive, then ``add`` writes more."""
    source = zipfile.ZipFile(io.BytesIO(base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        add(archive)
    return out.getvalue()


def duplicate_entries() -> bytes:
    def add(archive: zipfile.ZipFile) -> None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
            archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")

    return _base_plus(zipfile.ZIP_DEFLATED, add)


def many_entries() -> bytes:
    def add(archive: zipfile.ZipFile) -> None:
        for number in range(2_001):
            archive.writestr(f"xl/media/x{number}.bin", b"")

    return _base_plus(zipfile.ZIP_STORED, add)


def far_cell() -> bytes:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return rewrite_sheet(base_workbook(), lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>"))


def encrypted() -> bytes:
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le")


def deep_json() -> bytes:
    return b"[" * 200_000 + b"]" * 200_000


def deep_object_json() -> bytes:
    return b'{"assignments":' + b'{"a":' * 5_000 + b"1" + b"}" * 5_000 + b"}"


def random_bytes() -> bytes:
    return random.Random(7).randbytes(50_000)


def nul_csv() -> bytes:
    return b"member_id,name,area\n" + b"\0" * 10_000


def many_rows_csv() -> bytes:
    return b"member_id,name,area\n" + b"".join(b"%d,a,X\n" % n for n in range(200_001))


CASES: tuple[Case, ...] = (
    Case("laughs.xlsx", billion_laughs, ("xml_dtd",)),
    Case("xxe.xlsx", external_entity, ("xml_dtd",)),
    Case("comment.xlsx", xml_comment, ("missing_sheet", "not_a_roster")),
    Case("bomb.xlsx", ratio_bomb, ("zip_bomb",)),
    Case("lying.xlsx", lying_sizes, ("zip_entries",)),
    Case("duplicate.xlsx", duplicate_entries, ("zip_entries",)),
    Case("crowded.xlsx", many_entries, ("zip_bomb",)),
    Case("far.xlsx", far_cell, ("read_memory",)),
    Case("locked.xlsx", encrypted, ("encrypted",)),
    Case("roster.et", lambda: base_workbook(), ("wps_et",)),
    Case("random.xlsx", random_bytes, ("unreadable",)),
    Case("random.xls", random_bytes, ("unreadable",)),
    Case("nul.csv", nul_csv, ("unreadable", "encoding")),
    Case("rows.csv", many_rows_csv, ("too_many_rows",)),
    Case("deep.json", deep_json, ("json_too_deep",)),
    Case("deep_object.json", deep_object_json, ("json_too_deep",)),
)


def write_corpus(folder: Path) -> dict[str, Case]:
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (folder / case.name).write_bytes(case.make())
    return {case.name: case for case in CASES}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name in write_corpus(out):
        print(out / name)
