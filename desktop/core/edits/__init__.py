"""Reversible edits: every change a user can make to a brief.

Each factory reads what it needs from the store *when it is called*, validates the input
(raising :class:`BriefError` before anything is written) and returns an :class:`Edit`: a
list of row operations captured with their old and new values. ``apply`` runs them in one
transaction, ``revert`` runs their inverses in reverse order in one transaction, and both
return the :class:`Changes` they made. The app's undo commands are thin wrappers around
these; the CLI calls ``apply`` directly.

The factories live in one module per kind of item (:mod:`.sources`, :mod:`.highlights`,
:mod:`.claims`, :mod:`.memo`) on the shared parts in :mod:`.base`; callers use them from
here: ``edits.add_claim(store, ...)``.
"""

from __future__ import annotations

from ..store import Op
from .base import Edit, compound, delete_ops, update_ops
from .claims import (add_claim, claim_from_annotation, delete_claim, highlight_as_evidence,
                     link_evidence, unlink_evidence, update_claim, update_evidence)
from .highlights import (add_annotation, confirm_annotation, delete_annotation,
                         reattach_annotation, set_annotation_tags, set_tag_colour,
                         tag_link_id, update_annotation)
from .memo import (add_block, add_section, delete_block, delete_section, move_block,
                   move_section, rename_section, set_brief, set_memo_header, update_block)
from .sources import (SOURCE_FIELDS, add_source, confirm_source, delete_source,
                      replace_source_text, source_anchor_counts, update_source)

__all__ = [
    "Edit", "Op", "SOURCE_FIELDS", "add_annotation", "add_block", "add_claim", "add_section",
    "add_source", "claim_from_annotation", "compound", "confirm_annotation", "confirm_source",
    "delete_annotation", "delete_block", "delete_claim", "delete_ops", "delete_section",
    "delete_source", "highlight_as_evidence", "link_evidence", "move_block", "move_section",
    "reattach_annotation", "rename_section", "replace_source_text", "set_annotation_tags",
    "set_brief", "set_memo_header", "set_tag_colour", "source_anchor_counts", "tag_link_id",
    "unlink_evidence", "update_annotation", "update_block", "update_claim", "update_evidence",
    "update_ops", "update_source",
]
