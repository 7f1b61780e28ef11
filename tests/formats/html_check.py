#!/usr/bin/env python3
"""Checks of listdigest's HTML as Chromium rendered it (see html.sh).

  html_check.py dom DUMP [--hostile FILE] [--emls DIR] [--text FILE] [--base URL]
      DUMP is the DOM that `chromium --dump-dom` printed. Asserts: no
      <script>, no element outside the page's vocabulary, no on* attribute;
      each bar chart has one bar per line of its table, the histogram adds
      up to the messages of the heading, the states bar to the series
      blocks; every link is https:// (or starts with --base, the run's
      --lore-base), ends in "/" and in a message-id
      escaped as public-inbox does (one of the ids of the .eml files of DIR
      when given); every line of --hostile is one text node's text or in
      one; every link of the --text output's series sections is a link here.
  html_check.py png FILE COLOUR...
      FILE is a PNG screenshot: more than one colour, and each COLOUR
      (#rrggbb) covers at least 40 pixels.
Prints what it found on success; exits 1 with the reasons otherwise.
"""
import email
import email.policy
import html.parser
import os
import re
import sys

ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "section",
    "h1", "h2", "h3", "p", "br", "time", "figure", "figcaption", "svg", "desc", "g",
    "rect", "text", "line", "details", "summary", "table", "thead", "tbody", "tr",
    "th", "td", "ul", "li", "a", "pre", "article", "span", "code",
}
# public-inbox's mid_escape keeps these bytes; every other is %XX
ID_SAFE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})+$")


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.texts = [], []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def text(self):
        return "".join(t if isinstance(t, str) else t.text() for t in self.texts)

    def find(self, tag=None, cls=None):
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())]


VOID = {"meta", "br", "rect", "line"}


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.text_nodes = []
        self.all_attrs = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.all_attrs.extend((tag, k, v) for k, v in attrs)
        self.cur.children.append(node)
        self.cur.texts.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.cur = self.cur.parent

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.texts.append(data)
        self.text_nodes.append(data)


def escape_id(mid):
    out = []
    for b in mid.encode("utf-8"):
        c = chr(b)
        if b < 128 and (c.isalnum() or c in "-._~!$&'()*+,;=:@"):
            out.append(c)
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def ids_of(directory):
    ids = set()
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(directory, name), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.compat32)
        mid = msg.get("Message-ID")
        if mid:
            mid = str(mid).strip()
            if mid.startswith("<") and mid.endswith(">"):
                mid = mid[1:-1]
            ids.add(escape_id(mid.strip()))
    return ids


def number(text):
    m = re.search(r": (\d+)", text)
    return int(m.group(1)) if m else None


