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
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:harvesting","epcList":["urn:txng:example.vn:lot:L24-017"],"eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00","type":"ObjectEvent"},"index":2,"prev":"1JnHCN1CjOdFjnijV5T8L0t3PUM4tcG5CZDwx0eapzA=","recorded":"2023-11-14T22:30:00Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"onBivD+kFddNU8DX6oGPPFAPmSY6hgzIsIkAk7TgpXj8l6PMgviEPW7ipiEiSPa+4rI9pfMhKb8MRDx1msa2CA=="}],"v":1}
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:packing","eventTime":"2023-11-13T14:00:00+07:00","eventTimeZoneOffset":"+07:00","parentID":"urn:txng:example.vn:box:B-1","txng:units":40,"type":"AggregationEvent"},"index":3,"prev":"fJ/zysqjcW6ihBtFbvwUBeFWFdoPnEWPd4S/rXrZflc=","recorded":"2023-11-14T22:30:00Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"ze/X28oC2sOmUllcfNlfBIz9T9iv4/2lrkJ//Qt1EoHfablTgrnjx2Pk/z5IIKvCdQ3My3oFeEkqWstFMkAtDQ=="}],"v":1}
{"event":{"action":"OBSERVE","bizStep":"urn:epcglobal:cbv:bizstep:shipping","epcList":["urn:txng:example.vn:box:B-1"],"eventTime":"2023-11-14T06:00:00+07:00","eventTimeZoneOffset":"+07:00","type":"ObjectEvent"},"index":4,"prev":"rbrg3VCKaIhodBckK75e5IInWV5Ndg4+1+nelLtzB5I=","recorded":"2023-11-14T22:30:00Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"sn2HXdR6tB675ovv3gZX8TQlCiU03jKeJKtggPZse3BmTOC0Kh6BEhE8FFyvhBwu2iHJRsIW0ww4EWxBLUHZDg=="}],"v":1}
{"event":{"action":"ADD","eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00","txng:note":"Sâm Ngọc Linh","type":"ObjectEvent"},"index":5,"prev":"xHic7seucvhPsUIIGVYj5DHNIxfHdnGvTpN2iGGgbdo=","recorded":"2023-11-14T22:46:40Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"erSuFFATL09/OUGvOAc+GQIgYjA/KMzF0HuDUg8Imi1XYen9CZGOX9sZSHd5tBt50olLnw1X8/7hslBeKdK5Bw=="}],"v":1}
$ txng log -d nhatky --from 2 --limit 2
2	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
3	2023-11-14T22:30:00Z	AggregationEvent	ho-a-vang
$ txng log -d nhatky -f 5 -l 10
5	2023-11-14T22:46:40Z	ObjectEvent	ho-a-vang
# Past the end is a "no"; right after the last record, nothing to show yet.
$ txng log -d nhatky --from 9
! txng: nhatky: no record 9: the log has 6 records (0 to 5)
[1]
$ txng log -d nhatky --from 7 --json
! txng: nhatky: no record 7: the log has 6 records (0 to 5)
[1]
$ txng log -d nhatky --from 6
$ txng log -d nhatky --limit 0
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
leaf hash  fJ/zysqjcW6ihBtFbvwUBeFWFdoPnEWPd4S/rXrZflc=
previous   1JnHCN1CjOdFjnijV5T8L0t3PUM4tcG5CZDwx0eapzA=
signed by  ho-a-vang+53580c61
event
{
  "action": "ADD",
  "bizStep": "urn:epcglobal:cbv:bizstep:harvesting",
  "epcList": [
    "urn:txng:example.vn:lot:L24-017"
  ],
  "eventTime": "2023-11-12T09:15:00+07:00",
  "eventTimeZoneOffset": "+07:00",
  "type": "ObjectEvent"
}
$ txng show -d nhatky 5 --json
{"event":{"action":"ADD","eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00","txng:note":"Sâm Ngọc Linh","type":"ObjectEvent"},"index":5,"prev":"xHic7seucvhPsUIIGVYj5DHNIxfHdnGvTpN2iGGgbdo=","recorded":"2023-11-14T22:46:40Z","signatures":[{"key":"ho-a-vang+53580c61","sig":"erSuFFATL09/OUGvOAc+GQIgYjA/KMzF0HuDUg8Imi1XYen9CZGOX9sZSHd5tBt50olLnw1X8/7hslBeKdK5Bw=="}],"v":1}
$ txng show -d nhatky 6
! txng: nhatky: no record 6: the log has 6 records (0 to 5)
[1]
$ txng show -d nhatky 18446744073709551615
! txng: nhatky: no record 18446744073709551615: the log has 6 records (0 to 5)
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
NC+j9lnn9HNE4CO13RMRpQw+1eqBYmRVe+uPdHTE5gw=

— example.vn/log R4BuOMFv3PxYErCBQx1M3Ow8ghFZt2sTzkGKqLzqiwQltaEo99boHcKNF4aO4aXm7AI/sg7x1ru2d7AHhWKf4CYQqw0=
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
$ txng checkpoint -d nhatky --size 0
! txng: nhatky: no checkpoint of size 0
[1]
$ txng checkpoint -d nhatky --size 99
! txng: nhatky: no checkpoint of size 99
[1]
$ txng checkpoint -d nhatky --size
! txng: checkpoint: --size needs a value
! usage: txng checkpoint -d DIR [--size N] [--json]
[2]
$ txng checkpoint -d nhatky --size x
! txng: checkpoint: not a number: x
! usage: txng checkpoint -d DIR [--size N] [--json]
[2]

# prove: inclusion (C2SP tlog-proof against the newest checkpoint) and
# consistency between two sizes.
$ txng prove -d nhatky 3
c2sp.org/tlog-proof@v1
index 3
fJ/zysqjcW6ihBtFbvwUBeFWFdoPnEWPd4S/rXrZflc=
AArg2UwIyKXFM+y92pECGRd8TQMipjElREB6HfeqWDc=
EOLByy6rrgGcptoWeuz2+DoSVf+VKMoCJc3CQxIycXU=

example.vn/log
6
NC+j9lnn9HNE4CO13RMRpQw+1eqBYmRVe+uPdHTE5gw=

— example.vn/log R4BuOMFv3PxYErCBQx1M3Ow8ghFZt2sTzkGKqLzqiwQltaEo99boHcKNF4aO4aXm7AI/sg7x1ru2d7AHhWKf4CYQqw0=
$ txng prove -d nhatky 0
c2sp.org/tlog-proof@v1
index 0
1JnHCN1CjOdFjnijV5T8L0t3PUM4tcG5CZDwx0eapzA=
yxWVFGBjwdRsfgrC6PqF8f6rbYWWDrBKNWw18I8rFrY=
EOLByy6rrgGcptoWeuz2+DoSVf+VKMoCJc3CQxIycXU=

example.vn/log
6
NC+j9lnn9HNE4CO13RMRpQw+1eqBYmRVe+uPdHTE5gw=

— example.vn/log R4BuOMFv3PxYErCBQx1M3Ow8ghFZt2sTzkGKqLzqiwQltaEo99boHcKNF4aO4aXm7AI/sg7x1ru2d7AHhWKf4CYQqw0=
$ txng prove -d nhatky 6
! txng: nhatky: no record 6: the log has 6 records (0 to 5)
[1]
$ txng prove -d nhatky --consistency 2 5
txng-consistency-proof@v1
old 2
new 5
yxWVFGBjwdRsfgrC6PqF8f6rbYWWDrBKNWw18I8rFrY=
xHic7seucvhPsUIIGVYj5DHNIxfHdnGvTpN2iGGgbdo=
$ txng prove -d nhatky -c 6 6
txng-consistency-proof@v1
old 6
new 6
$ txng prove -d nhatky --consistency 0 6
txng-consistency-proof@v1
old 0
new 6
$ txng prove -d nhatky --consistency 2 7
! txng: nhatky: no size 7: the log has 6 records (sizes 0 to 6)
[1]
$ txng prove -d nhatky --consistency 5 2
! txng: prove: OLD (5) is larger than NEW (2)
[2]
$ txng prove -d nhatky --consistency 5
! txng: prove: --consistency needs OLD and NEW sizes
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW [--json]
[2]
$ txng prove -d nhatky --consistency five 6
! txng: prove: not a log size: five
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW [--json]
[2]
$ txng prove -d nhatky
! txng: prove: no record index
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW [--json]
[2]
$ txng prove -d nhatky x
! txng: prove: not a record index: x
! usage: txng prove -d DIR INDEX | prove -d DIR --consistency OLD NEW [--json]
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
