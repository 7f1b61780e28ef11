#!/usr/bin/env bash
# The life of series on the real archives, through the index:
#   - the output is the same with --no-cache, a cold index, a warm index,
#     an index built on an older history and brought up to date, and an
#     index whose history was rewritten under it (as a purge does);
#   - a period's universe taken from the load that lists it gives the
#     same digest as one loaded apart, on weeks spread over the history;
#   - every link between revisions points to an older revision;
#   - on kvmarm (optimised build only: it runs b4 some 40 times), the
#     review trailers agree with b4's (b4_crosscheck.py).
#
# Environment: as tests/real/run (LISTDIGEST, BUILD_DIR, DATA_DIR,
# SHARED_DIR); B4_CROSSCHECK=0 skips the b4 cross-check.
set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SHARED_DIR:-}" ]; then
    SHARED_DIR="$here/../../../shared"
fi
BUILD_DIR=${BUILD_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/listdigest-series.XXXXXX")}
work="$BUILD_DIR/series"
data=${DATA_DIR:-$BUILD_DIR/real}
rm -rf "$work"
mkdir -p "$work" "$data" || { echo "not ok - create $work"; exit 1; }
failed=0
ok()     { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=1; }
diag() { head -n "${2:-30}" "$1" | sed 's/^/# /'; }

# same WHAT A B: the two outputs are the same bytes.
same() {
    if cmp -s "$2" "$3"; then
        ok "$1"
    else
        not_ok "$1"
        diff -u "$2" "$3" >"$3.diff"
        diag "$3.diff"
    fi
}

# links_older FILE: every "earlier:" revision arrived no later than its
# block's revision, and a superseding one no earlier.
links_older() {
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
part = text.split("===== Series status =====", 1)
if len(part) < 2:
    sys.exit("no Series status section")
body = part[1].split("\n=====", 1)[0]
blocks = [b for b in body.strip("\n").split("\n\n") if b.strip()]
problems, links = [], 0
for b in blocks:
    lines = b.split("\n")
    m = re.search(r", (\d{4}-\d\d-\d\d)$", lines[1]) if len(lines) > 1 else None
    if not m:
        problems.append("no first arrival: %r" % lines[:2])
        continue
    own = m.group(1)
    for line in lines[2:]:
        if line.startswith("  earlier: "):
            for date in re.findall(r"v[\d.]+ (\d{4}-\d\d-\d\d) \(", line):
                links += 1
                if date > own:
                    problems.append("%s: earlier revision of %s is newer" % (lines[0], date))
        s = re.match(r"  state: superseded by v[\d.]+ \((\d{4}-\d\d-\d\d)\)", line)
        if s:
            links += 1
            if s.group(1) < own:
                problems.append("%s: superseded by an older revision (%s)" % (lines[0], s.group(1)))
if problems:
    sys.exit("\n".join(problems[:20]))
if not links:
    sys.exit("no link between revisions at all in %d blocks" % len(blocks))
print("%d blocks, %d links" % (len(blocks), links))
PY
}

for name in kvm-ppc.vger.kernel.org.0 kvmarm.lists.cs.columbia.edu.0; do
    repo="$data/$name.git"
    if ! git -C "$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
        rm -rf "$repo"
        git clone --bare --quiet "$SHARED_DIR/archives/$name.bundle" "$repo" ||
            { not_ok "$name: clone the bundle"; continue; }
    fi
    out="$work/$name"
    cache="$work/cache-$name"
    newest=$(git -C "$repo" log -1 --format=%ct HEAD)
    week=(--since "@$((newest - 14 * 86400))" --until "@$((newest + 1))")

    "$LISTDIGEST" --no-cache "$repo" >"$out.none" 2>"$out.none.err" ||
        { not_ok "$name: --no-cache runs"; diag "$out.none.err"; continue; }
    "$LISTDIGEST" --cache "$cache" "$repo" >"$out.cold" 2>"$out.cold.err"
    same "$name: a cold index gives the output of --no-cache" "$out.none" "$out.cold"
    "$LISTDIGEST" --cache "$cache" "$repo" >"$out.warm" 2>"$out.warm.err"
    same "$name: a warm index gives the output of --no-cache" "$out.none" "$out.warm"
    if [ -s "$out.cold.err" ] || [ -s "$out.warm.err" ]; then
        not_ok "$name: the cached runs say nothing on stderr"
        diag "$out.cold.err"
    fi
    "$LISTDIGEST" --no-cache "${week[@]}" "$repo" >"$out.week.none" 2>/dev/null
    "$LISTDIGEST" --cache "$cache" "${week[@]}" "$repo" >"$out.week.warm" 2>/dev/null
    same "$name: the last two weeks, warm index and --no-cache" "$out.week.none" "$out.week.warm"

    # A period's universe comes out of the load that lists it; loaded apart
    # (LISTDIGEST_TEST_SEPARATE_UNIVERSE), as a range's is, it must give
    # the same bytes: weeks spread over the whole history (optimised build
    # only: some hundred runs), a period open at one end, and --last.
    if [[ "$LISTDIGEST" != */asan/* ]]; then
        oldest=$(git -C "$repo" log --format=%ct HEAD | sort -n | head -n 1)
        periods=()
        for k in $(seq 0 39); do
            start=$((oldest + (newest - oldest) * k / 40))
            periods+=("--since @$start --until @$((start + 7 * 86400))")
        done
        periods+=("--since @$((newest - 60 * 86400))" "--until @$((newest - 200 * 86400))"
            "--last 300" "--since @$((newest - 90 * 86400)) --last 50")
        differ=() series_seen=0
        for p in "${periods[@]}"; do
            # shellcheck disable=SC2086 # the period is words
            "$LISTDIGEST" --cache "$cache" $p "$repo" >"$out.period" 2>/dev/null
            # shellcheck disable=SC2086
            LISTDIGEST_TEST_SEPARATE_UNIVERSE=1 "$LISTDIGEST" --cache "$cache" $p "$repo" \
                >"$out.period.apart" 2>/dev/null
            cmp -s "$out.period" "$out.period.apart" || differ+=("$p")
            grep -q "^  state: " "$out.period" && series_seen=$((series_seen + 1))
        done
        # at least half of them with series, else the comparison says little
        if [ "${#differ[@]}" = 0 ] && [ $((series_seen * 2)) -ge "${#periods[@]}" ]; then
            ok "$name: ${#periods[@]} periods, $series_seen with series: the universe loaded apart gives the same digest"
        else
            not_ok "$name: ${#periods[@]} periods ($series_seen with series): the universe loaded apart gives the same digest; differ: ${differ[*]:-none}"
        fi
    fi

    if msg=$(links_older "$out.none" 2>&1); then
        ok "$name: every link between revisions points to an older one ($msg)"
    else
        not_ok "$name: every link between revisions points to an older one"
        echo "$msg" | sed 's/^/# /'
    fi

    # An index of an older history, then the rest: what a weekly cron does.
    copy="$work/$name-copy.git"
    git clone --bare --quiet --shared "$repo" "$copy"
    branch=$(git -C "$copy" symbolic-ref HEAD)
    tip=$(git -C "$copy" rev-parse HEAD)
    git -C "$copy" update-ref "$branch" "$tip~400"
    "$LISTDIGEST" --cache "$cache.copy" "$copy" >/dev/null 2>&1
    git -C "$copy" update-ref "$branch" "$tip"
    "$LISTDIGEST" --cache "$cache.copy" "$copy" >"$out.grown" 2>"$out.grown.err"
    "$LISTDIGEST" --no-cache "$copy" >"$out.grown.none" 2>/dev/null
    same "$name: an index of HEAD~400 brought up to HEAD gives the output of --no-cache" \
        "$out.grown.none" "$out.grown"

    # A past period says the same whatever arrived since: the copy's
    # history ends 400 commits early; the period, two months, ends 30 days
    # before that.
    cut=$(git -C "$copy" log -1 --format=%ct "$tip~400")
    past=(--since "@$((cut - 90 * 86400))" --until "@$((cut - 30 * 86400))")
    git -C "$copy" update-ref "$branch" "$tip~400"
    "$LISTDIGEST" --no-cache "${past[@]}" "$copy" >"$out.past.then" 2>/dev/null
    git -C "$copy" update-ref "$branch" "$tip"
    "$LISTDIGEST" --no-cache "${past[@]}" "$copy" >"$out.past.now" 2>/dev/null
    if grep -q "^  state: " "$out.past.now"; then
        same "$name: a past period's digest is the same after 400 more commits" "$out.past.then" "$out.past.now"
    else
        not_ok "$name: a past period's digest is the same after 400 more commits: the period has no series"
    fi

    # History rewritten under the index: the last 50 commits replaced by one.
    git -C "$copy" update-ref "$branch" "$(git -C "$copy" commit-tree -p "$tip~50" \
        -m purged "$tip~50^{tree}")"
    "$LISTDIGEST" --cache "$cache.copy" "$copy" >"$out.rewritten" 2>"$out.rewritten.err"
    "$LISTDIGEST" --no-cache "$copy" >"$out.rewritten.none" 2>/dev/null
    same "$name: an index whose history was rewritten is rebuilt: the output of --no-cache" \
        "$out.rewritten.none" "$out.rewritten"
done

# b4 collects trailers the way maintainers apply them; only the optimised
# build runs it (the sanitizers add nothing to a Python check).
if [ "${B4_CROSSCHECK:-1}" != 0 ] && [[ "$LISTDIGEST" != */asan/* ]]; then
    if ! command -v b4 >/dev/null; then
        not_ok "b4 cross-check: b4 is not installed (make deps installs it)"
    elif python3 "$here/b4_crosscheck.py" "$LISTDIGEST" "$data/kvmarm.lists.cs.columbia.edu.0.git" \
        --report "$work/b4.txt" >/dev/null 2>"$work/b4.err"; then
        summary=$(tail -n 1 "$work/b4.txt")
        ok "b4 cross-check on kvmarm: $summary"
    else
        not_ok "b4 cross-check on kvmarm"
        diag "$work/b4.err"
        tail -n 5 "$work/b4.txt" 2>/dev/null | sed 's/^/# /'
    fi
fi
exit "$failed"
