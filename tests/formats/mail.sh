#!/usr/bin/env bash
# The mail format (-f mail, -o FILE.eml) and bold headings on a terminal.
#
# Every mail made here is parsed by Python's email package
# (mail_check.py): its decoded text body equals the -f text output byte
# for byte, on every golden case and on one range of each shared archive;
# its headers are as listdigest(1) says.
#
# Environment (set by tests/run): LISTDIGEST, BUILD_DIR, DATA_DIR
# (where the shared archives are cloned once), SHARED_DIR.
# Prints "ok - ..." or "not ok - ..." lines, diagnostics on "# " lines,
# and exits 1 when a test failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
golden=$here/../golden
# shellcheck source=SCRIPTDIR/../golden/case-archive.sh
. "$golden/case-archive.sh"
LD=${LISTDIGEST:-}
if [ -z "$LD" ] || [ -z "${BUILD_DIR:-}" ]; then
	echo "not ok - mail: LISTDIGEST and BUILD_DIR must be set"
	exit 1
fi
SHARED_DIR=${SHARED_DIR:-$here/../../../shared}
data=${DATA_DIR:-$BUILD_DIR/real}
export LC_ALL=C
unset GIT_DIR GIT_WORK_TREE EMAIL NO_COLOR SOURCE_DATE_EPOCH 2>/dev/null || true

work=$BUILD_DIR/formats-mail
rm -rf -- "$work"
mkdir -p -- "$work" "$data"
export XDG_CACHE_HOME=$work/cache

pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
notok() { echo "not ok - $1"; fail=$((fail + 1)); }
diag() { sed -e 's/^/# /' | head -n 40; }
why=
result() {
	if [ -z "$why" ]; then ok "$1"; else notok "$1"; printf '%s' "$why" | diag; fi
	why=
}
fail_because() { why+="$1"$'\n'; }

# ld NAME ARGS...: runs listdigest, output in $work/NAME.{out,err,rc}.
ld() {
	local name=$1; shift
	timeout -k 10 900 "$LD" -q "$@" >"$work/$name.out" 2>"$work/$name.err"
	echo $? >"$work/$name.rc"
}
rc() { cat "$work/$1.rc"; }
expect_rc() { # NAME RC
	[ "$(rc "$1")" = "$2" ] || fail_because "$1: exit status $(rc "$1"), expected $2: $(head -c 300 "$work/$1.err")"
}
# expect_error NAME RC PATTERN: exit RC, no stdout, one stderr line
# "listdigest: ..." matching the extended regex PATTERN.
expect_error() {
	expect_rc "$1" "$2"
	[ ! -s "$work/$1.out" ] || fail_because "$1: stdout is not empty: $(head -c 200 "$work/$1.out")"
	local lines
	lines=$(wc -l <"$work/$1.err")
	[ "$lines" = 1 ] || fail_because "$1: stderr has $lines lines, expected 1: $(head -c 300 "$work/$1.err")"
	grep -qE "^listdigest: $3\$" "$work/$1.err" ||
		fail_because "$1: stderr does not match 'listdigest: $3': $(head -c 300 "$work/$1.err")"
}
# check_mail NAME TEXTNAME KEY=VALUE...: mail_check.py on NAME.out and TEXTNAME.out.
check_mail() {
	local name=$1 text=$2
	shift 2
	if ! python3 "$here/mail_check.py" "$work/$name.out" "$work/$text.out" "$@" \
		>"$work/$name.mid" 2>"$work/$name.check"; then
		fail_because "$name: mail_check.py:"
		why+=$(head -n 20 "$work/$name.check")$'\n'
	fi
}

SENDER='Digest Sender <digest@example.org>'
EPOCH=1700000000

# ---------------------------------------------------------------------------
# Every golden case: its mail's body is its text, byte for byte.

