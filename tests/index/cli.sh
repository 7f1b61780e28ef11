#!/usr/bin/env bash
# The index as listdigest uses it, through the command line:
#   - 50 runs killed (SIGKILL) at random points while building or
#     updating the index, each followed by a run on the same index: it
#     succeeds, silently, with the output of --no-cache;
#   - two, four and eight runs at once on one new index: all succeed, all
#     alike;
#   - a cache directory that cannot be made: one warning, an in-memory
#     index, the same output;
#   - a database file overwritten with garbage: one warning, rebuilt, the
#     same output, and no warning the next time;
#   - one entry body damaged in the index: rebuilt and the same output
#     when found before the report is out; else exit 1, and the next run
#     is right;
#   - --applied-in against a maintainer's tree built here with git am from
#     patches sent to a list made here.
#
# Environment (set by tests/run): LISTDIGEST, BUILD_DIR, DATA_DIR, SHARED_DIR.
set -u

here=$(cd "$(dirname "$0")" && pwd)
failed=0
ok()     { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=1; }
diag()   { head -n "${2:-20}" "$1" | sed 's/^/# /'; }

work="$BUILD_DIR/index-cli"
data=${DATA_DIR:-$work/data}
rm -rf "$work"
mkdir -p "$work" "$data" || { echo "not ok - create $work"; exit 1; }

name=kvm-ppc.vger.kernel.org.0
repo="$data/$name.git"
if ! git -C "$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
    rm -rf "$repo"
    git clone --bare --quiet "$SHARED_DIR/archives/$name.bundle" "$repo" ||
        { not_ok "clone $name"; exit 1; }
fi
started=$(date +%s%N)
"$LISTDIGEST" --no-cache "$repo" >"$work/want" 2>"$work/want.err" ||
    { not_ok "--no-cache runs"; diag "$work/want.err"; exit 1; }
# how long a whole run takes here, in ms: the kills below fall within it
run_ms=$((($(date +%s%N) - started) / 1000000))
[ "$run_ms" -gt 50 ] || run_ms=50

# after_kill WHAT CACHE: the next run on CACHE is silent and gives $work/want.
after_kill() {
    "$LISTDIGEST" --cache "$2" "$repo" >"$work/after" 2>"$work/after.err"
    local rc=$?
    if [ "$rc" = 0 ] && [ ! -s "$work/after.err" ] && cmp -s "$work/want" "$work/after"; then
        return 0
    fi
    echo "# $1: exit $rc"
    diag "$work/after.err" 5
    return 1
}

# Killed at 50 random points: 25 while building the index from nothing,
# anywhere within a cold run's time; 25 while adding the last 300 commits
# to an index of the rest. The seed is printed, to replay a failure
# (KILL_SEED=N).
copy="$work/copy.git"
git clone --bare --quiet --shared "$repo" "$copy"
branch=$(git -C "$copy" symbolic-ref HEAD)
tip=$(git -C "$copy" rev-parse HEAD)
seed=${KILL_SEED:-$$}
RANDOM=$seed
kills=0 good=0
for point in $(seq 25); do
    for phase in build update; do
        delay_ms=$((RANDOM * 32768 + RANDOM))
        # an update reads 300 commits, a fraction of a whole run
        span=$run_ms
        [ "$phase" = build ] || span=$((run_ms / 2))
        delay_ms=$((delay_ms % span + 1))
        delay=$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))
        cache="$work/kill-$phase-$point"
        if [ "$phase" = update ]; then
            git -C "$copy" update-ref "$branch" "$tip~300"
            "$LISTDIGEST" --cache "$cache" "$copy" >/dev/null 2>&1
            git -C "$copy" update-ref "$branch" "$tip"
        fi
        "$LISTDIGEST" --cache "$cache" "$copy" >/dev/null 2>&1 &
        pid=$!
        sleep "$delay"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        kills=$((kills + 1))
        # the copy names the same messages: its output is the original's
        saved_repo=$repo
        repo=$copy
        after_kill "$phase killed after ${delay}s" "$cache" && good=$((good + 1))
        repo=$saved_repo
        rm -rf "$cache"
    done