def check_dom(args):
    problems, found = [], []
    dump = open(args[0], encoding="utf-8").read()
    opts = dict(zip(args[1::2], args[2::2]))
    tree = Tree()
    tree.feed(dump)
    root = tree.root
    tags = {n.tag for n in root.walk() if n is not root}
    if "script" in tags:
        problems.append("a <script> element")
    if tags - ALLOWED:
        problems.append("elements outside the page's vocabulary: %s" % sorted(tags - ALLOWED))
    for tag, k, v in tree.all_attrs:
        if k.lower().startswith("on") or k.lower() in ("src", "srcdoc", "formaction"):
            problems.append("attribute %s=%r on <%s>" % (k, v, tag))

    # bar charts: one bar per line of the section's table
    for svg in root.find("svg", "hbars"):
        kind = svg.attrs.get("data-chart")
        section = svg.parent
        while section is not None and section.tag != "section":
            section = section.parent
        bars = svg.find("rect", "bar")
        rows = section.find("tr") if section else []
        lines = [r for r in rows if r.find("td")]
        if not svg.find("title"):
            problems.append("chart %s has no <title>" % kind)
        if len(bars) != len(lines) or not bars:
            problems.append("chart %s: %d bars, %d lines" % (kind, len(bars), len(lines)))
        for bar_group, row in zip(svg.find("g"), lines):
            want = row.find("td")[0].text().strip()
            nums = [t.text() for t in bar_group.find("text", "num")]
            if nums != [want]:
                problems.append("chart %s: bar shows %r, its line %r" % (kind, nums, want))
        found.append("%s %d bars" % (kind, len(bars)))

    # the histogram: its bins add up to the heading's count of messages
    meta = " ".join(p.text() for p in root.find("p", "meta"))
    m = re.search(r": (\d+) messages?", meta)
    for svg in root.find("svg", "timeline"):
        total = 0
        for g in svg.find("g"):
            t = g.find("title")[0].text()
            mm = re.search(r": (\d+) messages? \((\d+) patch(?:es)? , ?(\d+) other\)".replace(" , ?", ", "), t)
            if not mm or int(mm.group(1)) != int(mm.group(2)) + int(mm.group(3)):
                problems.append("histogram bin titled %r" % t)
                continue
            total += int(mm.group(1))
        if not m or total != int(m.group(1)):
            problems.append("histogram adds up to %d, the heading says %r" % (total, meta))
        found.append("histogram of %d messages" % total)
    if m and int(m.group(1)) and not root.find("svg", "timeline"):
        problems.append("messages but no histogram")

    # the states bar: one segment per state, adding up to the blocks
    blocks = root.find("article", "block")
    for svg in root.find("svg", "segments"):
        segs = svg.find("rect", "seg")
        total = sum(number(g.find("title")[0].text()) or 0 for g in svg.find("g"))
        if total != len(blocks) or len(segs) != len(svg.find("g")):
            problems.append("states bar: %d segments adding up to %d, %d blocks" % (len(segs), total, len(blocks)))
        found.append("states bar of %d blocks" % total)
    if blocks and not root.find("svg", "segments"):
        problems.append("series blocks but no states bar")

    # links
    ids = ids_of(opts["--emls"]) if "--emls" in opts else None
    links = [a.attrs.get("href") for a in root.find("a")]
    base = opts.get("--base")
    for href in links:
        href = href or ""
        if base and href.startswith(base.rstrip("/") + "/"):
            mm = re.match(r"^/([^/]+)/$", href[len(base.rstrip("/")):])
        else:
            mm = re.match(r"^https://[^/\"<>\s]+(?:/[^/\"<>\s]+)*?/([^/]+)/$", href)
        if not mm or not ID_SAFE.match(mm.group(1)):
            problems.append("link %r is not https://.../<escaped message-id>/" % href)
        elif ids is not None and mm.group(1) not in ids:
            problems.append("link %r does not end in a message-id of the messages" % href)
    found.append("%d links" % len(links))
    if "--text" in opts:
        text = open(opts["--text"], encoding="utf-8").read()
        want = set(re.findall(r"^ +(https://\S+/)$", text, re.M))
        missing = want - set(links)
        if missing:
            problems.append("links of the text missing: %s" % sorted(missing)[:5])

    # hostile strings are text
    if "--hostile" in opts:
        nodes = tree.text_nodes
        for line in open(opts["--hostile"], encoding="utf-8").read().splitlines():
            if line and not any(line in t for t in nodes):
                problems.append("hostile string not in a text node: %r" % line)
        found.append("hostile strings are text")
    if problems:
        sys.exit("\n".join(problems[:30]))
    print(", ".join(found))


def check_png(args):
    from PIL import Image
    img = Image.open(args[0])
    if img.format != "PNG":
        sys.exit("%s: not a PNG but %s" % (args[0], img.format))
    colours = img.convert("RGB").getcolors(maxcolors=1 << 24)
    counts = {c: n for n, c in colours}
    problems = []
    if len(counts) < 2:
        problems.append("a single colour")
    for want in args[1:]:
        rgb = tuple(int(want[i:i + 2], 16) for i in (1, 3, 5))
        if counts.get(rgb, 0) < 40:
            problems.append("colour %s on %d pixels" % (want, counts.get(rgb, 0)))
    if problems:
        sys.exit("%s (%dx%d): %s" % (args[0], img.width, img.height, "; ".join(problems)))
    print("%dx%d, %d colours" % (img.width, img.height, len(counts)))


if __name__ == "__main__":
    {"dom": check_dom, "png": check_png}[sys.argv[1]](sys.argv[2:])
