# A spreadsheet imported again (txng import --csv, after a power cut) and a
# step recorded again (txng record) append what the log does not hold yet. A
# row builds the same event each time (its time is a cell; codes come from the
# cells and the log's names), signed by the same key: the same signature, so
# the log knows it. Rows already in the log are left out and said so, with
# their records; nothing new: exit 0, no passphrase asked.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L ho-a --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ cp "$DATA/thu-hoach.csv" .
$ txng place add -d L --as ho-a -r "$R" --name "Vườn 1, tiểu khu 12" --code vuon-1
2
$ txng record plant -d L --as ho-a -r "$R" --cohort V3-2019 --place vuon-1 --count 400000 --time 2019-10-20T08:00+07:00
3
$ txng import -d L --as ho-a -r "$R" --csv thu-hoach.csv
imported 3 events (records 4..6)
$ txng checkpoint -d L | sed -n 2p
7

# Again: nothing new; the rules (a lot is harvested once) do not refuse what
# is in the log already.
$ txng import -d L --as ho-a -r 2025-12-02T00:00:00Z --csv thu-hoach.csv
nothing new: all 3 events are already in the log (records 4..6)
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng import -d L --as ho-a -r 2025-12-02T00:00:00Z --csv thu-hoach.csv
không có gì mới: 3 sự kiện đã có sẵn trong nhật ký (bản ghi 4..6)
$ txng checkpoint -d L | sed -n 2p
7

# The spreadsheet grew by a row since: only that row is appended.
$ { cat thu-hoach.csv; printf 'harvest;V3-2019;L24-019;08930000000026;3 kg;40;6;C0004-SNLKTG;;2025-09-22T07:30+07:00;\r\n'; } >thu-hoach-2.csv
$ txng import -d L --as ho-a -r 2025-12-02T00:00:00Z --csv thu-hoach-2.csv
left out 3 events already in the log (records 4..6)
imported 1 event (record 7)
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng import -d L --as ho-a -r 2025-12-02T00:00:00Z --csv thu-hoach-2.csv
không có gì mới: 4 sự kiện đã có sẵn trong nhật ký (bản ghi 4..7)

# A row given twice is refused at the row that repeats.
$ { cat thu-hoach-2.csv; tail -1 thu-hoach-2.csv; } >twice.csv
$ txng import -d L --as ho-a -r 2025-12-03T00:00:00Z --csv twice.csv
! txng: twice.csv:6: this event was given twice; an event is appended once: remove the repeated one
[3]

# txng record run again with the same options: the record it made.
$ txng record plant -d L --as ho-a -r 2025-12-03T00:00:00Z --cohort V3-2019 --place vuon-1 --count 400000 --time 2019-10-20T08:00+07:00
3
! txng: record plant: nothing new: 1 event is already in the log (record 3)
$ txng record plant -d L --as ho-a -r 2025-12-03T00:00:00Z --cohort V3-2019 --place vuon-1 --count 400000 --time 2019-10-20T08:00+07:00 --json
{"index":3,"left_out":true}
! txng: record plant: nothing new: 1 event is already in the log (record 3)
# A retry may give the recorded time of the first run, older than the newest
# record now: what is held is nothing new; anything new is refused.
$ txng record plant -d L --as ho-a -r "$R" --cohort V3-2019 --place vuon-1 --count 400000 --time 2019-10-20T08:00+07:00
3
! txng: record plant: nothing new: 1 event is already in the log (record 3)
$ txng import -d L --as ho-a -r "$R" --csv thu-hoach.csv
nothing new: all 3 events are already in the log (records 4..6)
$ txng import -d L --as ho-a -r "$R" --csv thu-hoach-2.csv
nothing new: all 4 events are already in the log (records 4..7)
$ txng record plant -d L --as ho-a -r "$R" --cohort V4-2020 --place vuon-1 --count 400 --time 2020-10-20T08:00+07:00
! txng: record: --recorded: 2025-12-01T00:00:00Z is before record 7, recorded 2025-12-02T00:00:00Z: records are kept in time order; give 2025-12-02T00:00:00Z or later
[3]
$ txng place add -d L --as ho-a -r 2025-12-03T00:00:00Z --name "Vườn 1, tiểu khu 12" --code vuon-1
2
! txng: place add: nothing new: 1 event is already in the log (record 2)
$ txng log -d L --from 2
2	2025-12-01T00:00:00Z	txng:Place	ho-a
3	2025-12-01T00:00:00Z	plant	ho-a
4	2025-12-01T00:00:00Z	treat	ho-a
5	2025-12-01T00:00:00Z	harvest	ho-a
6	2025-12-01T00:00:00Z	harvest	ho-a
7	2025-12-02T00:00:00Z	harvest	ho-a
$ txng verify -d L
ok: htx-samngoclinh.vn/log: 8 records, 2 keys, 6 checkpoints, root SuWNGthjN+13r4fTeSUgl9p/DyU5WvPLcDUSwyEkItk=
