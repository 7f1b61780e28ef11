#!/usr/bin/env python3
"""Independent reference for listdigest's output.

Usage: reference_digest.py REPO [RANGE] [--top N] [--per-message]
       reference_digest.py REPO [RANGE] --full [--top N] [--list-name NAME]
                           [--counts-out FILE [--counts-top M]]
       any of these with [--since DATE] [--until DATE]

REPO is a public-inbox v2 epoch repository; RANGE is what `git rev-list`
takes (`A..B` or `B`), default HEAD.  Prints exactly the two counting
sections of listdigest's output, from the "Top N contributor Email domains"
line through the last contributor line, followed by one blank line.

--full prints instead the whole digest, as listdigest writes it: the two
header lines, both lists, the patch list and the entries with their bodies.

--counts-out FILE also writes the counting sections, with at most M lines
each (--counts-top, default N), to FILE: one run gives both outputs.

--since and --until choose the commits of RANGE as git does
(TZ=UTC git rev-list --since-as-filter=DATE --until=DATE), less those
made at the --until time itself.

--per-message prints instead one line per counted message, newest first:
    <commit> TAB <rule> TAB <contributor key> TAB <display name>
where <rule> is body-from, b4-relay, list-reply-to, header-from or unknown:
handy to find
which message a mismatch with listdigest comes from.

This is deliberately NOT a port of the C code: it uses Python's `email`
package for MIME structure and transfer decoding, a regular-expression
tokenizer for addresses, and the `git` program to read the archive (one
`git cat-file --batch` process per run).  Only the rules are shared
(README.md, listdigest.1):

  author = (1) the From of git's in-body header: the first non-blank line
           of the decoded text body is "From:" holding one mailbox and
           nothing after it but comments, then at most one "Date:" and one
           "Subject:" line, then a blank line or the end (field names in
           any case, continuation lines allowed); else (2) X-Original-From
           when the header From's display name contains "via B4 Relay" and
           X-Original-From holds an address with "@"; else (3) the first
           mailbox of Reply-To with an address, when the header From's name
           is "X via Y" and its address is List-Post's mailto: address (any
           case); else (4) the header From.
  names  = "Name (Org) <a@b>" keeps "Name (Org)"; "a@b (Name)" gives
           "Name"; a name holding "@" is no name.
  key    = lower-cased addr-spec; domain = lower-cased text after its last
           "@"; no address with "@": label and domain "(unknown)".
  label  = "Name <key>" with the name used most (ties: the newest message's
           name), or the bare key when no non-empty name was ever used.
  order  = count descending, then label bytes descending; at most N lines.

and, for --full:

  subject = the first Subject header, line breaks removed (the blanks after
            them stay), leading blanks removed, RFC 2047 decoded (an encoded
            line break becomes a space), control characters removed.
  patch   = the subject opens (after blanks) with bracketed groups, one of
            which holds the token PATCH, PATCHvN or RFC (any case); tokens
            are separated by blanks, commas or hyphens.  vN or vN.M (any
            case) gives the version (default 1), M/N the number and total;
            the last one counts.  Without M/N: a standalone patch.  title = the subject
            after the groups and the blanks after them.
  series  = (thread root, version, total); the root is the first <id> of
            References, else of In-Reply-To, else of Message-ID.  A
            standalone patch, or a message without any id, is a series of
            one.  Series newest first by their newest message; members by
            number, ties newest first; a blank line between series.
  entries = every patch message numbered 0 or 1, and every standalone
            patch, newest first: "New:  title", subject, "Author: " the
            message's own author ("Name <address as written>", the bare
            address, or "(unknown)"), a blank line, the body, a blank line,
            70 dashes, a blank line.
  body    = the decoded text without the lines of its in-body header; cut
            after the first diffstat summary line (" N files changed, ...")
            unless a diff line starts above the last "---" line over it, or
            else before the first line starting with "diff -" or "Index: "
            or equal to "-- "; trailing blank lines go.
  header  = "From A to B" with 9 hex digits (A: the A of A..B, else the
            oldest commit walked); the list name from --list-name, else the
            first label of the List-Id of the newest message with one,
            upper-cased, else the repository's directory name without .git.
"""

