"""The ``brief`` command: a brief's contents from the shell, over the core only (no Qt).

Conventions: the brief's path comes first; a command that creates an item prints its id
alone on a line; any unique id prefix of 4+ characters is accepted; ``--json`` gives
machine-readable output. Exit status 0 on success, 1 with one ``error: …`` line on stderr
for a user mistake or a bad file, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from .core import edits, queries
from .core.errors import BriefError, ReadOnlyBriefError
from .core.importers import load, load_path
from .core.model import CONFIDENCE, LIKELIHOOD, STANCES
from .core.store import Store
from .core.text import normalise
from .core.users import current_user

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def register(fn):
        COMMANDS[name] = fn
        return fn
    return register


def open_store(args, *, readonly: bool = False) -> Store:
    store = Store.open(args.brief, readonly=readonly, user=current_user())
    warn(store.notices)  # side files set aside or ignored while opening
    return store


def read_source(args):
    """The SourceInput named by ``args.file`` (``-`` reads standard input; an http(s)
    address is downloaded)."""
    if args.file == "-":
        return load(sys.stdin.buffer.read(), "pasted text", args.format)
    if "://" in args.file:  # urllib is imported only for an address
        from .core.importers import web

        if web.is_address(args.file):
            return web.fetch(args.file, args.format)
    return load_path(args.file, args.format)


def warn(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def emit(args, data, text_lines: list[str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in text_lines:
            print(line)


# --------------------------------------------------------------------------- commands
@command("new")
def cmd_new(args) -> int:
    path = Path(args.brief)
    if path.suffix != ".brief":
        print(f"warning: {path.name} does not end in .brief", file=sys.stderr)
    Store.create(path, title=args.title or path.stem, author=args.author or "",
                 user=current_user()).close()
    print(path)
    return 0


@command("info")
def cmd_info(args) -> int:
    with open_store(args, readonly=True) as store:
        data = queries.info(store)
    emit(args, data, [f"{k.replace('_', ' ')}: {v}" for k, v in data.items()])
    return 0


@command("add-source")
def cmd_add_source(args) -> int:
    source = read_source(args)
    overrides = {k: getattr(args, k) for k in
                 ("title", "author", "outlet", "published", "url", "reliability")
                 if getattr(args, k) is not None}
    if "reliability" in overrides:
        overrides["reliability"] = _reliability_option(overrides["reliability"])
    source = type(source)(**{**source.__dict__, **overrides})
    with open_store(args) as store:
        edit = edits.add_source(store, source)
        edit.apply(store)
    warn(edit.warnings)
    print(edit.item_id)
    return 0


@command("replace-source")
def cmd_replace_source(args) -> int:
    """Re-import a new version of a source and report how its highlights re-anchored."""
    source = read_source(args)
    with open_store(args) as store:
        source_id = store.resolve_id("sources", args.source)
        edit = edits.replace_source_text(store, source_id, source)
        edit.apply(store)
        counts = edits.source_anchor_counts(store, source_id)
    warn(edit.warnings)
    emit(args, {"source": source_id, **counts},
         [f"{status}: {n}" for status, n in counts.items()])
    return 0


def _reliability_option(value: str | None) -> str | None:
    """``--reliability``: a letter A-F, or "none" for not graded (clears a grade)."""
    return "" if value is not None and value.strip().lower() in ("none", "-") else value


@command("edit-source")
def cmd_edit_source(args) -> int:
    """Change a source's details or its reliability grade (``--reliability none`` clears it)."""
    values = {k: getattr(args, k) for k in
              ("title", "author", "outlet", "published", "url", "accessed", "reliability")
              if getattr(args, k) is not None}
    if not values:
        raise BriefError("nothing to change: give --title, --author, --outlet, --published, "
                         "--url, --accessed or --reliability")
    if "reliability" in values:
        values["reliability"] = _reliability_option(values["reliability"])
    with open_store(args) as store:
        source_id = store.resolve_id("sources", args.source)
        edits.update_source(store, source_id, **values).apply(store)
    print(source_id)
    return 0


