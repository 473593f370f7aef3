#!/usr/bin/env python3
"""Build the character n-gram language models used by Forensics.Net.EncodingDetection.

Source text: the gettext translation catalogues (*.mo) that Debian packages install under
/usr/share/locale*/<lang>/LC_MESSAGES (msgstr strings; English uses the msgid strings). Every
catalogue carries the licence of the package that ships it (mostly GPL/LGPL/BSD/MIT, see
/usr/share/doc/<package>/copyright); the model keeps only aggregate character frequencies
(top unigrams and bigrams, quantised), no text.

Sentences that also occur in the test corpus (testdata/encoding in this repository) are removed
before counting, so the models never see the text they are measured on.

Output: src/Forensics.Net.EncodingDetection/Models/languages.bin (raw deflate), and
eng/encoding-models/sources.txt (catalogue counts per language).

Usage: python3 eng/encoding-models/build.py [--corpus PATH] [--max-chars N]
"""
import argparse
import collections
import glob
import gettext
import math
import os
import re
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(REPO, "src", "Forensics.Net.EncodingDetection", "Models", "languages.bin")

# model code -> locale directory names to read ("" = English msgids)
LANGS = {
    "en": [""], "de": ["de"], "fr": ["fr"], "es": ["es"], "it": ["it"], "pt": ["pt", "pt_BR"],
    "nl": ["nl"], "sv": ["sv"], "da": ["da"], "nb": ["nb"], "fi": ["fi"], "ca": ["ca"], "ga": ["ga"],
    "is": ["is"], "cs": ["cs"], "pl": ["pl"], "hu": ["hu"], "sk": ["sk"], "sl": ["sl"], "hr": ["hr"],
    "ro": ["ro"], "lt": ["lt"], "lv": ["lv"], "et": ["et"], "ru": ["ru"], "uk": ["uk"], "bg": ["bg"],
    "be": ["be"], "sr": ["sr"], "mk": ["mk"], "el": ["el"], "tr": ["tr"], "he": ["he"], "ar": ["ar"],
    "fa": ["fa"], "vi": ["vi"], "th": ["th"], "ja": ["ja"], "zh-CN": ["zh_CN"], "zh-TW": ["zh_TW"],
    "ko": ["ko"], "eo": ["eo"],
}
CJK = {"ja", "zh-CN", "zh-TW", "ko"}

FORMAT = re.compile(r"%(\d+\$)?[-+ #0]*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|t|I64)?[diouxXeEfFgGaAcspnm%]|\{[^{}]*\}|<[^<>]*>|&[a-z]+;|\$\{?\w+\}?")
ACCEL = re.compile(r"(?<=\w)[_&](?=\w)|^[_&]|(?<=\s)[_&](?=\w)")


def catalogues(locale):
    pats = [f"/usr/share/locale/{locale}/LC_MESSAGES/*.mo", f"/usr/share/locale-langpack/{locale}/LC_MESSAGES/*.mo",
            f"/usr/share/*/locale/{locale}/LC_MESSAGES/*.mo", f"/usr/lib/*/locale/{locale}/LC_MESSAGES/*.mo"]
    files = set()
    for p in pats:
        files.update(glob.glob(p))
    return sorted(files)


def messages(path, want_ids):
    try:
        with open(path, "rb") as f:
            t = gettext.GNUTranslations(f)
    except Exception:
        return
    for key, value in t._catalog.items():
        if isinstance(key, tuple):
            key = key[0]
        if not key:
            continue  # header
        if want_ids:
            yield key
        elif value and value.strip() != key.strip():
            yield value  # skip untranslated messages (msgstr copied from the English msgid)


def clean(s):
    s = FORMAT.sub(" ", s)
    s = ACCEL.sub("", s)
    return s


def load_corpus_lines(corpus):
    lines = set()
    if not corpus or not os.path.isdir(os.path.join(corpus, "encoding", "utf-8")):
        return lines
    for p in glob.glob(os.path.join(corpus, "encoding", "utf-8", "*.txt")):
        for line in open(p, encoding="utf-8", errors="ignore").read().splitlines():
            line = line.strip()
            if len(line) >= 8:
                lines.add(line)
    return lines


