"""Are two versions of the package writing the same packs? A fingerprint of every file of
the packs of data/sample, data/gia_lai_2017 and data/sample_2026 (Vietnamese, and the
English pack of data/sample), then the differences between two fingerprints.

    python scripts/compare_packs.py snapshot build/packs_before   # writes build/packs_before/fingerprint.json
    ... change the code ...
    python scripts/compare_packs.py snapshot build/packs_after
    python scripts/compare_packs.py diff build/packs_before build/packs_after

What is compared: chart PNGs byte for byte; the text of every paragraph and table cell of
the Word documents and of every shape of the slides, and the images they hold; every cell
of every sheet of the workbooks; Markdown, HTML and CSV byte for byte; SVG without its
date. What is not: the date and time an office file records of its own making.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

PACKS = [("sample", "data/sample", None, "vi"), ("sample_en", "data/sample", None, "en"),
         ("gia_lai_2017", "data/gia_lai_2017", 2017, "vi"), ("sample_2026", "data/sample_2026", 2025, "vi")]


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:16]


def docx_text(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    lines += sorted(digest(part.blob) for part in document.part.package.parts
                    if part.partname.endswith((".png", ".jpeg", ".jpg")))
    return lines


def pptx_text(path: Path) -> list[str]:
    import pptx

    lines = []
    for number, slide in enumerate(pptx.Presentation(str(path)).slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines.append(f"{number}: {shape.text_frame.text}")
            if getattr(shape, "has_table", False) and shape.has_table:
                lines += [f"{number}: " + " | ".join(c.text for c in row.cells) for row in shape.table.rows]
            if shape.shape_type == 13:  # a picture
                lines.append(f"{number}: image {digest(shape.image.blob)}")
    return lines


def xlsx_cells(path: Path) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"[{sheet.title}] print: {sheet.page_setup.orientation} {sheet.print_title_rows}")
        for row in sheet.iter_rows():
            lines += [f"{sheet.title}!{c.coordinate}={c.value!r}" for c in row if c.value is not None]
    return lines


def fingerprint(path: Path) -> str:
    if path.suffix == ".docx":
        return digest("\n".join(docx_text(path)))
    if path.suffix == ".pptx":
        return digest("\n".join(pptx_text(path)))
    if path.suffix == ".xlsx":
        return digest("\n".join(xlsx_cells(path)))
    if path.suffix == ".svg":
        return digest(re.sub(r"<dc:date>.*?</dc:date>", "", path.read_text(encoding="utf-8"), flags=re.S))
    return digest(path.read_bytes())


def snapshot(out: Path) -> None:
    import emulation_stats as es

    prints: dict[str, str] = {}
    for name, folder, year, lang in PACKS:
        pack = es.build_report(es.load_dataset(folder), year, out / name, lang=lang)
        for file in sorted(pack.files):
            prints[f"{name}/{file.relative_to(out / name)}"] = fingerprint(file)
    (out / "fingerprint.json").write_text(json.dumps(prints, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(prints)} files fingerprinted in {out}")


def diff(before: Path, after: Path) -> int:
    a = json.loads((before / "fingerprint.json").read_text(encoding="utf-8"))
    b = json.loads((after / "fingerprint.json").read_text(encoding="utf-8"))
    changed = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
    for label, names in (("only before", sorted(a.keys() - b.keys())), ("only after", sorted(b.keys() - a.keys())),
                         ("different", changed)):
        for name in names:
            print(f"{label}: {name}")
    same = len(a.keys() & b.keys()) - len(changed)
    print(f"{same} of {len(a)} files identical; {len(changed)} different; "
          f"{len(a.keys() ^ b.keys())} in one pack only")
    return 1 if changed or a.keys() ^ b.keys() else 0


if __name__ == "__main__":
    verb, *paths = sys.argv[1:]
    if verb == "snapshot":
        snapshot(Path(paths[0]))
    else:
        sys.exit(diff(Path(paths[0]), Path(paths[1])))
