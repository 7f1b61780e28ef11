#!/usr/bin/env python3
"""Independent reference for listdigest's domain and contributor counts.

Usage: reference_digest.py REPO [RANGE] [--top N] [--per-message]

REPO is a public-inbox v2 epoch repository; RANGE is what `git rev-list`
takes (`A..B` or `B`), default HEAD.  Prints exactly the two counting
sections of listdigest's output, from the "Top N contributor Email domains"
line through the last contributor line, followed by one blank line.

--per-message prints instead one line per counted message, newest first:
    <commit> TAB <rule> TAB <contributor key> TAB <display name>
where <rule> is body-from, b4-relay, header-from or unknown: handy to find
which message a mismatch with listdigest comes from.

This is deliberately NOT a port of the C code: it uses Python's `email`
package for MIME structure and transfer decoding, `email.utils.parseaddr`
for addresses, and the `git` program to read the archive.  Only the
counting rules are shared (issue 3 plus the project's decisions):

  author = (1) the in-body "From:" line when the first non-blank line of the
           decoded text body starts with "From:" and holds an address with
           "@"; else (2) X-Original-From when the header From's display name
           contains "via B4 Relay" and X-Original-From holds an address with
           "@"; else (3) the header From.
  key    = lower-cased addr-spec; domain = lower-cased text after its last
           "@"; no address with "@": label and domain "(unknown)".
  label  = "Name <key>" with the name used most (ties: the newest message's
           name), or the bare key when no non-empty name was ever used.
  order  = count descending, then label bytes descending; at most N lines.
"""

import base64
import binascii
import codecs
import email.parser
import email.policy
import email.utils
import re
import subprocess
import sys
import threading
from collections import Counter, defaultdict

UNKNOWN = "(unknown)"


# --------------------------------------------------------------------------
# Reading the archive