done
if [ "$good" = "$kills" ]; then
    ok "$kills runs killed while building or updating the index: each next run succeeds with the output of --no-cache"
else
    not_ok "runs killed while building or updating the index: $good of $kills next runs were right (KILL_SEED=$seed, kills within ${run_ms} ms)"
fi

# Runs at once on one new index.
for n in 2 4 8; do
    cache="$work/together-$n"
    pids=()
    for i in $(seq "$n"); do
        "$LISTDIGEST" --cache "$cache" "$repo" >"$work/together-$n.$i" 2>"$work/together-$n.$i.err" &
        pids+=($!)
    done
    bad=0
    for i in $(seq "$n"); do
        wait "${pids[$((i - 1))]}" || bad=1
        cmp -s "$work/want" "$work/together-$n.$i" || bad=1
        [ -s "$work/together-$n.$i.err" ] && bad=1
    done
    if [ "$bad" = 0 ]; then
        ok "$n runs at once on one new index all succeed, silently, with the output of --no-cache"
    else
        not_ok "$n runs at once on one new index"
        cat "$work/together-$n".*.err >"$work/together.err" 2>/dev/null
        diag "$work/together.err"
    fi
done

# Many rounds of 8 runs at once on one new index of a small archive, where
# the race of making the file and turning it to WAL is a large share of the
# run: SQLite then said "database is locked" without waiting, and the run
# went to an in-memory index with a warning (some 1 round in 100).
small=$work/small.git
if "$here/../golden/mkrepo" "$small" "$here"/../golden/cases/50-series-life/*.eml >"$work/small.log" 2>&1; then
    "$LISTDIGEST" --no-cache "$small" >"$work/small.want" 2>/dev/null
    rounds=${RACE_ROUNDS:-25}
    bad=0
    for r in $(seq "$rounds"); do
        cache="$work/race-$r"
        for i in $(seq 8); do
            "$LISTDIGEST" --cache "$cache" "$small" >"$cache.$i" 2>"$cache.$i.err" &
        done
        wait
        for i in $(seq 8); do
            if ! cmp -s "$work/small.want" "$cache.$i" || [ -s "$cache.$i.err" ]; then
                bad=$((bad + 1))
                cp "$cache.$i.err" "$work/race.err"
            fi
        done
        rm -rf -- "$cache" "$cache".*
    done
    if [ "$bad" = 0 ]; then
        ok "$rounds rounds of 8 runs at once on a new index of a small archive: all silent, with the output of --no-cache"
    else
        not_ok "rounds of 8 runs at once on a new index of a small archive: $bad of $((rounds * 8)) runs warned or differed"
        diag "$work/race.err"
    fi
else
    not_ok "a small archive made from golden case 50"
    diag "$work/small.log"
fi

# warned_once NAME CACHE PATTERN: a run on CACHE gives $work/want (in
# $work/NAME.out), exit 0, and one line on stderr, which matches PATTERN
# (grep's); its exit status is left in $rc.
warned_once() {
    "$LISTDIGEST" --cache "$2" "$repo" >"$work/$1.out" 2>"$work/$1.err"
    rc=$?
    [ "$rc" = 0 ] && cmp -s "$work/want" "$work/$1.out" && [ "$(wc -l <"$work/$1.err")" = 1 ] &&
        grep -q "$3" "$work/$1.err"
}

# A cache directory that cannot be made (under a regular file: even root cannot).
echo file >"$work/a-file"
if warned_once nodir "$work/a-file/cache" "^listdigest: warning: .*a-file/cache.*; using an in-memory index$"; then
    ok "a cache directory that cannot be made: one warning, the output of --no-cache"
else
    not_ok "a cache directory that cannot be made (exit $rc)"
    diag "$work/nodir.err"
fi

# A database file overwritten with garbage, as a failing disk might leave it.
cache="$work/corrupt"
"$LISTDIGEST" --cache "$cache" "$repo" >/dev/null 2>&1
db=$(ls "$cache"/*.sqlite 2>/dev/null | head -n 1)
if [ -n "$db" ]; then
    size=$(stat -c %s "$db")
    rm -f "$db-wal" "$db-shm"
    head -c "$size" /dev/urandom >"$db"
    warned_once corrupt "$cache" "^listdigest: warning: .*: rebuilding the index: "
    first=$?
    "$LISTDIGEST" --cache "$cache" "$repo" >"$work/corrupt2.out" 2>"$work/corrupt2.err"
    if [ "$first" = 0 ] && cmp -s "$work/want" "$work/corrupt2.out" && [ ! -s "$work/corrupt2.err" ]; then
        ok "a database file of garbage: one warning, rebuilt, the output of --no-cache; silent the next time"
    else
        not_ok "a database file of garbage (exit $rc)"
        diag "$work/corrupt.err"
        diag "$work/corrupt2.err"
    fi
else
    not_ok "a database file of garbage: no database was made in $cache"
fi

# The newest entry body damaged inside the index, as a flipped bit in its
# deflated bytes would leave it; the rest of the file is sound, so this
# shows only when the report reaches that entry. Before any of the report
# is out, the run rebuilds the index and makes it again. Once part of it
# is out (LISTDIGEST_TEST_SPILL_AT=1 sends out every item as written), the
# run fails with one error naming the row, and the next run is right.
damage_body() { # CACHE
    python3 - "$1"/*.sqlite <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cur = db.execute("UPDATE message SET entry_body = X'0AFFFFFF' WHERE id = "
                 "(SELECT id FROM message WHERE entry_body IS NOT NULL ORDER BY id DESC LIMIT 1)")
db.commit()
sys.exit(0 if cur.rowcount == 1 else 1)
PY
}
cache="$work/body"
"$LISTDIGEST" --cache "$cache" "$repo" >/dev/null 2>&1
if damage_body "$cache"; then
    if warned_once body "$cache" "^listdigest: warning: .*: rebuilding the index: .*row [0-9]* does not decode$"; then
        ok "a damaged entry body, found before the report is out: one warning, rebuilt, the output of --no-cache"
    else
        not_ok "a damaged entry body, found before the report is out (exit $rc)"
        diag "$work/body.err"
    fi
else
    not_ok "a damaged entry body: the index could not be damaged"
fi
if damage_body "$cache"; then
    LISTDIGEST_TEST_SPILL_AT=1 "$LISTDIGEST" --cache "$cache" "$repo" >"$work/body2.out" 2>"$work/body2.err"
    rc=$?
    "$LISTDIGEST" --cache "$cache" "$repo" >"$work/body3.out" 2>"$work/body3.err"
    rc3=$?
    if [ "$rc" = 1 ] && grep -q "^listdigest: [^ ].*: row [0-9]* does not decode$" "$work/body2.err" &&
        [ "$(grep -vc "^listdigest: warning: " "$work/body2.err")" = 1 ] && [ -s "$work/body2.out" ] &&
        ! cmp -s "$work/want" "$work/body2.out" &&
        [ "$rc3" = 0 ] && cmp -s "$work/want" "$work/body3.out" && [ ! -s "$work/body3.err" ]; then
        ok "a damaged entry body, found with part of the report out: exit 1, one error; the next run is right"
    else
        not_ok "a damaged entry body, found with part of the report out (exit $rc, then $rc3)"
        diag "$work/body2.err"
        diag "$work/body3.err"
    fi
else
    not_ok "a damaged entry body: the index could not be damaged again"
fi

# An mbox grows, and a Maildir gains a message: the index sees the file's
# stamp change and reads it again.
writer="$here/../tools/write-mail"
"$writer" mbox --git "$repo" HEAD~200 >"$work/grow.mbox"
"$LISTDIGEST" --cache "$work/grow-cache" "$work/grow.mbox" >/dev/null 2>&1
"$writer" mbox --git "$repo" HEAD >"$work/grow.mbox.new" && mv "$work/grow.mbox.new" "$work/grow.mbox"
"$LISTDIGEST" --cache "$work/grow-cache" "$work/grow.mbox" >"$work/grow.out" 2>"$work/grow.err"
"$LISTDIGEST" --no-cache "$work/grow.mbox" >"$work/grow.want" 2>/dev/null
if cmp -s "$work/grow.want" "$work/grow.out" && [ ! -s "$work/grow.err" ] &&
    [ "$(head -c 200 "$work/grow.out")" != "$(head -c 200 "$work/want")" ]; then
    ok "an mbox rewritten with 200 more messages: the index reads it again, the output of --no-cache"
else
    not_ok "an mbox rewritten with 200 more messages"
    diag "$work/grow.err"
fi
mapfile -t eml < <(ls "$here"/../golden/cases/0[1-4]-*/*.eml 2>/dev/null | head -n 12)
if [ "${#eml[@]}" -ge 4 ]; then
    "$writer" maildir "$work/md" "${eml[@]:0:${#eml[@]}-1}"
    "$LISTDIGEST" --cache "$work/md-cache" "$work/md" >/dev/null 2>&1
    rm -rf "$work/md" && "$writer" maildir "$work/md" "${eml[@]}"
    "$LISTDIGEST" --cache "$work/md-cache" "$work/md" >"$work/md.out" 2>"$work/md.err"
    "$LISTDIGEST" --no-cache "$work/md" >"$work/md.want" 2>/dev/null
    if cmp -s "$work/md.want" "$work/md.out" && [ ! -s "$work/md.err" ]; then
        ok "a Maildir with one more message: the index reads it again, the output of --no-cache"
    else
        not_ok "a Maildir with one more message"
        diff "$work/md.want" "$work/md.out" | head -n 10 | sed 's/^/# /'
    fi