import base64
import binascii
import codecs
import os
import email.parser
import email.policy
import email.utils
import re
import subprocess
import sys
import threading
import urllib.parse
from collections import Counter, defaultdict

UNKNOWN = "(unknown)"


# --------------------------------------------------------------------------
# Reading the archive


def rev_list(repo, rng, since=None, until=None):
    """Commit ids of RANGE, newest first (git rev-list order).  With since
    or until, git itself chooses the period (TZ=UTC git rev-list
    --since-as-filter=SINCE --until=UNTIL), and the commits made at UNTIL
    itself are dropped: listdigest's period is [since, until)."""
    env = dict(os.environ, TZ="UTC")
    args = ["git", "-C", repo, "rev-list"]
    if since is not None:
        args.append("--since-as-filter=" + since)
    if until is not None:
        args += ["--until=" + until, "--format=%ct"]
    proc = subprocess.run(args + [rng, "--"], stdout=subprocess.PIPE, env=env)
    if proc.returncode != 0:
        sys.exit("reference_digest.py: git rev-list %s failed in %s" % (rng, repo))
    words = proc.stdout.decode("ascii").split()
    if until is None:
        return words
    # --format prints "commit <id>" then the time, for each commit
    parsed = subprocess.run(["git", "-C", repo, "rev-parse", "--until=" + until],
                            stdout=subprocess.PIPE, env=env, check=True)
    end = int(parsed.stdout.decode("ascii").strip().split("=", 1)[1])
    return [words[i + 1] for i in range(0, len(words), 3) if int(words[i + 2]) != end]


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


# Address lists are read with a tokenizer of their own rather than
# email.utils.parseaddr, which drops comments from display names
# ("Name (Org) <a@b>" would give "Name") and cannot tell whether text
# follows the address.
ADDRESS_TOKEN = re.compile(r"""
      (?P<blank>[ \t\r\n]+)
    | (?P<quoted>"(?:[^"\\]|\\.|\\$)*"?)
    | (?P<comment>\()
    | (?P<angle><[^>]*>?)
    | (?P<special>[,;:])
    | (?P<atom>[^ \t\r\n"(<,;:]+)
""", re.VERBOSE | re.DOTALL)


def read_comment(text, pos):
    """-> (comment as written without its backslashes, end) for the
    comment that opens at text[pos]; nested comments are part of it."""
    depth, out = 0, []
    while pos < len(text):
        ch = text[pos]
        if ch == "\\" and pos + 1 < len(text):
            out.append(text[pos + 1])
            pos += 2
            continue
        out.append(ch)
        pos += 1
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            break
    return "".join(out), pos


def address_items(text):
    """Split an address list into items: lists of (kind, text) tokens, cut
    at top-level ',' and ';'.  A ':' before any <...> in an item ends a
    group's name, which is dropped; a ':' after it is text.  Yields
    (tokens, ended_by) where ended_by is ',', ';', ':' or '' (the end)."""
    tokens, pos = [], 0
    while pos < len(text):
        m = ADDRESS_TOKEN.match(text, pos)
        kind = m.lastgroup
        if kind == "comment":
            value, pos = read_comment(text, pos)
        else:
            value, pos = m.group(), m.end()
        has_angle = any(k == "angle" for k, _ in tokens)
        if kind == "special" and not (value == ":" and has_angle):
            yield tokens, value
            tokens = []
            continue
        if kind == "special":
            kind = "atom"
        tokens.append((kind, value))
    yield tokens, ""


