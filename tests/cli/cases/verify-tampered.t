# Each kind of tampering makes txng verify exit 1, naming the first bad record
# (or the index entry). tamper is a test-only tool that edits the LMDB
# database directly, as someone with write access to the disk could.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d base --origin example.vn/log --no-passphrase -t 1700000000 2>/dev/null
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
$ txng key new -d base ho-a-vang --role grower --no-passphrase -t 1700000100 2>/dev/null
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
$ txng key new -d base htx-tumorong --role cooperative --no-passphrase -t 1700000200 2>/dev/null
htx-tumorong+5c1851a4+AYMDfqjOwVKAgRzWUKKZCd5/4vX3OSNAASp8QOP5MU+J
$ txng append -d base --as ho-a-vang -t 1700001000 "$DATA"/events.jsonl
3
4
5
$ txng append -d base --as htx-tumorong -t 1700002000 "$DATA"/event.json
6
$ txng sign --key base/keys/htx-tumorong.key "$DATA"/event.json >late.json
$ txng key revoke -d base htx-tumorong -t 1700003000
revoked htx-tumorong+5c1851a4
$ txng append -d base --as ho-a-vang -t 1700004000 "$DATA"/nfd.json
8
$ txng log -d base
0	2023-11-14T22:13:20Z	txng:Genesis	example.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	example.vn/log
2	2023-11-14T22:16:40Z	txng:KeyEnrol	example.vn/log
3	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
4	2023-11-14T22:30:00Z	AggregationEvent	ho-a-vang
5	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
6	2023-11-14T22:46:40Z	ObjectEvent	htx-tumorong
7	2023-11-14T23:03:20Z	txng:KeyRevoke	example.vn/log
8	2023-11-14T23:20:00Z	ObjectEvent	ho-a-vang
$ txng verify -d base
ok: example.vn/log: 9 records, 3 keys, 7 checkpoints, root +ASReFQPCyZZD3x63h0/l4tMcKH5+OJw25svRIJrF+Y=
$ t() { rm -rf t && cp -r base t && tamper t "$@"; }

# One bit of one byte inside record 4 (472 bytes): in its event ("ADD"
# becomes "@DD"), in its signature, in its "prev" hash (byte 251).
$ t flip 4 20
$ txng show -d t 4 | grep action
  "action": "@DD",
$ txng verify -d t
! txng: verify: record 4: signatures/0/sig: signature does not verify
[1]
$ t flip 4 375
$ txng verify -d t
! txng: verify: record 4: signatures/0/sig: signature is not base64 of 64 bytes
[1]
$ t flip 4 251
$ txng verify -d t
! txng: verify: record 4: prev: prev is not the hash of the previous record
[1]
$ t flip 0
$ txng verify -d t
! txng: verify: record 0: nodes: the nodes database does not match the records
[1]
# A record that is no longer canonical JSON ("event" becomes "evdnt"): the
# reading commands refuse it too.
$ t flip 4 4
$ txng verify -d t
! txng: verify: record 4: a record has exactly event, index, prev, recorded, signatures and v
[1]
$ txng log -d t --from 3
3	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
! txng: t: record 4: a record has exactly event, index, prev, recorded, signatures and v
[1]
$ txng show -d t 4
! txng: t: record 4: a record has exactly event, index, prev, recorded, signatures and v
[1]

# A record deleted: a hole; and the same with the later records renumbered,
# rechained and a new checkpoint signed with the log key.
$ t delete 5
$ txng verify -d t
! txng: verify: record 5: records are not numbered consecutively
[1]
$ txng show -d t 5
! txng: t: no record 5 in this log
[1]
$ t delete 5 && tamper t rechain
$ txng verify -d t
! txng: verify: record 5: checkpoints: a checkpoint does not match the records
[1]

# Two records swapped.
$ t swap 3 4
$ txng verify -d t
! txng: verify: record 3: index: record index does not match its position
[1]

# Record 4 given the (valid) signatures of record 3.
$ t resign 4 3
$ txng verify -d t
! txng: verify: record 4: signatures/0/sig: signature does not verify
[1]

# An older checkpoint put back as the newest.
$ t rollback
$ txng verify -d t
! txng: verify: record 8: newest checkpoint does not cover the log
[1]
# Deleting the older checkpoints loses history, not integrity: the log alone
# cannot show it (compare with a checkpoint kept elsewhere).
$ t prune
$ txng verify -d t
ok: example.vn/log: 9 records, 3 keys, 1 checkpoints, root +ASReFQPCyZZD3x63h0/l4tMcKH5+OJw25svRIJrF+Y=

# A stored tree node, a key entry.
$ t node 0 4
$ txng verify -d t
! txng: verify: record 4: nodes: the nodes database does not match the records
[1]
$ t node 1 2
$ txng verify -d t
! txng: verify: record 5: nodes: the nodes database does not match the records
[1]
$ t key ho-a-vang
$ txng verify -d t
! txng: verify: record 1: keys: the keys database does not match the records
[1]
$ t key ho-a-vang role admin
$ txng verify -d t
! txng: verify: record 1: keys: the keys database does not match the records
[1]
$ t key htx-tumorong revoked none
$ txng verify -d t
! txng: verify: record 2: keys: the keys database does not match the records
[1]

# A record signed by a revoked key, or by a key the log never enrolled,
# written past every check (with the log key, so the checkpoint is good).
$ t forge late.json
$ txng log -d t --from 8
8	2023-11-14T23:20:00Z	ObjectEvent	ho-a-vang
9	2023-11-14T23:20:00Z	ObjectEvent	htx-tumorong
$ txng verify -d t
! txng: verify: record 9: signatures/0/key: signed by a revoked key
[1]
$ t forge "$DATA"/signed-outsider.json
$ txng verify -d t
! txng: verify: record 9: signatures/0/key: signed by an unknown key
[1]
$ txng verify -d t --json
{"field":"signatures/0/key","index":9,"ok":false,"reason":"signed by an unknown key"}
! txng: verify: record 9: signatures/0/key: signed by an unknown key
[1]
