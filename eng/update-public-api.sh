#!/usr/bin/env bash
# Adds every public symbol that PublicApiAnalyzers reports as undeclared (RS0016) to the
# project's PublicAPI.Unshipped.txt, and removes entries reported as no longer existing (RS0017).
# Review the diff of PublicAPI.*.txt: it is the public surface of the package.
# Usage: eng/update-public-api.sh src/Forensics.Net.X [more projects...]
set -euo pipefail
for proj in "$@"; do
  dir=${proj%/}; [ -f "$dir" ] && dir=$(dirname "$dir")
  log=$(mktemp)
  dotnet build "$dir" -c Release --no-incremental -p:TreatWarningsAsErrors=false 2>&1 | tee "$log" >/dev/null || true
  python3 - "$dir/PublicAPI.Unshipped.txt" "$log" <<'PY'
import re, sys
path, log = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines()
add, remove = set(), set()
for l in open(log, encoding="utf-8", errors="replace"):
    m = re.search(r"RS0016: Symbol '(.*)' is not part of the declared (?:public )?API", l)
    if m: add.add(m.group(1))
    m = re.search(r"RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found", l)
    if m: remove.add(m.group(1))
body = [x for x in lines if x and not x.startswith("#nullable") and x not in remove]
body = sorted(set(body) | add, key=lambda s: s.lstrip("~").replace("static ", "").replace("abstract ", "").replace("override ", "").replace("virtual ", "").replace("const ", "").replace("readonly ", ""))
open(path, "w", encoding="utf-8", newline="\n").write("#nullable enable\n" + "".join(x + "\n" for x in body))
print(f"{path}: +{len(add)} -{len(remove)}")
PY
  rm -f "$log"
done
