#!/usr/bin/env python3
"""Build an encoding-detection evaluation set from human text the language models never saw.

The models (eng/encoding-models/build.py) are trained on gettext catalogues (/usr/share/locale*).
This set takes its text from other sources installed by Debian packages:

  * translated manual pages  /usr/share/man/<lang>/man*/*.gz      (manpages-<lang>, roff stripped)
  * HTML manuals             installation-guide-amd64, debian-faq-ko, debian-reference-zh-tw
  * Unicode CLDR locale data /usr/share/unicode/cldr/common/main   (unicode-cldr-core; the only
                                                                    source here for he/ar/fa/th/lt/lv/et)

Any line that also occurs as a gettext message (msgid or msgstr) under /usr/share/locale* is
dropped, so no sentence of the set is in the models' training text.

Each language's text is transcoded into every legacy encoding used for it (and UTF-8/16/32), in
realistic shapes and three length buckets. Texts that do not round-trip are skipped; typographic
punctuation the target encoding lacks (curly quotes, dashes, ellipsis, no-break space) is folded to
ASCII first, as legacy documents were written. Deterministic for a given machine (fixed seed).

The split is by SOURCE DOCUMENT: a document's key is its file name without language
(ls.1, ch03.html, the CLDR section), so a man page and all its translations fall on one side.

Output: <out>/<split>/<family>/<encoding>/<n>.<ext> and <out>/labels.csv with
path,encoding,language,family,shape,length_bucket,split

Usage: python3 eng/encoding-eval/build_set.py [OUT] [--per-cell N] [--seed S] [--heldout-fraction F]
"""
import argparse
import collections
import csv
import gettext
import glob
import gzip
import hashlib
import html
import html.parser
import os
import random
import re
import shutil
import sys
import unicodedata
import xml.etree.ElementTree as ET

# label (as a detector would answer it) -> Python codec
CODECS = {
    "us-ascii": "ascii",
    "utf-8": "utf-8", "utf-8-bom": "utf-8-sig",
    "utf-16le": "utf-16-le", "utf-16be": "utf-16-be", "utf-16le-bom": "utf-16-le", "utf-16be-bom": "utf-16-be",
    "utf-32le-bom": "utf-32-le",
    "windows-1250": "cp1250", "windows-1251": "cp1251", "windows-1252": "cp1252", "windows-1253": "cp1253",
    "windows-1254": "cp1254", "windows-1255": "cp1255", "windows-1256": "cp1256", "windows-1257": "cp1257",
    "windows-1258": "cp1258", "windows-874": "cp874", "tis-620": "tis_620",
    "iso-8859-1": "latin_1", "iso-8859-2": "iso8859_2", "iso-8859-4": "iso8859_4", "iso-8859-5": "iso8859_5",
    "iso-8859-6": "iso8859_6", "iso-8859-7": "iso8859_7", "iso-8859-8": "iso8859_8", "iso-8859-9": "iso8859_9",
    "iso-8859-13": "iso8859_13", "iso-8859-15": "iso8859_15",
    "koi8-r": "koi8_r", "koi8-u": "koi8_u",
    "ibm866": "cp866", "ibm855": "cp855", "ibm852": "cp852", "ibm850": "cp850", "ibm857": "cp857",
    "ibm862": "cp862", "ibm737": "cp737", "ibm869": "cp869", "ibm775": "cp775", "ibm864": "cp864",
    "x-mac-cyrillic": "mac_cyrillic", "macintosh": "mac_roman", "x-mac-ce": "mac_latin2",
    "x-mac-greek": "mac_greek", "x-mac-turkish": "mac_turkish",
    "shift_jis": "shift_jis", "cp932": "cp932", "euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp",
    "euc-kr": "euc_kr", "cp949": "cp949", "iso-2022-kr": "iso2022_kr", "johab": "johab",
    "gb2312": "gb2312", "gbk": "gbk", "gb18030": "gb18030", "hz-gb-2312": "hz",
    "big5": "big5", "cp950": "cp950",
}
BOMS = {"utf-8-bom": b"\xef\xbb\xbf", "utf-16le-bom": b"\xff\xfe", "utf-16be-bom": b"\xfe\xff",
        "utf-32le-bom": b"\xff\xfe\x00\x00"}
