#!/bin/sh
# run.sh - run one golden transcript of the txng command (STYLE.md §2.8)
#
# usage: run.sh CASE.t
#
# A case reads like a terminal session. "$ " starts a command (following lines
# that start with "> " continue it, for here-documents); the lines after it are
# its standard output verbatim, then its standard error with each line prefixed
# by "! ", then "[N]" when it exits with status N other than 0. Output that does
# not end in a newline gets " (no-eol)". Lines starting with "#" and blank lines
# are comments and are kept. All commands of a case run in one shell, in order,
# in a fresh scratch folder, so cd, variables and files carry over from one
# command to the next; standard input is /dev/null unless a command redirects it.
#
# Inside a case: txng runs the binary under test ($TXNG, under $TXNG_WRAPPER if
# set), tamper runs the test-only tamper tool ($TXNG_TAMPER), $DATA is the test
# data folder ($TXNG_DATA) and $TMP the scratch folder; every occurrence of the
# scratch folder's path in the output is written as $TMP. The environment is
# LC_ALL=C TZ=UTC HOME=$TMP with no TXNG_* variables set but TXNG_DATA,
# TXNG_LOCALEDIR (the built message catalogues), TXNG_TAMPER and TXNG_WRAPPER.
# For Vietnamese write `LC_ALL=C.UTF-8 LANGUAGE=vi txng ...` (this works without
# a vi_VN locale installed).
#
# The runner writes a new transcript from the actual output and compares it with
# the case (diff -u; exit 1 when they differ). With TXNG_UPDATE=1 it overwrites
# the case instead: review the change with git diff like code.
set -u

if [ $# -ne 1 ] || [ ! -r "$1" ]; then
    echo "usage: run.sh CASE.t (a readable transcript)" >&2
    exit 2
fi
if [ -z "${TXNG:-}" ]; then
    echo "run.sh: TXNG must name the txng binary" >&2
    exit 2
fi
case_file=$1

scratch=$(mktemp -d "${TMPDIR:-/tmp}/txng-cli.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT
trap 'exit 2' HUP INT TERM
mkdir "$scratch/work" "$scratch/run" || exit 2
work=$(cd "$scratch/work" && pwd -P) || exit 2
run=$scratch/run

# Parse the case into: the script to run ($run/script), the command text of
# each command ($run/cmd.N), the lines that followed it ($run/old.N; block 0
# holds the lines before the first command) and the number of commands.
cat >"$run/script" <<'EOF'
txng() { ${TXNG_WRAPPER:-} "$TXNG" "$@"; }
tamper() {
    if [ -z "${TXNG_TAMPER:-}" ]; then
        echo "tamper: TXNG_TAMPER is not set" >&2
        return 127
    fi
    "$TXNG_TAMPER" "$@"
}
EOF
n=0
in_cmd=0
: >"$run/old.0"
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
    '$ '*)
        n=$((n + 1))
        printf '%s\n' "$line" >"$run/cmd.$n"
        : >"$run/old.$n"
        in_cmd=1
        ;;
    '> '*)
        if [ "$in_cmd" = 1 ]; then
            printf '%s\n' "$line" >>"$run/cmd.$n"
        else
            printf '%s\n' "$line" >>"$run/old.$n"
        fi
        ;;
    *)
        in_cmd=0
        printf '%s\n' "$line" >>"$run/old.$n"
        ;;
    esac
done <"$case_file"

i=1
while [ "$i" -le "$n" ]; do
    # shellcheck disable=SC2016 # $RUN and $? expand when the script runs
    {
        printf '{\n'
        sed -e '1s/^\$ //' -e '2,$s/^> //' "$run/cmd.$i"
        printf '} >"$RUN/out.%d" 2>"$RUN/err.%d" </dev/null\n' "$i" "$i"
        printf 'echo "$?" >"$RUN/rc.%d"\n' "$i"
    } >>"$run/script"
    i=$((i + 1))
done

# Run the case in one shell, in a clean environment.
(
    cd "$work" || exit 2
    for v in $(env | sed -n 's/^\(TXNG_[A-Za-z0-9_]*\)=.*/\1/p'); do
        case $v in
        TXNG_DATA | TXNG_LOCALEDIR | TXNG_TAMPER | TXNG_WRAPPER) ;;
        *) unset "$v" ;;
        esac
    done
    unset LANG LANGUAGE LC_CTYPE LC_MESSAGES LC_COLLATE LC_NUMERIC LC_TIME XDG_DATA_HOME
    export TXNG
    DATA=${TXNG_DATA:-}
    TMP=$work
    HOME=$work
    RUN=$run
    LC_ALL=C
    TZ=UTC
    export DATA TMP HOME RUN LC_ALL TZ
    exec sh "$run/script"
) </dev/null >"$run/shell.out" 2>"$run/shell.err"

# Write the new transcript: each command, its output as it is now, then the
# comments and blank lines that followed it. When the old lines start with
# exactly the new output and nothing but comments and blank lines follow it,
# the rest are kept as they are; otherwise only the comments and blank lines
# after the last output line are kept, so that an expected line the command no
# longer prints (an error, an exit status "[N]") makes the case differ.
render() { # N: the output of command N as transcript lines
    if [ ! -f "$run/rc.$1" ]; then
        printf '! run.sh: the case shell stopped before this command finished\n'
        sed 's/^/! /' "$run/shell.err"
        printf '[255]\n'
        return
    fi
    for stream in out err; do
        f=$run/$stream.$1
        [ -s "$f" ] || continue
        if [ "$stream" = out ]; then
            cat "$f"
        else
            sed 's/^/! /' "$f"
        fi
        if [ -n "$(tail -c 1 "$f")" ]; then
            printf ' (no-eol)\n'
        fi
    done
    rc=$(cat "$run/rc.$1")
    if [ "$rc" != 0 ]; then
        printf '[%s]\n' "$rc"
    fi
}

kept() { # N: the comment lines that followed command N in the case
    old=$run/old.$1
    k=$(wc -l <"$run/new.$1")
    if head -n "$k" "$old" | cmp -s - "$run/new.$1" &&
        ! tail -n "+$((k + 1))" "$old" | grep -q -v -e '^#' -e '^$'; then
        tail -n "+$((k + 1))" "$old"
    else
        awk '/^(#|$)/ { held[++h] = $0; next }
             { h = 0 }
             END { for (j = 1; j <= h; j++) print held[j] }' "$old"
    fi
}

new=$scratch/new.t
cat "$run/old.0" >"$new"
i=1
while [ "$i" -le "$n" ]; do
    render "$i" | awk -v p="$work" '{
        out = ""
        while ((at = index($0, p)) > 0) {
            out = out substr($0, 1, at - 1) "$TMP"
            $0 = substr($0, at + length(p))
        }
        print out $0
    }' >"$run/new.$i"
    {
        cat "$run/cmd.$i"
        cat "$run/new.$i"
        kept "$i"
    } >>"$new"
    i=$((i + 1))
done

if [ "${TXNG_UPDATE:-}" = 1 ]; then
    if ! cmp -s "$case_file" "$new"; then
        diff -u "$case_file" "$new"
        cat "$new" >"$case_file" || exit 2
        echo "run.sh: updated $case_file"
    fi
    exit 0
fi
diff -u "$case_file" "$new" && exit 0
exit 1