def normalise(ch):
    if ch.isspace():
        return " "
    if ch.isdigit():
        return "0"
    return ch.lower()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(REPO, "testdata"))
    ap.add_argument("--max-chars", type=int, default=400_000)
    args = ap.parse_args()

    corpus_lines = load_corpus_lines(args.corpus)
    print(f"excluding {len(corpus_lines)} corpus lines", file=sys.stderr)

    english_sources = catalogues("de") + catalogues("fr")
    blobs = []
    sources = []
    for code, locales in LANGS.items():
        files = english_sources if locales == [""] else [f for loc in locales for f in catalogues(loc)]
        limit = args.max_chars * (3 if code in CJK else 1)
        seen = set()
        text = []
        total = 0
        excluded = 0
        for path in files:
            for msg in messages(path, locales == [""]):
                for line in msg.splitlines():
                    line = line.strip()
                    if len(line) < 2 or line in seen:
                        continue
                    seen.add(line)
                    if line in corpus_lines or any(line in c for c in corpus_lines if len(line) >= 16):
                        excluded += 1
                        continue
                    line = clean(line)
                    text.append(line)
                    total += len(line) + 1
                if total >= limit:
                    break
            if total >= limit:
                break
        sources.append(f"{code}\t{len(files)} catalogues\t{total} chars\t{excluded} lines excluded (in test corpus)")
        uni = collections.Counter()
        bi = collections.Counter()
        for line in text:
            s = " " + "".join(normalise(c) for c in line) + " "
            s = re.sub(" +", " ", s)
            uni.update(s)
            bi.update(s[i:i + 2] for i in range(len(s) - 1))
        uni = {c: n for c, n in uni.items() if ord(c) < 0x10000}
        bi = {b: n for b, n in bi.items() if ord(b[0]) < 0x10000 and ord(b[1]) < 0x10000}
        utotal = sum(uni.values())
        nuni = 4000 if code in CJK else 300
        nbi = 4000 if code in CJK else 2500
        top_uni = sorted(uni.items(), key=lambda kv: (-kv[1], kv[0]))[:nuni]
        top_uni = [(c, n) for c, n in top_uni if n >= 2]
        top_bi = sorted(bi.items(), key=lambda kv: (-kv[1], kv[0]))[:nbi]
        top_bi = [(b, n) for b, n in top_bi if n >= 2]
        # first-char totals for conditional probabilities
        first = collections.Counter()
        for b, n in bi.items():
            first[b[0]] += n
        out = bytearray()
        cb = code.encode("ascii")
        out += struct.pack("<B", len(cb)) + cb
        out += struct.pack("<I", utotal)
        out += struct.pack("<H", len(top_uni))
        for c, n in top_uni:
            q = min(255, round(-math.log(n / utotal) * 16))
            out += struct.pack("<HB", ord(c), q)
        out += struct.pack("<H", len(top_bi))
        for b, n in top_bi:
            q = min(255, round(-math.log(n / first[b[0]]) * 16))
            out += struct.pack("<HHB", ord(b[0]), ord(b[1]), q)
        blobs.append(bytes(out))
        print(f"{code}: {len(files)} files, {total} chars, {len(top_uni)} unigrams, {len(top_bi)} bigrams", file=sys.stderr)

    raw = b"FNLM" + struct.pack("<HH", 1, len(blobs)) + b"".join(blobs)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = comp.compress(raw) + comp.flush()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, "sources.txt"), "w", encoding="utf-8") as f:
        f.write("# Generated by build.py: catalogues read per language model (Debian gettext .mo files)\n")
        f.write("\n".join(sources) + "\n")
    print(f"wrote {OUT}: {len(raw)} bytes raw, {len(data)} compressed", file=sys.stderr)


if __name__ == "__main__":
    main()
