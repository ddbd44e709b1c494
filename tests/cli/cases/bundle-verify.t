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
ok: a.example/log: 2 records (the whole log), checkpoint size 2, root 2a65DvVnTQd+ncu3RXopRGgjX9ZJ1J0bwg5+YYQEi3s=
state: first checkpoint of this origin, remembered
$ ls st
fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a

# Damage: truncated, reordered, a changed byte, another size, another key.
$ head -c 700 b2.txng > cut.txng
$ txng verify cut.txng --key "$VK" --state st
! txng: cut.txng: line 16: the bundle ends inside a record: the file is cut short: copy it again from its source
[1]
$ head -n 12 b2.txng > cut2.txng
$ txng verify cut2.txng --key "$VK" --state st
! txng: cut2.txng: line 13: the bundle ends too early: the file is cut short: copy it again from its source
[1]
$ sed 's/$/\r/' b2.txng > crlf.txng
$ txng verify crlf.txng --key "$VK" --state st
! txng: crlf.txng: line 1: lines end in CR LF, not LF: the file was changed on the way: copy it again from its source, unchanged (as binary)
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
! txng: extra.txng: line 18: exporter: nothing may follow an end line without "signed": the file is damaged: copy it again from its source
[1]
$ txng init -d Z --origin z.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng verify b2.txng --key "$(txng key export -d Z z.example/log)" --state st
! txng: b2.txng: line 7: a.example/log: the checkpoint is of this log, the key given is of another log: give the verifier key of this log (key given: z.example/log+cb7fb2b0)
[1]
# The key of another log of the same origin: the key given is named.
$ TXNG_INSECURE_SEED= txng init -d Z2 --origin a.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng verify b2.txng --key "$(txng key export -d Z2 a.example/log)" --state st 2>err; echo "status $?"; sed 's/log+[0-9a-f]\{8\}:/log+ID:/' err
status 1
txng: b2.txng: line 7: a.example/log+ID: the checkpoint is of this key's log but not signed by this key: ask the log's keeper for its verifier key (key ID of its signature: e2706f9d)
$ txng verify nothere.txng --key "$VK" --state st
! txng: nothere.txng: No such file or directory
[3]
$ txng verify b2.txng --key "$VK" --state st -d A
! txng: verify: unexpected argument b2.txng
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
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
ok: a.example/log: 3 records (the whole log), checkpoint size 3, root NQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=
state: consistent with size 2, moved forward
$ txng verify b3.txng --key "$VK" --state st
ok: a.example/log: 3 records (the whole log), checkpoint size 3, root NQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=
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
{"argument":"-","complete":true,"exporter_verified":false,"keys":3,"ok":true,"origin":"a.example/log","records":3,"root":"ScTGakVgPSp/bBqieB3kRKnkZZjSXnJoIOCIG/EeYrc=","select":"all","size":3,"state":"first"}

