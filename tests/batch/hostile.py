"""Hostile workbooks that are small on disk and huge once read (shared strings, styles, repeated .ods rows),
and a runner that reads one in a child process under memory and time limits, so that a failure of the
program's bounds fails a test instead of taking the machine down. Also used by benchmarks/bounds.py."""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

from desktop.batch.template import build_template
from desktop.catalog import bundled_catalog

SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rewrite(
    source: bytes, target: Path, parts: dict[str, object], content_types: bytes | None = None
) -> Path:
    """Write ``target``: the zip ``source`` with ``parts`` replaced by the bytes their writers stream."""
    with (
        zipfile.ZipFile(io.BytesIO(source)) as archive,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in archive.infolist():
            if info.filename in parts:
                continue
            data = archive.read(info)
            if info.filename == "[Content_Types].xml" and content_types is not None:
                data = content_types
            out.writestr(info.filename, data)
        for name, write in parts.items():
            with out.open(name, "w", force_zip64=True) as stream:
                write(stream)  # type: ignore[operator]
    return target


def shared_strings_bomb(target: Path, count: int = 3_000_000) -> Path:
    """Return a blank batch workbook whose shared-string table holds ``count`` one-letter strings (~17 bytes each)."""
    source = build_template(bundled_catalog())
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        types = archive.read("[Content_Types].xml")
    if b"sharedStrings" not in types:
        types = types.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
            b'.spreadsheetml.sharedStrings+xml"/></Types>',
        )

    def strings(stream: object) -> None:
        stream.write(f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">'.encode())  # type: ignore[attr-defined]
        block = b"<si><t>x</t></si>" * 10_000
        for _ in range(count // 10_000):
            stream.write(block)  # type: ignore[attr-defined]
        stream.write(b"</sst>")  # type: ignore[attr-defined]

    return _rewrite(source, target, {SHARED_STRINGS: strings}, types)


def styles_bomb(target: Path, count: int = 1_000_000) -> Path:
    """Return a blank batch workbook whose style sheet declares ``count`` cell formats."""
    source = build_template(bundled_catalog())

    def styles(stream: object) -> None:
        stream.write(f'<styleSheet xmlns="{_MAIN}"><cellXfs count="{count}">'.encode())  # type: ignore[attr-defined]
        block = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 10_000
        for _ in range(count // 10_000):
            stream.write(block)  # type: ignore[attr-defined]
        stream.write(b"</cellXfs></styleSheet>")  # type: ignore[attr-defined]

    return _rewrite(source, target, {STYLES: styles})


def ods_repeated_rows(target: Path, rows: int = 1_048_000, columns: int = 1_000) -> Path:
    """Return an .ods of a few kilobytes whose one filled row is repeated ``rows`` times, ``columns`` wide."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="企业"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>企业名称</text:p></table:table-cell></table:table-row>'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return target


_CHILD = """
import json, resource, sys, time
from pathlib import Path
from desktop.batch.reader import read_batch
from desktop.catalog import bundled_catalog
from desktop.errors import InputError
catalog = bundled_catalog()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    read_batch(Path(sys.argv[1]), catalog)
    message = ""
except InputError as error:
    message = str(error)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"message": message, "seconds": seconds, "peak_kib": peak, "grown_kib": peak - before}))
"""


def read_limited(path: Path, memory_mb: int = 2048, seconds: int = 120) -> dict[str, object]:
    """Return what reading ``path`` as a batch gave, in a child process limited to ``memory_mb`` of address
    space and ``seconds`` of CPU: the refusal message (empty when read), the time taken, and the peak
    resident memory (KiB) in all and beyond the loaded program. Raises CalledProcessError when the child
    died (out of memory, out of time)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=seconds * 2,
        preexec_fn=limit,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