def rev_list(repo, rng):
    """Commit ids of RANGE, newest first (git rev-list order)."""
    proc = subprocess.run(["git", "-C", repo, "rev-list", rng, "--"],
                          stdout=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit("reference_digest.py: git rev-list %s failed in %s" % (rng, repo))
    return proc.stdout.decode("ascii").split()


def read_blobs(repo, commits):
    """Yield (index, commit, raw bytes of blob m) in the order of `commits`,
    using one `git cat-file --batch` process.  Commits without `m` (a `d`
    removal) are skipped."""
    proc = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    # Feed the requests from a thread: writing them all before reading
    # would deadlock once both pipes are full.
    def feed():
        try:
            for c in commits:
                proc.stdin.write(c.encode("ascii") + b":m\n")
        finally:
            proc.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out = proc.stdout
    for i, c in enumerate(commits):
        header = out.readline()
        if not header:
            raise RuntimeError("git cat-file --batch ended early")
        fields = header.split()
        if len(fields) == 2 and fields[1] == b"missing":
            continue  # no blob `m` in this commit's tree
        if len(fields) != 3:
            raise RuntimeError("unexpected cat-file line: %r" % header)
        size = int(fields[2])
        data = out.read(size)
        out.read(1)  # the LF after the contents
        if fields[1] != b"blob":
            continue  # `m` is not a file: not a message
        yield i, c, data
    writer.join()
    proc.stdout.close()
    if proc.wait() != 0:
        raise RuntimeError("git cat-file --batch failed")


# --------------------------------------------------------------------------
# Text helpers


def to_text(data, charset="utf-8"):
    """Bytes -> str in `charset`; unknown charsets are read as UTF-8.
    Invalid bytes become U+FFFD."""
    name = (charset or "utf-8").strip().strip('"').lower()
    if name in ("us-ascii", "ascii", "unknown-8bit", "x-unknown", ""):
        # ASCII labels are routinely put on UTF-8 text; decoding as UTF-8
        # keeps the ASCII bytes identical and does not mangle the rest.
        name = "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        name = "utf-8"
    try:
        return data.decode(name, "replace")
    except Exception:  # a broken codec state; fall back, never crash
        return data.decode("utf-8", "replace")


def raw_header_text(value):
    """A header value as the parser stored it (str in which 8-bit bytes are
    surrogate escapes) -> unfolded str with the 8-bit bytes read as UTF-8,
    or as Latin-1 when they are not valid UTF-8."""
    if not isinstance(value, str):
        value = str(value)
    data = value.encode("ascii", "surrogateescape")
    # Unfolding: a line break followed by white space is removed, the white
    # space stays (RFC 5322 2.2.3).
    data = re.sub(rb"\r?\n(?=[ \t])", b"", data)
    # Raw 8-bit bytes: UTF-8 when they are valid UTF-8, else Latin-1.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# Lenient, as mail readers are: white space inside an encoded word's text
# (which RFC 2047 forbids, and spam uses) does not stop it being decoded.
ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")


def _word_bytes(enc, text):
    """Payload bytes of one encoded word; None when it is broken."""
    try:
        if enc in "bB":
            text = text.rstrip("=")
            return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        data = text.replace("_", " ").encode("ascii", "replace")
        return re.sub(rb"=([0-9A-Fa-f]{2})",
                      lambda m: bytes([int(m.group(1), 16)]), data)
    except (binascii.Error, ValueError):
        return None


def decode_rfc2047(text):
    """Decode RFC 2047 encoded words wherever they appear.  White space
    between two encoded words is dropped (RFC 2047 6.2), and the bytes of
    adjacent words in the same charset are joined before conversion, so a
    character split across two words survives.  Broken words stay as is."""
    if "=?" not in text:
        return text
    out = []            # decoded pieces
    run = None          # [charset, bytes] of the pending run of words
    pos = 0
    for m in ENCODED_WORD.finditer(text):
        gap = text[pos:m.start()]
        data = _word_bytes(m.group(2), m.group(3))
        if data is None:
            continue    # not a word: stays in the plain text around it
        charset = m.group(1).split("*", 1)[0].lower()  # RFC 2231 language
        if run is None or gap.strip(" \t\r\n"):
            if run is not None:
                out.append(to_text(run[1], run[0]))
                run = None
            out.append(gap)
        if run is not None and run[0] != charset:
            out.append(to_text(run[1], run[0]))
            run = None
        if run is None:
            run = [charset, b""]
        run[1] += data
        pos = m.end()
    if run is not None:
        out.append(to_text(run[1], run[0]))
    out.append(text[pos:])
    return "".join(out)


CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text):
    """Output cleaning: no control characters but tab and newline, and
    nothing that is not valid UTF-8 (lone surrogates become U+FFFD)."""
    text = CONTROLS.sub("", text)
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def display_name(raw):
    """RFC 2047 decoded, quotes removed, white space collapsed, trimmed."""
    name = decode_rfc2047(raw).strip(" \t\r\n\v\f")
    if len(name) >= 2 and name[0] == '"' and name[-1] == '"':
        name = name[1:-1]
    return re.sub(r"[ \t\r\n\v\f]+", " ", name).strip(" ")


def parse_address(text):
    """-> (display name, addr-spec) when the text holds an address with "@",
    else None.  The legacy (non-strict) parseaddr is used on every Python
    version so that newer security releases do not change the results."""
    try:
        name, addr = email.utils.parseaddr(text, strict=False)
    except TypeError:  # Python without the `strict` parameter
        name, addr = email.utils.parseaddr(text)
    if "@" not in addr:
        return None
    return display_name(name), addr


# --------------------------------------------------------------------------
# Messages

PARSER = email.parser.BytesParser(policy=email.policy.compat32)


def header(msg, name):
    """First occurrence of header `name`, unfolded, as text; None if absent."""
    lname = name.lower()
    for k, v in msg.raw_items():
        if k.lower() == lname:
            return raw_header_text(v)
    return None


def text_part(msg):
    """First leaf, depth-first, that is text/plain and not an attachment.
    An attached message (message/rfc822) is a leaf: its insides are not the
    body of this message."""
    stack = [msg]
    while stack:
        part = stack.pop()
        ctype = part.get_content_type()
        if part.is_multipart() and ctype.startswith("multipart/"):
            stack.extend(reversed(part.get_payload()))
            continue
        if ctype != "text/plain":
            continue
        if part.get_content_disposition() == "attachment":
            continue
        return part
    return None


