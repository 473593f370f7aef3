#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser that reads untrusted bytes (SharpFuzz + AFL++).
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      default: 20 s each, every target
# Needs: the .NET SDK, AFL++ (Debian: apt-get install afl++). Installs the SharpFuzz instrumenter
# (a .NET tool) into the work folder. Work folder: $FUZZ_OUT, else a new temporary folder (kept, so
# the findings can be read). Prints executions, paths and crashes per target; exits 1 if any target
# crashed (the inputs are in WORK/findings/TARGET/), 2 on a setup error.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
secs=${1:-20}
shift || true
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found (apt-get install afl++)" >&2; exit 2; }
work=${FUZZ_OUT:-$(mktemp -d -t fnet-fuzz.XXXXXX)}
mkdir -p "$work"
echo "fuzz work folder: $work"

# --- Build, then instrument the five packages (not the harness) ---
dotnet build -c Release fuzz/Forensics.Net.Fuzz -o "$work/bin" -v q -nologo >/dev/null
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi
for dll in "$work"/bin/Forensics.Net.{Pcap.Analysis,FileSignatures,EncodingDetection,Hashing.Files,Sockets.Messaging}.dll; do
  "$work/tools/sharpfuzz" "$dll" >/dev/null
done
harness=(dotnet "$work/bin/Forensics.Net.Fuzz.dll")
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <("${harness[@]}" list); fi

# --- Seeds: small real files from the repository, plus a few hand-written ones ---
seeds() { # target folder
  local t=$1 d=$2; mkdir -p "$d"
  small() { find "$@" -type f -size -16k 2>/dev/null | sort | head -n 40 | while read -r f; do cp "$f" "$d/$(echo "$f" | md5sum | cut -c1-12)"; done; }
  case $t in
    pcap|carve|packet) small tests/Forensics.Net.Pcap.Analysis.Tests/TestData/Capture testdata/pcap/public/libpcap ;;
    signatures) small testdata/signatures ;;
    encoding) small testdata/encoding/*/ ;;
    hash-list) small tests/Forensics.Net.Hashing.Files.Tests/TestData ;;
    http-head) printf 'GET /a.gif HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n' >"$d/req"
               printf 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: image/gif\r\n\r\n' >"$d/resp" ;;
    dns) printf '\x12\x34\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00\x03www\x07example\x03com\x00\x00\x01\x00\x01\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\x5d\xb8\xd8\x22' >"$d/a" ;;
    tls-hello) printf '\x16\x03\x01\x00\x31\x01\x00\x00\x2d\x03\x03AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x00\x00\x02\x13\x01\x01\x00\x00\x02\x00\x00' >"$d/ch" ;;
    framer) printf '\x00\x00\x00\x05hello\x03abc\nline two\r\n' >"$d/f" ;;
  esac
  [ -n "$(ls -A "$d")" ] || printf 'seed' >"$d/empty"
}

export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
total_crashes=0
printf '%-12s %12s %8s %8s %6s\n' target execs exec/s paths crashes
for t in "${targets[@]}"; do
  rm -rf "$work/seeds/$t" "$work/out/$t"; mkdir -p "$work/out"
  seeds "$t" "$work/seeds/$t"
  timeout $((secs + 120)) afl-fuzz -V "$secs" -t 10000 -m none -i "$work/seeds/$t" -o "$work/out/$t" -- "${harness[@]}" fuzz "$t" >"$work/$t.log" 2>&1 || true
  stats="$work/out/$t/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "$t: afl-fuzz did not start, see $work/$t.log" >&2; tail -n 5 "$work/$t.log" >&2; exit 2
  fi
  get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
  crashes=$(get saved_crashes); crashes=${crashes:-$(get unique_crashes)}
  printf '%-12s %12s %8s %8s %6s\n' "$t" "$(get execs_done)" "$(get execs_per_sec)" "$(get corpus_count)" "$crashes"
  if [ "${crashes:-0}" -gt 0 ]; then
    mkdir -p "$work/findings/$t"
    cp "$work/out/$t"/default/crashes/id* "$work/findings/$t/" 2>/dev/null || true
    "${harness[@]}" replay "$t" "$work/findings/$t" >&2 || true
    total_crashes=$((total_crashes + crashes))
  fi
done
[ "$total_crashes" -eq 0 ] || { echo "fuzzing found $total_crashes crashing input(s): $work/findings" >&2; exit 1; }
