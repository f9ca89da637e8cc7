"""Independent readers of tracked changes: LibreOffice (headless, by a Basic macro) and pandoc.

LibreOffice accepts or rejects every change of a document and saves it again as DOCX; one run of
it does a whole list of files, so tests share it. Text is read back from a package as a reader sees
it: the paragraphs of the body outside tables, and the notes in the order of their calls.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PANDOC = shutil.which("pandoc")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ACCEPT_ALL = ".uno:AcceptAllTrackedChanges"
REJECT_ALL = ".uno:RejectAllTrackedChanges"

_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Redline"
 script:language="StarBasic">
Sub Resolve(listPath As String)
  Dim n As Integer, entry As String, parts As Variant, doc As Object, helper As Object
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  Dim filter(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = &quot;Hidden&quot;
  hidden(0).Value = True
  filter(0).Name = &quot;FilterName&quot;
  filter(0).Value = &quot;MS Word 2007 XML&quot;
  helper = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  n = FreeFile()
  Open listPath For Input As #n
  Do While Not EOF(n)
    Line Input #n, entry
    If Len(entry) &gt; 0 Then
      parts = Split(entry, Chr(9))
      doc = StarDesktop.loadComponentFromURL(ConvertToURL(parts(0)), &quot;_blank&quot;, 0, hidden())
      helper.executeDispatch(doc.CurrentController.Frame, parts(2), &quot;&quot;, 0, Array())
      doc.storeToURL(ConvertToURL(parts(1)), filter())
      doc.close(True)
    End If
  Loop
  Close #n
End Sub
</script:module>
"""
_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Redline"/>
</library:library>
"""
_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" xlink:href="$(USER)/basic/Standard/script.xlb/"
  xlink:type="simple" library:link="false"/>
</library:libraries>
"""


def libreoffice_resolve(jobs: list[tuple[Path, Path, str]], work: Path) -> None:
    """For each (source, target, command), open source, dispatch the command and save target.

    One LibreOffice process for the whole list, in a throwaway profile holding the macro.
    """
    assert LIBREOFFICE is not None
    profile = [f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore"]
    # A new profile is filled from LibreOffice's presets on its first start, macros included:
    # start it once, then add the macro.
    subprocess.run(
        [LIBREOFFICE, *profile, "--terminate_after_init"], check=True, capture_output=True, timeout=300
    )
    basic = work / "profile" / "user" / "basic"
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    (basic / "script.xlc").write_text(_LIBRARIES, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(_LIBRARY, encoding="utf-8")
    (basic / "Standard" / "Redline.xba").write_text(_MODULE, encoding="utf-8")
    listing = work / "jobs.txt"
    listing.write_text("".join(f"{s}\t{t}\t{c}\n" for s, t, c in jobs), encoding="utf-8")
    command = f'macro:///Standard.Redline.Resolve("{listing}")'
    subprocess.run([LIBREOFFICE, *profile, command], check=True, capture_output=True, timeout=300)
    missing = [str(t) for _s, t, _c in jobs if not t.exists()]
    assert not missing, f"LibreOffice wrote nothing for {missing}"


def libreoffice_convert(source: Path, to: str, outdir: Path) -> Path:
    """``source`` converted by LibreOffice (``to`` as ``--convert-to`` takes it) into ``outdir``.

    A throwaway profile in ``outdir``: runs never share LibreOffice's user state.
    """
    assert LIBREOFFICE is not None
    subprocess.run(
        [
            LIBREOFFICE,
            f"-env:UserInstallation=file://{outdir / 'profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (source.stem + "." + to.split(":")[0])


def pandoc_text(path: Path, track_changes: str) -> str:
    """The document as pandoc reads it with every change accepted or rejected, white space folded."""
    assert PANDOC is not None
    result = subprocess.run(
        [PANDOC, "-f", "docx", f"--track-changes={track_changes}", "-t", "plain", "--wrap=none", str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return " ".join(result.stdout.decode("utf-8").split())


def _part(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(package.read(name))
    except KeyError:
        return None


def _text(element: etree._Element) -> str:
    out = []
    for node in element.iter(f"{W}t", f"{W}tab"):
        out.append("\t" if node.tag == f"{W}tab" else (node.text or ""))
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def reader_text(data: bytes) -> tuple[list[str], list[str]]:
    """A package's body paragraphs outside tables (empty ones left out) and its notes in call order.

    For a package with no tracked changes left: what a reader sees.
    """
    package = zipfile.ZipFile(io.BytesIO(data))
    document = _part(package, "word/document.xml")
    assert document is not None
    body = document.find(f"{W}body")
    assert body is not None
    paragraphs = [t for p in body.findall(f"{W}p") if (t := _text(p))]
    notes_part = _part(package, "word/footnotes.xml")
    notes = {n.get(f"{W}id"): n for n in notes_part.findall(f"{W}footnote")} if notes_part is not None else {}
    calls = [
        r.get(f"{W}id")
        for r in body.iter(f"{W}footnoteReference")
        if r.get(f"{W}customMarkFollows") not in ("1", "true")
    ]
    return paragraphs, [_text(notes[c]) for c in calls]


def revision_markup(data: bytes) -> int:
    """How many revision elements a package still holds (after accepting or rejecting: none)."""
    package = zipfile.ZipFile(io.BytesIO(data))
    tags = ("ins", "del", "moveFrom", "moveTo")
    count = 0
    for name in ("word/document.xml", "word/footnotes.xml"):
        root = _part(package, name)
        if root is not None:
            count += sum(1 for _ in root.iter(*(f"{W}{t}" for t in tags)))
    return count
