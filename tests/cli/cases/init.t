# txng init: create a log, print its verifier key. Bad command lines are
# status 2 with a usage line; a log that cannot be made is status 3. Nothing
# is left behind by a refused init.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d nhatky --origin example.vn/log --no-passphrase -t 1700000000
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
! txng: nhatky/log.key: warning: key file written without a passphrase
$ ls nhatky
data.mdb
lock.mdb
log.key
$ txng log -d nhatky
0	2023-11-14T22:13:20Z	txng:Genesis	example.vn/log
# A new log holds its genesis record only.
$ txng show -d nhatky 1
! txng: nhatky: no record 1: the log has 1 record (0)
[1]
$ txng init --help
usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
create a new log and its key; print the log's verifier key

options:
  -d, --dir DIR        the log folder to create (or $TXNG_DIR)
  -o, --origin ORIGIN  the log's name, e.g. htx-samngoclinh.vn/log
  -n, --no-passphrase  write the log key without a passphrase
  -t, --time TIME      time of the genesis record (RFC 3339, or seconds
                       since 1970)
  -j, --json           {"dir","file","key","origin"}: the log folder,
                       its key file, verifier key and origin
  -h, --help           show this help

# --json: one line as key new --json prints it: the log folder, its key file,
# the verifier key and the origin.
$ txng init -d nhatky-json --origin example.vn/json --no-passphrase -t 1700000000 --json
{"dir":"nhatky-json","file":"nhatky-json/log.key","key":"example.vn/json+e8295154+AeI9yb4lFXgxyvy33aE+8FlkCArRh8N/3Zq2OLKjm053","origin":"example.vn/json"}
! txng: nhatky-json/log.key: warning: key file written without a passphrase
$ txng init -d nhatky-json2 --origin example.vn/json2 -n -t 1700000000 -j 2>/dev/null
{"dir":"nhatky-json2","file":"nhatky-json2/log.key","key":"example.vn/json2+4153b6d4+AeHRznQrwe6nEOIYgMPBZ9NRJ/bQWy8tVksOaFze7ncL","origin":"example.vn/json2"}

# A second init on the same folder changes nothing.
$ txng init -d nhatky --origin other.vn/log --no-passphrase -t 1700000001
! txng: nhatky: a log already exists here
[3]
$ txng log -d nhatky
0	2023-11-14T22:13:20Z	txng:Genesis	example.vn/log
$ txng verify -d nhatky
ok: example.vn/log: 1 records, 1 keys, 1 checkpoints, root PAt0VsyCXIyPBQ1GNzsK/6Lm3xkc3BTuX47GWYoKqmA=

# The folder can come from TXNG_DIR; the time may be RFC 3339 with an offset.
$ TXNG_DIR=nhatky2 txng init --origin example.vn/log2 --no-passphrase -t 2024-11-12T09:15:00+07:00
example.vn/log2+a9b39717+AZOtnWSWixwW4Ck1YdkJVgnyaEml+TBy+TAntFRARpVC
! txng: nhatky2/log.key: warning: key file written without a passphrase
$ txng log -d nhatky2
0	2024-11-12T02:15:00Z	txng:Genesis	example.vn/log2

# Bad command lines.
$ txng init -d nhatky3 --no-passphrase
! txng: init: no origin: give --origin NAME, e.g. example.vn/log
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin 'ho a vang' --no-passphrase
! txng: init: --origin: not a valid origin (no spaces, no '+'): ho a vang
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin 'a+b' --no-passphrase
! txng: init: --origin: not a valid origin (no spaces, no '+'): a+b
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin ''
! txng: init: no origin: give --origin NAME, e.g. example.vn/log
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin example.vn/log --time yesterday
! txng: init: --time: not a time: yesterday
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin example.vn/log --time 2024-02-30T00:00:00Z
! txng: init: --time: not a time: 2024-02-30T00:00:00Z
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
# A genesis in the future would date every later record before it.
$ txng init -d nhatky3 --origin example.vn/log --no-passphrase --time 9000-01-01T00:00:00Z
! txng: init: --time: 9000-01-01T00:00:00Z is more than 600 seconds after the clock: give a time that has passed
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin
! txng: init: --origin needs a value
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin example.vn/log --frobnicate
! txng: init: unknown option --frobnicate
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng init -d nhatky3 --origin example.vn/log extra
! txng: init: unexpected argument extra
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ ls
nhatky
nhatky-json
nhatky-json2
nhatky2

# TXNG_INSECURE_SEED (tests only) must be 64 hex digits.
$ TXNG_INSECURE_SEED=00ff txng init -d nhatky3 --origin example.vn/log --no-passphrase -t 1700000000
! txng: TXNG_INSECURE_SEED: must be 64 hex digits
[2]

# A folder that is a file, or under a missing parent.
$ touch afile
$ txng init -d afile --origin example.vn/log --no-passphrase -t 1700000000
! txng: afile: Not a directory
[3]
$ txng init -d no/such/folder --origin example.vn/log --no-passphrase -t 1700000000
! txng: no/such/folder: No such file or directory
[3]

# Without --no-passphrase, the log key needs a passphrase: none can be had
# here (no TXNG_PASSPHRASE, no terminal), so nothing is created.
$ txng init -d nhatky4 --origin example.vn/log -t 1700000000
! txng: the log key: a passphrase is needed: set TXNG_PASSPHRASE, run on a terminal, or give --no-passphrase
[3]
$ ls
afile
nhatky
nhatky-json
nhatky-json2
nhatky2
