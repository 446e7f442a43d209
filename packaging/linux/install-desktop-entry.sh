#!/bin/sh
# Put CBEC Grant Desk in this user's application menu, opening .json firm files: run it from the
# unpacked bundle folder (sh ./install-desktop-entry.sh). Moving the folder later: run it again.
set -eu
bundle=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps"
cp "$bundle/_internal/resources/icons/grant-desk.png" "$data/icons/hicolor/256x256/apps/cbec-grant-desk.png"
# The entry names the program by its absolute path, quoted and escaped as the Desktop Entry
# specification says (inside quotes \ " ` $ take a backslash, then every backslash is doubled).
program="$bundle/grant-desk"
quoted=$(printf '%s' "$program" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g')
EXEC="\"$quoted\"" TRY=$(printf '%s' "$program" | sed 's/\\/\\\\/g') awk '
  /^Exec=grant-desk / { sub(/^Exec=grant-desk /, ""); print "Exec=" ENVIRON["EXEC"] " " $0; next }
  /^TryExec=/ { print "TryExec=" ENVIRON["TRY"]; next }
  { print }
' "$bundle/cbec-grant-desk.desktop" > "$data/applications/cbec-grant-desk.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$data/applications"
fi
echo "installed $data/applications/cbec-grant-desk.desktop"