# Lineage: a unit or lot bundle names the identifiers its events consume but
# none of them makes (its sources, the first few in byte order), and says so
# when there is none.
$ txng init -d M --origin m.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d M k1 --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ VKM=$(txng key export -d M m.example/log)
$ echo '{"type":"ObjectEvent","action":"ADD","eventTime":"2023-11-01T00:00:00Z","eventTimeZoneOffset":"+00:00","quantityList":[{"epcClass":"urn:txng:m.example/log:lot:in-3"}]}' | txng append -d M --as k1 -t 1700000200 -
2
$ echo '{"type":"TransformationEvent","eventTime":"2023-11-02T00:00:00Z","eventTimeZoneOffset":"+00:00","inputQuantityList":[{"epcClass":"urn:txng:m.example/log:lot:in-6"},{"epcClass":"urn:txng:m.example/log:lot:in-2"},{"epcClass":"urn:txng:m.example/log:lot:in-5"},{"epcClass":"urn:txng:m.example/log:lot:in-1"},{"epcClass":"urn:txng:m.example/log:lot:in-4"},{"epcClass":"urn:txng:m.example/log:lot:in-3"}],"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/MIX-1"}]}' | txng append -d M --as k1 -t 1700000300 -
3
$ echo '{"type":"ObjectEvent","action":"ADD","eventTime":"2023-11-03T00:00:00Z","eventTimeZoneOffset":"+00:00","quantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/SOLO"}]}' | txng append -d M --as k1 -t 1700000400 -
4
$ echo '{"type":"TransformationEvent","eventTime":"2023-11-04T00:00:00Z","eventTimeZoneOffset":"+00:00","inputQuantityList":[{"epcClass":"urn:txng:m.example/log:lot:in-1"}],"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/ONE"}]}' | txng append -d M --as k1 -t 1700000500 -
5
$ txng export -d M --lot https://id.gs1.org/01/08930000000026/10/MIX-1 -o mix.txng
exported 4 records of 6 to mix.txng
$ txng verify mix.txng --key "$VKM" --state st3
ok: m.example/log: 4 records (lot https://id.gs1.org/01/08930000000026/10/MIX-1), checkpoint size 6, root Mz+JVmM62fmgoiptsNpWN6Qorm3sJ95aA15nxKnsZ7E=
lineage: 5 sources outside the bundle: urn:txng:m.example/log:lot:in-1, urn:txng:m.example/log:lot:in-2, urn:txng:m.example/log:lot:in-4, urn:txng:m.example/log:lot:in-5, …
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: first checkpoint of this origin, remembered
$ txng verify mix.txng --key "$VKM" --state st3 --json
{"argument":"https://id.gs1.org/01/08930000000026/10/MIX-1","complete":false,"exporter_verified":false,"keys":2,"ok":true,"origin":"m.example/log","records":4,"root":"Mz+JVmM62fmgoiptsNpWN6Qorm3sJ95aA15nxKnsZ7E=","select":"lot","size":6,"sourceIds":["urn:txng:m.example/log:lot:in-1","urn:txng:m.example/log:lot:in-2","urn:txng:m.example/log:lot:in-4","urn:txng:m.example/log:lot:in-5"],"sources":5,"state":"same"}
$ txng export -d M --lot https://id.gs1.org/01/08930000000026/10/ONE -o one.txng
exported 3 records of 6 to one.txng
$ txng verify one.txng --key "$VKM" --state st3
ok: m.example/log: 3 records (lot https://id.gs1.org/01/08930000000026/10/ONE), checkpoint size 6, root Mz+JVmM62fmgoiptsNpWN6Qorm3sJ95aA15nxKnsZ7E=
lineage: 1 source outside the bundle: urn:txng:m.example/log:lot:in-1
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: the checkpoint accepted before
$ txng export -d M --lot https://id.gs1.org/01/08930000000026/10/SOLO -o solo.txng
exported 3 records of 6 to solo.txng
$ txng verify solo.txng --key "$VKM" --state st3
ok: m.example/log: 3 records (lot https://id.gs1.org/01/08930000000026/10/SOLO), checkpoint size 6, root Mz+JVmM62fmgoiptsNpWN6Qorm3sJ95aA15nxKnsZ7E=
lineage: no source outside the bundle
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: the checkpoint accepted before
$ txng verify solo.txng --key "$VKM" --state st3 --json | grep -o '"source[A-Za-z]*":[^,]*'
"sourceIds":[]
"sources":0

# --json keeps its object on a refusal by the verifier state: the verdict and
# both signed notes as strings, with the same exit status.
$ txng verify b2.txng --key "$VK" --state st --json
{"accepted":"a.example/log\n3\nNQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=\n\n— a.example/log 4nBvnQvTNg6taYwnIhPg2BV9rvE1m5WUbzY3ykdpqAbQRmj3XreJ0K8EiCxIlRXwiYWcAIU8QYcDkmvtPwfvXc1cQA0=\n","acceptedSize":3,"evidence":"st/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a.evidence.2.d9aeb90e","ok":false,"reason":"rollback: the checkpoint is older than one accepted before","refused":"a.example/log\n2\n2a65DvVnTQd+ncu3RXopRGgjX9ZJ1J0bwg5+YYQEi3s=\n\n— a.example/log 4nBvnQKJxNocsmKEzk5surs+2/i6bhuxxapme7YOzmLIYSnmdugdfGXX8IqBqXY95gJ79FxfULZ5E3cVJ5y7TFpl8As=\n","size":2,"state":"rollback"}
! txng: b2.txng: checkpoint: rollback: the checkpoint is older than one accepted before
! txng: st/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a.evidence.2.d9aeb90e: the refused checkpoint is kept here as evidence, beside the state
[1]
$ txng verify fork.txng --key "$VK" --state st --json
{"accepted":"a.example/log\n3\nNQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=\n\n— a.example/log 4nBvnQvTNg6taYwnIhPg2BV9rvE1m5WUbzY3ykdpqAbQRmj3XreJ0K8EiCxIlRXwiYWcAIU8QYcDkmvtPwfvXc1cQA0=\n","acceptedSize":3,"evidence":"st/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a.evidence.3.49c4c66a","ok":false,"reason":"fork: another tree of the size accepted before","refused":"a.example/log\n3\nScTGakVgPSp/bBqieB3kRKnkZZjSXnJoIOCIG/EeYrc=\n\n— a.example/log 4nBvnX+YH48Im8Hl2dmPJvBqvzAYVxa5y3eLQW0G3WaWBDf5rKnnou7yeG6l55wKUmHY+EdQ+xYikp0noR+Ft8B1Qw8=\n","size":3,"state":"fork"}
! txng: fork.txng: checkpoint: fork: another tree of the size accepted before
! txng: st/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a.evidence.3.49c4c66a: the refused checkpoint is kept here as evidence, beside the state
[1]
$ txng verify b2.txng --key "$VK" --state st5 >/dev/null
$ txng verify b3.txng --key "$VK" --state st5 --json
{"accepted":"a.example/log\n2\n2a65DvVnTQd+ncu3RXopRGgjX9ZJ1J0bwg5+YYQEi3s=\n\n— a.example/log 4nBvnQKJxNocsmKEzk5surs+2/i6bhuxxapme7YOzmLIYSnmdugdfGXX8IqBqXY95gJ79FxfULZ5E3cVJ5y7TFpl8As=\n","acceptedSize":2,"ok":false,"reason":"no consistency proof from the size accepted before","refused":"a.example/log\n3\nNQI8oBV0twnt8W924KR11br/Fxa/XvI75s2aC3ATAJs=\n\n— a.example/log 4nBvnQvTNg6taYwnIhPg2BV9rvE1m5WUbzY3ykdpqAbQRmj3XreJ0K8EiCxIlRXwiYWcAIU8QYcDkmvtPwfvXc1cQA0=\n","size":3,"state":"no-proof"}
! txng: b3.txng: no consistency proof from size 2, the size accepted before: export with 'txng export --consistency-from 2'
[1]

# A damaged state file is named, not only its folder.
$ echo damaged > st5/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a
$ txng verify b2.txng --key "$VK" --state st5
! txng: st5/fc4451950ec3af561b5395410910a9f179378e59928c7f679df269520bb70b3a: state: the stored checkpoint is not one of this log
[1]

# Missing inputs are "could not run" (3); --tiles takes no -d.
$ txng verify --tiles nosuchdir --key "$VK" --state st6
! txng: nosuchdir: no such tiles folder: give the folder a tlog-tiles log was written to
[3]
$ txng verify -d A --tiles nosuchdir --key "$VK"
! txng: verify: --tiles and -d cannot be combined: give one
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]

# The exporter line: its end line says "signed"; unless the verifier gives
# the exporter's key, it must be one the bundle's log enrolled and did not
# revoke; a cut before it is refused. A revoked key still signs, and export
# says that verifiers must give its key (export-ident-signer.t).
$ txng key new -d A aud --role auditor --no-passphrase -t 1700000300 >/dev/null 2>&1
$ txng export -d A --index 1 --sign-as aud -o s.txng
exported 4 records of 4 to s.txng
$ tail -n 2 s.txng | cut -c1-60
end xnv4hDtdMAiJUr0RBbaFeut9jT8RCRZNSjZmVRTOMOc= signed
exporter aud+f0541a7e fHG2OO5p+fBG8Ew/0jqqNabQapn1j6/kA0Xqxf
$ txng verify s.txng --key "$VK" --state st7
ok: a.example/log: 4 records (index 1), checkpoint size 4, root W3SZ7XKMUGWrqve+k3xLDr2uAd7U6UzgK1Ks4KEcyEI=
exporter: aud+f0541a7e (signature verified)
state: first checkpoint of this origin, remembered
$ sed '$s/^exporter a/exporter b/' s.txng > s1.txng
$ txng verify s1.txng --key "$VK" --state st7
! txng: s1.txng: line 22: exporter: the exporter key is not enrolled in the bundle's log: give its key with --exporter-key, or ask for a bundle signed by an enrolled key
[1]
$ head -n -1 s.txng > s2.txng
$ txng verify s2.txng --key "$VK" --state st7
! txng: s2.txng: line 22: exporter: the end line announces an exporter line but the file ends: the file is cut short: copy it again from its source
[1]
# Removing both the line and the word is an edit, not damage: what is left is
# an unsigned bundle, which --exporter-key refuses.
$ sed '$d' s.txng | sed '$s/ signed$//' > s3.txng
$ txng verify s3.txng --key "$VK" --state st7
ok: a.example/log: 4 records (index 1), checkpoint size 4, root W3SZ7XKMUGWrqve+k3xLDr2uAd7U6UzgK1Ks4KEcyEI=
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: the checkpoint accepted before
$ txng key revoke -d A aud -t 1700000400 >/dev/null 2>&1
$ txng export -d A --index 1 --sign-as aud -o s4.txng
exported 5 records of 5 to s4.txng
! txng: export: --sign-as: key aud+f0541a7e is revoked (record 4): verifiers must give its key with --exporter-key aud+f0541a7e+AaAe8U7HiSGZn/Xtm0WXMwWGY/dJK4GA7wsDUkIJjFHT

# Witnesses: --witness takes witness keys (type 0x04); 1 of 1 is met, 2 of 2
# is not, and the message says how many cosigned.
$ txng witness init -d W --name w.example/w1 --no-passphrase >wk 2>/dev/null
$ txng witness init -d W2 --name w.example/w2 --no-passphrase >wk2 2>/dev/null
$ txng witness add-log -d W "$VK"
trusting a.example/log
$ timeout 120 "$TXNG" witness serve -d W --listen 127.0.0.1:0 -t 1700009999 >w.out 2>/dev/null & echo $! >srv.pid
$ i=0; while [ $i -lt 200 ] && ! grep -qs listening w.out; do sleep 0.1; i=$((i + 1)); done; grep -c listening w.out
1
$ txng witness add -d A "$(sed 's/listening on //' w.out)" "$(cat wk)" >/dev/null
$ txng witness ask -d A
cosigned by w.example/w1 at size 5
$ kill "$(cat srv.pid)"
$ txng export -d A --all --consistency-from 3 -o wit.txng
exported 5 records of 5 to wit.txng
$ txng verify wit.txng --key "$VK" --state st8 --witness "$(cat wk)"
ok: a.example/log: 5 records (the whole log), checkpoint size 5, root jmdNUrOpacVoWMOXjKDr+MVGlK7oyH/nit3tY8OA8dQ=
state: first checkpoint of this origin, remembered
$ txng verify wit.txng --key "$VK" --state st8 --witness "$(cat wk)" --witness "$(cat wk2)"
! txng: wit.txng: 1 witness cosignature found of the 2 needed: ask the witnesses (txng witness ask) and export again
[1]
$ txng verify wit.txng --key "$VK" --state st8 --witness "$(cat wk)" --witness "$(cat wk2)" --json
{"line":7,"ok":false,"reason":"too few witness cosignatures","witnessesFound":1,"witnessesNeeded":2}
! txng: wit.txng: 1 witness cosignature found of the 2 needed: ask the witnesses (txng witness ask) and export again
[1]
$ txng verify wit.txng --key "$VK" --state st8 --witness "$(cat wk)" --witness "$(cat wk2)" --witnesses-needed 1
ok: a.example/log: 5 records (the whole log), checkpoint size 5, root jmdNUrOpacVoWMOXjKDr+MVGlK7oyH/nit3tY8OA8dQ=
state: the checkpoint accepted before
$ txng verify wit.txng --key "$VK" --state st8 --witness "$(cat wk)" --witness "$(cat wk)" --witnesses-needed 2
! txng: verify: --witness: w.example/w1 is given twice: give each witness once
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
# The tiles carry the same cosigned checkpoint, and the same policy holds for them.
$ txng tiles -d A -o pub --quiet
$ txng verify --tiles pub --key "$VK" --state st9 --witness "$(cat wk)"
ok: a.example/log: 5 records, 4 keys, 2 tiles, root jmdNUrOpacVoWMOXjKDr+MVGlK7oyH/nit3tY8OA8dQ=
state: first checkpoint of this origin, remembered
$ txng verify --tiles pub --key "$VK" --state st9 --witness "$(cat wk)" --witness "$(cat wk2)"
! txng: pub: checkpoint: 1 witness cosignature found of the 2 needed: ask the witnesses (txng witness ask) and write the tiles again
[1]
$ txng verify --tiles pub --key "$VK" --state st9 --witness "$(cat wk)" --witness "$(cat wk2)" --json
{"ok":false,"reason":"too few witness cosignatures","witnessesFound":1,"witnessesNeeded":2}
! txng: pub: checkpoint: 1 witness cosignature found of the 2 needed: ask the witnesses (txng witness ask) and write the tiles again
[1]
$ txng verify --tiles pub --key "$VK" --state st9 --witness "$(cat wk)" --witness "$(cat wk2)" --witnesses-needed 1
ok: a.example/log: 5 records, 4 keys, 2 tiles, root jmdNUrOpacVoWMOXjKDr+MVGlK7oyH/nit3tY8OA8dQ=
state: the checkpoint accepted before
$ txng verify wit.txng --key "$VK" --state st8 --witness "$VK"
! txng: verify: --witness: key type is not an Ed25519 cosignature/v1 key (0x04)
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
$ txng verify -d A --witness "$(cat wk)"
! txng: verify: --exporter-key, --state and --witness are for bundles
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