@command("source-versions")
def cmd_source_versions(args) -> int:
    """Earlier texts of a source kept by replace-source; ``--text ID`` prints one in full."""
    with open_store(args, readonly=True) as store:
        rows = queries.source_versions(store, store.resolve_id("sources", args.source))
    if args.text:
        match = [r for r in rows if r["id"].startswith(args.text.lower())]
        if len(match) != 1:
            raise BriefError(f"no single earlier version of this source with id {args.text}")
        print(match[0]["text"])
        return 0
    emit(args, rows, [f"{r['id'][:8]}  replaced {r['replaced'][:16].replace('T', ' ')}  "
                      f"{r['format']}  {r['characters']} characters" for r in rows])
    return 0


@command("sources")
def cmd_sources(args) -> int:
    with open_store(args, readonly=True) as store:
        rows = queries.sources(store)
    keys = ("id", "title", "author", "outlet", "published", "url", "reliability", "format",
            "annotations", "import_warnings")
    emit(args, [{k: r[k] for k in keys} for r in rows],
         [f"{r['id'][:8]}  [{r['reliability'] or '?'}]  "
          f"{'(doubtful) ' if r['import_warnings'] else ''}"
          f"{r['title']}"
          + (f" — {r['outlet']}" if r["outlet"] else "")
          + (f" ({r['published']})" if r["published"] else "") for r in rows])
    return 0


@command("annotate")
def cmd_annotate(args) -> int:
    from .core.anchoring import find_span

    with open_store(args) as store:
        source_id = store.resolve_id("sources", args.source)
        text = store.get("sources", source_id)["text"]
        quote = normalise(args.quote)
        if args.occurrence < 1:
            raise BriefError("--occurrence counts from 1")
        # As copied: line breaks, hyphens, curly quotes may differ; the source's text is kept.
        span = find_span(text, quote, args.occurrence)
        if span is None:
            nth = "" if args.occurrence == 1 else f" {args.occurrence} times"
            raise BriefError(f"the quote does not occur{nth} in the source's text")
        start, end = span
        edit = edits.add_annotation(store, source_id, start, end,
                                    note=args.note or "", credibility=args.credibility,
                                    tags=args.tag or ())
        edit.apply(store)
    print(edit.item_id)
    return 0


@command("confirm")
def cmd_confirm(args) -> int:
    """Keep a highlight whose words changed when its source was replaced, as it now reads;
    or mark a source whose import raised a doubt as checked."""
    with open_store(args) as store:
        try:
            item = store.resolve_id("annotations", args.item)
            edit = edits.confirm_annotation(store, item)
        except BriefError:
            try:
                item = store.resolve_id("sources", args.item)
            except BriefError:
                raise BriefError(f"no highlight or source with id {args.item}") from None
            edit = edits.confirm_source(store, item)
        edit.apply(store)
    return 0


@command("annotations")
def cmd_annotations(args) -> int:
    with open_store(args, readonly=True) as store:
        source = store.resolve_id("sources", args.source) if args.source else None
        rows = queries.annotations(store, source)
    keys = ("id", "source", "quote", "start", "end", "status", "note", "tags", "credibility",
            "location")
    emit(args, [{k: r[k] for k in keys} for r in rows],
         [f"{r['id'][:8]}  {r['status']:<6}  “{_clip(r['quote'])}”"
          + (f"  [{', '.join(r['tags'])}]" if r["tags"] else "") for r in rows])
    return 0


@command("claim")
def cmd_claim(args) -> int:
    with open_store(args) as store:
        section = _section(store, args.section)["id"] if args.section else None
        edit = edits.add_claim(store, args.text, likelihood=args.likelihood,
                               confidence=args.confidence, section_id=section)
        edit.apply(store)
    print(edit.item_id)
    return 0


