#!/usr/bin/env bash
# The JSON format (-f json), run by `make check`:
#   - every golden case, the sample archive under other options, an empty
#     selection, and a week of each shared archive (all sections with an
#     orgmap, and --sections seed) are written as JSON and as text; each
#     JSON parses, validates against doc/listdigest.schema.json, has its
#     keys in the schema's order, and gives back the text digest byte for
#     byte (tests/formats/json_check.py);
#   - the hostile strings of case 53 come back exactly, and none is markup;
#   - the bytes do not depend on -j or on the index's state.
#
# Environment: LISTDIGEST, BUILD_DIR, SHARED_DIR, DATA_DIR (see tests/run).
# Prints "ok - ..." / "not ok - ..." lines, diagnostics on "# " lines, and
# exits 1 when a test failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
golden=$top/tests/golden
# shellcheck source=SCRIPTDIR/../golden/case-archive.sh
. "$golden/case-archive.sh"
LD=${LISTDIGEST:-}
if [ -z "$LD" ] || [ -z "${BUILD_DIR:-}" ]; then
	echo "not ok - json: LISTDIGEST and BUILD_DIR must be set"
	exit 1
fi
SHARED_DIR=${SHARED_DIR:-$top/../shared}
data=${DATA_DIR:-$BUILD_DIR/real}
export LC_ALL=C
unset GIT_DIR GIT_WORK_TREE 2>/dev/null || true

work=$BUILD_DIR/formats-json
rm -rf -- "$work"
mkdir -p -- "$work" "$data"
export XDG_CACHE_HOME=$work/cache
schema=$top/doc/listdigest.schema.json
manifest=$work/manifest

failed=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; failed=1; }
diag() { head -n "${2:-20}" "$1" | sed 's/^/# /'; }

# The Python that has jsonschema: Debian's python3-jsonschema is for /usr/bin/python3.
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	not_ok "json: no python3 with jsonschema (Debian package python3-jsonschema)"
	exit 1
fi

# both NAME ARGS...: the run as text ($work/NAME.txt) and as JSON
# ($work/NAME.json), added to the manifest when both succeed quietly.
both() {
	local name=$1
	shift
	local good=1 fmt
	for fmt in text json; do
		if ! timeout -k 10 900 "$LD" -f "$fmt" "$@" >"$work/$name.$fmt.out" 2>"$work/$name.$fmt.err"; then
			not_ok "$name: listdigest -f $fmt exits 0"
			diag "$work/$name.$fmt.err" 5
			good=0
		elif [ -s "$work/$name.$fmt.err" ]; then
			not_ok "$name: listdigest -f $fmt says nothing on stderr"
			diag "$work/$name.$fmt.err" 5
			good=0
		fi
	done
	mv "$work/$name.text.out" "$work/$name.txt" 2>/dev/null
	mv "$work/$name.json.out" "$work/$name.json" 2>/dev/null
	[ "$good" = 1 ] && printf '%s\t%s\t%s\n' "$name" "$work/$name.json" "$work/$name.txt" >>"$manifest"
}

# ---------------------------------------------------------------------------
# The golden cases, each digested alone with its own options.

