"""The ``brief`` command: a brief's contents from the shell, over the core only (no Qt).

Conventions: the brief's path comes first; a command that creates an item prints its id
alone on a line; any unique id prefix of 4+ characters is accepted; ``--json`` gives
machine-readable output. Exit status 0 on success, 1 with one ``error: …`` line on stderr
for a user mistake or a bad file, 2 for wrong usage.

This module is the entry point only: the parser, built in steps (one a group of commands),
and the dispatch. The commands live in :mod:`desktop.cli_commands`, one module a group; a
command's module is imported when it runs, so ``brief info`` loads the store and its reads
and never the importers, the edits or the exporter (tests/test_cli_imports.py pins it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .core.errors import BriefError

# command -> (module in desktop.cli_commands, function): imported only when the command runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("brief", "new"),
    "info": ("brief", "info"),
    "search": ("brief", "search"),
    "check": ("brief", "check"),
    "add-source": ("sources", "add_source"),
    "replace-source": ("sources", "replace_source"),
    "edit-source": ("sources", "edit_source"),
    "source-versions": ("sources", "source_versions"),
    "sources": ("sources", "sources"),
    "annotate": ("highlights", "annotate"),
    "confirm": ("highlights", "confirm"),
    "annotations": ("highlights", "annotations"),
    "claim": ("highlights", "claim"),
    "link": ("highlights", "link"),
    "claims": ("highlights", "claims"),
    "memo": ("memo", "memo"),
    "paragraph": ("memo", "paragraph"),
    "export": ("memo", "export"),
    "review": ("review", "review"),
    "reviews": ("review", "reviews"),
    "resolve": ("review", "resolve"),
    "copy": ("sharing", "copy"),
    "merge": ("sharing", "merge"),
}


def command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs ``name``, its module imported now (that module alone)."""
    import importlib

    module, function = COMMANDS[name]
    return getattr(importlib.import_module(f"{__package__}.cli_commands.{module}"), function)


class _VersionAction(argparse.Action):
    """``--version``: reads the package metadata only when asked (it costs a scan of sys.path)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        self.show()
        parser.exit()

    @staticmethod
    def show() -> None:
        from . import version

        print(f"brief {version()}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brief", description="Work with Briefing Builder "
                                     "briefs (.brief files) from the command line.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # In this order in --help.
    _add_brief_commands(sub)
    _add_source_commands(sub)
    _add_highlight_and_claim_commands(sub)
    _add_memo_commands(sub)
    _add_search_and_check_commands(sub)
    _add_export_command(sub)
    _add_sharing_commands(sub)
    _add_review_commands(sub)
    return parser


def _add(sub, name: str, help_text: str, json_option: bool = False) -> argparse.ArgumentParser:
    """A command taking the brief's path first (and ``--json`` when asked)."""
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("brief", metavar="BRIEF", help="the .brief file")
    if json_option:
        p.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def _add_brief_commands(sub) -> None:
    """Commands on the brief itself: create it, describe it."""
    p = _add(sub, "new", "create a new, empty brief")
    p.add_argument("--title")
    p.add_argument("--author")
    _add(sub, "info", "title, schema version and counts", json_option=True)


def _add_source_commands(sub) -> None:
    """Commands on sources and their earlier versions."""
    p = _add(sub, "add-source",
             "import a source file (- for standard input, or an http(s) address)")
    p.add_argument("file", metavar="FILE|-|URL")
    for opt in ("title", "author", "outlet", "url"):
        p.add_argument(f"--{opt}")
    p.add_argument("--published", metavar="YYYY-MM-DD")
    p.add_argument("--reliability", metavar="A-F",
                   help="Admiralty source reliability (default: not graded)")
    p.add_argument("--format", help="override the detected format (txt, md, html, docx, pdf)")
    p = _add(sub, "edit-source", "change a source's details or reliability grade")
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    for opt in ("title", "author", "outlet", "url"):
        p.add_argument(f"--{opt}")
    p.add_argument("--published", metavar="YYYY-MM-DD")
    p.add_argument("--accessed", metavar="YYYY-MM-DD")
    p.add_argument("--reliability", metavar="A-F|none",
                   help="Admiralty source reliability; none: not graded")
    p = _add(sub, "replace-source",
             "re-import a new version of a source; re-anchor its highlights", json_option=True)
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--format", help="override the detected format (txt, md, html, docx, pdf)")
    p = _add(sub, "source-versions", "earlier texts of a source that replace-source kept",
             json_option=True)
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    p.add_argument("--text", metavar="VERSION", help="print this version's text in full")
    _add(sub, "sources", "list sources", json_option=True)