# a superset label is only written when the text does not fit the narrower one (else the bytes are identical)
NARROWER = {"cp932": "shift_jis", "cp949": "euc-kr", "gbk": "gb2312", "gb18030": "gbk", "cp950": "big5",
            "windows-1252": "iso-8859-1", "windows-1254": "iso-8859-9", "windows-874": "tis-620"}

WESTERN = ["windows-1252", "iso-8859-1", "iso-8859-15", "macintosh", "ibm850"]
CENTRAL = ["windows-1250", "iso-8859-2", "ibm852", "x-mac-ce"]
CYRILLIC = ["windows-1251", "koi8-r", "koi8-u", "iso-8859-5", "ibm866", "ibm855", "x-mac-cyrillic"]
BALTIC = ["windows-1257", "iso-8859-13", "iso-8859-4", "ibm775"]
# language -> (family, legacy encodings)
LANGS = {
    "de": ("Western", WESTERN), "fr": ("Western", WESTERN), "es": ("Western", WESTERN),
    "it": ("Western", WESTERN), "pt": ("Western", WESTERN), "nl": ("Western", WESTERN),
    "sv": ("Western", WESTERN), "fi": ("Western", WESTERN), "da": ("Western", WESTERN),
    "nb": ("Western", WESTERN), "id": ("Western", WESTERN), "ca": ("Western", WESTERN),
    "cs": ("Central European", CENTRAL), "pl": ("Central European", CENTRAL), "hu": ("Central European", CENTRAL),
    "ro": ("Central European", CENTRAL), "sk": ("Central European", CENTRAL), "sl": ("Central European", CENTRAL),
    "hr": ("Central European", CENTRAL),
    "ru": ("Cyrillic", CYRILLIC), "uk": ("Cyrillic", ["windows-1251", "koi8-u", "iso-8859-5", "ibm866", "ibm855", "x-mac-cyrillic"]),
    "mk": ("Cyrillic", ["windows-1251", "iso-8859-5", "ibm855", "x-mac-cyrillic"]),
    "sr": ("Cyrillic", ["windows-1251", "iso-8859-5", "ibm855", "x-mac-cyrillic"]),
    "bg": ("Cyrillic", ["windows-1251", "koi8-r", "iso-8859-5", "ibm866", "ibm855", "x-mac-cyrillic"]),
    "el": ("Greek", ["windows-1253", "iso-8859-7", "ibm737", "ibm869", "x-mac-greek"]),
    "tr": ("Turkish", ["windows-1254", "iso-8859-9", "ibm857", "x-mac-turkish"]),
    "lt": ("Baltic", BALTIC), "lv": ("Baltic", BALTIC), "et": ("Baltic", BALTIC),
    "he": ("Hebrew", ["windows-1255", "iso-8859-8", "ibm862"]),
    "ar": ("Arabic", ["windows-1256", "iso-8859-6", "ibm864"]), "fa": ("Arabic", ["windows-1256"]),
    "th": ("Thai", ["tis-620", "windows-874"]),
    "vi": ("Vietnamese", ["windows-1258"]),
    "ja": ("Japanese", ["shift_jis", "cp932", "euc-jp", "iso-2022-jp"]),
    "ko": ("Korean", ["euc-kr", "cp949", "iso-2022-kr", "johab"]),
    "zh-CN": ("Simplified Chinese", ["gb2312", "gbk", "gb18030", "hz-gb-2312"]),
    "zh-TW": ("Traditional Chinese", ["big5", "cp950"]),
    "en": ("ASCII", ["us-ascii"]),
}
UNICODE = ["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "utf-16le-bom", "utf-16be-bom", "utf-32le-bom"]
# locale directory names per language for man pages / installation guide / CLDR
MAN_DIRS = {"de": "de", "fr": "fr", "es": "es", "it": "it", "pt": "pt_BR", "nl": "nl", "sv": "sv", "fi": "fi",
            "da": "da", "nb": "nb", "id": "id", "cs": "cs", "pl": "pl", "hu": "hu", "ro": "ro", "sl": "sl",
            "hr": "hr", "ru": "ru", "uk": "uk", "mk": "mk", "sr": "sr", "el": "el", "tr": "tr", "vi": "vi",
            "ja": "ja", "ko": "ko", "zh-CN": "zh_CN", "zh-TW": "zh_TW"}
GUIDE_DIRS = {"ca": "ca", "cs": "cs", "da": "da", "de": "de", "el": "el", "es": "es", "fr": "fr", "id": "id",
              "it": "it", "ja": "ja", "ko": "ko", "nl": "nl", "pt": "pt", "ro": "ro", "ru": "ru", "sv": "sv",
              "vi": "vi", "zh-CN": "zh_CN"}
CLDR_LANGS = {"he": "he", "ar": "ar", "fa": "fa", "th": "th", "lt": "lt", "lv": "lv", "et": "et", "sk": "sk",
              "bg": "bg", "el": "el", "ko": "ko", "hr": "hr", "sl": "sl"}
CLDR = "/usr/share/unicode/cldr/common/main"

BUCKETS = {"20-200": (20, 200), "200-2000": (200, 2000), "2000-20000": (2000, 20000)}
SHAPES_SHORT = ["plain", "plain", "srt", "csv", "code", "mixed"]
SHAPES = ["plain", "html-meta", "html", "email", "srt", "csv", "code", "mixed"]
EXT = {"plain": "txt", "html-meta": "html", "html": "html", "email": "eml", "srt": "srt", "csv": "csv",
       "code": "c", "mixed": "log"}

FOLD = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2018": "'", "\u2019": "'",
        "\u201a": "'", "\u2014": "-", "\u2013": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2026": "...",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2002": " ", "\u2003": " ", "\u00ad": "", "\u2022": "*",
        "\u00b7": "*", "\u2039": "'", "\u203a": "'", "\u00a9": "(c)", "\u00ae": "(R)", "\u2122": "(TM)",
        "\u00b0": " deg", "\u00d7": "x", "\u2192": "->", "\u2190": "<-", "\u00b4": "'", "\u02bc": "'"}


