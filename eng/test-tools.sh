#!/usr/bin/env bash
# Packs every example app as a .NET tool, installs each one from those packages only (no other
# source) into a fresh --tool-path, and runs the installed command's --help. Exit 1 on any failure.
#   eng/test-tools.sh [APP...]      (default: every app under examples/)
set -euo pipefail
cd "$(dirname "$0")/.."
pack=$(mktemp -d) tools=$(mktemp -d)
trap 'rm -rf "$pack" "$tools"' EXIT
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  for dir in examples/*/; do
    [ -f "$dir$(basename "$dir").csproj" ] && apps+=("$(basename "$dir")")
  done
fi

# Only the freshly packed tools are a source: nothing is fetched.
cat > "$pack/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="packed" value="$pack" /></packageSources></configuration>
XML

for app in "${apps[@]}"; do
  dotnet pack "examples/$app" -c Release -o "$pack" --nologo -v quiet
done
for app in "${apps[@]}"; do
  command="fnet-$(echo "$app" | tr '[:upper:]' '[:lower:]')"
  dotnet tool install --tool-path "$tools" --configfile "$pack/nuget.config" "Forensics.Net.Tools.$app" >/dev/null
  if ! "$tools/$command" --help | grep -q "Usage:"; then
    echo "FAIL: $command --help" >&2
    exit 1
  fi
  echo "ok: $command (Forensics.Net.Tools.$app) installs and runs --help"
done