def _add_highlight_and_claim_commands(sub) -> None:
    """Commands on highlights, claims and the evidence linking them."""
    from .core.model import CONFIDENCE, LIKELIHOOD, STANCES

    p = _add(sub, "annotate", "highlight a quote in a source")
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    p.add_argument("--quote", required=True,
                   help="the text to highlight, as copied (line breaks, hyphenation, quote "
                        "marks and ligatures may differ from the source)")
    p.add_argument("--occurrence", type=int, default=1, metavar="N",
                   help="which occurrence of the quote (default 1)")
    p.add_argument("--note")
    p.add_argument("--tag", action="append", help="a tag (repeatable)")
    p.add_argument("--credibility", type=int, choices=range(1, 7), metavar="1-6")
    p = _add(sub, "confirm", "keep a highlight whose words changed with its source, as it now "
             "reads; or mark a doubtful import as checked")
    p.add_argument("item", metavar="ANNOTATION|SOURCE")
    p = _add(sub, "annotations", "list highlights", json_option=True)
    p.add_argument("--source", help="only this source's highlights")
    p = _add(sub, "claim", "write a claim")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--likelihood", metavar="TERM", help="ICD 203 term: " + ", ".join(LIKELIHOOD))
    p.add_argument("--confidence", choices=CONFIDENCE)
    p.add_argument("--section", metavar="NAME", help="also place the claim in this memo section")
    p = _add(sub, "link", "make a highlight evidence for a claim")
    p.add_argument("claim", metavar="CLAIM")
    p.add_argument("annotation", metavar="ANNOTATION")
    p.add_argument("--stance", choices=STANCES, default="supports")
    p.add_argument("--note")
    _add(sub, "claims", "list claims with their evidence", json_option=True)


def _add_memo_commands(sub) -> None:
    """Commands on the memo's header and paragraphs."""
    p = _add(sub, "memo", "show the memo, or set its header fields", json_option=True)
    p.add_argument("--to")
    p.add_argument("--from", dest="from_")
    p.add_argument("--subject")
    p.add_argument("--date")
    p.add_argument("--classification")
    p = _add(sub, "paragraph", "append a prose paragraph to a memo section")
    p.add_argument("--section", required=True, metavar="NAME")
    p.add_argument("text", metavar="TEXT")


def _add_search_and_check_commands(sub) -> None:
    """Commands that search the brief and check the file."""
    p = _add(sub, "search", "full-text search over sources, highlights and claims",
             json_option=True)
    p.add_argument("query", metavar="QUERY")
    p = _add(sub, "check", "integrity, search index and pre-export checks", json_option=True)
    p.add_argument("--repair", action="store_true",
                   help="rebuild a damaged search index from the brief's items")


def _add_export_command(sub) -> None:
    """The command that writes the memo to Word."""
    p = _add(sub, "export", "write the memo to Word (.docx) with footnotes, sources and annex")
    p.add_argument("-o", "--output", required=True, metavar="OUT.docx", help="the .docx to write")
    p.add_argument("--template", metavar="T.docx",
                   help="a styled Word document or template to take the styles from")
    p.add_argument("--no-annex", action="store_true", help="leave out the evidence annex")
    p.add_argument("--style", metavar="STYLE", default="house",
                   help="citation style: house (default), chicago, apa, or a .csl file")