# ---------------------------------------------------------------- source text

def gettext_lines():
    """Every msgid/msgstr line of the installed catalogues (normalised), to exclude from the set."""
    seen = set()
    pats = ["/usr/share/locale/*/LC_MESSAGES/*.mo", "/usr/share/locale-langpack/*/LC_MESSAGES/*.mo",
            "/usr/share/*/locale/*/LC_MESSAGES/*.mo"]
    for pat in pats:
        for path in glob.glob(pat):
            try:
                with open(path, "rb") as f:
                    cat = gettext.GNUTranslations(f)._catalog
            except Exception:  # damaged or non-UTF-8 catalogue: nothing to exclude from it
                continue
            for k, v in cat.items():
                for s in (k[0] if isinstance(k, tuple) else k, v):
                    if isinstance(s, str):
                        for line in s.splitlines():
                            n = norm(line)
                            if len(n) >= 12:
                                seen.add(hashlib.blake2b(n.encode(), digest_size=8).digest())
    return seen


def norm(s):
    return " ".join(s.split()).strip().lower()


ROFF_ESC = [
    (re.compile(r'\\".*$'), ""), (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\s[+-]?\d+"), ""),
    (re.compile(r"\\\*(\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\\(em|\\\[em\]"), "\u2014"),
    (re.compile(r"\\\(en|\\\[en\]"), "\u2013"), (re.compile(r"\\\((aq|cq)"), "'"), (re.compile(r"\\\(lq|\\\(Lq"), "\u201c"),
    (re.compile(r"\\\(rq|\\\(Rq"), "\u201d"), (re.compile(r"\\\(bu"), "\u2022"), (re.compile(r"\\\(co"), "\u00a9"),
    (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""), (re.compile(r"\\[-]"), "-"), (re.compile(r"\\e"), lambda m: "\\"),
    (re.compile(r"\\[&|^c%:]"), ""), (re.compile(r"\\ "), " "), (re.compile(r"\\[0~]"), " "),
    (re.compile(r"\\[nkgjmMVYw]\S?"), ""), (re.compile(r"\\(.)"), r"\1"),
]
ROFF_TEXT_MACROS = {"SH", "SS", "B", "I", "BR", "IR", "RB", "RI", "BI", "IB", "SM", "SB", "TP", "IP", "It", "Nm", "Nd", "Em", "Sh", "Ss"}


def roff_paragraphs(raw):
    """Plain paragraphs from a man page: macros dropped, inline escapes removed, tables and code skipped."""
    paras, cur, skip = [], [], False
    for line in raw.splitlines():
        if line.startswith(('.\\"', "'\\\"", '\\"')):
            continue
        if line.startswith((".TS", ".nf", ".EX", ".de")):
            skip = True
            continue
        if line.startswith((".TE", ".fi", ".EE", "..")):
            skip = False
            continue
        if skip:
            continue
        if line.startswith((".", "'")):
            parts = line[1:].split(None, 1)
            macro = parts[0] if parts else ""
            if macro in ("PP", "LP", "P", "SH", "SS", "TP", "IP", "HP", "Pp", "Sh", "br", "sp"):
                if cur:
                    paras.append(" ".join(cur))
                    cur = []
            if macro in ROFF_TEXT_MACROS and len(parts) == 2:
                text = parts[1]
                if macro in ("IP", "TP"):
                    text = text.split('"')[1] if text.startswith('"') and text.count('"') >= 2 else ""
                text = text.replace('"', "")
                if macro in ("SH", "SS", "Sh", "Ss"):
                    if text.strip():
                        paras.append(clean_roff(text))
                    continue
                cur.append(clean_roff(text))
            continue
        if not line.strip():
            if cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        cur.append(clean_roff(line))
    if cur:
        paras.append(" ".join(cur))
    return [" ".join(p.split()) for p in paras if len(p.split()) > 0]


def clean_roff(s):
    for rx, rep in ROFF_ESC:
        s = rx.sub(rep, s)
    return s


class HtmlText(html.parser.HTMLParser):
    BLOCK = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "td", "th", "div", "title", "br", "pre", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras, self.cur, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "pre"):
            self.skip += 1
        if tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre"):
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)

    def flush(self):
        t = " ".join("".join(self.cur).split())
        if t:
            self.paras.append(t)
        self.cur = []