@command("link")
def cmd_link(args) -> int:
    with open_store(args) as store:
        claim = store.resolve_id("claims", args.claim)
        annotation = store.resolve_id("annotations", args.annotation)
        edit = edits.link_evidence(store, claim, annotation, stance=args.stance,
                                   note=args.note or "")
        edit.apply(store)
    print(edit.item_id)
    return 0


@command("claims")
def cmd_claims(args) -> int:
    with open_store(args, readonly=True) as store:
        rows = queries.claims(store)
    lines = []
    for c in rows:
        judgment = ", ".join(x for x in (c["likelihood"], c["confidence"] and
                                         f"{c['confidence']} confidence") if x)
        lines.append(f"{c['id'][:8]}  {c['text']}" + (f"  ({judgment})" if judgment else ""))
        lines += [f"    {e['stance']:<11} {e['grade']}  “{_clip(e['quote'])}” — "
                  f"{e['source_title']}" for e in c["evidence"]]
    emit(args, rows, lines)
    return 0


@command("memo")
def cmd_memo(args) -> int:
    values = {"memo_to": args.to, "memo_from": args.from_, "memo_date": args.date,
              "subject": args.subject, "classification": args.classification}
    values = {k: v for k, v in values.items() if v is not None}
    if values:
        with open_store(args) as store:
            edits.set_memo_header(store, **values).apply(store)
    with open_store(args, readonly=True) as store:
        data = queries.memo(store)
    header = data["header"]
    lines = [f"{label}: {header[key]}" for label, key in
             (("To", "memo_to"), ("From", "memo_from"), ("Date", "memo_date"),
              ("Subject", "subject"), ("Classification", "classification"))]
    for section in data["sections"]:
        lines.append(f"\n## {section['title']}")
        lines += [("  [claim] " if b["kind"] == "claim" else "  ") + _clip(b["text"], 100)
                  for b in section["blocks"]]
    emit(args, data, lines)
    return 0


@command("paragraph")
def cmd_paragraph(args) -> int:
    with open_store(args) as store:
        section = _section(store, args.section)
        edit = edits.add_block(store, section["id"], text=normalise(args.text))
        edit.apply(store)
    print(edit.item_id)
    return 0


@command("search")
def cmd_search(args) -> int:
    with open_store(args, readonly=True) as store:
        hits = queries.search(store, args.query)
    emit(args, hits, [f"{h['kind']:<10} {h['id'][:8]}  {' '.join(h['snippet'].split())}"
                      for h in hits])
    return 0