def item_mailbox(tokens):
    """-> (raw name, addr, trailing) for one item, or None.  trailing: a
    word, quoted string or second <...> follows the address."""
    kinds = [k for k, _ in tokens]
    if "angle" in kinds:
        at = kinds.index("angle")
        addr = tokens[at][1][1:]
        if addr.endswith(">"):
            addr = addr[:-1]
        if addr.startswith("@") and ":" in addr:  # an obsolete route
            addr = addr.rsplit(":", 1)[1]
        name = ""
        for kind, value in tokens[:at]:
            if kind == "blank":
                name += " "
            elif kind == "quoted":
                inner = value[1:-1] if len(value) > 1 and value.endswith('"') else value[1:]
                name += re.sub(r"\\(.)", r"\1", inner, flags=re.DOTALL)
            else:
                name += value
        trailing = any(k not in ("blank", "comment") for k, _ in tokens[at + 1:])
    else:
        words = [v for k, v in tokens if k in ("atom", "quoted")]
        if len(words) != 1 or '"' in words[0][:1]:
            return None
        addr = words[0]
        name = " ".join(v[1:-1] if v.endswith(")") else v[1:]
                        for k, v in tokens if k == "comment")
        trailing = False
    addr = addr.strip(" \t\r\n")
    if "@" not in addr:
        return None
    return name, addr, trailing


def parse_address(text, alone=False):
    """-> (display name, addr-spec) of the first mailbox of an address list
    with an address holding "@", else None.  With alone, the value must be
    that one mailbox, and only blanks and comments may follow it.  A name
    holding "@" is no name."""
    found = None
    for tokens, ended_by in address_items(text):
        if ended_by == ":":  # a group's name, not a mailbox
            if alone:
                return None
            continue
        found = item_mailbox(tokens)
        if alone:
            if found is None or found[2] or ended_by:
                return None
            break
        if found is not None:
            break
    if found is None:
        return None
    name = display_name(found[0])
    if "@" in name:
        name = ""
    return name, found[1]


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


INBODY_FIELD = re.compile(r"(from|date|subject):", re.IGNORECASE)


def inbody_header(body):
    """git's in-body header at the top of a text body -> (mailbox, first
    line, line after it) with line numbers of body.split("\n"), or None.
    It is a "From:" line as the first non-blank line, then at most one
    "Date:" and one "Subject:" line (field names in any case; a line that
    starts with a blank continues the one above), then a blank line or the
    end of the body; the From value is one mailbox and nothing after it
    but comments."""
    lines = body.split("\n")
    def blank(line):
        return not line.strip(" \t\r")
    first = next((i for i, l in enumerate(lines) if not blank(l)), None)
    if first is None:
        return None
    fields = []  # [name, value] of each field, continuations appended
    end = first
    while end < len(lines) and not blank(lines[end]):
        line = lines[end]
        if line[0] in " \t" and fields:
            fields[-1][1] += "\n" + line
        else:
            m = INBODY_FIELD.match(line)
            if not m:
                return None  # Outlook's "Sent:", prose: not an in-body header
            fields.append([m.group(1).lower(), line[m.end():]])
        end += 1
    names = [f[0] for f in fields]
    if names[0] != "from" or "from" in names[1:] or len(set(names)) != len(names):
        return None
    value = re.sub(r"\r?\n", "", fields[0][1].rstrip("\r"))
    found = parse_address(value, alone=True)
    return (found, first, end) if found else None


def author(blob):
    """-> (rule, (name, addr) or None) for one raw message."""
    msg = PARSER.parsebytes(blob)
    return author_of(msg, body_text(msg))[:2]


def list_post_address(value):
    """The address of the first mailto: URL of a List-Post value, or None."""
    m = re.search(r"mailto:([^?>,;\"\s]*)", value or "", re.IGNORECASE)
    addr = urllib.parse.unquote(m.group(1), errors="replace") if m else ""
    return addr if "@" in addr else None