def html_paragraphs(raw):
    p = HtmlText()
    p.feed(raw)
    p.flush()
    return p.paras


def cldr_documents(lang, code):
    """CLDR locale data: one document per top-level section (names of languages, territories, dates...)."""
    path = os.path.join(CLDR, code + ".xml")
    if not os.path.exists(path):
        return []
    docs = []
    root = ET.parse(path).getroot()
    for section in root:
        for sub in section:
            words = [" ".join(e.text.split()) for e in sub.iter() if e.text and e.text.strip() and e.get("alt") is None]
            if len(words) < 8:
                continue
            paras = [", ".join(words[i:i + 12]) + "." for i in range(0, len(words), 12)]
            docs.append((f"cldr:{section.tag}/{sub.tag}", f"cldr/{code}.xml#{section.tag}/{sub.tag}", paras))
    ann = os.path.join(os.path.dirname(CLDR), "annotations", code + ".xml")
    if os.path.exists(ann):
        words = [" ".join(e.text.split()) for e in ET.parse(ann).getroot().iter("annotation") if e.text]
        for i in range(0, len(words), 400):
            chunk = words[i:i + 400]
            docs.append((f"cldr:annotations/{i // 400}", f"cldr/annotations/{code}.xml#{i // 400}",
                         [", ".join(chunk[j:j + 10]) + "." for j in range(0, len(chunk), 10)]))
    return docs


