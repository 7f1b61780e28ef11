#!/usr/bin/env python3
"""json_check.py SCHEMA MANIFEST: checks listdigest's JSON outputs.

MANIFEST holds one run a line, "NAME<TAB>JSON FILE<TAB>TEXT FILE": the JSON
and the text format of the same run (same source, same options). For each
run it prints one line per check, "ok - NAME: ..." or "not ok - NAME: ...",
with diagnostics on "# " lines:

  - the file is UTF-8 and parses with Python's json (no key twice in an
    object), with no raw '<', '>', '&' or control character but the
    newlines between values;
  - it validates against the schema (JSON Schema draft 2020-12);
  - the keys of every object come in the order of the schema's properties;
  - the text digest written back from the JSON alone equals the text
    format's output byte for byte: every count, every line of every list
    in the same order, every string, so the JSON holds what the text shows.
"""
import json
import sys

import jsonschema

RULE = "-" * 70
TRAILER_KINDS = [("reviewed_by", "Reviewed-by"), ("acked_by", "Acked-by"),
                 ("tested_by", "Tested-by"), ("nacked_by", "Nacked-by")]


def skipped_text(sel):
    """The heading's ending for --keep-going's skips, as report_add_skipped writes it."""
    parts = []
    for key, word in (("skipped_messages", "message"), ("skipped_epochs", "epoch")):
        n = sel[key]
        if n:
            parts.append("%d %s%s" % (n, word, "" if n == 1 else "s"))
    return " (%s skipped)" % " and ".join(parts) if parts else ""


def no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice in one object: %r" % keys)
    return dict(pairs)


def resolve(schema, node):
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target = schema
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def branch_for(schema, node, value):
    """The schema node (resolved) that describes value, through oneOf."""
    node = resolve(schema, node)
    for alt in node.get("oneOf", []):
        alt = resolve(schema, alt)
        kind = alt.get("type")
        if value is None and kind == "null":
            return alt
        if isinstance(value, dict) and (kind == "object" or "properties" in alt):
            return alt
    return node


def key_order_problems(schema, node, value, path="$"):
    node = branch_for(schema, node, value)
    problems = []
    if isinstance(value, dict):
        props = node.get("properties", {})
        want = [k for k in props if k in value]
        if list(value) != want:
            problems.append("%s: keys %s, the schema's order is %s" % (path, list(value), want))
        for k, v in value.items():
            if k in props:
                problems += key_order_problems(schema, props[k], v, path + "." + k)
    elif isinstance(value, list) and "items" in node:
        for i, v in enumerate(value):
            problems += key_order_problems(schema, node["items"], v, "%s[%d]" % (path, i))
    return problems


# ---- the text format, written back from the JSON

def person_text(p):
    if p["address"] is None:
        return "(unknown)"
    return "%s <%s>" % (p["name"], p["address"]) if p["name"] else p["address"]


def date(iso):
    return iso[:10]


def patches_text(n):
    return "%d %s" % (n, "patch" if n == 1 else "patches")


def link_line(out, indent, link):
    if link is not None:
        out.append(indent + link + "\n")


def series_block(out, b):
    out.append(b["subject"] + "\n")
    out.append("  %s, %s, by %s, %s\n" % (b["version"], patches_text(b["patches"]),
                                          person_text(b["author"]), date(b["first_arrival"])))
    if b["earlier"]:
        out.append("  earlier: " + ", ".join(
            "%s %s (%s)" % (e["version"], date(e["first_arrival"]), patches_text(e["patches"]))
            for e in b["earlier"]) + "\n")
    if b["replies"]:
        out.append("  replies: %d from %d %s\n" % (b["replies"], b["repliers"],
                                                  "person" if b["repliers"] == 1 else "people"))
    for key, name in TRAILER_KINDS:
        people = b["trailers"][key]
        if not people:
            continue
        parts = []
        for r in people:
            s = "%s (%s)" % (r["person"], "all" if r["all"] else ",".join(map(str, r["patches"])))
            if r["sent_by"]:
                s += " (sent by %s)" % ", ".join(x if x is not None else "(unknown)" for x in r["sent_by"])
            parts.append(s)
        out.append("  %s: %s\n" % (name, ", ".join(parts)))
    applied = b["applied"]
    if applied is not None and applied["patches"]:
        out.append("  applied: %d of %d in %s: %s\n" % (
            len(applied["patches"]), b["patches"], applied["tree"],
            ", ".join("%s (%d)" % (a["commit"][:9], a["number"]) for a in applied["patches"])))
    if b["state"] == "superseded":
        s = b["superseded_by"]
        out.append("  state: superseded by %s (%s)\n" % (s["version"], date(s["first_arrival"])))
    else:
        out.append("  state: %s\n" % b["state"])
    link_line(out, "  ", b["link"])


