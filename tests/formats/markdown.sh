#!/usr/bin/env bash
# The markdown format, rendered by real CommonMark renderers: Debian's
# cmark (CommonMark) and cmark-gfm (with GitHub's tables, strikethrough
# and autolink extensions), raw HTML let through so that anything of a
# message that became markup would show as a tag. markdown_check.py
# compares each rendering with the text digest of the same run: headings,
# tables, lists, code blocks and links, and that no other tag appears.
#
# Runs every golden case and one real range of each shared archive.
# Environment: LISTDIGEST, BUILD_DIR, DATA_DIR, SHARED_DIR (see tests/run);
# MARKDOWN_CASES, a glob of golden case names (default: all).
# Prints "ok - " / "not ok - " lines, diagnostics on "# " lines; exit 1
# when a test failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
golden=$here/../golden
# shellcheck source=SCRIPTDIR/../golden/case-archive.sh
. "$golden/case-archive.sh"
LD=${LISTDIGEST:-}
if [ -z "$LD" ] || [ -z "${BUILD_DIR:-}" ]; then
	echo "not ok - markdown: LISTDIGEST and BUILD_DIR must be set"
	exit 1
fi
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000
unset GIT_DIR GIT_WORK_TREE 2>/dev/null || true
work=$BUILD_DIR/markdown
data=${DATA_DIR:-$BUILD_DIR/real}
rm -rf -- "$work"
mkdir -p -- "$work/cases" "$data"
export XDG_CACHE_HOME=$work/cache

fail=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fail=1; }
diag() { sed -e 's/^/# /' | head -n "${1:-40}"; }
why=
fail_because() { why+="$1"$'\n'; }
result() {
	if [ -z "$why" ]; then ok "$1"; else notok "$1"; printf '%s' "$why" | diag; fi
	why=
}

for tool in cmark cmark-gfm python3; do
	command -v "$tool" >/dev/null || { notok "markdown: $tool is installed (.ci/packages)"; exit 1; }
done

# render NAME.md: NAME.cm.html (CommonMark), NAME.gfm.html (tables,
# strikethrough), NAME.auto.html (those and GitHub's autolinks).
render() {
	local base=${1%.md}
	cmark --unsafe "$1" >"$base.cm.html" &&
		cmark-gfm --unsafe -e table -e strikethrough "$1" >"$base.gfm.html" &&
		cmark-gfm --unsafe -e table -e strikethrough -e autolink "$1" >"$base.auto.html"
}

# check NAME EXTRA-ARGS...: the three renderings of NAME.md against NAME.txt.
check() {
	local base=$1 out
	shift
	render "$base.md" 2>"$base.render.err" || { fail_because "rendering failed: $(head -n 3 "$base.render.err")"; return; }
	out=$(python3 "$here/markdown_check.py" "$@" "$base.txt" "$base.cm.html" 2>&1) ||
		fail_because "cmark (CommonMark): $out"
	out=$(python3 "$here/markdown_check.py" --tables "$@" "$base.txt" "$base.gfm.html" 2>&1) ||
		fail_because "cmark-gfm (tables): $out"
	summary=$out
	out=$(python3 "$here/markdown_check.py" --tables --mailto "$@" "$base.txt" "$base.auto.html" 2>&1) ||
		fail_because "cmark-gfm (tables, autolinks): $out"
}

# message_ids FILE...: the Message-ID of each message file, without <>.
message_ids() {
	awk 'FNR == 1 { head = 1 } /^\r?$/ { head = 0 }
		head && tolower($0) ~ /^message-id: *</ { sub(/^[^<]*</, ""); sub(/>[ \t\r]*$/, ""); print }' "$@"
}

