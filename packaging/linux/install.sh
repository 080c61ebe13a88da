#!/usr/bin/env sh
# Register Briefing Builder with the desktop (menu entry and .brief file type) for this user.
# Run after `pip install .` so that the `briefing-builder` command is on PATH.
set -e
here=$(dirname "$0")/../../resources/linux
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mime="${XDG_DATA_HOME:-$HOME/.local/share}/mime"
mkdir -p "$apps" "$mime/packages"
cp "$here/briefing-builder.desktop" "$apps/"
cp "$here/briefing-builder-mime.xml" "$mime/packages/"
command -v update-mime-database >/dev/null && update-mime-database "$mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" || true
echo "Briefing Builder registered for .brief files."
