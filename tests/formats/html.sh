#!/usr/bin/env bash
# The HTML format, rendered in headless Chromium: golden cases and one
# range of each shared archive. For each page: the DOM after rendering
# (html_check.py dom: no script, charts with one bar per line, lore links,
# the hostile strings of case 53 as text) and, for cases 41, 50-53 and the
# archives, screenshots at 1280x900 and
# 390x844 that show the charts' bars (html_check.py png), light and dark.
#
# Environment: LISTDIGEST, BUILD_DIR, DATA_DIR, SHARED_DIR (as tests/run).
# Needs Debian's chromium, python3-pil and fonts-dejavu-core (.ci/packages).
set -u

here=$(cd "$(dirname "$0")" && pwd)
golden=$here/../golden
# shellcheck source=SCRIPTDIR/../golden/case-archive.sh
. "$golden/case-archive.sh"
if [ -z "${LISTDIGEST:-}" ] || [ -z "${BUILD_DIR:-}" ]; then
	echo "not ok - html: LISTDIGEST and BUILD_DIR must be set"
	exit 1
fi
SHARED_DIR=${SHARED_DIR:-$here/../../../shared}
data=${DATA_DIR:-$BUILD_DIR/real}
work=$BUILD_DIR/html
rm -rf -- "$work"
mkdir -p -- "$work" "$data"
export LC_ALL=C.UTF-8
unset GIT_DIR GIT_WORK_TREE 2>/dev/null || true

failed=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=1; }
diag() { head -n "${2:-30}" "$1" | sed 's/^/# /'; }

# The python with PIL: Debian's, also where another python3 comes first in PATH.
py=python3
python3 -c 'import PIL' 2>/dev/null || { [ -x /usr/bin/python3 ] && py=/usr/bin/python3; }
check() { "$py" "$here/html_check.py" "$@"; }

chromium=$(type -P chromium || type -P chromium-browser || true)
if [ -z "$chromium" ]; then
	not_ok "chromium is installed (Debian package chromium, in .ci/packages)"
	exit 1
fi
# browser OUTPUT_ARGS... URL: headless, its own profile, never hanging.
browser() {
	timeout -k 5 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --disable-extensions --user-data-dir="$work/profile" "$@"
}

# Light colours of the bars (--bar, also the patches of the histogram), and dark.
BAR=#2a6fdb DARK_BAR=#5b9cf2 DARK_BG=#0f1419

# page NAME HTML SHOTS [dom-check options...]: renders and checks one
# page; its screenshots too when SHOTS is yes.
page() {
	local name=$1 file=$2 shots=$3 msg
	shift 3
	if ! browser --dump-dom "file://$file" >"$work/$name.dom" 2>"$work/$name.dom.err" ||
		[ ! -s "$work/$name.dom" ]; then
		not_ok "$name: chromium dumps the DOM"
		diag "$work/$name.dom.err"
		return
	fi
	if msg=$(check dom "$work/$name.dom" "$@" 2>&1); then
		ok "$name: DOM without script; one bar per line; links to escaped message-ids ($msg)"
	else
		not_ok "$name: DOM without script; one bar per line; links to escaped message-ids"
		echo "$msg" | sed 's/^/# /'
	fi
	[ "$shots" = yes ] || return
	local size
	for size in 1280,900 390,844; do
		rm -f "$work/$name-$size.png"
		browser --screenshot="$work/$name-$size.png" --window-size="$size" "file://$file" \
			>/dev/null 2>"$work/$name-$size.err"
		if msg=$(check png "$work/$name-$size.png" "$BAR" 2>&1); then
			ok "$name: screenshot at ${size/,/x} shows the bars ($msg)"
		else
			not_ok "$name: screenshot at ${size/,/x} shows the bars"
			echo "$msg" | sed 's/^/# /'
			diag "$work/$name-$size.err" 5
		fi
	done
}

# ---------------------------------------------------------------------------
# Golden cases: the seed's spread, an orgmap, an unknown author, the series.

