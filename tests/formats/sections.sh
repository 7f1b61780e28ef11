#!/usr/bin/env bash
# Every format carries every section: for each format listdigest knows and
# each section it knows (both read from listdigest's own error messages,
# so that a format or a section added later is checked without a change
# here), the output with that section added to another one must be longer
# than without it. Runs on the golden case 50-series-life, which has
# something in every section, with case 41's orgmap for the organisations.
#
# Environment: LISTDIGEST, BUILD_DIR (see tests/golden/run).
set -u
here=$(cd "$(dirname "$0")" && pwd)
golden=$here/../golden
LD=${LISTDIGEST:-}
if [ -z "$LD" ] || [ -z "${BUILD_DIR:-}" ]; then
	echo "not ok - sections: LISTDIGEST and BUILD_DIR must be set"
	exit 1
fi
export LC_ALL=C EMAIL='Digest Sender <digest@example.org>' SOURCE_DATE_EPOCH=1700000000
work=$BUILD_DIR/formats-sections
rm -rf -- "$work" && mkdir -p -- "$work"
export XDG_CACHE_HOME=$work/cache
fail=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fail=1; }

# "... (known: a, b, c)" -> a b c
known() { sed -n 's/.*(known: \(.*\))$/\1/p' | tr -d ','; }
formats=$("$LD" --format '?' x 2>&1 | known)
sections=$("$LD" --sections '?' x 2>&1 | known)
[ -n "$formats" ] && ok "the formats are listed: $formats" || notok "no format list in --format's error"
[ -n "$sections" ] && ok "the sections are listed: $sections" || notok "no section list in --sections' error"

repo=$work/series.git
if ! "$golden/mkrepo" "$repo" "$golden"/cases/50-series-life/*.eml >"$work/mkrepo.log" 2>&1; then
	notok "mkrepo builds case 50"
	sed 's/^/# /' "$work/mkrepo.log"
	exit 1
fi
orgmap=$golden/cases/41-orgmap-organisations/orgmap

for format in $formats; do
	for section in $sections; do
		[ "$section" = seed ] && continue
		# the base: one other section, so that neither run is empty
		base=domains
		[ "$section" = domains ] && base=contributors
		"$LD" --no-cache --orgmap "$orgmap" -f "$format" --sections "$base" "$repo" >"$work/base" 2>"$work/base.err"
		rc1=$?
		"$LD" --no-cache --orgmap "$orgmap" -f "$format" --sections "$base,$section" "$repo" >"$work/with" 2>"$work/with.err"
		rc2=$?
		if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
			notok "$format: --sections $base,$section runs (exit $rc1, $rc2)"
			sed 's/^/# /' "$work/base.err" "$work/with.err" | head -5
		elif [ "$(wc -c <"$work/with")" -le "$(wc -c <"$work/base")" ]; then
			notok "$format carries the $section section"
		else
			ok "$format carries the $section section"
		fi
	done
done
# A long report goes out in pieces as it is made (src/common/output.c);
# LISTDIGEST_TEST_SPILL_AT=1 makes that happen after every item, so that
# each format, to stdout and through -o, must give the bytes it gives whole.
for format in $formats; do
	all=(--no-cache --orgmap "$orgmap" -f "$format" --color=always)
	"$LD" "${all[@]}" "$repo" >"$work/whole" 2>"$work/whole.err"
	rc1=$?
	LISTDIGEST_TEST_SPILL_AT=1 "$LD" "${all[@]}" "$repo" >"$work/pieces" 2>"$work/pieces.err"
	rc2=$?
	rm -f -- "$work/out.$format"
	LISTDIGEST_TEST_SPILL_AT=1 "$LD" "${all[@]}" -o "$work/out.$format" "$repo" 2>"$work/file.err"
	rc3=$?
	# a mail's Message-ID is made afresh by each run
	sed -i '/^Message-ID: /d' "$work/whole" "$work/pieces" "$work/out.$format"
	if [ "$rc1$rc2$rc3" != 000 ]; then
		notok "$format: whole and in pieces run (exit $rc1, $rc2, $rc3)"
		sed 's/^/# /' "$work/whole.err" "$work/pieces.err" "$work/file.err" | head -5
	elif ! cmp -s "$work/whole" "$work/pieces" || ! cmp -s "$work/whole" "$work/out.$format"; then
		notok "$format: written in pieces, to stdout and to a file, as whole"
	elif [ -n "$(ls "$work" | grep -F '.tmp-')" ]; then
		notok "$format: no temporary file left beside the output"
	else
		ok "$format: written in pieces, to stdout and to a file, as whole ($(wc -c <"$work/whole") bytes)"
	fi
	[ "$format" = text ] || continue
	# --color=always: the title and each heading in bold, and nothing else
	bold=$(grep -c $'^\033\[1m[^\033]*\033\[m$' "$work/whole")
	escapes=$(grep -c $'\033' "$work/whole")
	headings=$(sed 's/\x1b\[[0-9]*m//g' "$work/whole" | grep -c -e '^Top [0-9]* ' -e '^===== ' -e ' mailing list update from ')
	if [ "$bold" -gt 8 ] && [ "$bold" -eq "$escapes" ] && [ "$bold" -eq "$headings" ]; then
		ok "text --color=always: the title and the $((bold - 1)) headings in bold, and nothing else"
	else
		notok "text --color=always: the title and headings in bold ($bold bold lines, $escapes with escapes, $headings headings)"
	fi
done
exit $fail
