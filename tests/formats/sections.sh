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
exit $fail