@command("check")
def cmd_check(args) -> int:
    """The file's integrity, its search index (repairable), and pre-export warnings."""
    repaired = []
    with open_store(args, readonly=not args.repair) as store:
        problems = store.integrity_problems()
        index = store.search_index_problems()
        if index and args.repair and not problems:
            store.rebuild_search_index()
            repaired, index = index, store.search_index_problems()
        warnings = queries.checks(store)
    if getattr(args, "json", False):
        print(json.dumps({"sound": not problems and not index, "problems": problems,
                          "repairable": index, "repaired": repaired, "warnings": warnings},
                         ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(f"damaged: {p}")
        for p in index:
            print(f"repairable: {p}")
        for p in repaired:
            print(f"repaired: {p}; the search index was rebuilt")
        for w in warnings:
            print(f"warning: {w['message']} ({w['id'][:8]})")
        if not problems and not index:
            print("ok: the file is sound" + (f"; {len(warnings)} warning(s)" if warnings else ""))
    name = Path(args.brief).name
    if problems:
        print(f"error: {name} is damaged", file=sys.stderr)
        return 1
    if index:
        print(f"error: {name}'s search index is damaged; `brief check {args.brief} --repair` "
              "rebuilds it", file=sys.stderr)
        return 1
    return 0


@command("copy")
def cmd_copy(args) -> int:
    from .core.share import copy_brief

    with open_store(args, readonly=True) as store:
        dest = copy_brief(store, args.dest, include_files=not args.without_files,
                          overwrite=args.force)
    print(dest)
    return 0


@command("export")
def cmd_export(args) -> int:
    from .core.export import export_docx

    out = Path(args.output)
    # Opened once (opening checks the whole file): writable where it can be, to keep the
    # export's record for reading its review later; a read-only brief still exports.
    try:
        store = open_store(args)
    except ReadOnlyBriefError:
        store = open_store(args, readonly=True)
    with store:
        result = export_docx(store, out, template=args.template, annex=not args.no_annex,
                             style=args.style)
        unrecorded = _record_export(store, result)
    if out.suffix.lower() != ".docx":
        print(f"warning: {out.name} does not end in .docx", file=sys.stderr)
    warn(result.warnings + unrecorded)
    print(result.path)
    return 0


@command("merge")
def cmd_merge(args) -> int:
    """Merge another copy in, as one transaction, after a backup (the CLI has no undo)."""
    from .core.merge import merge_edit, plan_merge
    from .core.share import backup_on_open, default_backup_dir

    with open_store(args, readonly=args.dry_run) as store, \
            Store.open(args.other, readonly=True, user=current_user()) as other:
        warn(other.notices)
        plan = plan_merge(store, other)
        applied = not args.dry_run and not plan.is_empty()
        if applied:
            edit = merge_edit(store, plan)
            backup_on_open(store, default_backup_dir())
            edit.apply(store)
    data = {**plan.summary(), "applied": applied}
    lines = [f"added: {len(plan.added)}, changed: {len(plan.changed)}, deleted: "
             f"{len(plan.deleted)}, conflicts: {len(plan.conflicts)}"]
    for word in ("added", "changed", "deleted"):
        lines += [f"  {word:<8} {i['kind']} {i['id'][:8]}  {i['label']}" for i in data[word]]
    lines += [f"  conflict {i['kind']} {i['id'][:8]}  {i['label']}: {i['reason']}; kept this "
              "copy's version, the other's is saved in the brief" for i in data["conflicts"]]
    if args.dry_run:
        lines.append("dry run: nothing was changed")
    emit(args, data, lines)
    return 0


def _record_export(store: Store, result) -> list[str]:
    """Keep the export's record in the brief, for reading its review later (warnings)."""
    from .core.review import record_export

    if store.readonly:
        return ["the brief is read-only, so this export was not recorded in it; a review of "
                "it will be compared with the brief as it is then"]
    try:
        edit = record_export(store, result.record, result.path)
        if edit.ops:  # an unchanged brief exported again: nothing to write
            edit.apply(store)
    except BriefError as exc:
        return [f"the export was not recorded in the brief ({exc}); a review of it will be "
                "compared with the brief as it is then"]
    return []


@command("review")
def cmd_review(args) -> int:
    """Read a reviewed copy of an exported memo: its comments and edits become items."""
    from .core.review import import_review

    path = Path(args.reviewed)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    with open_store(args) as store:
        edit, report = import_review(store, data, path.name, force=args.force)
        edit.apply(store)
    counts = report.counts()
    lines = [f"{path.name}: {len(report.added)} new item(s): {counts['comments']} comment(s), "
             f"{counts['changes']} tracked change(s), {counts['edits']} direct edit(s); "
             f"{counts['unplaced']} unplaced; matched by {report.matched}"]
    if report.already:
        lines.append(f"{report.already} item(s) were already in the brief")
    lines += [f"note: {n}" for n in report.notes]
    lines += [f"  {i['id'][:8]}  {i['kind']:<11} {_clip(i['author'], 20):<20} "
              f"{i['target_kind'] or 'unplaced'}: {_clip(i['body'] or i['quote'], 50)}"
              for i in report.added]
    emit(args, report.summary(), lines)
    return 0


@command("reviews")
def cmd_reviews(args) -> int:
    """Open review items (with --all, every one), grouped by claim and paragraph."""
    from .core.review import listing

    with open_store(args, readonly=True) as store:
        rows = listing.items(store, everything=args.all)
    lines, target = [], None
    for r in rows:
        if (r["target_kind"], r["target_id"]) != target:
            target = (r["target_kind"], r["target_id"])
            lines.append(r["target"] or "Unplaced")
        state = "" if r["state"] == "open" else f" [{r['state']}]"
        made = r["made"][:16].replace("T", " ")
        lines.append(f"  {r['id'][:8]}  {r['kind_label']}{state}  {r['author']}  {made}")
        if r["kind"] == "comment":
            lines.append(f"      on “{_clip(r['quote'], 60)}”: {r['body']}")
            lines += [f"      reply from {x.get('author', '')}: {x.get('text', '')}"
                      for x in r["replies"]]
        else:
            lines.append(f"      {listing.diff_text(r['diff'])}")
        if r["state"] == "conflict":
            lines.append(f"      the brief now reads: {r['brief_text']}")
    if not rows:
        lines.append("no open review items" if not args.all else "no review items")
    data = [{k: v for k, v in r.items() if k != "order"} for r in rows]
    emit(args, data, lines)
    return 0


@command("resolve")
def cmd_resolve(args) -> int:
    """Accept, reject or mark done one review item (accepting applies the change)."""
    from .core.review import resolve

    action = "accept" if args.accept else "reject" if args.reject else "done"
    with open_store(args) as store:
        item_id = store.resolve_id("review_items", args.item)
        edit = resolve(store, item_id, action, args.note or "")
        edit.apply(store)
    print(f"{item_id[:8]} {dict(accept='accepted', reject='rejected', done='done')[action]}")
    return 0


# ---------------------------------------------------------------------------- helpers
def _section(store: Store, name: str) -> dict:
    section = queries.find_section(store, name)
    if section is None:
        names = ", ".join(s["title"] for s in store.select("memo_sections",
                                                           order_by=["position"]))
        raise BriefError(f"no memo section called {name!r}; the sections are: {names}")
    return section


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _VersionAction(argparse.Action):
    """``--version``: reads the package metadata only when asked (it costs a scan of sys.path)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from . import version

        print(f"brief {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brief", description="Work with Briefing Builder "
                                     "briefs (.brief files) from the command line.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, json_option: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("brief", metavar="BRIEF", help="the .brief file")
        if json_option:
            p.add_argument("--json", action="store_true", help="machine-readable output")
        return p

    p = add("new", "create a new, empty brief")
    p.add_argument("--title")
    p.add_argument("--author")
    add("info", "title, schema version and counts", json_option=True)
    p = add("add-source", "import a source file (- for standard input, or an http(s) address)")
    p.add_argument("file", metavar="FILE|-|URL")
    for opt in ("title", "author", "outlet", "url"):
        p.add_argument(f"--{opt}")
    p.add_argument("--published", metavar="YYYY-MM-DD")
    p.add_argument("--reliability", metavar="A-F",
                   help="Admiralty source reliability (default: not graded)")
    p.add_argument("--format", help="override the detected format (txt, md, html, docx, pdf)")
    p = add("edit-source", "change a source's details or reliability grade")
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    for opt in ("title", "author", "outlet", "url"):
        p.add_argument(f"--{opt}")
    p.add_argument("--published", metavar="YYYY-MM-DD")
    p.add_argument("--accessed", metavar="YYYY-MM-DD")
    p.add_argument("--reliability", metavar="A-F|none",
                   help="Admiralty source reliability; none: not graded")
    p = add("replace-source", "re-import a new version of a source; re-anchor its highlights",
            json_option=True)
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--format", help="override the detected format (txt, md, html, docx, pdf)")
    p = add("source-versions", "earlier texts of a source that replace-source kept",
            json_option=True)
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    p.add_argument("--text", metavar="VERSION", help="print this version's text in full")
    add("sources", "list sources", json_option=True)
    p = add("annotate", "highlight a quote in a source")
    p.add_argument("source", metavar="SOURCE", help="source id (or a unique prefix)")
    p.add_argument("--quote", required=True,
                   help="the text to highlight, as copied (line breaks, hyphenation, quote "
                        "marks and ligatures may differ from the source)")
    p.add_argument("--occurrence", type=int, default=1, metavar="N",
                   help="which occurrence of the quote (default 1)")
    p.add_argument("--note")
    p.add_argument("--tag", action="append", help="a tag (repeatable)")
    p.add_argument("--credibility", type=int, choices=range(1, 7), metavar="1-6")
    p = add("confirm", "keep a highlight whose words changed with its source, as it now "
            "reads; or mark a doubtful import as checked")
    p.add_argument("item", metavar="ANNOTATION|SOURCE")
    p = add("annotations", "list highlights", json_option=True)
    p.add_argument("--source", help="only this source's highlights")
    p = add("claim", "write a claim")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--likelihood", metavar="TERM", help="ICD 203 term: " + ", ".join(LIKELIHOOD))
    p.add_argument("--confidence", choices=CONFIDENCE)
    p.add_argument("--section", metavar="NAME", help="also place the claim in this memo section")
    p = add("link", "make a highlight evidence for a claim")
    p.add_argument("claim", metavar="CLAIM")
    p.add_argument("annotation", metavar="ANNOTATION")
    p.add_argument("--stance", choices=STANCES, default="supports")
    p.add_argument("--note")
    add("claims", "list claims with their evidence", json_option=True)
    p = add("memo", "show the memo, or set its header fields", json_option=True)
    p.add_argument("--to")
    p.add_argument("--from", dest="from_")
    p.add_argument("--subject")
    p.add_argument("--date")
    p.add_argument("--classification")
    p = add("paragraph", "append a prose paragraph to a memo section")
    p.add_argument("--section", required=True, metavar="NAME")
    p.add_argument("text", metavar="TEXT")
    p = add("search", "full-text search over sources, highlights and claims", json_option=True)
    p.add_argument("query", metavar="QUERY")
    p = add("check", "integrity, search index and pre-export checks", json_option=True)
    p.add_argument("--repair", action="store_true",
                   help="rebuild a damaged search index from the brief's items")
    p = add("export", "write the memo to Word (.docx) with footnotes, sources and annex")
    p.add_argument("-o", "--output", required=True, metavar="OUT.docx", help="the .docx to write")
    p.add_argument("--template", metavar="T.docx",
                   help="a styled Word document or template to take the styles from")
    p.add_argument("--no-annex", action="store_true", help="leave out the evidence annex")
    p.add_argument("--style", metavar="STYLE", default="house",
                   help="citation style: house (default), chicago, apa, or a .csl file")
    p = add("copy", "write a consistent copy of the brief to share (safe while it is open)")
    p.add_argument("dest", metavar="DEST", help="the new .brief file")
    p.add_argument("--without-files", action="store_true",
                   help="leave out the original source files to make the copy small")
    p.add_argument("--force", action="store_true", help="overwrite DEST if it exists")
    p = add("merge", "merge another copy of this brief into it (items matched by id)",
            json_option=True)
    p.add_argument("other", metavar="OTHER", help="the other copy (only read)")
    p.add_argument("--dry-run", action="store_true",
                   help="report what would change, change nothing")
    p = add("review", "read a reviewed copy of an exported memo (comments, tracked changes, "
            "direct edits) into the brief", json_option=True)
    p.add_argument("reviewed", metavar="REVIEWED.docx", help="the reviewed Word file")
    p.add_argument("--force", action="store_true",
                   help="read a copy exported from another brief, matching by text only")
    p = add("reviews", "list open review items", json_option=True)
    p.add_argument("--all", action="store_true", help="also list resolved items")
    p = add("resolve", "accept, reject or mark done a review item")
    p.add_argument("item", metavar="ITEM", help="review item id (or a unique prefix)")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--accept", action="store_true", help="apply the change to the brief")
    how.add_argument("--reject", action="store_true", help="leave the brief as it is")
    how.add_argument("--done", action="store_true", help="answered or dealt with by hand")
    p.add_argument("--note", metavar="T", help="a note on how it was resolved")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BriefError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # damage found only when reading past the checks
        print(f"error: {Path(args.brief).name} could not be read: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the details in the log
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
