"""The ``brief`` command's commands, one module a group, by what they act on.

:mod:`desktop.cli` builds the parser and looks a command's function up here only when it
runs (``COMMANDS`` there names ``module:function``), so each command loads what it uses and
nothing more: ``brief info`` never loads the importers, the edits or the exporter.

- :mod:`.brief`: the brief as a whole (new, info, search, check)
- :mod:`.sources`: sources and their versions (add-source, replace-source, source-versions,
  sources)
- :mod:`.highlights`: highlights and claims (annotate, confirm, annotations, claim, link,
  claims)
- :mod:`.memo`: the memo and its Word export (memo, paragraph, export)
- :mod:`.review`: a reviewed export read back (review, reviews, resolve)
- :mod:`.sharing`: copies of a brief (copy, merge)
- :mod:`.common`: opening a brief and printing, for all of them
"""