cases=0
for dir in "$golden"/cases/*/; do
	if ! golden_case_archive "$work" "$dir"; then
		notok "case $case: mkrepo"
		diag <"$mkrepo_log"
		continue
	fi
	ld "$case.text" "${args[@]}" "$crepo"
	EMAIL=$SENDER SOURCE_DATE_EPOCH=$EPOCH ld "$case.mail" "${args[@]}" -f mail "$crepo"
	to=()
	if [ "$(rc "$case.mail")" = 1 ] && grep -q 'List-Id' "$work/$case.mail.err"; then
		# no List-Id, or one that names no address (m28's holds control
		# characters): the error says so, and --mail-to helps
		expect_error "$case.mail" 1 \
			"--mail-to: (the selection has no List-Id .*|the List-Id '.*' names no posting address; give --mail-to ADDR)"
		EMAIL=$SENDER SOURCE_DATE_EPOCH=$EPOCH ld "$case.mail" "${args[@]}" -f mail \
			--mail-to 'Fixture Readers <readers@example.net>' "$crepo"
		to=(to=readers@example.net)
	fi
	expect_rc "$case.text" 0
	expect_rc "$case.mail" 0
	[ "$(rc "$case.mail")" != 0 ] || check_mail "$case.mail" "$case.text" date=$EPOCH \
		from=digest@example.org from_name='Digest Sender' "${to[@]}"
	[ -z "$why" ] || notok "case $case: the mail parses, its body is the text"
	[ -n "$why" ] || cases=$((cases + 1))
	printf '%s' "$why" | diag
	why=
done
[ "$cases" -gt 0 ] && ok "$cases golden cases: each mail parses, its headers are right, its body is the text byte for byte"

c53=$work/cases/53-hostile-strings.git
c50=$work/cases/50-series-life.git
check_mail 53-hostile-strings.mail 53-hostile-strings.text to=fixture-devel@lists.example.org
result "To: is the list's posting address, from its List-Id <fixture-devel.lists.example.org>"

# ---------------------------------------------------------------------------
# The envelope's options.

ld text53 "$c53"
SOURCE_DATE_EPOCH=$EPOCH ld from-option -f mail --mail-from 'Ann Reader <ann@example.com>' "$c53"
check_mail from-option text53 from=ann@example.com from_name='Ann Reader' date=$EPOCH
EMAIL=$SENDER ld from-both -f mail --mail-from 'ann@example.com' "$c53"
check_mail from-both text53 from=ann@example.com
grep -q '^From: ann@example.com$' "$work/from-both.out" || fail_because "From: is not the bare address: $(grep '^From:' "$work/from-both.out")"
result "--mail-from gives From:, before \$EMAIL; a bare address stays bare"

EMAIL='"Doe, Jane" <jane@example.org>' ld from-email -o "$work/from-email.eml" "$c53"
expect_rc from-email 0
cp "$work/from-email.eml" "$work/from-email.out" 2>/dev/null
check_mail from-email text53 from=jane@example.org from_name='Doe, Jane'
grep -q '^From: "Doe, Jane" <jane@example.org>$' "$work/from-email.out" ||
	fail_because "a name with a comma is not quoted: $(grep '^From:' "$work/from-email.out")"
result "-o FILE.eml writes the mail; \$EMAIL gives From:, a name with a comma quoted"

EMAIL=$SENDER ld to-option -f mail --mail-to 'Kernel Folk <folk@example.net>' "$c53"
check_mail to-option text53 to=folk@example.net to_name='Kernel Folk'
result "--mail-to gives To:"

ld no-from -f mail "$c53"
expect_error no-from 2 "--mail-from: no sender: give --mail-from ADDR or set EMAIL"
EMAIL= ld empty-email -f mail "$c53"
expect_error empty-email 2 "--mail-from: no sender: .*"
ld no-from-o -o "$work/no-from.eml" "$c53"
expect_error no-from-o 2 "--mail-from: no sender: .*"
[ ! -e "$work/no-from.eml" ] || fail_because "-o wrote $work/no-from.eml"
ld no-from-missing -f mail "$work/no-such-archive"
expect_error no-from-missing 2 "--mail-from: no sender: .*"
result "no --mail-from and no \$EMAIL: exit 2, one line, before the source is read"

i=0
bad() { # RC PATTERN ARGS...: a refused option
	local want_rc=$1 pattern=$2
	shift 2
	i=$((i + 1))
	ld "bad$i" "$@"
	expect_error "bad$i" "$want_rc" "$pattern"
}
bad 2 "--mail-from: must not hold control characters such as CR or LF" \
	-f mail --mail-from $'Eve <eve@example.org>\r\nBcc: victim@example.com' "$c53"
bad 2 "--mail-from: must not hold control characters such as CR or LF" \
	-f mail --mail-from $'eve@example.org\nBcc: victim@example.com' "$c53"
bad 2 "--mail-to: must not hold control characters such as CR or LF" \
	-f mail --mail-from ann@example.com --mail-to $'list@example.org\r\nSubject: forged' "$c53"
EMAIL=$'eve@example.org\nBcc: victim@example.com' bad 2 '--mail-from: \$EMAIL: must not hold control characters such as CR or LF' \
	-f mail "$c53"
bad 2 "--mail-to: 'a@example.org, b@example.org' holds no address .*" \
	-f mail --mail-from ann@example.com --mail-to 'a@example.org, b@example.org' "$c53"
bad 2 "--mail-to: 'nobody' holds no address .*" -f mail --mail-from ann@example.com --mail-to nobody "$c53"
bad 2 "--mail-from: 'Ann <ann@example.com> Bcc: x@example.com' has text after its <address>" \
	-f mail --mail-from 'Ann <ann@example.com> Bcc: x@example.com' "$c53"
bad 2 "--mail-from: 'Ann <ann@exa mple.com>' holds no address .*" -f mail --mail-from 'Ann <ann@exa mple.com>' "$c53"
bad 2 "--mail-from: '<ann@example.com>>' holds no address .*" -f mail --mail-from '<ann@example.com>>' "$c53"
result "header injection and anything but one address: --mail-from, --mail-to and \$EMAIL refused (exit 2)"

bad 2 "--mail-to: only with the mail format .*" --mail-to list@example.org "$c53"
bad 2 "--mail-html: only with the mail format .*" -o "$work/x.txt" --mail-html "$c53"
bad 2 "--color: unknown value 'sometimes' .*" --color=sometimes "$c53"
result "mail options without the mail format, and a bad --color: exit 2"

# A List-Id that names no address: the mail is not made, and says why.
mkdir -p "$work/odd"
cat >"$work/odd/01.eml" <<'MSG'
From: Ann Reader <ann@example.com>
To: odd@example.org
Subject: [PATCH] odd: a list whose List-Id is not an address
Date: Mon, 03 Nov 2025 09:00:00 +0000
Message-ID: <odd-1@example.com>
List-Id: Odd list <odd list@example.org>
X-Fixture-Delivered: Mon, 03 Nov 2025 09:00:00 +0000

The List-Id holds a blank and an '@'.
.
From the start of a line, and a lone dot above.
Trailing blanks here   
	a tab first, a tab last	
A long line: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx==x
Grüße aus Zürich, ありがとう — ünïcödé at the soft break: ääääääääääääääääääääääääääääääääääää
MSG
if "$golden/mkrepo" "$work/odd.git" "$work/odd/01.eml" >"$work/mkrepo-odd.log" 2>&1; then
	EMAIL=$SENDER ld odd -f mail "$work/odd.git"
	expect_error odd 1 "--mail-to: the List-Id 'Odd list <odd list@example.org>' names no posting address; give --mail-to ADDR"
	result "a List-Id that is not an address gives no To: (exit 1, one line)"
	ld odd-text "$work/odd.git"
	EMAIL=$SENDER ld odd-mail -f mail --mail-to odd@example.org "$work/odd.git"
	check_mail odd-mail odd-text to=odd@example.org
	grep -q '^=2E$' "$work/odd-mail.out" || fail_because "the lone dot is not =2E"
	grep -q '^=46rom the start' "$work/odd-mail.out" || fail_because "a line's 'From ' is not =46rom"
	grep -q 'here  =20$' "$work/odd-mail.out" || fail_because "trailing blanks are not encoded"
	result "quoted-printable: a lone dot, 'From ', trailing blanks, tabs, long lines and UTF-8 decode to the text"
else
	notok "mkrepo of a fixture with an odd List-Id"
	diag <"$work/mkrepo-odd.log"
fi

# Non-ASCII names and a long list name: encoded words that decode back.
LN='Ünïcödé Liste für Prüfungen mit einem sehr langen Namen, der über mehrere Wörter geht — 日本語のリスト名'
ld u-text --list-name "$LN" "$c53"
ld u-mail -f mail --list-name "$LN" \
	--mail-from 'Søren Kjærgaard-Østergård von und zu Langenamen-Hausen-Überlingen <soren@example.org>' \
	--mail-to 'Zoë Ångström <zoe@example.net>' "$c53"
check_mail u-mail u-text from=soren@example.org \
	from_name='Søren Kjærgaard-Østergård von und zu Langenamen-Hausen-Überlingen' \
	to=zoe@example.net to_name='Zoë Ångström'
n=$(grep -c '=?UTF-8?Q?' "$work/u-mail.out")
[ "$n" -ge 4 ] || fail_because "only $n lines with encoded words"
result "non-ASCII list name, From and To names: RFC 2047 words of at most 75 characters, lines of at most 78, decoded back"
ld long-text --list-name "$(printf 'LIST%.0s' {1..30})" "$c53"
EMAIL=$SENDER ld long-mail -f mail --list-name "$(printf 'LIST%.0s' {1..30})" "$c53"
check_mail long-mail long-text
result "an ASCII subject with a word too long to fold is encoded, and decodes back"

# one Date for both (else two runs a second apart differ in it): only the Message-ID may differ
EMAIL=$SENDER SOURCE_DATE_EPOCH=$EPOCH ld mid1 -f mail "$c53"
EMAIL=$SENDER SOURCE_DATE_EPOCH=$EPOCH ld mid2 -f mail "$c53"
check_mail mid1 text53
check_mail mid2 text53
if [ -s "$work/mid1.mid" ] && cmp -s "$work/mid1.mid" "$work/mid2.mid"; then
	fail_because "two runs have the same Message-ID: $(cat "$work/mid1.mid")"
fi
grep -v '^Message-ID:' "$work/mid1.out" >"$work/mid1.rest"
grep -v '^Message-ID:' "$work/mid2.out" >"$work/mid2.rest"
cmp -s "$work/mid1.rest" "$work/mid2.rest" || fail_because "two runs differ beyond the Message-ID"
result "two runs: unique Message-IDs (@ the From domain), all else the same bytes"

EMAIL=$SENDER ld always-mail -f mail --color=always "$c50"
ld c50-text "$c50"
check_mail always-mail c50-text
result "--color=always leaves the mail's body plain"

# --mail-html: the HTML format as the second part of multipart/alternative.
if ld html -f html "$c53" && [ "$(rc html)" = 0 ]; then
	EMAIL=$SENDER ld html-mail -f mail --mail-html "$c53"
	expect_rc html-mail 0
	check_mail html-mail text53 html="$work/html.out"
	result "--mail-html: multipart/alternative, the text then the html, each decoded byte for byte"
else
	EMAIL=$SENDER ld html-mail -f mail --mail-html "$c53"
	expect_error html-mail 2 "--mail-html: the html format is not built"
	result "--mail-html without the html format: exit 2, one line"
	echo "ok - # SKIP --mail-html's multipart/alternative: the html format is not built here"
fi

# ---------------------------------------------------------------------------
# One range of each shared archive.

for name in kvm-ppc.vger.kernel.org.0 kvmarm.lists.cs.columbia.edu.0; do
	repo=$data/$name.git
	if ! git --git-dir="$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		rm -rf "$repo" "$repo.tmp"
		if ! git clone -q --bare "$SHARED_DIR/archives/$name.bundle" "$repo.tmp" 2>"$work/clone.err" ||
			! mv "$repo.tmp" "$repo"; then
			notok "$name: clone the bundle"
			diag <"$work/clone.err"
			continue
		fi
	fi
	list=${name%%.*}
	domain=${name#*.}
	domain=${domain%.0}
	ld "$name.text" "$repo" HEAD~400..HEAD
	EMAIL=$SENDER SOURCE_DATE_EPOCH=$EPOCH ld "$name.mail" -f mail "$repo" HEAD~400..HEAD
	expect_rc "$name.mail" 0
	[ "$(rc "$name.mail")" != 0 ] ||
		check_mail "$name.mail" "$name.text" to="$list@$domain" date=$EPOCH from=digest@example.org
	result "$name HEAD~400..HEAD: the mail parses, To: $list@$domain, its body is the text byte for byte"
done

# ---------------------------------------------------------------------------
# Bold headings: on a terminal only, unless NO_COLOR or --color says otherwise.

# tty NAME ARGS...: runs listdigest with standard output on a terminal
# (script(1)); its output, CR LF made LF, in NAME.out.
tty() {
	local name=$1 cmd
	shift
	cmd=$(printf '%q ' "$LD" -q "$@")
	timeout -k 10 300 script -qec "$cmd" /dev/null </dev/null | tr -d '\r' >"$work/$name.out"
}
BOLD=$'\033[1m'
has_bold() { grep -qF "$BOLD" "$work/$1.out"; }
# The text's headings: the title, then the first line of each section.
headings() {
	awk 'NR == 2 { print; next } prev == "" && NR > 2 && /^(Top [0-9]+ |===== )/ { print } { prev = $0 }' "$1"
}

ld plain "$c50"
tty tty-auto "$c50"
has_bold tty-auto || fail_because "no bold on a terminal"
sed -e 's/\x1b\[1m//g; s/\x1b\[m//g' "$work/tty-auto.out" >"$work/tty-auto.stripped"
cmp -s "$work/plain.out" "$work/tty-auto.stripped" || fail_because "on a terminal, without its bold, the text differs from the piped text"
grep -F "$BOLD" "$work/tty-auto.out" | sed -e 's/\x1b\[1m//; s/\x1b\[m$//' >"$work/tty-auto.bold"
headings "$work/plain.out" >"$work/plain.headings"
cmp -s "$work/plain.headings" "$work/tty-auto.bold" || {
	fail_because "the bold lines are not the title and the section headings:"
	why+=$(diff "$work/plain.headings" "$work/tty-auto.bold" | head -n 20)$'\n'
}
[ "$(wc -l <"$work/plain.headings")" -ge 8 ] || fail_because "only $(wc -l <"$work/plain.headings") headings in case 50"
result "on a terminal: the title and each section heading are bold, nothing else changes"

NO_COLOR=1 tty tty-no-color "$c50"
has_bold tty-no-color && fail_because "bold on a terminal with NO_COLOR=1"
result "NO_COLOR=1 on a terminal: no bold"
NO_COLOR= tty tty-no-color-empty "$c50"
has_bold tty-no-color-empty || fail_because "no bold on a terminal with NO_COLOR empty"
result "NO_COLOR set but empty on a terminal: bold (no-color.org)"
tty tty-never --color=never "$c50"
has_bold tty-never && fail_because "bold with --color=never"
cmp -s "$work/plain.out" "$work/tty-never.out" || fail_because "--color=never on a terminal differs from the piped text"
result "--color=never on a terminal: no bold, the piped text"

has_bold plain && fail_because "bold when piped"
ld piped-auto --color=auto "$c50"
cmp -s "$work/plain.out" "$work/piped-auto.out" || fail_because "--color=auto piped differs"
result "piped: no bold"
ld piped-always --color=always "$c50"
NO_COLOR=1 ld piped-always-nc --color "$c50"
has_bold piped-always || fail_because "no bold with --color=always piped"
cmp -s "$work/piped-always.out" "$work/tty-auto.out" || fail_because "--color=always piped differs from the terminal's text"
cmp -s "$work/piped-always.out" "$work/piped-always-nc.out" || fail_because "--color alone with NO_COLOR=1 differs from --color=always"
result "--color=always (and --color alone) piped, even with NO_COLOR: the terminal's bold text"
tty tty-o -o "$work/tty-o.txt" "$c50"
cmp -s "$work/plain.out" "$work/tty-o.txt" || fail_because "-o FILE from a terminal is not the plain text"
result "-o FILE from a terminal: no bold in the file"

echo "# mail: $pass passed, $fail failed"
[ "$fail" = 0 ]
