# A retry after the signing key was revoked: what the log already holds,
# signed by that key before the revocation, is nothing new (exit 0, nothing
# appended); anything new is refused, as the key may not sign new records.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L ho-a --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ cp "$DATA/thu-hoach.csv" .
$ txng place add -d L --as ho-a -r "$R" --name "Vườn 1, tiểu khu 12" --code vuon-1 >/dev/null
$ txng record plant -d L --as ho-a -r "$R" --cohort V3-2019 --place vuon-1 --count 400 --time 2019-10-20T08:00+07:00
3
$ txng import -d L --as ho-a -r "$R" --csv thu-hoach.csv
imported 3 events (records 4..6)
$ printf '{"type":"example:Tick","n":1}\n{"type":"example:Tick","n":2}\n' > ticks.jsonl
$ txng append -d L --as ho-a --time "$R" ticks.jsonl
7
8
$ txng key revoke -d L ho-a -t 1764547300
revoked ho-a+c6cabc90
$ txng checkpoint -d L | sed -n 2p
10

# The same inputs again: nothing new, nothing appended.
$ txng append -d L --as ho-a --time 2025-12-02T00:00:00Z ticks.jsonl
7
8
! txng: ticks.jsonl: nothing new: all 2 events are already in the log (records 7..8)
$ txng import -d L --as ho-a -r 2025-12-02T00:00:00Z --csv thu-hoach.csv
nothing new: all 3 events are already in the log (records 4..6)
$ txng record plant -d L --as ho-a -r 2025-12-02T00:00:00Z --cohort V3-2019 --place vuon-1 --count 400 --time 2019-10-20T08:00+07:00
3
! txng: record plant: nothing new: 1 event is already in the log (record 3)
$ txng checkpoint -d L | sed -n 2p
10

# Anything new in the input is refused; an event given twice too.
$ printf '{"type":"example:Tick","n":1}\n{"type":"example:Tick","n":3}\n' > more.jsonl
$ txng append -d L --as ho-a --time 2025-12-02T00:00:00Z more.jsonl
! txng: ho-a+c6cabc90: key revoked at record 9; it may not sign new records
[3]
$ cat ticks.jsonl ticks.jsonl > twice.jsonl
$ txng append -d L --as ho-a --time 2025-12-02T00:00:00Z twice.jsonl
! txng: ho-a+c6cabc90: key revoked at record 9; it may not sign new records
[3]
$ txng record plant -d L --as ho-a -r 2025-12-02T00:00:00Z --cohort V4-2020 --place vuon-1 --count 400 --time 2020-10-20T08:00+07:00
! txng: ho-a+c6cabc90: key revoked at record 9; it may not sign new records
[3]
$ txng checkpoint -d L | sed -n 2p
10
$ txng verify -d L | cut -d, -f1
ok: htx-samngoclinh.vn/log: 10 records
