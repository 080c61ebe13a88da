#!/usr/bin/env bash
# Time from starting a program to its window on screen, as a user sees it. Run under an X
# server (xvfb-run): prints the seconds until a window whose title contains TITLE exists.
#
#   time_to_window.sh TITLE COMMAND [ARG...]
set -euo pipefail
title=$1; shift
t0=$(date +%s%N)
"$@" >/dev/null 2>&1 &
pid=$!
until xwininfo -root -tree 2>/dev/null | grep -F -- "$title" >/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "error: $1 exited before a window titled '$title' appeared" >&2; exit 1
  fi
  sleep 0.01
done
t1=$(date +%s%N)
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
ms=$(( (t1 - t0) / 1000000 ))
printf '%d.%03d\n' $((ms / 1000)) $((ms % 1000))