def text_from_json(d):
    """The text digest, as src/report/text.c writes it, from the JSON."""
    out = []
    sel = d["selection"]
    a = sel["from"] if sel["from"] is not None else "(none)"
    z = sel["to"] if sel["to"] is not None else "(none)"
    out.append("From %s to %s\n" % (a, z))
    out.append("%s mailing list update from %s to %s%s\n\n" % (d["list"]["name"], a, z, skipped_text(sel)))
    after_blank = [True]

    def separate():
        if not after_blank[0]:
            out.append("\n")
        after_blank[0] = False

    top = d["top"]
    if "domains" in d:
        separate()
        out.append("Top %d contributor Email domains (Based on Email Body)\n\n" % top)
        for t in d["domains"]:
            out.append("%7d %s\n" % (t["count"], t["domain"] if t["domain"] is not None else "(unknown)"))
    if "organisations" in d:
        separate()
        out.append("Top %d organisations (Based on Email Body)\n\n" % top)
        for t in d["organisations"]:
            out.append("%7d %s\n" % (t["count"], t["organisation"] if t["organisation"] is not None else "(unknown)"))
    if "contributors" in d:
        separate()
        out.append("Top %d contributors (Based on Email Body)\n\n" % top)
        for t in d["contributors"]:
            out.append("%7d  %s\n" % (t["count"], person_text(t)))
    if "patches" in d:
        separate()
        out.append("===== Patch list in this time period =====\n\n")
        for i, s in enumerate(d["patches"]):
            if i:
                out.append("\n")
            for m in s["members"]:
                out.append(m["subject"] + "\n")
    if "entries" in d:
        separate()
        out.append("===== Patch Commit Messages ====\n\n")
        for e in d["entries"]:
            out.append("New:  %s\n%s\nAuthor: %s\n\n%s\n\n%s\n\n" % (
                e["title"], e["subject"], person_text(e["author"]), e["body"], RULE))
        after_blank[0] = True
    if "series" in d:
        separate()
        out.append("===== Series status =====\n\n")
        for i, b in enumerate(d["series"]):
            if i:
                out.append("\n")
            series_block(out, b)
    if "waiting" in d:
        separate()
        out.append("===== Waiting for review =====\n\n")
        for w in d["waiting"]:
            out.append("%5d %-4s  %s\n" % (w["days"], "day" if w["days"] == 1 else "days", w["subject"]))
            link_line(out, " " * 12, w["link"])
    if "threads" in d:
        separate()
        out.append("===== Busiest threads =====\n\n")
        for t in d["threads"]:
            out.append("%5d %-8s %4d %-6s  %s\n" % (
                t["messages"], "message" if t["messages"] == 1 else "messages",
                t["people"], "person" if t["people"] == 1 else "people", t["subject"]))
            link_line(out, " " * 28, t["link"])
    return "".join(out)


def summary(d):
    """What the JSON holds, in counts, for the ok line."""
    parts = []
    for key in ("domains", "organisations", "contributors", "patches", "entries",
                "series", "waiting", "threads"):
        if key in d:
            n = len(d[key])
            if key == "patches":
                parts.append("patch list of %d series, %d patches" % (n, sum(len(s["members"]) for s in d[key])))
            elif key == "series":
                parts.append("%d series blocks" % n)
            else:
                parts.append("%d %s" % (n, key))
    return ", ".join(parts)


def main():
    schema_path, manifest = sys.argv[1:3]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    validator = cls(schema, format_checker=checker)
    failed = 0

    def report(good, what, diags=()):
        nonlocal failed
        print("%s - %s" % ("ok" if good else "not ok", what))
        if not good:
            failed += 1
            for line in list(diags)[:30]:
                print("# " + line)

    with open(manifest, encoding="utf-8") as f:
        runs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for name, json_path, text_path in runs:
        raw = open(json_path, "rb").read()
        try:
            doc = json.loads(raw.decode("utf-8"), object_pairs_hook=no_duplicate_keys)
        except (UnicodeDecodeError, ValueError) as e:
            report(False, "%s: the JSON parses" % name, [str(e)])
            continue
        bad = sorted({chr(c) for c in raw if c in b"<>&" or (c < 0x20 and c != 0x0A)})
        report(not bad, "%s: parses, no raw < > & or control character" % name,
               ["raw bytes: %r" % bad])
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        report(not errors, "%s: validates against the schema" % name,
               ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:300]) for e in errors])
        problems = key_order_problems(schema, schema, doc)
        report(not problems, "%s: keys in the schema's order" % name, problems)
        try:
            mine = text_from_json(doc)
        except (KeyError, TypeError, ValueError) as e:
            report(False, "%s: the text from the JSON" % name, ["%s: %s" % (type(e).__name__, e)])
            continue
        theirs = open(text_path, "rb").read().decode("utf-8")
        diags = []
        if mine != theirs:
            import difflib
            diags = list(difflib.unified_diff(theirs.splitlines(), mine.splitlines(),
                                              "text format", "text from the JSON", lineterm=""))
        report(mine == theirs, "%s: the text written back from the JSON is the text format's (%s)"
               % (name, summary(doc)), diags)
    return 1 if failed else 0


sys.exit(main())
