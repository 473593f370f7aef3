#!/usr/bin/env bash
# Rebuilds samples/ (evidence, capture, hash lists) with real tools. Run from the repository root
# as root (tcpdump on lo): samples/tools/make-samples.sh [TESTDATA_DIR]
# Needs: tcpdump, curl, wget, python3, iconv, sha256sum, hashdeep.
set -euo pipefail
corpus=${1:-testdata}/signatures
port=8080
s=samples
work=$(mktemp -d)
trap 'kill $srv $dump 2>/dev/null || true; rm -rf "$work"' EXIT

# --- evidence/: files on a seized disk ---
e=$s/evidence
mkdir -p $e/letters $e/documents $e/pictures $e/tools
cp $corpus/elf/a.nopie                  $e/holiday.jpg              # gcc-built ELF under a picture's name
cp $corpus/png/computer-symbolic.symbolic.png $e/pictures/icon.png
cp $corpus/pdf/back.pdf                 $e/documents/boarding-pass.pdf
cp $corpus/docx/gen_ctfirst.docx        $e/documents/backup.zip     # a .docx is a ZIP: compatible alias
cp $s/tools/text/svc_update.py          $e/tools/svc_update.py      # listed in known-bad.txt
cp $s/tools/text/ru.txt                 $e/letters/letter-ru-utf8.txt
iconv -f utf-8 -t windows-1251 $s/tools/text/ru.txt > $e/letters/letter-ru-cp1251.txt
iconv -f utf-8 -t shift_jis    $s/tools/text/ja.txt > $e/letters/memo-ja-shiftjis.txt
iconv -f utf-8 -t windows-1252 $s/tools/text/fr.txt > $e/letters/invoice-note-fr-cp1252.txt
{ printf '\xff\xfe'; iconv -f utf-8 -t utf-16le $s/tools/text/el.txt; } > $e/letters/report-el-utf16le.txt
printf '\xef\xbb\xbfGood morning\n' > $e/greeting-utf8-bom.txt
{ printf '\xff\xfe'; printf 'Good morning\n' | iconv -f utf-8 -t utf-16le; } > $e/greeting-utf16le.txt

# --- capture/downloads.pcap: HTTP downloads recorded on loopback ---
www=$work/www
mkdir -p $www/img $www/notes $www/docs $work/got
cp $corpus/gif/Libxslt-Logo-90x34.gif   $www/img/logo.gif          # Content-Length
cp $corpus/jpeg/grace_hopper.jpg        $www/img/photo.jpg         # chunked
cp $s/tools/text/readme.txt             $www/notes/readme.txt      # gzip
cp $corpus/pebin/testhost.net48.exe     $www/invoice.pdf           # a Windows executable sent as application/pdf
cp $corpus/docx/gen_ctlast.docx         $www/docs/report.docx
mkdir -p $s/capture
python3 $s/tools/serve.py $www $port & srv=$!
tcpdump -i lo -U -w $s/capture/downloads.pcap "tcp port $port" 2>/dev/null & dump=$!
sleep 2
u=http://127.0.0.1:$port
curl -s -o $work/got/logo.gif $u/img/logo.gif -o $work/got/photo.jpg $u/img/photo.jpg   # one keep-alive connection
sleep 2
curl -s --compressed -o $work/got/readme.txt $u/notes/readme.txt
sleep 2
wget -q -O $work/got/invoice.pdf $u/invoice.pdf
sleep 2
curl -s -o $work/got/report.docx $u/docs/report.docx
sleep 2
kill -INT $dump; wait $dump || true
kill $srv; wait $srv 2>/dev/null || true
(cd $www && find . -type f | sort | sed 's|^\./||' | xargs sha256sum) > $s/capture/served-sha256.txt
for f in logo.gif photo.jpg readme.txt invoice.pdf report.docx; do
  cmp -s $work/got/$f "$(find $www -name $f)" || { echo "client copy of $f differs" >&2; exit 1; }
done

# --- hash lists ---
bad() { printf '%s  %s\n' "$(sha256sum < "$1" | cut -d' ' -f1)" "$2"; }
{
  bad $www/invoice.pdf          'training-zoo/invoice-dropper.exe'
  bad $e/tools/svc_update.py    'training-zoo/svc_update.py'
  printf 'decoy entry one\n' | bad /dev/stdin 'training-zoo/decoy-1.bin'
  printf 'decoy entry two\n' | bad /dev/stdin 'training-zoo/decoy-2.bin'
} > $s/known-bad.txt
(cd $s && hashdeep -c md5,sha256 -l evidence/pictures/icon.png evidence/documents/boarding-pass.pdf) \
  | sed 's|^## Invoked from: .*|## Invoked from: samples|' > $s/known-good.txt
(cd $www && hashdeep -c md5,sha256 -l img/logo.gif img/photo.jpg) | sed 1,5d >> $s/known-good.txt
echo "done: $(du -sh $s | cut -f1)"