def load_documents(exclude):
    """language -> list of (split key, source path, paragraphs)."""
    docs = collections.defaultdict(list)
    dropped = collections.Counter()

    def keep(lang, paras):
        out = []
        for p in paras:
            if hashlib.blake2b(norm(p).encode(), digest_size=8).digest() in exclude:
                dropped[lang] += 1
                continue
            out.append(p)
        return out

    for lang, d in MAN_DIRS.items():
        for path in sorted(glob.glob(f"/usr/share/man/{d}/man*/*")):
            try:
                raw = (gzip.open(path) if path.endswith(".gz") else open(path, "rb")).read()
                text = raw.decode("utf-8")
            except (OSError, UnicodeDecodeError, EOFError):
                continue
            if text.startswith(".so ") or len(text) < 400:
                continue
            paras = keep(lang, roff_paragraphs(text))
            key = "man:" + re.sub(r"\.gz$", "", os.path.basename(path))
            if paras:
                docs[lang].append((key, path, paras))
    for lang, d in GUIDE_DIRS.items():
        for path in sorted(glob.glob(f"/usr/share/doc/installation-guide-amd64/{d}/*.html")):
            paras = keep(lang, html_paragraphs(open(path, encoding="utf-8", errors="replace").read()))
            if paras:
                docs[lang].append(("guide:" + os.path.basename(path), path, paras))
    for path in sorted(glob.glob("/usr/share/doc/debian/FAQ/ko/*.html")):
        paras = keep("ko", html_paragraphs(open(path, encoding="utf-8", errors="replace").read()))
        if paras:
            docs["ko"].append(("faq:" + os.path.basename(path).replace(".ko", ""), path, paras))
    for path in sorted(glob.glob("/usr/share/debian-reference/*.zh-tw.html")):
        paras = keep("zh-TW", html_paragraphs(open(path, encoding="utf-8", errors="replace").read()))
        if paras:
            docs["zh-TW"].append(("reference:" + os.path.basename(path).replace(".zh-tw", ""), path, paras))
    for lang, code in CLDR_LANGS.items():
        for key, path, paras in cldr_documents(lang, code):
            paras = keep(lang, paras)
            if paras:
                docs[lang].append((key, path, paras))
    for path in sorted(glob.glob("/usr/share/man/man1/*.gz"))[:3000]:
        try:
            text = gzip.open(path).read().decode("ascii")
        except (OSError, UnicodeDecodeError, EOFError):
            continue
        if text.startswith(".so ") or len(text) < 400:
            continue
        paras = keep("en", roff_paragraphs(text))
        if paras:
            docs["en"].append(("man:" + re.sub(r"\.gz$", "", os.path.basename(path)), path, paras))
    return docs, dropped


# ---------------------------------------------------------------- shapes