# run_pair NAME ARGS...: the text and the markdown digest of one run.
run_pair() {
	local base=$1
	shift
	timeout -k 10 900 "$LD" "$@" >"$base.txt" 2>"$base.txt.err" ||
		fail_because "text run failed: $(head -n 3 "$base.txt.err")"
	timeout -k 10 900 "$LD" -f markdown "$@" >"$base.md" 2>"$base.md.err" ||
		fail_because "markdown run failed: $(head -n 3 "$base.md.err")"
	[ ! -s "$base.md.err" ] || fail_because "stderr: $(head -n 3 "$base.md.err")"
	iconv -f UTF-8 -t UTF-8 <"$base.md" >/dev/null 2>&1 || fail_because "the markdown is not valid UTF-8"
}

# ---------------------------------------------------------------------------
# Every golden case.

for dir in "$golden"/cases/${MARKDOWN_CASES:-*}/; do
	if ! golden_case_archive "$work" "$dir"; then
		notok "case $case: mkrepo builds it"
		diag <"$mkrepo_log"
		continue
	fi
	base=$work/cases/$case
	extra=()
	for ((k = 0; k < ${#args[@]}; k++)); do
		if [ "${args[k]}" = --lore-base ]; then
			lb=${args[k + 1]}
			extra+=(--lore-base "${lb%/}/")
		fi
	done
	# the message-ids of the case's messages, for the links' ends
	if [ -e "$dir" ] && compgen -G "$dir*.eml" >/dev/null; then
		message_ids "$dir"*.eml >"$base.mids"
		extra+=(--mids "$base.mids")
	fi
	[ "$case" != 53-hostile-strings ] || extra+=(--expect-text "$here/hostile-strings")
	run_pair "$base" "${args[@]}" "$crepo"
	[ -z "$why" ] && check "$base" "${extra[@]}"
	result "case $case: the markdown renders as the text digest, with no tag or link of a message${summary:+ ($summary)}"
	summary=
done

# ---------------------------------------------------------------------------
# The format's own fixtures (markdown-fixtures/): a body with lines that
# would close a short fence, subjects and names that start or end like
# markdown (a list, a heading, a setext underline, a backslash), entities,
# a List-Id whose label holds markdown characters; then with --top 0,
# whose tables have no rows.

fx=$work/fixtures
if "$golden/mkrepo" "$fx.git" "$here"/markdown-fixtures/*.eml >"$fx.mkrepo.log" 2>&1; then
	message_ids "$here"/markdown-fixtures/*.eml >"$fx.mids"
	run_pair "$fx" "$fx.git"
	[ -z "$why" ] && check "$fx" --mids "$fx.mids"
	grep -q '^``````$' "$fx.md" || fail_because "no fence of six backticks around a body with a run of five"
	result "markdown fixtures: the markdown renders as the text digest, with no tag or link of a message${summary:+ ($summary)}"
	run_pair "$fx-top0" --top 0 "$fx.git"
	[ -z "$why" ] && check "$fx-top0"
	result "markdown fixtures, --top 0: tables without rows${summary:+ ($summary)}"
else
	notok "markdown fixtures: mkrepo builds them"
	diag <"$fx.mkrepo.log"
fi

# ---------------------------------------------------------------------------
# The checks can fail: each flaw put into a good markdown file is caught.

# mutant DESCRIPTION BASE PYTHON-EXPR: BASE.md changed by the expression
# (of the text t) must fail the check against BASE.txt.
mutant() {
	local desc=$1 base=$2 m=$work/mutant
	python3 -c "import re, sys; t = open(sys.argv[1], encoding='utf-8').read(); sys.stdout.write($3)" \
		"$base.md" >"$m.md"
	cmp -s "$base.md" "$m.md" && fail_because "the flaw changed nothing"
	cmark-gfm --unsafe -e table -e strikethrough "$m.md" >"$m.html"
	if python3 "$here/markdown_check.py" --tables "$base.txt" "$m.html" >"$m.out" 2>&1; then
		fail_because "the check passed"
	fi
	result "the check catches $desc: $(head -n 1 "$m.out" | cut -c1-100)"
}
c53=$work/cases/53-hostile-strings
mutant "strings not escaped" "$c53" 're.sub(r"\\([!-/:-@\[-`{-~])", r"\1", t)'
mutant "a fence as short as a body's run of backticks" "$fx" 're.sub(r"(?m)^``````$", "`````", t)'
mutant "a lost table row" "$c53" 're.sub(r"(?m)^\| 1 \| Mallory.*\n", "", t)'
mutant "a parenthesis left in a link's destination" "$c53" 't.replace("](https://lore.kernel.org/", "](https://lore.kernel.org/a)b/")'
mutant "an entry heading of the wrong level" "$c53" 't.replace("### New:", "## New:", 1)'
mutant "a section left out" "$c53" 't[:t.index("## Busiest threads")]'

# ---------------------------------------------------------------------------
# The format by name, by extension, and the same bytes whatever -j.

case41=$golden/cases/41-orgmap-organisations
sample=$work/cases/41-orgmap-organisations
orgargs=()
[ -d "$sample.git" ] || "$golden/mkrepo" "$sample.git" "$case41"/*.eml >/dev/null 2>&1
while IFS= read -r arg; do orgargs+=("${arg//@CASE@/$case41}"); done <"$case41/args"
"$LD" "${orgargs[@]}" "$sample.git" >"$sample.txt" 2>/dev/null
"$LD" "${orgargs[@]}" -f markdown "$sample.git" >"$sample.md" 2>/dev/null
"$LD" "${orgargs[@]}" -o "$work/by-extension.md" "$sample.git" 2>"$work/by-extension.err" ||
	fail_because "-o x.md failed: $(head -n 3 "$work/by-extension.err")"
cmp -s "$sample.md" "$work/by-extension.md" || fail_because "-f markdown and -o x.md differ"
"$LD" "${orgargs[@]}" -f markdown -o "$work/forced.txt" "$sample.git" 2>/dev/null
cmp -s "$sample.md" "$work/forced.txt" || fail_because "-f markdown -o x.txt is not the markdown"
"$LD" "${orgargs[@]}" -o "$work/plain.txt" "$sample.git" 2>/dev/null
cmp -s "$sample.txt" "$work/plain.txt" || fail_because "-o x.txt is not the text"
"$LD" "${orgargs[@]}" -f markdown -j1 "$sample.git" >"$work/j1.md" 2>/dev/null
"$LD" "${orgargs[@]}" -f markdown -j2 "$sample.git" >"$work/j2.md" 2>/dev/null
{ cmp -s "$work/j1.md" "$work/j2.md" && cmp -s "$sample.md" "$work/j1.md"; } || fail_because "-j1, -j2 and the default differ"
result "-f markdown, -o x.md and -f markdown -o x.txt write the same markdown (-o x.txt alone the text), the same with -j1 and -j2"

# ---------------------------------------------------------------------------
# One real range of each shared archive (cloned once into DATA_DIR, as
# tests/real does), with every section.

bundles=("${SHARED_DIR:-$here/../../../shared}"/archives/*.bundle)
[ -e "${bundles[0]}" ] || { notok "shared archives: no *.bundle found"; bundles=(); }
for bundle in "${bundles[@]}"; do
	name=$(basename "$bundle" .bundle)
	repo=$data/$name.git
	if ! git --git-dir="$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		rm -rf "$repo" "$repo.tmp"
		if ! git clone -q --bare "$bundle" "$repo.tmp" 2>"$work/$name.clone.err" || ! mv "$repo.tmp" "$repo"; then
			notok "$name: clone the bundle"
			diag <"$work/$name.clone.err"
			continue
		fi
	fi
	base=$work/$name
	run_pair "$base" --top 25 "$repo" HEAD~400..HEAD
	[ -z "$why" ] && check "$base"
	result "$name, its last 400 messages: the markdown renders as the text digest, with no tag or link of a message${summary:+ ($summary)}"
	summary=
done

[ "$fail" = 0 ]
