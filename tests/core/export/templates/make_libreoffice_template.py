"""Rebuild ``libreoffice-custom-styles.docx``: ``python make_libreoffice_template.py``.

A house template as an analyst would make it in LibreOffice Writer: its own "Memo Header"
(Courier New) and a restyled "Body Text" (13 pt, dark blue), saved as .docx by LibreOffice.
It is made the way LibreOffice users get one: python-docx writes the styles, LibreOffice
converts to .odt and back to .docx, so every part of the result is LibreOffice's own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

HERE = Path(__file__).parent


def main() -> int:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("error: LibreOffice (soffice) is needed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        d = docx.Document()
        header = d.styles.add_style("Memo Header", WD_STYLE_TYPE.PARAGRAPH)
        header.font.name, header.font.size = "Courier New", Pt(11)
        body = d.styles["Body Text"]
        body.font.name, body.font.size = "Liberation Serif", Pt(13)
        body.font.color.rgb = RGBColor(0x22, 0x44, 0x88)
        d.add_paragraph("Header", style="Memo Header")
        d.add_paragraph("Body", style="Body Text")
        d.save(str(tmp / "libreoffice-custom-styles.docx"))
        profile = f"-env:UserInstallation={(tmp / 'profile').as_uri()}"
        for target, src, out in (("odt", "libreoffice-custom-styles.docx", tmp / "odt"),
                                 ("docx:MS Word 2007 XML", "odt/libreoffice-custom-styles.odt",
                                  tmp / "docx")):
            subprocess.run([soffice, profile, "--headless", "--convert-to", target, "--outdir",
                            str(out), str(tmp / src)], check=True, capture_output=True)
        made = tmp / "docx" / "libreoffice-custom-styles.docx"
        if not made.is_file():  # soffice can exit 0 without writing anything
            print("error: LibreOffice wrote no file", file=sys.stderr)
            return 1
        shutil.copy(made, HERE / made.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