def _add_sharing_commands(sub) -> None:
    """Commands on copies of the brief."""
    p = _add(sub, "copy", "write a consistent copy of the brief to share (safe while it is open)")
    p.add_argument("dest", metavar="DEST", help="the new .brief file")
    p.add_argument("--without-files", action="store_true",
                   help="leave out the original source files to make the copy small")
    p.add_argument("--force", action="store_true", help="overwrite DEST if it exists")
    p = _add(sub, "merge", "merge another copy of this brief into it (items matched by id)",
             json_option=True)
    p.add_argument("other", metavar="OTHER", help="the other copy (only read)")
    p.add_argument("--dry-run", action="store_true",
                   help="report what would change, change nothing")


def _add_review_commands(sub) -> None:
    """Commands on a reviewed export read back."""
    p = _add(sub, "review", "read a reviewed copy of an exported memo (comments, tracked changes, "
             "direct edits) into the brief", json_option=True)
    p.add_argument("reviewed", metavar="REVIEWED.docx", help="the reviewed Word file")
    p.add_argument("--force", action="store_true",
                   help="read a copy exported from another brief, matching by text only")
    p = _add(sub, "reviews", "list open review items", json_option=True)
    p.add_argument("--all", action="store_true", help="also list resolved items")
    p = _add(sub, "resolve", "accept, reject or mark done a review item")
    p.add_argument("item", metavar="ITEM", help="review item id (or a unique prefix)")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--accept", action="store_true", help="apply the change to the brief")
    how.add_argument("--reject", action="store_true", help="leave the brief as it is")
    how.add_argument("--done", action="store_true", help="answered or dealt with by hand")
    p.add_argument("--note", metavar="T", help="a note on how it was resolved")


# Control characters (C0 but tab and newline, DEL, C1) that a stranger's brief could carry in
# a title or a quote to the terminal, where an escape sequence can retitle the window, move
# the cursor or rewrite what was shown: printed as a visible \uXXXX instead (valid in JSON
# strings too, where json.dumps has already escaped C0 itself).
_SHOWN_CONTROLS = {c: f"\\u{c:04x}" for c in (*range(0x20), *range(0x7f, 0xa0))
                   if chr(c) not in "\t\n"}


class _Printable:
    """A text stream that writes control characters as visible escapes."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(_SHOWN_CONTROLS))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: list[str] | None) -> int:
    if (sys.argv[1:] if argv is None else argv)[:1] == ["--version"]:
        _VersionAction.show()  # what argparse would do, without building every command first
        return 0
    args = build_parser().parse_args(argv)
    try:
        return command(args.command)(args)
    except BriefError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        import sqlite3  # loaded already by any command that reached a brief

        if isinstance(exc, sqlite3.DatabaseError):  # damage met past the opening checks
            print(f"error: {Path(args.brief).name} could not be read: {exc}", file=sys.stderr)
            return 1
        # A bug: one line for the user, the details in the log.
        print(f"error: internal error ({type(exc).__name__}); details are in "
              f"{_log_crash(argv)}", file=sys.stderr)
        return 1


def log_file() -> Path:
    """The `brief` command's log, in the user's log folder (beside the app's)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("Briefing Builder", "BriefingBuilder")) / "brief.log"


def _log_crash(argv: list[str] | None) -> str:
    """Append the current exception's traceback to the log; return the log's path."""
    import traceback
    from datetime import datetime, timezone

    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now(timezone.utc).isoformat()} brief "
                      f"{' '.join(sys.argv[1:] if argv is None else argv)}\n")
            log.write(traceback.format_exc())
    except OSError as exc:
        return f"{path} (which could not be written: {exc.strerror})"
    return str(path)


def run() -> int:
    """The ``brief`` command as a process: :func:`main`, then ready to exit.

    ``gc.freeze()`` spares the interpreter's last collection from walking every object
    still alive (30–40 ms after a large export, a tenth of the whole command); by then the
    brief and every file are closed, so nothing waits on that collection.
    """
    import gc

    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(run())
