#!/usr/bin/env sh
# Register Briefing Builder with the desktop for this user: the menu entry, its icon, the .brief
# file type (so double-clicking a brief opens the app and shows the icon) and AppStream data.
#
#   install.sh [COMMAND]
#
# COMMAND is what the menu entry runs: by default the `briefing-builder` on PATH (after
# `pip install .`, perhaps in a venv), or the bundle's own executable when run from an
# unpacked bundle. It is written as an absolute path: menus do not run with your PATH.
# Works from a checkout (packaging/linux/) and from an unpacked bundle (its top folder).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -d "$here/../../resources/linux" ]; then
  res="$here/../../resources"          # a checkout: the app pip installed (maybe in a venv)
  default_command=$(command -v briefing-builder || true)
else
  res="$here/_internal/resources"      # an unpacked bundle: the app sits beside this script
  default_command="$here/briefing-builder"
fi
command_line=${1:-$default_command}
if [ -z "$command_line" ]; then
  echo "error: briefing-builder is not on PATH; install it first, or name it: $0 /path/to/briefing-builder" >&2
  exit 1
fi
case $command_line in
  /*) ;;
  *) command_line="$(pwd)/$command_line" ;;   # the menu runs it from another folder
esac
id=org.briefingbuilder.BriefingBuilder
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/mime/packages" "$data/metainfo" \
         "$data/icons/hicolor/scalable/apps"
# The Exec key quotes its program: inside double quotes \ " ` $ get a backslash, then every
# backslash is doubled again for the key's own string escapes, and % becomes %%.
quoted=$(printf '%s' "$command_line" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
EXEC_PROGRAM="$quoted" awk '
  /^Exec=briefing-builder / { sub(/^Exec=briefing-builder /, ""); printf "Exec=\"%s\" %s\n", ENVIRON["EXEC_PROGRAM"], $0; next }
  { print }' "$res/linux/$id.desktop" > "$data/applications/$id.desktop"
cp "$res/linux/$id.mime.xml" "$data/mime/packages/$id.xml"
cp "$res/linux/$id.metainfo.xml" "$data/metainfo/"
cp "$res/icons/briefing-builder.svg" "$data/icons/hicolor/scalable/apps/$id.svg"
for png in "$res"/icons/briefing-builder-*.png; do
  size=$(basename "$png" .png | sed 's/.*-//')
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/$id.png"
done
if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
if command -v update-desktop-database >/dev/null; then update-desktop-database "$data/applications"; fi
if command -v gtk-update-icon-cache >/dev/null; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true
fi
echo "Briefing Builder is registered for .brief files in $data."