def wrap_lines(text, width):
    """Split text into lines of about `width` characters (on spaces when the script has them)."""
    out, line = [], ""
    for word in re.findall(r"\S+\s*", text) if " " in text else [text[i:i + width // 2] for i in range(0, len(text), width // 2)]:
        if len(line) + len(word) > width and line:
            out.append(line.rstrip())
            line = ""
        line += word
    if line.strip():
        out.append(line.rstrip())
    return out


def shape_text(shape, paras, label, rng):
    """The document in one realistic shape (a str; the caller encodes it)."""
    if shape == "plain":
        return "\n\n".join("\n".join(wrap_lines(p, 76)) for p in paras) + "\n"
    if shape in ("html-meta", "html"):
        meta = f'<meta charset="{label.replace("-bom", "")}">\n' if shape == "html-meta" else '<meta name="viewport" content="width=device-width">\n'
        title = html.escape(paras[0][:60])
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras[1:] or paras)
        return f"<!DOCTYPE html>\n<html>\n<head>\n{meta}<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    if shape == "email":
        day = rng.randint(1, 28)
        return (f"From: Robin Example <robin@example.org>\nTo: archive@example.net\nSubject: notes {day}\n"
                f"Date: Mon, {day} Jan 2001 10:{day:02d}:00 +0100\nMessage-ID: <{rng.randrange(10**9)}@example.org>\n"
                f"MIME-Version: 1.0\nContent-Transfer-Encoding: 8bit\n\n"
                + "\n\n".join("\n".join(wrap_lines(p, 72)) for p in paras) + "\n\n-- \nRobin\n")
    if shape == "srt":
        cues, t = [], rng.randint(1, 300)
        lines = [l for p in paras for l in wrap_lines(p, 42)]
        for i in range(0, len(lines), 2):
            a, b = t, t + rng.randint(2, 5)
            t = b + 1
            cues.append(f"{i // 2 + 1}\n{ts(a)} --> {ts(b)}\n" + "\n".join(lines[i:i + 2]))
        return "\n\n".join(cues) + "\n"
    if shape == "csv":
        rows = ["id,date,text"]
        for i, p in enumerate(paras):
            rows.append(f'{i + 1},2003-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},"{p.replace(chr(34), chr(34) * 2)}"')
        return "\r\n".join(rows) + "\r\n"
    if shape == "code":
        body = "\n".join(" * " + l for p in paras for l in wrap_lines(p, 70) + [""]).rstrip(" *\n")
        fn = rng.choice(["parse_header", "read_block", "checksum", "main"])
        return (f"/*\n{body}\n */\n#include <stdio.h>\n\nstatic int {fn}(const char *buf, size_t len)\n{{\n"
                f"    if (buf == NULL || len == 0)\n        return -1;\n    return (int)(len & 0x7f);\n}}\n")
    if shape == "mixed":
        out = []
        for i, p in enumerate(paras):
            for frag in wrap_lines(p, 40):
                h, m, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
                out.append(f"2004-05-{rng.randint(10, 28)} {h:02d}:{m:02d}:{s:02d} INFO [worker-{rng.randint(1, 8)}] "
                           f"request id={rng.randrange(10**6)} status=200 bytes={rng.randint(100, 99999)}")
                out.append(f"2004-05-{rng.randint(10, 28)} {h:02d}:{m:02d}:{s:02d} NOTE  user note: {frag}")
        return "\n".join(out) + "\n"
    raise ValueError(shape)


def ts(sec):
    return f"{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d},{(sec * 37) % 1000:03d}"


# ---------------------------------------------------------------- encoding

def fold_for(text, codec):
    """Replace characters the encoding lacks by their ASCII fallbacks (typographic punctuation only)."""
    out = []
    for ch in text:
        if ch in FOLD:
            try:
                ch.encode(codec)
            except UnicodeEncodeError:
                ch = FOLD[ch]
        out.append(ch)
    return "".join(out)


def to_cp1258(text):
    """Vietnamese in windows-1258: precomposed letters it lacks are written as base letter + combining mark."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        for k in range(len(d), 0, -1):
            head = unicodedata.normalize("NFC", d[:k])
            try:
                (head + d[k:]).encode("cp1258")
                out.append(head + d[k:])
                break
            except UnicodeEncodeError:
                continue
        else:
            out.append(ch)
    return "".join(out)


def encode(text, label):
    """Bytes of text in label, or None when it does not round-trip."""
    codec = CODECS[label]
    text = fold_for(text, codec)
    if label == "windows-1258":
        text = to_cp1258(text)
    try:
        data = text.encode(codec)
        if data.decode(codec) != text:
            return None
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if label in NARROWER:
        narrow = encode(text, NARROWER[label])
        if narrow is not None and narrow == data:
            return None  # identical bytes: the narrower label already covers this text
    return BOMS.get(label, b"") + data


def needs_non_ascii(label):
    return label != "us-ascii"


def fit(doc_paras, start, shape, label, lo, hi, target, rng):
    """Consecutive paragraphs from `start`, shaped and encoded, between lo and hi bytes (None if impossible)."""
    paras, i = [], start
    data = None
    while i < len(doc_paras):
        paras.append(doc_paras[i])
        i += 1
        data = encode(shape_text(shape, paras, label, random.Random(start)), label)
        if data is None:
            return None
        if len(data) >= target:
            break
    if data is None or len(data) < lo:
        return None
    if len(data) > hi:
        last = paras[-1]
        a, b = 1, len(last)
        best = None
        while a <= b:
            m = (a + b) // 2
            d = encode(shape_text(shape, paras[:-1] + [last[:m]], label, random.Random(start)), label)
            if d is None:
                b = m - 1
                continue
            if len(d) > hi:
                b = m - 1
            else:
                best, a = d, m + 1
        data = best
        if data is None or len(data) < lo:
            return None
    return data


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", default="/tmp/fnet-encoding-eval")
    ap.add_argument("--per-cell", type=int, default=4, help="files per (language, encoding, bucket, split)")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--heldout-fraction", type=float, default=0.6)
    args = ap.parse_args()

    print("reading gettext catalogues (excluded text)...", file=sys.stderr)
    exclude = gettext_lines()
    print(f"  {len(exclude)} catalogue lines excluded", file=sys.stderr)
    docs, dropped = load_documents(exclude)

    if os.path.isdir(args.out):
        if not os.path.exists(os.path.join(args.out, "labels.csv")):
            sys.exit(f"{args.out} exists and is not an evaluation set; refusing to overwrite")
        shutil.rmtree(args.out)
    os.makedirs(args.out)

    def split_of(key):
        h = int.from_bytes(hashlib.blake2b(f"{args.seed}:{key}".encode(), digest_size=8).digest(), "big")
        return "held-out" if h / 2**64 < args.heldout_fraction else "tune"

    family_size = collections.Counter(LANGS[lang][0] for lang in docs)
    rows, counts, sources = [], collections.Counter(), collections.Counter()
    skipped = collections.Counter()
    for lang in sorted(docs):
        family, legacy = LANGS[lang]
        by_split = collections.defaultdict(list)
        for key, path, paras in docs[lang]:
            if needs_non_ascii("x" if lang != "en" else "us-ascii") and lang != "en":
                if not any(ord(c) > 127 for p in paras for c in p):
                    continue
            by_split[split_of(key)].append((key, path, paras))
        sources[lang] = sum(len(v) for v in by_split.values())
        labels = legacy + (UNICODE if lang != "en" else [])
        for label in labels:
            fam = "UTF-8" if label.startswith("utf-8") else "UTF-16/32" if label.startswith("utf-") else family
            for split in ("tune", "held-out"):
                pool = by_split.get(split)
                if not pool:
                    continue
                for bucket, (lo, hi) in BUCKETS.items():
                    rng = random.Random(f"{args.seed}:{lang}:{label}:{split}:{bucket}")
                    if label == "utf-8":
                        n = args.per_cell
                    elif label.startswith("utf-"):
                        n = max(1, args.per_cell // 4)
                    else:  # families written in one or two languages get more files per language
                        n = args.per_cell * max(1, round(4 / family_size[family]))
                    if split == "tune":
                        n = max(1, (n * 3 + 3) // 4)  # held-out gets more files than tune (>= 50% of the set)
                    made, tries = 0, 0
                    while made < n and tries < n * 25:
                        tries += 1
                        key, path, paras = rng.choice(pool)
                        shape = rng.choice(SHAPES_SHORT if bucket == "20-200" else SHAPES)
                        start = rng.randrange(len(paras))
                        target = int(lo * (hi / lo) ** rng.random())
                        data = fit(paras, start, shape, label, lo, hi, target, rng)
                        if data is None:
                            continue
                        body = data[len(BOMS.get(label, b"")):]
                        if label != "us-ascii" and not label.startswith("utf-16") and not label.startswith("utf-32") \
                                and all(b < 0x80 for b in body) and label not in ("iso-2022-jp", "iso-2022-kr", "hz-gb-2312"):
                            continue  # pure ASCII: not a test of this encoding
                        if label == "us-ascii" and any(b >= 0x80 for b in body):
                            continue
                        rel = f"{split}/{fam.replace(' ', '_').replace('/', '_')}/{label}/{lang}_{bucket}_{made}.{EXT[shape]}"
                        os.makedirs(os.path.dirname(os.path.join(args.out, rel)), exist_ok=True)
                        with open(os.path.join(args.out, rel), "wb") as f:
                            f.write(data)
                        enc = label.replace("-bom", "")
                        rows.append([rel, enc, lang, fam, shape, bucket, split, path])
                        counts[(split, fam)] += 1
                        made += 1
                    if made < n:
                        skipped[(lang, label)] += n - made

    with open(os.path.join(args.out, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["path", "encoding", "language", "family", "shape", "length_bucket", "split"])
        for r in rows:
            w.writerow(r[:7])
    with open(os.path.join(args.out, "sources.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["path", "source"])
        for r in rows:
            w.writerow([r[0], r[7]])
    with open(os.path.join(args.out, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(f"files {len(rows)}  held-out {sum(1 for r in rows if r[6] == 'held-out')}  "
                f"bytes {sum(os.path.getsize(os.path.join(args.out, r[0])) for r in rows)}\n")
        f.write("documents per language: " + " ".join(f"{k}={v}" for k, v in sorted(sources.items())) + "\n")
        f.write("paragraphs dropped (also in gettext catalogues): " + " ".join(f"{k}={v}" for k, v in sorted(dropped.items())) + "\n")
        f.write("cells short of files (no round-tripping text): " + " ".join(f"{l}/{e}={n}" for (l, e), n in sorted(skipped.items())) + "\n")
        for (split, fam), n in sorted(counts.items()):
            f.write(f"{split}\t{fam}\t{n}\n")
    print(open(os.path.join(args.out, "summary.txt"), encoding="utf-8").read(), file=sys.stderr)


if __name__ == "__main__":
    main()