else
    not_ok "a Maildir with one more message: no fixture messages found"
fi

# --applied-in: a project, a series of three patches mailed to a list as
# git send-email writes them, and a maintainer's tree that applied two.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
export GIT_AUTHOR_NAME="Ada Dev" GIT_AUTHOR_EMAIL=ada@example.org
export GIT_COMMITTER_NAME="Ada Dev" GIT_COMMITTER_EMAIL=ada@example.org
proj="$work/proj" maint="$work/maint"
git init -q -b main "$proj"
printf 'int a;\nint b;\nint c;\n' >"$proj/file.c"
git -C "$proj" add file.c && git -C "$proj" commit -qm "base"
git clone -q "$proj" "$maint"
for n in 1 2 3; do
    sed -i "s/^int a;.*/int a = $n;/" "$proj/file.c"
    echo "line $n" >>"$proj/notes.txt"
    git -C "$proj" add -A && git -C "$proj" commit -qm "file: step $n"
done
git -C "$proj" format-patch -q --cover-letter --thread -o "$work/patches" \
    --subject-prefix="PATCH v2" HEAD~3 >/dev/null
mails="$work/mails"
mkdir -p "$mails"
i=0
for p in "$work/patches"/*.patch; do
    i=$((i + 1))
    # a list adds its List-Id; the format-patch "From <sha> Mon Sep 17" line goes
    sed -e '1d' -e "0,/^Subject:/s//List-Id: <tree.lists.example.org>\nSubject:/" "$p" \
        >"$mails/$(printf '%02d' "$i").eml"
done
if "$here/../golden/mkrepo" "$work/list.git" "$mails"/*.eml >/dev/null 2>&1 &&
    git -C "$maint" am -q "$work/patches/0001-"*.patch "$work/patches/0002-"*.patch; then
    c1=$(git -C "$maint" rev-parse --short=9 HEAD~1)
    c2=$(git -C "$maint" rev-parse --short=9 HEAD)
    "$LISTDIGEST" --no-cache --sections series --applied-in "$maint" "$work/list.git" \
        >"$work/applied.out" 2>"$work/applied.err"
    want="  applied: 2 of 3 in maint: $c1 (1), $c2 (2)"
    if grep -qxF "$want" "$work/applied.out" && grep -qx "  state: partly applied" "$work/applied.out"; then
        ok "--applied-in: two of three patches applied with git am, found with their commits"
    else
        not_ok "--applied-in: two of three patches applied with git am"
        echo "# want: $want"
        diag "$work/applied.out" 30
        diag "$work/applied.err"
    fi
else
    not_ok "--applied-in: building the list and the maintainer's tree"
fi

exit "$failed"
