#!/bin/sh
# runner-check.sh - run.sh itself must fail a case whose expected output has a
# line the command no longer prints: an error message, or an exit status "[N]"
# after a command that now succeeds silently. Comments and blank lines after
# the output stay allowed.
#
# usage: runner-check.sh RUN.SH (with $TXNG set, as for run.sh)
set -u
runner=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/txng-runner.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT

status=0
expect() { # WANT NAME: run.sh on $dir/NAME.t must exit WANT
    sh "$runner" "$dir/$2.t" >"$dir/$2.out" 2>&1
    got=$?
    if [ "$got" != "$1" ]; then
        echo "not ok: $2: run.sh exited $got, expected $1"
        cat "$dir/$2.out"
        status=1
    else
        echo "ok: $2"
    fi
}

printf '$ true\n! error that is not printed\n[2]\n' >"$dir/stale-error.t"
expect 1 stale-error
printf '$ true\n[1]\n' >"$dir/stale-status.t"
expect 1 stale-status
printf '$ echo a\na\nb\n' >"$dir/stale-output.t"
expect 1 stale-output
printf '$ echo a\na\n\n# a comment\n\n$ false\n[1]\n# end\n' >"$dir/comments.t"
expect 0 comments
printf '$ printf "a\\n\\nb\\n"\na\n\nb\n' >"$dir/blank-in-output.t"
expect 0 blank-in-output
exit $status