: >"$manifest"
for dir in "$golden"/cases/*/; do
	if ! golden_case_archive "$work" "$dir"; then
		not_ok "case $case: mkrepo"
		diag "$mkrepo_log"
		continue
	fi
	both "case-$case" "${args[@]}" "$crepo"
done

# The sample archive under other options: the organisations cut to --top,
# one section alone, the seed's sections; and an empty selection.
sample=$work/sample.git
if "$golden/mkrepo" "$sample" >"$work/mkrepo-sample.log" 2>&1; then
	both sample-orgmap-top3 --top 3 --orgmap "$top/examples/orgmap" "$sample"
	both sample-contributors --sections contributors "$sample"
	both sample-seed --sections seed "$sample"
	both sample-lore-base --lore-base http://localhost:8080/all "$sample"
	# -o FILE.json picks the format; -f json wins over another extension
	"$LD" --sections seed -o "$work/sample-o.json" "$sample" 2>"$work/sample-o.err"
	"$LD" --sections seed -f json -o "$work/sample-f.md" "$sample" 2>>"$work/sample-o.err"
	if cmp -s "$work/sample-seed.json" "$work/sample-o.json" && cmp -s "$work/sample-seed.json" "$work/sample-f.md"; then
		ok "-o FILE.json, and -f json -o FILE.md, write what -f json writes"
	else
		not_ok "-o FILE.json, and -f json -o FILE.md, write what -f json writes"
		diag "$work/sample-o.err"
	fi
else
	not_ok "mkrepo builds the sample archive"
	diag "$work/mkrepo-sample.log"
fi
: >"$work/empty.mbox"
both empty-selection "$work/empty.mbox"
# a file source: the heading's bounds are dates, not commits
"$top/tests/tools/write-mail" mbox "$golden"/cases/53-hostile-strings/*.eml >"$work/hostile.mbox"
both hostile-mbox "$work/hostile.mbox"

# --applied-in: case 50 against a tree that holds, by subject and author,
# v3's patches 1 and 2 and v8.1.
tree=$work/frob-tree
case50=$golden/cases/50-series-life
applied_json=
if git init -q "$tree" && (
	cd "$tree" || exit 1
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
	export GIT_COMMITTER_NAME="Tree Keeper" GIT_COMMITTER_EMAIL=keeper@example.org
	git commit -q --allow-empty -m "frob: move the ready wait into a helper" \
		--author "Priya Raman <priya.raman@acme.example>" &&
	git commit -q --allow-empty -m "frob: add a ready timeout parameter" \
		--author "Priya Raman <priya.raman@acme.example>" &&
	git commit -q --allow-empty -m "frob: trim the command queue" --author "Wei Li <wei@example.net>"
) >"$work/frob-tree.log" 2>&1; then
	both case-50-applied --applied-in "$tree" --since "2025-07-01 00:00" "$work/cases/50-series-life.git"
	applied_json=$work/case-50-applied.json
else
	not_ok "--applied-in: building the tree"
	diag "$work/frob-tree.log"
fi

# ---------------------------------------------------------------------------
# A week of each shared archive: every section (organisations by the
# example orgmap), and the seed's sections.

for name in kvm-ppc.vger.kernel.org.0 kvmarm.lists.cs.columbia.edu.0; do
	bundle=$SHARED_DIR/archives/$name.bundle
	repo=$data/$name.git
	if [ ! -f "$bundle" ]; then
		not_ok "$name: no bundle at $bundle"
		continue
	fi
	# the clone of tests/real/run, kept only when complete
	if ! git --git-dir="$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		rm -rf "$repo" "$repo.tmp"
		if ! { git clone -q --bare "$bundle" "$repo.tmp" 2>"$work/clone-$name.err" && mv "$repo.tmp" "$repo"; }; then
			not_ok "$name: bundle cloned"
			diag "$work/clone-$name.err"
			continue
		fi
	fi
	# the week that ends with the newest cover letter (public-inbox's
	# commit subject is the message's): patches, replies and trailers
	end=$(git --git-dir="$repo" log --format='%ct %s' HEAD |
		grep -m 1 -E '^[0-9]+ \[[^]]*PATCH[^]]* 0+/[0-9]+\]' | cut -d ' ' -f 1)
	[ -n "$end" ] || end=$(git --git-dir="$repo" log -1 --format=%ct HEAD)
	week=(--since "@$((end - 7 * 86400))" --until "@$((end + 1))")
	both "$name-week" "${week[@]}" --orgmap "$top/examples/orgmap" "$repo"
	both "$name-week-seed" "${week[@]}" --sections seed "$repo"

	# the same bytes with one thread and without the index
	timeout -k 10 900 "$LD" -f json -j1 --no-cache "${week[@]}" --orgmap "$top/examples/orgmap" "$repo" \
		>"$work/$name-week-j1.json" 2>"$work/$name-week-j1.err"
	if cmp -s "$work/$name-week.json" "$work/$name-week-j1.json"; then
		ok "$name: the week's JSON is the same bytes with -j1 --no-cache"
	else
		not_ok "$name: the week's JSON is the same bytes with -j1 --no-cache"
		diff "$work/$name-week.json" "$work/$name-week-j1.json" >"$work/$name-week-j1.diff"
		diag "$work/$name-week-j1.diff"
	fi
done

# ---------------------------------------------------------------------------
# Every JSON of the manifest: parses, validates, key order, text equality.

runs=$(wc -l <"$manifest")
[ "$runs" -ge 60 ] && ok "json: $runs runs to check" || not_ok "json: only $runs runs to check"
"$py" "$here/json_check.py" "$schema" "$manifest" || failed=1

# The hostile strings of case 53 come back exactly as the messages wrote them.
hostile=$work/case-53-hostile-strings.json
if [ -s "$hostile" ]; then
	if out=$("$py" - "$hostile" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want_subjects = [
    "[PATCH 0/3] <script>alert(1)</script> & \"quotes\" 'apostrophes'",
    "[PATCH 1/3] \"><img src=x onerror=alert(1)>",
    "[PATCH 2/3] javascript:alert(1)",
    "[PATCH 3/3] `code` | pipe | *stars* _under_ [link](https://evil.example/) <!--",
]
problems = []
def same(what, got, want):
    if got != want:
        problems.append("%s: %r, expected %r" % (what, got, want))
members = d["patches"][0]["members"]
same("patch subjects", [m["subject"] for m in members], want_subjects)
same("message-ids", [m["message_id"] for m in members],
     ["x\"y'z&q-%d@evil.example" % n for n in range(1, 5)])
same("links", [m["link"] for m in members],
     ["https://lore.kernel.org/fixture-devel/x%%22y'z&q-%d@evil.example/" % n for n in range(1, 5)])
same("contributors", [(c["name"], c["address"]) for c in d["contributors"]], [
    ("Eve <b>Bold</b> [x](javascript:alert(1))", "eve@evil.example"),
    ("Mallory </textarea><svg onload=alert(1)>", "mallory@evil.example"),
    ("<script>alert('reviewer')</script>", "rev@evil.example")])
t = d["series"][0]["trailers"]
same("Reviewed-by", [(r["person"], r["address"]) for r in t["reviewed_by"]],
     [('Rev "<img src=x onerror=alert(3)>" <rev@evil.example>', "rev@evil.example")])
same("Acked-by", [(r["person"], r["sent_by"]) for r in t["acked_by"]],
     [('Trudy "javascript:alert(4)" <trudy@evil.example>', ["rev@evil.example"])])
body = d["entries"][1]["body"]
for line in ["<img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">click</a>",
             "<!-- a comment --> </details></pre></code> ]]> &amp; &lt;",
             "A run of backticks: ```` and ``` and `"]:
    if line not in body.split("\n"):
        problems.append("the cover letter's body lacks the line %r" % line)
if problems:
    sys.exit("\n".join(problems))
PY
	); then
		ok "case 53: every hostile subject, name, message-id, link, trailer and body line comes back exactly"
	else
		not_ok "case 53: the hostile strings come back exactly"
		echo "$out" | sed 's/^/# /'
	fi
else
	not_ok "case 53: no JSON to check"
fi

# --applied-in: the full commit ids of the tree, by patch number, and the states.
if [ -n "$applied_json" ] && [ -s "$applied_json" ]; then
	want=$(printf '%s\n' \
		"[PATCH v8.1] frob: trim the command queue|applied|frob-tree|1=$(git -C "$tree" rev-parse HEAD)" \
		"[PATCH v3 0/3] frob: make the ready timeout configurable|partly applied|frob-tree|1=$(git -C "$tree" rev-parse HEAD~2) 2=$(git -C "$tree" rev-parse HEAD~1)")
	got=$("$py" - "$applied_json" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1], encoding="utf-8"))["series"]:
    if b["applied"] and b["applied"]["patches"]:
        print("%s|%s|%s|%s" % (b["subject"], b["state"], b["applied"]["tree"],
              " ".join("%d=%s" % (a["number"], a["commit"]) for a in b["applied"]["patches"])))
PY
	)
	if [ "$got" = "$want" ]; then
		ok "--applied-in: each applied patch with its number and full commit id, and the states"
	else
		not_ok "--applied-in: each applied patch with its number and full commit id, and the states"
		printf 'want:\n%s\ngot:\n%s\n' "$want" "$got" | sed 's/^/# /'
	fi
fi

exit $failed
