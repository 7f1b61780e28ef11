#!/usr/bin/env python3
"""Checks a markdown digest, rendered to HTML by cmark or cmark-gfm,
against the text digest of the same run.

    markdown_check.py [options] TEXT HTML

TEXT is the text format's output; HTML is the markdown output rendered
with raw HTML let through (--unsafe), so that anything of a message that
became markup would show as a tag. Checks that
  - the HTML holds only the tags the format writes: headings, paragraphs,
    lists, tables, code blocks, line breaks and links;
  - its headings are the text's, one h1, one h2 per section, one h3 per
    entry and per series block, with the same words;
  - with --tables (a renderer with GitHub's tables): each count list,
    the waiting list and the busiest threads are tables with one row per
    line of the text, each cell the text's number or string exactly; the
    patch list has one item per series, one line per subject; each entry
    has its subject and author line, and a code block with its body; each
    series block has one list item per line of the text's block;
  - every link is a lore link of the text, in the text's order, its text
    the URL and its href the URL with ( ) < > space | percent-escaped,
    under https://lore.kernel.org/ or --lore-base, ending in the escaped
    message-id of one of --mids and '/';
  - with --mailto: links that GitHub's autolink extension makes of bare
    addresses (mailto:, text = address) are let through;
  - the rendered text holds each line of --expect-text exactly.
Prints the problems and exits 1, or prints a summary and exits 0.
"""
import argparse
import html
import html.parser
import re
import sys

BR = "\u2028"  # a <br> in the text of an element
ALLOWED = {"h1", "h2", "h3", "p", "ul", "li", "pre", "code", "a", "br"}
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}
RULE = "-" * 70
SECTION_RE = re.compile(r"^(Top \d+ (contributor Email domains|organisations|contributors) \(Based on Email Body\)"
                        r"|===== (Patch list in this time period|Series status|Waiting for review|Busiest threads) ====="
                        r"|===== Patch Commit Messages ====)$")


class Node:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, dict(attrs), []

    def text(self):
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag == "br":
                out.append(BR)
            else:
                out.append(c.text())
        return "".join(out)

    def lines(self):
        """The text split at <br>, without the newline cmark writes after each."""
        return self.text().replace(BR + "\n", BR).split(BR)

    def elements(self):
        return [c for c in self.children if isinstance(c, Node)]

    def walk(self):
        for c in self.elements():
            yield c
            yield from c.walk()


class Tree(html.parser.HTMLParser):
    VOID = {"br", "img", "hr", "input", "meta", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [])
        self.stack = [self.root]
        self.problems = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, attrs))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.stack[-1].tag != tag:
            self.problems.append("unbalanced </%s> inside <%s>" % (tag, self.stack[-1].tag))
            return
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def handle_comment(self, data):
        self.problems.append("an HTML comment: <!--%s-->" % data[:60])

    def handle_decl(self, decl):
        self.problems.append("a declaration: <!%s>" % decl[:60])

    def handle_pi(self, data):
        self.problems.append("a processing instruction: <?%s>" % data[:60])

    def unknown_decl(self, data):
        self.problems.append("a declaration: <![%s]>" % data[:60])


def parse_text(path):
    """The text digest as sections: [(heading, [lines])]; heading None for the title."""
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    sections = [(None, lines[:2])]
    for line in lines[2:]:
        if SECTION_RE.match(line):
            sections.append((line, []))
        else:
            sections[-1][1].append(line)
    return sections


def heading_words(heading):
    return heading.strip("= ")


def strip_blank(lines):
    while lines and lines[0] == "":
        lines = lines[1:]
    while lines and lines[-1] == "":
        lines = lines[:-1]
    return lines


def mid_escape(mid):
    safe = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@")
    return "".join(chr(b) if b in safe else "%%%02X" % b for b in mid.encode("utf-8"))