for case in 01-series-versions-in-one-thread 04-b4-relay-series-and-replies \
	08-encoded-word-subjects 12-from-without-address 40-mailmap-one-person-two-addresses \
	41-orgmap-organisations 50-series-life 51-series-lore-base-waiting-days \
	52-series-no-list-id-no-link 53-hostile-strings; do
	dir=$golden/cases/$case
	if ! golden_case_archive "$work" "$dir"; then
		not_ok "$case: mkrepo builds the archive"
		diag "$mkrepo_log"
		continue
	fi
	if ! "$LISTDIGEST" "${args[@]}" -o "$work/$case.html" "$crepo" 2>"$work/$case.err" ||
		! "$LISTDIGEST" "${args[@]}" "$crepo" >"$work/$case.txt" 2>>"$work/$case.err"; then
		not_ok "$case: listdigest writes the HTML"
		diag "$work/$case.err"
		continue
	fi
	extra=()
	[ "$case" != 53-hostile-strings ] || extra=(--hostile "$here/html-hostile.txt")
	for ((i = 0; i + 1 < ${#args[@]}; i++)); do
		[ "${args[i]}" != --lore-base ] || extra+=(--base "${args[i + 1]}")
	done
	# screenshots of the cases the issue names: an orgmap, the series, the hostile strings
	shots=no
	case $case in 41-* | 5[0-3]-*) shots=yes ;; esac
	page "$case" "$work/$case.html" "$shots" --emls "$dir" --text "$work/$case.txt" "${extra[@]}"
done

# Dark: the page follows prefers-color-scheme.
browser --force-dark-mode --screenshot="$work/dark.png" --window-size=1280,900 \
	"file://$work/53-hostile-strings.html" >/dev/null 2>&1
if msg=$(check png "$work/dark.png" "$DARK_BAR" "$DARK_BG" 2>&1); then
	ok "a dark colour scheme gives the dark page and bars ($msg)"
else
	not_ok "a dark colour scheme gives the dark page and bars"
	echo "$msg" | sed 's/^/# /'
fi

# The checks can fail: case 53's page with one escape undone, as a writer
# that forgot it would make it, must not pass.
sed 's/&lt;img src=x onerror=alert(1)&gt; &lt;a href/<img src=x onerror=alert(1)> <a href/' \
	"$work/53-hostile-strings.html" >"$work/sabotaged.html"
browser --dump-dom "file://$work/sabotaged.html" >"$work/sabotaged.dom" 2>/dev/null
if cmp -s "$work/53-hostile-strings.html" "$work/sabotaged.html"; then
	not_ok "the sabotaged page differs from case 53's"
elif msg=$(check dom "$work/sabotaged.dom" --hostile "$here/html-hostile.txt" 2>&1); then
	not_ok "a page with an unescaped hostile string fails the DOM check"
else
	ok "a page with an unescaped hostile string fails the DOM check ($(echo "$msg" | head -n 1))"
fi

# Without a list there is no link at all (case 52: no List-Id, no --lore-base).
if [ -s "$work/52-series-no-list-id-no-link.dom" ] &&
	! grep -q '<a ' "$work/52-series-no-list-id-no-link.dom"; then
	ok "no List-Id and no --lore-base: no link"
else
	not_ok "no List-Id and no --lore-base: no link"
fi

# The malformed messages of the golden tests: every one counted, a page
# that renders and passes the same checks.
mal=$work/malformed
if "$golden/mkrepo" --write-malformed "$mal/messages" >"$work/mkrepo-malformed.log" 2>&1 &&
	"$golden/mkrepo" "$mal.git" "$mal/messages"/* >>"$work/mkrepo-malformed.log" 2>&1; then
	if "$LISTDIGEST" --top 100000 -o "$work/malformed.html" "$mal.git" 2>"$work/malformed.err"; then
		page malformed "$work/malformed.html" no
	else
		not_ok "malformed messages: listdigest writes the HTML"
		diag "$work/malformed.err"
	fi
else
	not_ok "malformed messages: mkrepo builds the archive"
	diag "$work/mkrepo-malformed.log"
fi

# The same bytes whatever the threads.
repo=$work/cases/50-series-life.git
"$LISTDIGEST" -j1 -f html "$repo" >"$work/j1.html" 2>/dev/null
"$LISTDIGEST" -j2 -f html --no-cache "$repo" >"$work/j2.html" 2>/dev/null
if [ -s "$work/j1.html" ] && cmp -s "$work/j1.html" "$work/j2.html"; then
	ok "-j1 and -j2 --no-cache give the same HTML"
else
	not_ok "-j1 and -j2 --no-cache give the same HTML"
fi

# ---------------------------------------------------------------------------
# One range of each real archive: its last 400 commits.

for bundle in "$SHARED_DIR"/archives/*.bundle; do
	[ -e "$bundle" ] || { not_ok "shared archives: no *.bundle in $SHARED_DIR/archives"; break; }
	name=$(basename "$bundle" .bundle)
	repo=$data/$name.git
	if ! git -C "$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		rm -rf "$repo" "$repo.tmp"
		if git clone -q --bare "$bundle" "$repo.tmp" 2>"$work/$name.clone.err" && mv "$repo.tmp" "$repo"; then
			:
		else
			not_ok "$name: bundle cloned"
			diag "$work/$name.clone.err"
			continue
		fi
	fi
	if ! "$LISTDIGEST" -o "$work/$name.html" "$repo" HEAD~400..HEAD 2>"$work/$name.err" ||
		! "$LISTDIGEST" "$repo" HEAD~400..HEAD >"$work/$name.txt" 2>>"$work/$name.err"; then
		not_ok "$name: listdigest writes the HTML of HEAD~400..HEAD"
		diag "$work/$name.err"
		continue
	fi
	if iconv -f UTF-8 -t UTF-8 "$work/$name.html" >/dev/null 2>&1; then
		ok "$name: the HTML is valid UTF-8"
	else
		not_ok "$name: the HTML is valid UTF-8"
	fi
	page "$name" "$work/$name.html" yes --text "$work/$name.txt"
done

[ "$failed" = 0 ]
