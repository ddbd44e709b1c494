# Reading a log: log, show, checkpoint, prove. Asking past the end is a "no"
# (1); a malformed number or OLD > NEW is a usage error (2).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d nhatky --origin example.vn/log --no-passphrase -t 1700000000 2>/dev/null
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -t 1700000100 2>/dev/null
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
$ txng append -d nhatky --as ho-a-vang -t 1700001000 "$DATA"/events.jsonl
2
3
4
$ txng append -d nhatky --as ho-a-vang -t 1700002000 "$DATA"/nfd.json
5

# log
$ txng log -d nhatky
0	2023-11-14T22:13:20Z	txng:Genesis	example.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	example.vn/log
2	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
3	2023-11-14T22:30:00Z	AggregationEvent	ho-a-vang
4	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
5	2023-11-14T22:46:40Z	ObjectEvent	ho-a-vang
$ txng log -d nhatky --json
{"event":{"key":"example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9","origin":"example.vn/log","type":"txng:Genesis"},"index":0,"prev":"","recorded":"2023-11-14T22:13:20Z","signatures":[{"key":"example.vn/log+47806e38","sig":"dfcx7kSJ/OIrgQzxRpvqG2MiucT+jqJE7inynDwFwFsFFYv7FFQwAc1BtYz3etZTcNOI5C3a6OXLi6HszDyVBg=="}],"v":1}
{"event":{"key":"ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR","role":"grower","type":"txng:KeyEnrol"},"index":1,"prev":"PAt0VsyCXIyPBQ1GNzsK/6Lm3xkc3BTuX47GWYoKqmA=","recorded":"2023-11-14T22:15:00Z","signatures":[{"key":"example.vn/log+47806e38","sig":"0T5oUcLsz9wL2us8PoEwYVVbihmcyAw5aKsZodeHW0ZlNIYn6Zy+m/HnyNECln6DgEq2gI1rbTd67SY1DXCpCQ=="}],"v":1}
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:harvesting","epcList":["urn:txng:example.vn:lot:L24-017"],"eventTime":"2024-11-12T09:15:00+07:00","type":"ObjectEvent"},"index":2,"prev":"1JnHCN1CjOdFjnijV5T8L0t3PUM4tcG5CZDwx0eapzA=","recorded":"2023-11-14T22:30:00Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"3J5cEKUxEmD/RWQN9Rsq69m4YKxqViBSq8kYdnl3k9AAuFj/GF9WTwqhw4CQp9RUzofazzqmLbF7LQu0cRq6Cg=="}],"v":1}
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:packing","eventTime":"2024-11-13T14:00:00+07:00","parentID":"urn:txng:example.vn:box:B-1","txng:units":40,"type":"AggregationEvent"},"index":3,"prev":"BkLsKjcfZprtuDuszW5WgQdSUH6GErt/zRSauMHLfIM=","recorded":"2023-11-14T22:30:00Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"MiR/RUzQ4NxGhoaFo6yopjIK1vAWtbSKDt0PPZB80OHJcnosEX7/qt07uKD9KojA2t3P4vzzx8Try9YSst6ABA=="}],"v":1}
{"event":{"action":"OBSERVE","bizStep":"urn:epcglobal:cbv:bizstep:shipping","epcList":["urn:txng:example.vn:box:B-1"],"eventTime":"2024-11-14T06:00:00+07:00","type":"ObjectEvent"},"index":4,"prev":"Sw9/0RYxgVtZNKWjLb/MulpmLKSwoRAZOPvKiXDP8gY=","recorded":"2023-11-14T22:30:00Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"MT9gny1SmtC6iT1ColitE8Zp3nWKQZYi+nPs702lJB0ARGaeZlNNjYmbI01186bfA1OlLPuOf8ZIPcX1npO4Bw=="}],"v":1}
{"event":{"action":"ADD","eventTime":"2024-11-12T09:15:00+07:00","txng:note":"Sâm Ngọc Linh","type":"ObjectEvent"},"index":5,"prev":"nTu4IF4oFZPKLMcamxrzvaTvnOqmU8wyeoeipJYp+18=","recorded":"2023-11-14T22:46:40Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"V4f6lS6XQ8BCfdtrnSJKhH3MazJMmjIKdVhGsv4hP+EA7zMQMBGyEPlkQ/UW5EWVPLDLKEz7X/7b2gjNtMKjAg=="}],"v":1}
$ txng log -d nhatky --from 2 --limit 2
2	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
3	2023-11-14T22:30:00Z	AggregationEvent	ho-a-vang
$ txng log -d nhatky -f 5 -l 10
5	2023-11-14T22:46:40Z	ObjectEvent	ho-a-vang
$ txng log -d nhatky --from 9
! txng: nhatky: no such command (see 'txng --help')
[2]
$ txng log -d nhatky --limit 0
! txng: nhatky: no such command (see 'txng --help')
[2]
$ txng log -d nhatky --from two
! txng: log: not a number: two
! usage: txng log -d DIR [--from N] [--limit N] [--json]
[2]
$ txng log -d nhatky --from -1
! txng: log: not a number: -1
! usage: txng log -d DIR [--from N] [--limit N] [--json]
[2]
$ txng log -d nhatky --size 3
! txng: log: unknown option --size
! usage: txng log -d DIR [--from N] [--limit N] [--json]
[2]
$ txng log -d nhatky extra
! txng: log: unexpected argument extra
! usage: txng log -d DIR [--from N] [--limit N] [--json]
[2]

# show
$ txng show -d nhatky 2
index      2
recorded   2023-11-14T22:30:00Z
leaf hash  BkLsKjcfZprtuDuszW5WgQdSUH6GErt/zRSauMHLfIM=
previous   1JnHCN1CjOdFjnijV5T8L0t3PUM4tcG5CZDwx0eapzA=
signed by  ho-a-vang+53580c61
event
{
  "action": "ADD",
  "bizStep": "urn:epcglobal:cbv:bizstep:harvesting",
  "epcList": [
    "urn:txng:example.vn:lot:L24-017"
  ],
  "eventTime": "2024-11-12T09:15:00+07:00",
  "type": "ObjectEvent"
}
$ txng show -d nhatky 5 --json
{"event":{"action":"ADD","eventTime":"2024-11-12T09:15:00+07:00","txng:note":"Sâm Ngọc Linh","type":"ObjectEvent"},"index":5,"prev":"nTu4IF4oFZPKLMcamxrzvaTvnOqmU8wyeoeipJYp+18=","recorded":"2023-11-14T22:46:40Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"V4f6lS6XQ8BCfdtrnSJKhH3MazJMmjIKdVhGsv4hP+EA7zMQMBGyEPlkQ/UW5EWVPLDLKEz7X/7b2gjNtMKjAg=="}],"v":1}
$ txng show -d nhatky 6
! txng: nhatky: no record 6 in this log
[1]
$ txng show -d nhatky 18446744073709551615
! txng: nhatky: no record 18446744073709551615 in this log
[1]
$ txng show -d nhatky two
! txng: show: not a record index: two
! usage: txng show -d DIR INDEX [--json]
[2]
$ txng show -d nhatky 01
! txng: show: not a record index: 01
! usage: txng show -d DIR INDEX [--json]
[2]
$ txng show -d nhatky -- -1
! txng: show: not a record index: -1
! usage: txng show -d DIR INDEX [--json]
[2]
$ txng show -d nhatky
! txng: show: no record index
! usage: txng show -d DIR INDEX [--json]
[2]
$ txng show -d nhatky 1 2
! txng: show: too many arguments
! usage: txng show -d DIR INDEX [--json]
[2]

# checkpoint: the newest, or the one signed at a given size.
$ txng checkpoint -d nhatky
example.vn/log
6
Dgqne93nHBU5HvklszbFXnG3s8mHJI0l7+nnFyfpoVI=

— example.vn/log R4BuOMzpbdwqBpfc8tDsh1Kfbb7qAjCNVNwGBzhN36rgLLHvr9nr710/0/v7e0P9l8fn6o4rug433+QiTiO4B/2WzgU=
$ txng checkpoint -d nhatky --size 2
example.vn/log
2
AArg2UwIyKXFM+y92pECGRd8TQMipjElREB6HfeqWDc=

— example.vn/log R4BuOGLqgOQ7IfnjwRgv/WM4Gb6BufFHXdMojJ2tzTs2L2JfW6N2p/AY+R6r5jVN6kccsUOWrIicw3rHcT3/v6P+xA4=
$ txng checkpoint -d nhatky -s 1
example.vn/log
1
PAt0VsyCXIyPBQ1GNzsK/6Lm3xkc3BTuX47GWYoKqmA=

— example.vn/log R4BuOG7aEDXRILXayxOpSfhLPRShCXZm64mzle2b2xAhCWOyg/BQDcq8tZJKwQ4XFsbDoANNhr6/pL/IgJBwA9X96w8=
$ txng checkpoint -d nhatky --size 3
! txng: nhatky: no checkpoint of size 3
[1]
$ txng checkpoint -d nhatky --size 99
! txng: nhatky: no checkpoint of size 99
[1]
$ txng checkpoint -d nhatky --size
! txng: checkpoint: --size needs a value
! usage: txng checkpoint -d DIR [--size N]
[2]
$ txng checkpoint -d nhatky --size x
! txng: checkpoint: not a number: x
! usage: txng checkpoint -d DIR [--size N]
[2]

# prove: inclusion (C2SP tlog-proof against the newest checkpoint) and
# consistency between two sizes.
$ txng prove -d nhatky 3
c2sp.org/tlog-proof@v1
index 3
BkLsKjcfZprtuDuszW5WgQdSUH6GErt/zRSauMHLfIM=
AArg2UwIyKXFM+y92pECGRd8TQMipjElREB6HfeqWDc=
GM7FcO0VTRiyI7oWym7F7Qx5xwyROFKV93KmMFlEUJ4=

example.vn/log
6
Dgqne93nHBU5HvklszbFXnG3s8mHJI0l7+nnFyfpoVI=

— example.vn/log R4BuOMzpbdwqBpfc8tDsh1Kfbb7qAjCNVNwGBzhN36rgLLHvr9nr710/0/v7e0P9l8fn6o4rug433+QiTiO4B/2WzgU=
$ txng prove -d nhatky 0
c2sp.org/tlog-proof@v1
index 0
1JnHCN1CjOdFjnijV5T8L0t3PUM4tcG5CZDwx0eapzA=
R9j8YtncEQKwa9RcnHjk8T39Tn2/oUXQCRXr2uyOWu8=
GM7FcO0VTRiyI7oWym7F7Qx5xwyROFKV93KmMFlEUJ4=

example.vn/log
6
Dgqne93nHBU5HvklszbFXnG3s8mHJI0l7+nnFyfpoVI=

— example.vn/log R4BuOMzpbdwqBpfc8tDsh1Kfbb7qAjCNVNwGBzhN36rgLLHvr9nr710/0/v7e0P9l8fn6o4rug433+QiTiO4B/2WzgU=
$ txng prove -d nhatky 6
! txng: nhatky: no record 6 in this log
[1]
$ txng prove -d nhatky --consistency 2 5
txng-consistency-proof@v1
old 2
new 5
R9j8YtncEQKwa9RcnHjk8T39Tn2/oUXQCRXr2uyOWu8=
nTu4IF4oFZPKLMcamxrzvaTvnOqmU8wyeoeipJYp+18=
$ txng prove -d nhatky -c 6 6
txng-consistency-proof@v1
old 6
new 6
$ txng prove -d nhatky --consistency 0 6
txng-consistency-proof@v1
old 0
new 6
$ txng prove -d nhatky --consistency 2 7
! txng: nhatky: the log has fewer than 7 records
[1]
$ txng prove -d nhatky --consistency 5 2
! txng: prove: OLD (5) is larger than NEW (2)
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW
[2]
$ txng prove -d nhatky --consistency 5
! txng: prove: --consistency needs OLD and NEW sizes
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW
[2]
$ txng prove -d nhatky --consistency five 6
! txng: prove: not a log size: five
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW
[2]
$ txng prove -d nhatky
! txng: prove: no record index
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW
[2]
$ txng prove -d nhatky x
! txng: prove: not a record index: x
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW
[2]
$ txng prove -d nolog 1
! txng: nolog: no such folder
[3]

# Output that cannot be written is status 3.
$ txng log -d nhatky >/dev/full
! txng: cannot write the output: No space left on device
[3]
$ txng checkpoint -d nhatky >/dev/full
! txng: cannot write the output: No space left on device
[3]