def markdown_href(url):
    """The URL as the markdown link's href: what would end a destination percent-escaped."""
    out = []
    for ch in url:
        if ord(ch) <= 0x20 or ch == "\x7f" or ch in "()<>|":
            out.append("%%%02X" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


class Checker:
    def __init__(self, args):
        self.args = args
        self.problems = []
        self.counts = {}

    def fail(self, msg):
        self.problems.append(msg)

    def expect_eq(self, got, want, what):
        if got != want:
            self.fail("%s: got %r, want %r" % (what, got, want))

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n

    # ---- the parts of each section

    def tally(self, heading, lines, nodes, people):
        lines = strip_blank(lines)
        want = []
        for line in lines:
            m = re.match(r"^ *(\d+)  (.*)$" if people else r"^ *(\d+) (.*)$", line)
            if not m:
                self.fail("%s: text line does not parse: %r" % (heading, line))
                continue
            want.append([m.group(1), m.group(2)])
        self.table(heading, nodes, want, 2)

    def table(self, heading, nodes, want, columns):
        tables = [n for n in nodes if n.tag == "table"]
        if len(tables) != 1 or len(nodes) != 1:
            self.fail("%s: %d tables among %d blocks, want one table alone" % (heading, len(tables), len(nodes)))
            return
        t = tables[0]
        heads = [n for n in t.walk() if n.tag == "th"]
        if len(heads) != columns:
            self.fail("%s: %d header cells, want %d" % (heading, len(heads), columns))
        rows = [r for b in t.elements() if b.tag == "tbody" for r in b.elements() if r.tag == "tr"]
        got = [[c.text() for c in r.elements()] for r in rows]
        self.expect_eq(len(got), len(want), "%s: table rows" % heading)
        for i, (g, w) in enumerate(zip(got, want)):
            self.expect_eq(g, w, "%s: row %d" % (heading, i + 1))
        self.count("table rows", len(got))

    def patch_list(self, heading, lines, nodes):
        groups, cur = [], []
        for line in strip_blank(lines):
            if line == "":
                groups.append(cur)
                cur = []
            else:
                cur.append(line)
        if cur:
            groups.append(cur)
        items = [li for n in nodes if n.tag == "ul" for li in n.elements()]
        if len(nodes) != (1 if groups else 0) or any(n.tag != "ul" for n in nodes):
            self.fail("%s: blocks %r, want one list" % (heading, [n.tag for n in nodes]))
        self.expect_eq(len(items), len(groups), "%s: list items (series)" % heading)
        for i, (li, g) in enumerate(zip(items, groups)):
            self.expect_eq(li.lines(), g, "%s: series %d" % (heading, i + 1))
        self.count("series", len(items))

    def entries(self, heading, lines, nodes):
        text = "\n".join(lines)
        chunks = text.split("\n\n" + RULE + "\n")
        want = []
        for chunk in chunks:
            chunk = chunk.lstrip("\n")
            if not chunk:
                continue
            head = chunk.split("\n", 3)
            if len(head) < 3 or not head[0].startswith("New:  ") or not head[2].startswith("Author: "):
                self.fail("%s: text entry does not parse: %r" % (heading, chunk[:200]))
                continue
            body = head[3] if len(head) > 3 else ""
            if not body.startswith("\n"):
                self.fail("%s: text entry without its blank line: %r" % (heading, chunk[:200]))
            want.append((head[0][len("New:  "):], head[1], head[2], body[1:]))
        if len(nodes) != 3 * len(want):
            self.fail("%s: %d blocks, want 3 per entry for %d entries" % (heading, len(nodes), len(want)))
            return
        for i, (title, subject, author, body) in enumerate(want):
            h3, p, pre = nodes[3 * i:3 * i + 3]
            what = "%s: entry %d" % (heading, i + 1)
            self.expect_eq((h3.tag, p.tag, pre.tag), ("h3", "p", "pre"), what + " blocks")
            self.expect_eq(h3.text(), "New: " + title, what + " heading")
            self.expect_eq(p.lines(), [subject, author], what + " subject and author")
            codes = pre.elements()
            if len(codes) != 1 or codes[0].tag != "code" or codes[0].elements():
                self.fail(what + ": the code block is not one <code> of text")
                continue
            # cmark ends a code block's text with a newline; the text's body has none
            self.expect_eq(codes[0].text().rstrip("\n"), body.rstrip("\n"), what + " body")
        self.count("entries", len(want))

    def series_status(self, heading, lines, nodes):
        blocks, cur = [], []
        for line in strip_blank(lines):
            if line == "":
                blocks.append(cur)
                cur = []
            else:
                cur.append(line)
        if cur:
            blocks.append(cur)
        if len(nodes) != 2 * len(blocks):
            self.fail("%s: %d blocks, want 2 per series block for %d" % (heading, len(nodes), len(blocks)))
            return
        for i, block in enumerate(blocks):
            h3, ul = nodes[2 * i:2 * i + 2]
            what = "%s: block %d" % (heading, i + 1)
            self.expect_eq((h3.tag, ul.tag), ("h3", "ul"), what + " blocks")
            self.expect_eq(h3.text(), block[0], what + " heading")
            want = [line[2:] if line.startswith("  ") else "(not indented) " + line for line in block[1:]]
            self.expect_eq([li.text() for li in ul.elements()], want, what + " lines")
        self.count("series blocks", len(blocks))

    def link_rows(self, heading, lines, pattern, indent):
        rows = []
        for line in strip_blank(lines):
            if rows and line.startswith(" " * indent) and not line[indent:].startswith(" "):
                rows[-1][-1] = line[indent:]
                continue
            m = re.match(pattern, line)
            if not m:
                self.fail("%s: text line does not parse: %r" % (heading, line))
                continue
            rows.append(list(m.groups()) + [""])
        return rows

    def waiting(self, heading, lines, nodes):
        want = self.link_rows(heading, lines, r"^ *(\d+) (?:day |days)  (.*)$", 12)
        self.table(heading, nodes, want, 3)

    def threads(self, heading, lines, nodes):
        want = self.link_rows(heading, lines, r"^ *(\d+) (?:message |messages) +(\d+) (?:person|people)  (.*)$", 28)
        self.table(heading, nodes, want, 4)

    # ---- the whole

    def links(self, root, text_sections):
        want = []
        for heading, lines in text_sections:
            if heading and heading_words(heading) in ("Series status", "Waiting for review", "Busiest threads"):
                want += [line.strip() for line in lines if re.match(r"^ +[a-z]+://", line)]
        got = []
        for a in root.walk():
            if a.tag != "a":
                continue
            href, label = a.attrs.get("href", ""), a.text()
            if href.startswith("mailto:") and self.args.mailto:
                if label != href[len("mailto:"):] or not re.fullmatch(r"[A-Za-z0-9._+-]+@[A-Za-z0-9._-]+", label):
                    self.fail("a mailto: link that is not an address: %r %r" % (href, label))
                self.count("mailto links")
                continue
            got.append(label)
            if href != markdown_href(label):
                self.fail("link %r: href %r, want %r" % (label, href, markdown_href(label)))
            base = self.args.lore_base or "https://lore.kernel.org/"
            if not href.startswith(base):
                self.fail("link %r is not under %s" % (href, base))
            if self.args.mids and not any(href.endswith(markdown_href(mid_escape(m)) + "/") for m in self.args.mids):
                self.fail("link %r does not end in the escaped message-id of a message and /" % href)
            if a.elements():
                self.fail("link %r holds elements" % href)
        self.expect_eq(got, want, "the links")
        self.count("links", len(got))

    def run(self, text_path, html_path):
        tree = Tree()
        tree.feed(open(html_path, encoding="utf-8").read())
        tree.close()
        self.problems += tree.problems
        root = tree.root
        allowed = ALLOWED | (TABLE_TAGS if self.args.tables else set())
        for n in root.walk():
            if n.tag not in allowed:
                self.fail("a <%s> element: %r" % (n.tag, n.text()[:80]))
            if n.tag == "code" and not any(p.tag == "pre" and n in p.children for p in root.walk()):
                self.fail("inline code: %r" % n.text()[:80])
        text_sections = parse_text(text_path)
        blocks = root.elements()
        # the title
        self.expect_eq([b.tag for b in blocks[:1]], ["h1"], "the first block")
        if blocks and blocks[0].tag == "h1":
            self.expect_eq(blocks[0].text(), text_sections[0][1][1] if len(text_sections[0][1]) > 1 else "",
                           "the title")
        self.expect_eq(sum(1 for n in root.walk() if n.tag == "h1"), 1, "h1 headings")
        # the sections: each h2 and the blocks up to the next
        parts, cur = [], None
        for b in blocks[1:]:
            if b.tag == "h2":
                cur = (b.text(), [])
                parts.append(cur)
            elif cur is None:
                self.fail("a <%s> before the first section" % b.tag)
            else:
                cur[1].append(b)
        self.expect_eq([p[0] for p in parts], [heading_words(h) for h, _ in text_sections[1:]],
                       "the section headings")
        for n in root.walk():
            if n.tag in ("h1", "h2", "h3") and n not in blocks:
                self.fail("a heading inside a block: <%s> %r" % (n.tag, n.text()[:80]))
        self.count("sections", len(parts))
        for (heading, lines), (title, nodes) in zip(text_sections[1:], parts):
            words = heading_words(heading)
            if words != title:
                continue
            kind = re.sub(r"^Top \d+ ", "", words)
            if kind == "Patch Commit Messages":
                self.entries(words, lines, nodes)
            elif kind == "Series status":
                self.series_status(words, lines, nodes)
            elif not self.args.tables:
                continue  # a CommonMark renderer shows the tables as paragraphs
            elif kind.startswith(("contributor Email domains", "organisations")):
                self.tally(words, lines, nodes, False)
            elif kind.startswith("contributors"):
                self.tally(words, lines, nodes, True)
            elif kind == "Patch list in this time period":
                self.patch_list(words, lines, nodes)
            elif kind == "Waiting for review":
                self.waiting(words, lines, nodes)
            elif kind == "Busiest threads":
                self.threads(words, lines, nodes)
        self.links(root, text_sections)
        if self.args.expect_text:
            rendered = root.text()
            for line in open(self.args.expect_text, encoding="utf-8").read().split("\n"):
                if line and line not in rendered:
                    self.fail("the rendered text lacks %r" % line)
                elif line:
                    self.count("hostile strings")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", action="store_true", help="the renderer knows GitHub's tables")
    ap.add_argument("--mailto", action="store_true", help="let mailto: autolinks of addresses through")
    ap.add_argument("--lore-base", help="the --lore-base of the run, with its final /")
    ap.add_argument("--mids", type=argparse.FileType(encoding="utf-8"), help="the message-ids, one a line")
    ap.add_argument("--expect-text", help="strings the rendered text must hold, one a line")
    ap.add_argument("text")
    ap.add_argument("html")
    args = ap.parse_args()
    if args.mids:
        args.mids = [m for m in args.mids.read().split("\n") if m]
    c = Checker(args)
    c.run(args.text, args.html)
    if c.problems:
        print("\n".join(c.problems[:40]))
        sys.exit(1)
    print(", ".join("%d %s" % (n, what) for what, n in sorted(c.counts.items())))


if __name__ == "__main__":
    main()
