# shellcheck shell=bash
# Sourced by the suites that digest each golden case alone (tests/golden/run
# and tests/formats/*.sh), so that they all build a case the same way.
#
# golden_case_archive WORK DIR: builds, with mkrepo, the archive of the
# golden case in DIR (a folder of tests/golden/cases/) at WORK/cases/CASE.git,
# from the case's *.eml files or, for a malformed message's case (whose
# message is generated, not kept in the repository), from the file of its
# name that `mkrepo --write-malformed` writes into WORK/generated when no
# earlier call did. Sets
#   case        the case's name;
#   crepo       its archive;
#   args        its `args` file, one argument a line, @CASE@ replaced by DIR;
#   mkrepo_log  what mkrepo said (WORK/mkrepo-CASE.log).
# Returns 1 when the archive cannot be built; mkrepo_log then says why.

golden_mkrepo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mkrepo

golden_case_archive() {
	local work=$1 dir=${2%/} msgs arg
	case=${dir##*/}
	crepo=$work/cases/$case.git
	mkrepo_log=$work/mkrepo-$case.log
	args=()
	: >"$mkrepo_log" || return 1
	msgs=("$dir"/*.eml)
	if [ ! -e "${msgs[0]}" ]; then
		msgs=("$work/generated/$case")
		[ -d "$work/generated" ] ||
			"$golden_mkrepo" --write-malformed "$work/generated" >>"$mkrepo_log" 2>&1 || return 1
	fi
	"$golden_mkrepo" "$crepo" "${msgs[@]}" >>"$mkrepo_log" 2>&1 || return 1
	if [ -f "$dir/args" ]; then
		while IFS= read -r arg; do args+=("${arg//@CASE@/$dir}"); done <"$dir/args"
	fi
}