def body_text(msg):
    """The decoded text body (see text_part) as str with LF line ends."""
    part = text_part(msg)
    if part is None:
        return ""
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is None:
        payload = part.get_payload()
        data = payload.encode("ascii", "surrogateescape") if isinstance(payload, str) else b""
    return to_text(data, part.get_content_charset()).replace("\r\n", "\n")


def first_nonblank_line(text):
    for line in text.split("\n"):
        if line.strip(" \t\r"):
            return line
    return None


def author(blob):
    """-> (rule, (name, addr) or None) for one raw message."""
    msg = PARSER.parsebytes(blob)

    line = first_nonblank_line(body_text(msg))
    if line is not None and line.startswith("From:"):
        found = parse_address(line[len("From:"):])
        if found:
            return "body-from", found

    from_hdr = header(msg, "From")
    hdr = parse_address(from_hdr) if from_hdr is not None else None
    if hdr and "via B4 Relay" in hdr[0]:
        orig = header(msg, "X-Original-From")
        found = parse_address(orig) if orig is not None else None
        if found:
            return "b4-relay", found
    if hdr:
        return "header-from", hdr
    return "unknown", None


ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(s):
    """Lower-case ASCII letters only, as C's tolower() in the C locale."""
    return s.translate(ASCII_LOWER)


# --------------------------------------------------------------------------
# Digest


def sort_lines(counter, n):
    """Count descending, then label bytes descending; first n."""
    items = sorted(counter.items(),
                   key=lambda kv: (kv[1], kv[0].encode("utf-8")),
                   reverse=True)
    return items[:n]


def main(argv):
    top = 15
    per_message = False
    positional = []
    args = iter(argv)
    for a in args:
        if a == "--top":
            try:
                top = int(next(args))
            except (StopIteration, ValueError):
                sys.exit("reference_digest.py: --top needs a number")
        elif a.startswith("--top="):
            top = int(a[len("--top="):])
        elif a == "--per-message":
            per_message = True
        elif a.startswith("-") and a != "-":
            sys.exit("reference_digest.py: unknown option %s" % a)
        else:
            positional.append(a)
    if not 1 <= len(positional) <= 2:
        sys.exit(__doc__.split("\n\n")[1])
    repo = positional[0]
    rng = positional[1] if len(positional) == 2 else "HEAD"

    commits = rev_list(repo, rng)
    domains = Counter()
    counts = Counter()               # contributor key -> messages
    names = defaultdict(Counter)     # key -> name -> messages
    newest_use = {}                  # (key, name) -> rev-list index of newest use
    out = sys.stdout

    for i, commit, blob in read_blobs(repo, commits):
        rule, found = author(blob)
        if found is None:
            key, name, domain = UNKNOWN, "", UNKNOWN
        else:
            name, addr = found
            key = ascii_lower(addr)
            domain = key.rsplit("@", 1)[1]
        key, name, domain = clean(key), clean(name), clean(domain)
        if per_message:
            out.write("%s\t%s\t%s\t%s\n" % (commit, rule, key, name))
            continue
        domains[domain] += 1
        counts[key] += 1
        if name and key != UNKNOWN:
            names[key][name] += 1
            newest_use.setdefault((key, name), i)  # first seen = newest

    if per_message:
        return 0

    labels = Counter()
    for key, n in counts.items():
        if names[key]:
            best = max(names[key].items(),
                       key=lambda kv: (kv[1], -newest_use[(key, kv[0])]))[0]
            labels["%s <%s>" % (best, key)] += n
        else:
            labels[key] += n

    lines = ["Top %d contributor Email domains (Based on Email Body)" % top, ""]
    lines += ["%7d %s" % (n, d) for d, n in sort_lines(domains, top)]
    lines += ["", "Top %d contributors (Based on Email Body)" % top, ""]
    lines += ["%7d  %s" % (n, l) for l, n in sort_lines(labels, top)]
    lines += [""]
    out.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8", errors="strict", newline="\n")
    sys.exit(main(sys.argv[1:]))
