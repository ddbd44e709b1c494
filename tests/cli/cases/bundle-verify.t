# txng verify BUNDLE: the first failure named with its line (and record), exit
# status 1; the verifier state catches a rollback and a fork and prints both
# signed notes; moving forward needs a consistency proof carried in the bundle.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d A --origin a.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d A k1 --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ VK=$(txng key export -d A a.example/log)
$ txng export -d A --all -o b2.txng
exported 2 records of 2 to b2.txng
$ cat b2.txng | cut -c1-60
txng-bundle@v1
origin a.example/log
select all -
size 2
count 2

a.example/log
2
2a65DvVnTQd+ncu3RXopRGgjX9ZJ1J0bwg5+YYQEi3s=

— a.example/log 4nBvnQKJxNocsmKEzk5surs+2/i6bhuxxapme7YOzm

record 0 339
{"event":{"key":"a.example/log+e2706f9d+AX742kZVFLEsK+6Oozo5
record 1 364
{"event":{"key":"k1+0c92dfe1+AWb9VFL1++hoW11yx/gF0eiiYC+O2gk
end X4NcssjoOpYLbgMkPtHagyNQRi+bZ531N8lXhd0ps7A=
$ txng verify b2.txng --key "$VK" --state st
ok: a.example/log: 2 records (all -), checkpoint size 2, root 2a65DvVnTQd+ncu3RXopRGgjX9ZJ1J0bwg5+YYQEi3s=
state: first checkpoint of this origin, remembered
$ ls st
fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a

# Damage: truncated, reordered, a changed byte, another size, another key.
$ head -c 700 b2.txng > cut.txng
$ txng verify cut.txng --key "$VK" --state st
! txng: cut.txng: line 16: the bundle ends inside a record
[1]
$ head -n 12 b2.txng > cut2.txng
$ txng verify cut2.txng --key "$VK" --state st
! txng: cut2.txng: line 13: the bundle ends too early
[1]
$ head -n 12 b2.txng > swap.txng
$ sed -n 15,16p b2.txng >> swap.txng
$ sed -n 13,14p b2.txng >> swap.txng
$ sed -n '17,$p' b2.txng >> swap.txng
$ txng verify swap.txng --key "$VK" --state st
! txng: swap.txng: line 13: record: records are out of order
[1]
$ sed 's/"role":"grower"/"role":"grawer"/' b2.txng > role.txng
$ txng verify role.txng --key "$VK" --state st
! txng: role.txng: record 1: line 15: signatures/0/sig: signature does not verify
[1]
$ sed 's/^size 2$/size 3/' b2.txng > size.txng
$ txng verify size.txng --key "$VK" --state st
! txng: size.txng: line 8: size: the checkpoint is for another size
[1]
$ sed 's/^end .*/end AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=/' b2.txng > end.txng
$ txng verify end.txng --key "$VK" --state st
! txng: end.txng: line 17: end: the end hash does not match the bundle
[1]
$ cp b2.txng extra.txng
$ echo extra >> extra.txng
$ txng verify extra.txng --key "$VK" --state st
! txng: extra.txng: line 18: exporter: expected "exporter KEY SIGNATURE" or nothing
[1]
$ txng init -d Z --origin z.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng verify b2.txng --key "$(txng key export -d Z z.example/log)" --state st
! txng: b2.txng: line 7: checkpoint: the checkpoint is not signed by the trusted key
[1]
$ txng verify nothere.txng --key "$VK" --state st
! txng: nothere.txng: No such file or directory
[1]
$ txng verify b2.txng --key "$VK" --state st -d A
! txng: verify: unexpected argument b2.txng
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]

# Forward: a bundle at size 3 without a proof from 2 is refused; with one it moves on.
$ txng key new -d A k2 --role grower --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng export -d A --all -o b3.txng
exported 3 records of 3 to b3.txng
$ txng verify b3.txng --key "$VK" --state st
! txng: b3.txng: no consistency proof from size 2, the size accepted before: export with 'txng export --consistency-from 2'
[1]
$ txng export -d A --all --consistency-from 2 --consistency-from 1 -o b3c.txng
exported 3 records of 3 to b3c.txng
$ grep -A1 '^consistency' b3c.txng
consistency 1 2
z6hShdAIkx+/VeejBVzNqGmCsDEihWP7WyMKhBtDKQs=
--
consistency 2 1
D0Dq6QBwGOO+C7BEi5qbJBRBOG54hmPKEqhBWjcpgDg=
$ txng verify b3c.txng --key "$VK" --state st
ok: a.example/log: 3 records (all -), checkpoint size 3, root NQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=
state: consistent with size 2, moved forward
$ txng verify b3.txng --key "$VK" --state st
ok: a.example/log: 3 records (all -), checkpoint size 3, root NQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=
state: the checkpoint accepted before

# Rollback: the size-2 bundle again.
$ txng verify b2.txng --key "$VK" --state st
accepted before (size 3):
a.example/log
3
NQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=

— a.example/log 4nBvnQvTNg6taYwnIhPg2BV9rvE1m5WUbzY3ykdpqAbQRmj3XreJ0K8EiCxIlRXwiYWcAIU8QYcDkmvtPwfvXc1cQA0=
in this bundle (size 2):
a.example/log
2
2a65DvVnTQd+ncu3RXopRGgjX9ZJ1J0bwg5+YYQEi3s=

— a.example/log 4nBvnQKJxNocsmKEzk5surs+2/i6bhuxxapme7YOzmLIYSnmdugdfGXX8IqBqXY95gJ79FxfULZ5E3cVJ5y7TFpl8As=
! txng: b2.txng: checkpoint: rollback: the checkpoint is older than one accepted before
! txng: st/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a.evidence.2.d9aeb90e: the refused checkpoint is kept here as evidence, beside the state
[1]

# Fork: another log under the same origin and key, other records, same size.
$ txng init -d F --origin a.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d F k9 --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng key new -d F k8 --role grower --no-passphrase -t 1700000200 >/dev/null 2>&1
$ test "$(txng key export -d F a.example/log)" = "$VK" && echo same key
same key
$ txng export -d F --all -o fork.txng
exported 3 records of 3 to fork.txng
$ txng verify fork.txng --key "$VK" --state st
accepted before (size 3):
a.example/log
3
NQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=

— a.example/log 4nBvnQvTNg6taYwnIhPg2BV9rvE1m5WUbzY3ykdpqAbQRmj3XreJ0K8EiCxIlRXwiYWcAIU8QYcDkmvtPwfvXc1cQA0=
in this bundle (size 3):
a.example/log
3
ScTGakVgPSp/bBqieB3kRKnkZZjSXnJoIOCIG/EeYrc=

— a.example/log 4nBvnX+YH48Im8Hl2dmPJvBqvzAYVxa5y3eLQW0G3WaWBDf5rKnnou7yeG6l55wKUmHY+EdQ+xYikp0noR+Ft8B1Qw8=
! txng: fork.txng: checkpoint: fork: another tree of the size accepted before
! txng: st/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a.evidence.3.49c4c66a: the refused checkpoint is kept here as evidence, beside the state
[1]
$ txng verify fork.txng --key "$VK" --state st2 --json
{"argument":"-","exporter_verified":false,"keys":3,"ok":true,"origin":"a.example/log","records":3,"root":"ScTGakVgPSp/bBqieB3kRKnkZZjSXnJoIOCIG/EeYrc=","select":"all","size":3,"state":"first"}

# Lineage: a unit or lot bundle names the identifiers its events consume but
# none of them makes (its sources, the first few in byte order), and says so
# when there is none.
$ txng init -d M --origin m.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d M k1 --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ VKM=$(txng key export -d M m.example/log)
$ echo '{"type":"ObjectEvent","action":"ADD","eventTime":"2024-01-01T00:00:00Z","quantityList":[{"epcClass":"urn:x:in:3"}]}' | txng append -d M --as k1 -t 1700000200 -
2
$ echo '{"type":"TransformationEvent","eventTime":"2024-01-02T00:00:00Z","inputQuantityList":[{"epcClass":"urn:x:in:6"},{"epcClass":"urn:x:in:2"},{"epcClass":"urn:x:in:5"},{"epcClass":"urn:x:in:1"},{"epcClass":"urn:x:in:4"},{"epcClass":"urn:x:in:3"}],"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/MIX-1"}]}' | txng append -d M --as k1 -t 1700000300 -
3
$ echo '{"type":"ObjectEvent","action":"ADD","eventTime":"2024-01-03T00:00:00Z","quantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/SOLO"}]}' | txng append -d M --as k1 -t 1700000400 -
4
$ echo '{"type":"TransformationEvent","eventTime":"2024-01-04T00:00:00Z","inputQuantityList":[{"epcClass":"urn:x:in:1"}],"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/ONE"}]}' | txng append -d M --as k1 -t 1700000500 -
5
$ txng export -d M --lot https://id.gs1.org/01/08930000000026/10/MIX-1 -o mix.txng
exported 4 records of 6 to mix.txng
$ txng verify mix.txng --key "$VKM" --state st3
ok: m.example/log: 4 records (lot https://id.gs1.org/01/08930000000026/10/MIX-1), checkpoint size 6, root v6FfQsoJXkGKviDdMS4nYCNxNRn1IAaMsjOrr0iEE+8=
lineage: 5 sources outside the bundle: urn:x:in:1, urn:x:in:2, urn:x:in:4, urn:x:in:5, …
state: first checkpoint of this origin, remembered
$ txng verify mix.txng --key "$VKM" --state st3 --json
{"argument":"https://id.gs1.org/01/08930000000026/10/MIX-1","exporter_verified":false,"keys":2,"ok":true,"origin":"m.example/log","records":4,"root":"v6FfQsoJXkGKviDdMS4nYCNxNRn1IAaMsjOrr0iEE+8=","select":"lot","size":6,"sourceIds":["urn:x:in:1","urn:x:in:2","urn:x:in:4","urn:x:in:5"],"sources":5,"state":"same"}
$ txng export -d M --lot https://id.gs1.org/01/08930000000026/10/ONE -o one.txng
exported 3 records of 6 to one.txng
$ txng verify one.txng --key "$VKM" --state st3
ok: m.example/log: 3 records (lot https://id.gs1.org/01/08930000000026/10/ONE), checkpoint size 6, root v6FfQsoJXkGKviDdMS4nYCNxNRn1IAaMsjOrr0iEE+8=
lineage: 1 source outside the bundle: urn:x:in:1
state: the checkpoint accepted before
$ txng export -d M --lot https://id.gs1.org/01/08930000000026/10/SOLO -o solo.txng
exported 3 records of 6 to solo.txng
$ txng verify solo.txng --key "$VKM" --state st3
ok: m.example/log: 3 records (lot https://id.gs1.org/01/08930000000026/10/SOLO), checkpoint size 6, root v6FfQsoJXkGKviDdMS4nYCNxNRn1IAaMsjOrr0iEE+8=
lineage: no source outside the bundle
state: the checkpoint accepted before
$ txng verify solo.txng --key "$VKM" --state st3 --json | grep -o '"source[A-Za-z]*":[^,]*'
"sourceIds":[]
"sources":0
