# An append run again is safe: a power cut during txng append leaves the
# cooperative not knowing whether the file landed, so it runs it again. Each
# event already in the log (the same event, signed by the same key: Ed25519
# signs deterministically) is left out and said so on stderr, with the
# records that hold it; the rest is appended in one transaction; the record
# of every event is printed, in input order, as the first run printed it.
# Nothing new: no record, no checkpoint, exit 0, and no passphrase asked.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin example.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L ho-a --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ cp "$DATA"/events.jsonl harvest.jsonl
$ txng append -d L --as ho-a -t 1700001000 harvest.jsonl
2
3
4
$ txng checkpoint -d L | sed -n 2p
5
$ txng append -d L --as ho-a -t 1700002000 harvest.jsonl
2
3
4
! txng: harvest.jsonl: nothing new: all 3 events are already in the log (records 2..4)
$ txng append -d L --as ho-a -t 1700002000 --json harvest.jsonl
{"index":2,"left_out":true}
{"index":3,"left_out":true}
{"index":4,"left_out":true}
! txng: harvest.jsonl: nothing new: all 3 events are already in the log (records 2..4)
$ txng checkpoint -d L | sed -n 2p
5

# A file partly in the log: the events it does not hold are appended.
$ { head -1 harvest.jsonl; sed 's/06:00:00/07:00:00/' harvest.jsonl | tail -1; tail -2 harvest.jsonl; sed 's/06:00:00/08:00:00/' harvest.jsonl | tail -1; } >more.jsonl
$ txng append -d L --as ho-a -t 1700003000 more.jsonl
2
5
3
4
6
! txng: more.jsonl: 3 events already in the log (records 2..4) were left out; appended 2 (records 5..6)
$ txng append -d L --as ho-a -t 1700003000 --json more.jsonl
{"index":2,"left_out":true}
{"index":5,"left_out":true}
{"index":3,"left_out":true}
{"index":4,"left_out":true}
{"index":6,"left_out":true}
! txng: more.jsonl: nothing new: all 5 events are already in the log (records 2..6)
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng append -d L --as ho-a -t 1700003000 more.jsonl
2
5
3
4
6
! txng: more.jsonl: không có gì mới: 5 sự kiện đã có sẵn trong nhật ký (bản ghi 2..6)

# All new: nothing said beyond the records. Then partly new, in Vietnamese and
# as JSON.
$ sed 's/2023-11-1/2023-10-2/' harvest.jsonl >later.jsonl
$ txng append -d L --as ho-a -t 1700004000 later.jsonl
7
8
9
$ { tail -1 later.jsonl; sed 's/2023-11-1/2023-10-0/' harvest.jsonl; } >mixed.jsonl
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng append -d L --as ho-a -t 1700004100 --json mixed.jsonl
{"index":9,"left_out":true}
{"index":10}
{"index":11}
{"index":12}
! txng: mixed.jsonl: bỏ qua 1 sự kiện đã có trong nhật ký (bản ghi 9); đã ghi thêm 3 (bản ghi 10..12)

# The same event twice in one input is a mistake of the input, not a retry:
# refused at the line that repeats, whether the log holds it or not.
$ { cat more.jsonl; head -1 more.jsonl; } >twice.jsonl
$ txng append -d L --as ho-a -t 1700005000 twice.jsonl
! txng: twice.jsonl:6: this event was given twice; an event is appended once: remove the repeated one
[3]
$ { sed 's/2023-11-1/2023-10-1/' harvest.jsonl | head -1; sed 's/2023-11-1/2023-10-1/' harvest.jsonl | head -1; } >new-twice.jsonl
$ txng append -d L --as ho-a -t 1700005000 new-twice.jsonl
! txng: new-twice.jsonl:2: this event was given twice; an event is appended once: remove the repeated one
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng append -d L --as ho-a -t 1700005000 new-twice.jsonl
! txng: new-twice.jsonl:2: sự kiện này được đưa hai lần; mỗi sự kiện chỉ được ghi một lần: hãy bỏ bản lặp lại
[3]

# Signed beforehand (txng sign), appended again with other events: the same.
$ txng sign --key L/keys/ho-a.key "$DATA"/event.json >signed.json
$ txng append -d L -t 1700006000 signed.json
13
$ { cat signed.json; sed 's/2023-11-1/2023-09-1/' harvest.jsonl | head -1; } >signed-and-bare.jsonl
$ txng append -d L --as ho-a -t 1700006100 signed-and-bare.jsonl
13
14
! txng: signed-and-bare.jsonl: 1 event already in the log (record 13) was left out; appended 1 (record 14)
$ txng append -d L --as ho-a -t 1700006200 signed-and-bare.jsonl
13
14
! txng: signed-and-bare.jsonl: nothing new: all 2 events are already in the log (records 13..14)

# A retry whose events all landed needs no passphrase: the log key is not read.
$ mv L/log.key log.key.saved
$ txng append -d L --as ho-a -t 1700007000 harvest.jsonl
2
3
4
! txng: harvest.jsonl: nothing new: all 3 events are already in the log (records 2..4)
$ mv log.key.saved L/log.key

# Each event once; the log verifies.
$ txng log -d L
0	2023-11-14T22:13:20Z	txng:Genesis	example.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	example.vn/log
2	2023-11-14T22:30:00Z	ObjectEvent	ho-a
3	2023-11-14T22:30:00Z	AggregationEvent	ho-a
4	2023-11-14T22:30:00Z	ObjectEvent	ho-a
5	2023-11-14T23:03:20Z	ObjectEvent	ho-a
6	2023-11-14T23:03:20Z	ObjectEvent	ho-a
7	2023-11-14T23:20:00Z	ObjectEvent	ho-a
8	2023-11-14T23:20:00Z	AggregationEvent	ho-a
9	2023-11-14T23:20:00Z	ObjectEvent	ho-a
10	2023-11-14T23:21:40Z	ObjectEvent	ho-a
11	2023-11-14T23:21:40Z	AggregationEvent	ho-a
12	2023-11-14T23:21:40Z	ObjectEvent	ho-a
13	2023-11-14T23:53:20Z	ObjectEvent	ho-a
14	2023-11-14T23:55:00Z	ObjectEvent	ho-a
$ txng verify -d L
ok: example.vn/log: 15 records, 2 keys, 8 checkpoints, root m8pgp4UvsSmdzTVZYuN80yv9GzEajwtN78duySEDZYM=
