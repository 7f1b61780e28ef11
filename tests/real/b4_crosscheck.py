#!/usr/bin/env python3
"""Cross-checks listdigest's review trailers against b4's, offline.

Usage: b4_crosscheck.py LISTDIGEST REPO [--count N] [--report FILE]

Runs `LISTDIGEST --no-cache --sections series REPO` (the whole history),
takes the revision blocks whose patches have review trailers (the first N
of them by message-id order, default 40, standalone patches and series
alike), and for each writes the thread of its head message as an mbox: every
message of REPO that names, in In-Reply-To or References, a message already
in it, starting from the head's thread root (header lines unfolded: b4 0.12
stops on folded ones). Then `b4 am -t -S -m MBOX -v VERSION MSGID` collects
the trailers the way maintainers apply them: -t applies the cover letter's
to every patch and -S keeps those sent by someone other than their person,
as listdigest does (listdigest marks them "sent by").

For each revision it compares, patch by patch, the sets of
(kind, lower-cased address) of Reviewed-by, Acked-by, Tested-by and
Nacked-by (b4 marks with "+" only the trailers a patch does not carry
already). Prints one line per revision (agree or the difference) and a
summary line `agree: A of N`; exits 0 when at least 30 revisions were
compared and at least 90% of them agree, else 1.
"""
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

KINDS = ("reviewed-by", "acked-by", "tested-by", "nacked-by")
TRAILER = re.compile(r"^\s*\+?\s*(Reviewed|Acked|Tested|Nacked)-by:\s*(.+?)\s*(\(.*\))?$", re.I)
ADDR = re.compile(r"<\s*([^<>\s]+@[^<>\s]+)\s*>")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def read_archive(repo):
    """(commit, raw bytes) of every message, oldest first."""
    commits = run(["git", "-C", repo, "rev-list", "--reverse", "HEAD"], text=True).stdout.split()
    p = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    import threading
    feed = threading.Thread(target=lambda: (p.stdin.write("".join(c + ":m\n" for c in commits).encode()),
                                            p.stdin.close()))
    feed.start()
    out = []
    for c in commits:
        head = p.stdout.readline().split()
        if head[-1] == b"missing":
            continue
        data = p.stdout.read(int(head[2]))
        p.stdout.read(1)
        out.append(data)
    feed.join()
    p.wait()
    return out


def header_block(data):
    end = data.find(b"\n\n")
    head = data[:end if end >= 0 else len(data)]
    return re.sub(rb"\n[ \t]+", b" ", head), (data[end:] if end >= 0 else b"\n")


def field(head, name):
    for line in head.split(b"\n"):
        if line[:len(name) + 1].lower() == name.lower() + b":":
            return line[len(name) + 1:]
    return b""


def ids(value):
    return [m.decode("utf-8", "replace") for m in re.findall(rb"<([^<>\s]+)>", value)]


def parse_blocks(text):
    """The Series status blocks: dicts of msgid, version, total, trailers{number: set}."""
    blocks = []
    section = text.split("===== Series status =====", 1)
    if len(section) < 2:
        return blocks
    body = section[1].split("\n=====", 1)[0]
    for chunk in body.strip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if len(lines) < 3:
            continue
        m = re.match(r"\s+v([\d.]+), (\d+) patch", lines[1])
        link = lines[-1].strip().rstrip("/")
        if not m or not link.startswith("http"):
            continue
        total = int(m.group(2))
        got = {n: set() for n in range(1, total + 1)}
        for line in lines[2:-1]:
            t = re.match(r"\s+(Reviewed|Acked|Tested|Nacked)-by: (.*)$", line)
            if not t:
                continue
            kind = t.group(1).lower() + "-by"
            for person, nums in re.findall(r"(.+?) \((all|[\d,]+)\)(?: \(sent by [^)]*\))?(?:, |$)", t.group(2)):
                a = ADDR.search(person)
                addr = (a.group(1) if a else person.strip()).lower()
                numbers = range(1, total + 1) if nums == "all" else [int(x) for x in nums.split(",")]
                for n in numbers:
                    got.setdefault(n, set()).add((kind, addr))
        if any(got.values()):
            blocks.append({"msgid": urllib.parse.unquote(link.rsplit("/", 1)[1]),
                           "version": m.group(1), "total": total, "trailers": got,
                           "subject": lines[0]})
    return blocks