def author_of(msg, body):
    """-> (rule, (name, addr) or None, in-body header or None) for a
    parsed message and its text."""
    inbody = inbody_header(body)
    if inbody:
        return "body-from", inbody[0], inbody

    from_hdr = header(msg, "From")
    hdr = parse_address(from_hdr) if from_hdr is not None else None
    if hdr and "via B4 Relay" in hdr[0]:
        orig = header(msg, "X-Original-From")
        found = parse_address(orig) if orig is not None else None
        if found:
            return "b4-relay", found, None
    # Mailman's DMARC mitigation: "Name via List <list's posting address>",
    # the sender in Reply-To.
    if hdr and re.search(r". via .", hdr[0]):
        post = list_post_address(header(msg, "List-Post"))
        if post is not None and ascii_lower(post) == ascii_lower(hdr[1]):
            reply_to = header(msg, "Reply-To")
            found = parse_address(reply_to) if reply_to is not None else None
            if found:
                return "list-reply-to", found, None
    if hdr:
        return "header-from", hdr, None
    return "unknown", None, None


ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
ASCII_UPPER = {c + 32: c for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(s):
    """Lower-case ASCII letters only, as C's tolower() in the C locale."""
    return s.translate(ASCII_LOWER)


# --------------------------------------------------------------------------
# Patch facts (--full)

# A leading bracketed group and the blanks after it.
LEADING_GROUP = re.compile(r"\[([^\]]*)\][ \t]*")
# A version: vN or vN.M, kept as the pair of numbers (N, M), M = 0 for vN.
VERSION = r"v([0-9]+)(?:\.([0-9]+))?"
PATCH_WORD = re.compile(r"patch(?:%s)?|rfc" % VERSION, re.IGNORECASE)
VERSION_WORD = re.compile(VERSION, re.IGNORECASE)
NUMBER_WORD = re.compile(r"([0-9]+)/([0-9]+)")
REPLY_PREFIX = re.compile(r"(?:re|fwd?)[ \t]*:", re.IGNORECASE)


def subject_of(msg):
    """The Subject header: unfolded (line breaks removed, the blanks after
    them kept), leading white space removed, RFC 2047 decoded (an encoded
    line break becomes a space), cleaned for output."""
    raw = header(msg, "Subject")
    if raw is None:
        return ""
    raw = re.sub(r"\r?\n", "", raw).lstrip(" \t")
    text = decode_rfc2047(raw).replace("\r\n", " ").replace("\n", " ")
    return clean(text)


def leading_groups(subject):
    """-> (list of the texts of the leading bracketed groups, offset of the
    title: the subject after the groups and the blanks after them).  Blanks
    before the first group are allowed (a subject whose encoded words start
    with a space), as listdigest allows them."""
    groups = []
    pos = len(subject) - len(subject.lstrip(" \t"))
    if not subject.startswith("[", pos):
        return groups, 0
    while True:
        m = LEADING_GROUP.match(subject, pos)
        if not m:
            return groups, pos
        groups.append(m.group(1))
        pos = m.end()


def patch_tag(subject):
    """-> None for a message that is not a patch message, else a dict with
    version (int), number and total (int, or None for a standalone patch)
    and title (the subject without its leading groups)."""
    if REPLY_PREFIX.match(subject):
        return None
    groups, title_at = leading_groups(subject)
    is_patch = False
    version = None
    number = total = None
    for g in groups:
        # Tokens are split at blanks, commas and hyphens: "PATCH-next",
        # "RFC-PATCH" and "PATCH-v2" hold the word.
        for tok in re.split(r"[ \t,-]+", g):
            if not tok:
                continue
            # Several vN or M/N in one subject: the last one counts (the
            # spec does not say; listdigest does so).
            m = PATCH_WORD.fullmatch(tok)
            if m:
                is_patch = True
                if m.group(1):
                    version = (int(m.group(1)), int(m.group(2) or 0))
                continue
            m = VERSION_WORD.fullmatch(tok)
            if m:
                version = (int(m.group(1)), int(m.group(2) or 0))
                continue
            m = NUMBER_WORD.fullmatch(tok)
            if m:
                number, total = int(m.group(1)), int(m.group(2))
    if not is_patch:
        return None
    return {"version": version if version is not None else (1, 0),
            "number": number, "total": total, "title": subject[title_at:]}


def first_message_id(value):
    """The text from the first "<" of a header value to the next ">", taken
    as it is; None when there is none or it is empty."""
    if value is None:
        return None
    start = value.find("<")
    end = value.find(">", start + 1) if start >= 0 else -1
    if end <= start + 1:
        return None
    return clean(value[start + 1:end])


def thread_root(msg):
    for name in ("References", "In-Reply-To", "Message-ID"):
        mid = first_message_id(header(msg, name))
        if mid is not None:
            return mid
    return None


# The diffstat's summary line; blanks after it are allowed.
DIFFSTAT = re.compile(r" [0-9]+ files? changed"
                      r"(?:, [0-9]+ insertions?\(\+\))?"
                      r"(?:, [0-9]+ deletions?\(-\))?[ \t]*")


def is_blank(line):
    return not line.strip(" \t")


def is_diff(line):
    return line.startswith("diff -") or line.startswith("Index: ")


def entry_body(body, inbody):
    """The body of an entry: without the lines of the in-body header, when
    there is one; cut after the first diffstat summary line, unless a diff
    starts above the last "---" line over it; else before the diff or the
    signature; trailing blank lines removed."""
    lines = body.replace("\r", "").split("\n")
    stat = next((i for i, l in enumerate(lines) if DIFFSTAT.fullmatch(l)), None)
    if stat is not None:
        separators = [i for i in range(stat) if re.fullmatch(r"---[ \t]*", lines[i])]
        if separators and any(is_diff(l) for l in lines[:separators[-1]]):
            stat = None  # the diff was pasted above its own diffstat
    if inbody:
        _, first, end = inbody
        lines[first:end] = [None] * (end - first)  # keeps the line numbers
    lines = [l for l in lines[:len(lines) if stat is None else stat + 1] if l is not None]
    if stat is None:
        cut = next((i for i, l in enumerate(lines) if is_diff(l) or l == "-- "), len(lines))
        lines = lines[:cut]
    while lines and is_blank(lines[-1]):
        lines.pop()
    return clean("\n".join(lines))


def list_id_name(value):
    """First label of a List-Id, upper-cased; None when there is none."""
    m = re.search(r"<([^<>]*)>", value)
    ident = (m.group(1) if m else value).strip()
    label = ident.split(".", 1)[0].strip()
    return label.translate(ASCII_UPPER) if label else None


def repo_name(repo):
    path = os.path.abspath(repo).rstrip("/")
    name = os.path.basename(path)
    if name == ".git":
        name = os.path.basename(os.path.dirname(path))
    if name.endswith(".git"):
        name = name[:-4]
    return name.translate(ASCII_UPPER)


def rev_parse(repo, rev):
    proc = subprocess.run(["git", "-C", repo, "rev-parse", "--verify", "-q",
                           rev + "^{commit}"], stdout=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit("reference_digest.py: %s does not resolve in %s" % (rev, repo))
    return proc.stdout.decode("ascii").strip()


RULE = "-" * 70


def render_full(out, a, b, list_name, count_lines, patches):
    """The whole digest.  patches: facts of the patch messages, newest
    first, each a dict with index, subject, tag, root, author, body."""
    out.write("From %s to %s\n" % (a[:9], b[:9]))
    out.write("%s mailing list update from %s to %s\n\n" % (list_name, a[:9], b[:9]))
    out.write(count_lines)
    out.write("===== Patch list in this time period =====\n\n")  # count_lines ends with a blank line

    series = {}
    for p in patches:
        tag = p["tag"]
        if tag["number"] is None or p["root"] is None:
            key = ("one", p["index"])
        else:
            key = (p["root"], tag["version"], tag["total"])
        series.setdefault(key, []).append(p)
    groups = sorted(series.values(), key=lambda ms: min(m["index"] for m in ms))
    for n, members in enumerate(groups):
        if n:
            out.write("\n")
        members.sort(key=lambda m: (m["tag"]["number"] or 0, m["index"]))
        for m in members:
            out.write(m["subject"] + "\n")

    out.write("\n===== Patch Commit Messages ====\n\n")
    for p in patches:
        if p["tag"]["number"] not in (None, 0, 1):
            continue
        found = p["author"]
        if found is None:
            label = UNKNOWN
        elif found[0]:
            label = "%s <%s>" % found
        else:
            label = found[1]
        out.write("New:  %s\n%s\nAuthor: %s\n\n%s\n\n%s\n\n"
                  % (p["tag"]["title"], p["subject"], clean(label), p["body"], RULE))


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
    counts_top = None
    counts_out = None
    per_message = False
    full = False
    list_name = None
    since = until = None
    positional = []
    args = iter(argv)

    def value(opt, a):
        if a.startswith(opt + "="):
            return a[len(opt) + 1:]
        try:
            return next(args)
        except StopIteration:
            sys.exit("reference_digest.py: %s needs a value" % opt)

    def number(opt, text):
        try:
            return int(text)
        except ValueError:
            sys.exit("reference_digest.py: %s needs a number" % opt)

    for a in args:
        opt = a.split("=", 1)[0]
        if opt == "--top":
            top = number(opt, value(opt, a))
        elif opt == "--counts-top":
            counts_top = number(opt, value(opt, a))
        elif opt == "--counts-out":
            counts_out = value(opt, a)
        elif opt == "--list-name":
            list_name = value(opt, a)
        elif opt == "--since":
            since = value(opt, a)
        elif opt == "--until":
            until = value(opt, a)
        elif a == "--per-message":
            per_message = True
        elif a == "--full":
            full = True
        elif a.startswith("-") and a != "-":
            sys.exit("reference_digest.py: unknown option %s" % a)
        else:
            positional.append(a)
    if not 1 <= len(positional) <= 2:
        sys.exit(__doc__.split("\n\n")[1])
    repo = positional[0]
    rng = positional[1] if len(positional) == 2 else "HEAD"
    if counts_top is None:
        counts_top = top

    commits = rev_list(repo, rng, since, until)
    domains = Counter()
    counts = Counter()               # contributor key -> messages
    names = defaultdict(Counter)     # key -> name -> messages
    newest_use = {}                  # (key, name) -> rev-list index of newest use
    patches = []                     # --full: facts of the patch messages
    list_id = None                   # --full: List-Id of the newest message with one
    out = sys.stdout

    for i, commit, blob in read_blobs(repo, commits):
        msg = PARSER.parsebytes(blob)
        body = body_text(msg)
        rule, found, inbody = author_of(msg, body)
        if full:
            if list_id is None:
                value_ = header(msg, "List-Id")
                if value_ is not None:
                    list_id = list_id_name(decode_rfc2047(value_))
            subject = subject_of(msg)
            tag = patch_tag(subject)
            if tag is not None:
                # The entry's Author: is the message's own name and its
                # address as written; only the contributor key is
                # lower-cased.
                own = None if found is None else (clean(found[0]), found[1])
                patches.append({
                    "index": i, "subject": subject, "tag": tag,
                    "root": thread_root(msg), "author": own,
                    "body": entry_body(body, inbody)
                    if tag["number"] in (None, 0, 1) else None,
                })
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

    def count_lines(n):
        lines = ["Top %d contributor Email domains (Based on Email Body)" % n, ""]
        lines += ["%7d %s" % (c, d) for d, c in sort_lines(domains, n)]
        lines += ["", "Top %d contributors (Based on Email Body)" % n, ""]
        lines += ["%7d  %s" % (c, l) for l, c in sort_lines(labels, n)]
        lines += [""]
        return "\n".join(lines) + "\n"

    if counts_out is not None:
        with open(counts_out, "w", encoding="utf-8", newline="\n") as f:
            f.write(count_lines(counts_top))
    if not full:
        out.write(count_lines(top))
        return 0

    if ".." in rng:
        left, right = rng.split("..", 1)
        a = rev_parse(repo, left or "HEAD")
        b = rev_parse(repo, right or "HEAD")
    else:
        b = rev_parse(repo, rng)
        a = commits[-1] if commits else b
    if list_name is None:
        list_name = list_id or repo_name(repo)
    render_full(out, a, b, clean(list_name), count_lines(top), patches)
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8", errors="strict", newline="\n")
    # The email parser recurses once per multipart level: give it room for
    # messages nested thousands deep (a big stack, in a thread of its own).
    sys.setrecursionlimit(200000)
    threading.stack_size(1 << 30)
    status = []
    runner = threading.Thread(target=lambda: status.append(main(sys.argv[1:])))
    runner.start()
    runner.join()
    sys.exit(status[0] if status else 1)
