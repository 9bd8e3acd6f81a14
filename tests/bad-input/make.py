#!/usr/bin/env python3
"""Writes the committed bad-input files (see README.md). Rerun after editing;
the big cases (50 MB line, 100k sentences, 33 MiB JSONL string) are made by
crates/demarche/tests/bad_input.rs at run time instead."""
import gzip
import io
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))

# A sentence the built-in lexicons code (RUS criticizes UKR), embedded in the hostile text.
EN = "Russia criticized Ukraine on Monday."


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(name, "wb") as f:
        f.write(data)


# Encodings.
write("invalid-utf8.txt", b"Moscow, Dec 23.\n\nRussia criticized Ukraine\xff\xfe on Monday.\n")
write("windows-1252-mixed.txt",
      "MOSCOW, Dec 23. Le caf\u00e9 \u201cFran\u00e7ais\u201d said ".encode("utf-8")
      + b"\x93Russia criticized Ukraine\x94 on Monday, \xe9t\xe9.\n")
write("windows-1252-mixed.jsonl",
      b'{"id": "ok-1", "text": "Russia criticized Ukraine on Monday."}\n'
      + b'{"id": "latin", "text": "Caf\xe9 talks: Russia criticized Ukraine."}\n'
      + b'{"id": "ok-3", "text": "China praised France on Tuesday."}\n')
write("utf16-bom.txt", b"\xff\xfe" + (EN + "\n").encode("utf-16-le"))
# HTML says how it is encoded (BOM, meta charset) or falls back to Windows-1252.
write("utf16-bom.html", b"\xff\xfe" + ("<html><body><p>" + EN + "</p></body></html>\n").encode("utf-16-le"))
write("windows-1252-mixed.html",
      b"<html><head><title>Caf\xe9</title></head><body><p>\x93Russia criticized Ukraine on Monday,\x94 "
      + "the caf\u00e9 owner said.</p></body></html>\n".encode("utf-8"))
write("nul-bytes.txt", b"Russia criticized\x00 Ukraine on Monday.\x00\x00\n")
write("nul-bytes.jsonl",
      b'{"id": "ok-1", "text": "Russia criticized Ukraine on Monday."}\n'
      + b'{"id": "nul", "text": "Russia\x00 criticized Ukraine."}\n'
      + b'{"id": "ok-3", "text": "China praised France on Tuesday."}\n')

# Quotes.
opens = ["\u201c", "\u2018", "\u00ab", '"', "'"]
closes = ["\u201d", "\u2019", "\u00bb", '"', "'"]
depth = 1000
write("nested-quotes.txt",
      "The minister said " + "".join(opens[i % 5] + "he said " for i in range(depth))
      + EN + "".join(closes[i % 5] for i in reversed(range(depth))) + "\n\n" + EN + "\n")
write("unbalanced-quotes.txt",
      "\u201cRussia criticized Ukraine on Monday, the minister said.\n\n"
      + "\u201d\u201d\u00bb\u00ab\u201c\"'" * 200 + "\n\n"
      + '"' * 501 + " He said \u201cthe talks failed. " + EN + "\n")

# Scripts and invisible characters.
write("emoji.txt",
      "\U0001F1F7\U0001F1FA\U0001F525\U0001F4A5 Breaking \U0001F6A8\U0001F6A8: " + EN
      + " \U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466 \U0001F44D\U0001F3FD\n\n"
      + "\U0001F600" * 300 + "\n")
write("rtl.txt",
      "\u0642\u0627\u0644\u062a \u0648\u0632\u0627\u0631\u0629 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 "
      "\u0625\u0646 \u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0633\u062a\u0633\u062a\u0645\u0631. "
      + EN + " \u05de\u05e9\u05e8\u05d3 \u05d4\u05d7\u05d5\u05e5 \u05d0\u05de\u05e8 \u05db\u05d9 \u05d4\u05e9\u05d9\u05d7\u05d5\u05ea "
      "\u05d9\u05d9\u05de\u05e9\u05db\u05d5.\n\n\u00ab\u0627\u0644\u0633\u0644\u0627\u0645\u00bb, "
      "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631.\n")
write("zero-width-bidi.txt",
      "\u200bRussia\u200c criticized\u200d Ukraine\ufeff on Monday.\u2060\n\n"
      "\u202eRussia criticized Ukraine on Monday.\u202c \u2066\u05e9\u05dc\u05d5\u05dd\u2069 "
      + "\u200f\u200e\u061c" * 50 + "\n\n" + EN + "\n")
write("control-chars.txt", "Russia\x01\x02\x1b[31m criticized\x7f Ukraine\r\ron Monday.\x0c\x0b\n\r\n" + EN + "\n")

# Structure.
write("deep-nested.json", "[" * 20_000 + "]" * 20_000)
write("deep-nested.jsonl",
      '{"id": "ok-1", "text": "Russia criticized Ukraine on Monday."}\n'
      + '{"id": "deep", "text": "x", "extra": ' + "[" * 20_000 + "]" * 20_000 + "}\n")
write("nested-divs.html",
      "<html><body>" + "<div>" * 10_000 + "<p>" + EN + "</p></body></html>\n")

# Gzip bombs: a few KB that expand far past the 32 MiB record bound.
def bomb(name, head, size, line=b""):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as g:
        g.write(head)
        chunk = b"a" * (1 << 20)
        for _ in range(size >> 20):
            g.write(chunk)
        g.write(line)
    write(name, buf.getvalue())

bomb("bomb.txt.gz", b"Russia criticized Ukraine. ", 40 << 20)
bomb("bomb.jsonl.gz", b'{"id": "a", "text": "Russia criticized Ukraine."}\n{"id": "b", "text": "', 40 << 20, b'"}\n')

# Empty.
write("empty.txt", b"")
write("whitespace-only.txt", b" \n\t\r\n  \n")
write("empty.jsonl", b"")
write("blank-lines.jsonl", b"\n\n   \n")
write("empty.json", b"")
write("empty.html", b"")
