# Sourced by tests/real/run: --since, --until and --last on a real archive.
#
# check_periods NAME REPO OUT: for periods computed from the archive (its
# first and last week, a second shared by many commits, a range narrowed
# by dates, the longest silence, after the end), the counts equal
# reference_digest.py's on the commits that `TZ=UTC git rev-list
# --since-as-filter=X --until=Y` lists less those made at Y, they add up
# to that many messages, and the heading names the oldest and newest of
# them; an empty period gives the heading, empty sections and exit 0.
check_periods() {
    local name=$1 repo=$2 out=$3
    local times first last busy gap_a gap_b mid mid3
    times=$(git --git-dir="$repo" log --format=%ct HEAD | sort -n)
    first=$(head -n 1 <<<"$times")
    last=$(tail -n 1 <<<"$times")
    busy=$(uniq -c <<<"$times" | sort -k1,1nr -k2,2n | awk 'NR == 1 { print $2 }')
    read -r gap_a gap_b < <(awk 'NR > 1 && $1 - p > g { g = $1 - p; a = p; b = $1 } { p = $1 }
        END { print a, b }' <<<"$times")
    mid=$(TZ=UTC date -d "@$(((first + last) / 2))" +%Y-%m-%d)
    mid3=$(TZ=UTC date -d "@$(((first + last) / 2 + 3 * 86400))" +%Y-%m-%d)
    local week_end week_start
    week_end=$(TZ=UTC date -d "@$((last - 7 * 86400))" '+%Y-%m-%d %H:%M')
    week_start=$(TZ=UTC date -d "@$((first + 7 * 86400))" '+%Y-%m-%dT%H:%M:%SZ')

    # Each period: RANGE|SINCE|UNTIL (empty: none).
    local periods=(
        "HEAD|$week_end|"
        "HEAD|@$((last - 7 * 86400))|@$last"
        "HEAD||$week_start"
        "HEAD|@$first|@$((first + 86400))"
        "HEAD|@$busy|@$((busy + 3600))"
        "HEAD|@$((busy - 3600))|@$busy"
        "HEAD|${mid}T00:00:00+02:00|${mid3}T00:00:00-05:00"
        "HEAD~2000..HEAD~100|$mid 00:00|"
        "HEAD|@$((gap_a + 1))|@$gap_b"
        "HEAD|@$((last + 1))|"
    )
    # The same archive with git's commit-graph file, which listdigest then
    # reads times from: every period must give the same digest, to the byte.
    # (same directory name: an empty digest takes the list name from it)
    local graph
    graph="$(dirname "$repo")/with-commit-graph/$(basename "$repo")"
    mkdir -p "$(dirname "$graph")"
    if ! git --git-dir="$graph" rev-parse -q --verify HEAD >/dev/null 2>&1; then
        rm -rf "$graph" "$graph.tmp"
        git clone -q --bare --shared "$repo" "$graph.tmp" &&
            git --git-dir="$graph.tmp" commit-graph write --reachable 2>/dev/null &&
            mv "$graph.tmp" "$graph"
    fi
    if [ -f "$graph/objects/info/commit-graph" ]; then
        ok "$name: a copy with a commit-graph file"
    else
        not_ok "$name: a copy with a commit-graph file"
    fi

    local p range since until tag args want n a b
    for p in "${periods[@]}"; do
        IFS='|' read -r range since until <<<"$p"
        tag=period.$(printf '%s_%s_%s' "$range" "$since" "$until" | tr -c 'A-Za-z0-9_-' '_')
        args=() ref_args=()
        [ -n "$since" ] && args+=(--since "$since")
        [ -n "$until" ] && args+=(--until "$until")
        local what="$name $range ${args[*]}"

        # What git selects, newest first, less the commits made at until.
        local until_ts=""
        [ -n "$until" ] && until_ts=$(TZ=UTC git --git-dir="$repo" rev-parse --until="$until" | sed 's/.*=//')
        want=$(TZ=UTC git --git-dir="$repo" rev-list --format='%H %ct' --no-commit-header \
            ${since:+"--since-as-filter=$since"} ${until:+"--until=$until"} "$range" |
            awk -v u="$until_ts" 'u == "" || $2 != u { print $1 }')
        n=$(grep -c . <<<"$want")

        if ! run_listdigest "$out.$tag" "$out.$tag.err" --top 100000 "${args[@]}" "$repo" "$range"; then
            not_ok "$what: listdigest runs"
            diag "$out.$tag.err" 5
            continue
        fi
        if run_listdigest "$out.$tag.graph" "$out.$tag.graph.err" --top 100000 "${args[@]}" "$graph" "$range" &&
            cmp -s "$out.$tag" "$out.$tag.graph"; then
            ok "$what: same digest with the commit-graph file"
        else
            not_ok "$what: same digest with the commit-graph file"
            diag "$out.$tag.graph.err" 5
        fi
        python3 "$reference" "$repo" "$range" ${since:+--since "$since"} ${until:+--until "$until"} \
            --top 100000 >"$out.$tag.ref" 2>"$out.$tag.ref.err" || {
            not_ok "$what: reference_digest.py runs"
            diag "$out.$tag.ref.err" 5
            continue
        }
        if cmp -s "$out.$tag.ref" <(section "$out.$tag"); then
            ok "$what: counts equal reference_digest.py's on git rev-list's $n commits"
        else
            not_ok "$what: counts equal reference_digest.py's on git rev-list's $n commits"
            diff -u --label reference --label listdigest "$out.$tag.ref" <(section "$out.$tag") | diag /dev/stdin 30
        fi
        local sums
        sums=$(section "$out.$tag" | awk 'BEGIN { s = 0 } /^Top .* contributors/ { s = 1 } /^ *[0-9]+ / { t[s] += $1 }
            END { printf "%d %d", t[0], t[1] }')
        if [ "$sums" = "$n $n" ]; then
            ok "$what: counts add up to the $n commits git lists"
        else
            not_ok "$what: counts add up to the $n commits git lists (got $sums)"
        fi
        if [ "$n" -gt 0 ]; then
            a=$(tail -n 1 <<<"$want" | cut -c1-9) b=$(head -n 1 <<<"$want" | cut -c1-9)
            case $range in *..*) a=$(git --git-dir="$repo" rev-parse "${range%%..*}" | cut -c1-9) ;; esac
            if [ "$(head -n 1 "$out.$tag")" = "From $a to $b" ]; then
                ok "$what: heading names the oldest and the newest commit selected"
            else
                not_ok "$what: heading is 'From $a to $b'"
                diag "$out.$tag" 2
            fi
        elif grep -q '^From [0-9a-f]\{9\} to [0-9a-f]\{9\}$' "$out.$tag" &&
            grep -q '^===== Patch list' "$out.$tag" && [ -z "$(section "$out.$tag" | grep '^ *[0-9]')" ]; then
            ok "$what: empty selection: heading, empty sections, exit 0"
        else
            not_ok "$what: empty selection: heading, empty sections, exit 0"
            diag "$out.$tag" 12
        fi
    done

    # --last N keeps the newest N of the period, in the archive's order.
    local since_last="@$((last - 30 * 86400))"
    want=$(TZ=UTC git --git-dir="$repo" rev-list --since-as-filter="$since_last" HEAD)
    n=$(grep -c . <<<"$want")
    if [ "$n" -gt 7 ] && run_listdigest "$out.last" "$out.last.err" --since "$since_last" --last 7 "$repo"; then
        a=$(sed -n 7p <<<"$want" | cut -c1-9) b=$(head -n 1 <<<"$want" | cut -c1-9)
        sums=$(section "$out.last" | awk 'BEGIN { s = 0 } /^Top .* contributors/ { s = 1 } /^ *[0-9]+ / { t[s] += $1 }
            END { printf "%d %d", t[0], t[1] }')
        if [ "$(head -n 1 "$out.last")" = "From $a to $b" ] && [ "$sums" = "7 7" ]; then
            ok "$name --since $since_last --last 7: the newest 7 of the period"
        else
            not_ok "$name --since $since_last --last 7: the newest 7 of the period (From $a to $b, 7 7)"
            diag "$out.last" 2
            echo "# sums: $sums"
        fi
    else
        not_ok "$name --since $since_last --last 7: runs, on a period of more than 7 commits ($n)"
        diag "$out.last.err" 5
    fi
}
