#!/usr/bin/env sh
# Register Briefing Builder with the desktop for this user: the menu entry, its icon, the .brief
# file type (so double-clicking a brief opens the app and shows the icon) and AppStream data.
#
#   install.sh [COMMAND]
#
# COMMAND is what the menu entry runs: by default `briefing-builder` from PATH (after
# `pip install .`), or the bundle's own executable when run from an unpacked bundle.
# Works from a checkout (packaging/linux/) and from an unpacked bundle (its top folder).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -d "$here/../../resources/linux" ]; then
  res="$here/../../resources"          # a checkout: the app is on PATH after pip install
  default_command=briefing-builder
else
  res="$here/_internal/resources"      # an unpacked bundle: the app sits beside this script
  default_command="$here/briefing-builder"
fi
command_line=${1:-$default_command}
id=org.briefingbuilder.BriefingBuilder
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/mime/packages" "$data/metainfo" \
         "$data/icons/hicolor/scalable/apps"
sed "s|^Exec=briefing-builder |Exec=\"$command_line\" |" "$res/linux/$id.desktop" \
  > "$data/applications/$id.desktop"
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