def b4_trailers(mbox, msgid, version, workdir):
    cmd = ["b4", "--offline-mode", "am", "-t", "-S", "-m", mbox, "-o", workdir, msgid]
    if re.fullmatch(r"\d+", version):
        cmd[5:5] = ["-v", version]
    # b4 stops without a word when git has no user to name
    with open(os.path.join(workdir, ".gitconfig"), "w") as f:
        f.write("[user]\n\tname = Cross Check\n\temail = check@example.org\n")
    res = run(cmd, text=True, env=dict(os.environ, NO_COLOR="1", HOME=workdir))
    out = res.stdout + res.stderr
    got, number = {}, None
    for line in out.split("\n"):
        p = re.match(r"^\s+\S*\s*\[.*?(?:(\d+)/(\d+))?\]", line)
        if p and "+" not in line[:6]:
            number = int(p.group(1)) if p.group(1) else 1
            got.setdefault(number, set())
            continue
        t = TRAILER.match(line)
        if t and number is not None and line.lstrip().startswith("+"):
            a = ADDR.search(t.group(2))
            if a:
                got[number].add((t.group(1).lower() + "-by", a.group(1).lower()))
    return got, out


def main():
    args = sys.argv[1:]
    count, report = 40, None
    if "--count" in args:
        i = args.index("--count")
        count = int(args[i + 1])
        del args[i:i + 2]
    if "--report" in args:
        i = args.index("--report")
        report = args[i + 1]
        del args[i:i + 2]
    binary, repo = args
    text = run([binary, "--no-cache", "--sections", "series", repo], text=True).stdout
    blocks = sorted(parse_blocks(text), key=lambda b: b["msgid"])[:count]

    messages = read_archive(repo)
    index = []
    for data in messages:
        head, body = header_block(data)
        mid = (ids(field(head, b"Message-ID")) or [None])[0]
        refs = ids(field(head, b"In-Reply-To")) + ids(field(head, b"References"))
        index.append((mid, refs, head, body))
    by_id = {m[0]: m for m in index if m[0]}

    lines, agree = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, b in enumerate(blocks):
            head_msg = by_id.get(b["msgid"])
            if not head_msg:
                continue
            refs_root = ids(field(head_msg[2], b"References"))
            root = refs_root[0] if refs_root else (head_msg[1][0] if head_msg[1] else b["msgid"])
            members = {root, b["msgid"]}
            changed = True
            while changed:
                changed = False
                for mid, refs, _, _ in index:
                    if mid and mid not in members and any(r in members for r in refs):
                        members.add(mid)
                        changed = True
            mbox = os.path.join(tmp, "t%d.mbox" % n)
            with open(mbox, "wb") as f:
                for mid, refs, head, body in index:
                    if mid in members:
                        body = re.sub(rb"(?m)^(>*From )", rb">\1", body)
                        f.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n" + head + body +
                                (b"" if body.endswith(b"\n") else b"\n") + b"\n")
            work = os.path.join(tmp, "w%d" % n)
            os.mkdir(work)
            theirs, out = b4_trailers(mbox, b["msgid"], b["version"], work)
            ours = {k: v for k, v in b["trailers"].items() if v}
            theirs = {k: v for k, v in theirs.items() if v}
            if ours == theirs:
                agree += 1
                lines.append("agree  %s" % b["subject"])
            else:
                diff = []
                for k in sorted(set(ours) | set(theirs)):
                    only_ours = ours.get(k, set()) - theirs.get(k, set())
                    only_b4 = theirs.get(k, set()) - ours.get(k, set())
                    if only_ours:
                        diff.append("patch %d only listdigest: %s" % (k, sorted(only_ours)))
                    if only_b4:
                        diff.append("patch %d only b4: %s" % (k, sorted(only_b4)))
                lines.append("differ %s <%s>\n    %s" % (b["subject"], b["msgid"], "\n    ".join(diff)))
    lines.append("agree: %d of %d" % (agree, len(blocks)))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if report:
        with open(report, "w") as f:
            f.write(text)
    return 0 if len(blocks) >= 30 and agree * 10 >= len(blocks) * 9 else 1


if __name__ == "__main__":
    sys.exit(main())
