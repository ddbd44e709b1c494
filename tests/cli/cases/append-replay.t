# A signed event is appended once. Sending it again (a retry, a replay of a
# published record, the same file twice) appends nothing and names the record
# that holds it, exit 0; its signature on another set of signatures is refused
# naming that record; a logged signature put on an edited event is refused as a
# bad signature; the same event twice in one input is refused.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ cp "$DATA"/event.json .
$ txng init -d nhatky --origin example.vn/log --no-passphrase -t 1700000000
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
! txng: nhatky/log.key: warning: key file written without a passphrase
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -t 1700000100
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
! txng: nhatky/keys/ho-a-vang.key: warning: key file written without a passphrase
$ txng sign --key nhatky/keys/ho-a-vang.key event.json > signed.json
$ txng append -d nhatky -t 1700001000 signed.json
2
$ txng append -d nhatky -t 1700002000 signed.json
2
! txng: signed.json: nothing new: 1 event is already in the log (record 2)
$ txng show -d nhatky 2 --json > record2.json
$ python3 -c 'import json; r = json.load(open("record2.json")); print(json.dumps({"event": r["event"], "signatures": r["signatures"]}, ensure_ascii=False))' > replay.json
$ txng append -d nhatky -t 1700003000 replay.json
2
! txng: replay.json: nothing new: 1 event is already in the log (record 2)
$ sed 's/"action":"ADD"/"action":"OBSERVE"/' signed.json > edited.json
$ txng append -d nhatky -t 1700004000 edited.json
! txng: edited.json:1: signatures/0/sig: signature does not verify
[3]
$ sed 's/"ADD"/"OBSERVE"/' event.json > observe.json
$ txng sign --key nhatky/keys/ho-a-vang.key observe.json > observe-signed.json
$ cat observe-signed.json observe-signed.json > twice.jsonl
$ txng append -d nhatky -t 1700005000 twice.jsonl
! txng: twice.jsonl:2: signatures/0/sig: this signed event was given twice; an event is appended once: remove the repeated one
[3]
$ txng log -d nhatky --from 2
2	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
$ txng key new -d nhatky ho-b --role grower --no-passphrase -t 1700005500
ho-b+3db9a9b8+Ad75EToAqJa5J0iCtSmZ9qmmTVjXK77woOD4qeZqw9KX
! txng: nhatky/keys/ho-b.key: warning: key file written without a passphrase
$ txng sign --key nhatky/keys/ho-b.key signed.json > cosigned.json
$ txng append -d nhatky -t 1700006000 cosigned.json
! txng: cosigned.json:1: record 2: signatures/0/sig: this signed event is already in the log, in the record named; an event is appended once
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng append -d nhatky -t 1700006000 cosigned.json
! txng: cosigned.json:1: bản ghi 2: signatures/0/sig: sự kiện đã ký này đã có trong nhật ký, ở bản ghi được nêu; mỗi sự kiện chỉ được ghi một lần
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng append -d nhatky -t 1700006000 signed.json
2
! txng: signed.json: không có gì mới: 1 sự kiện đã có sẵn trong nhật ký (bản ghi 2)
$ txng log -d nhatky --from 2
2	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
3	2023-11-14T23:45:00Z	txng:KeyEnrol	example.vn/log
$ txng verify -d nhatky
ok: example.vn/log: 4 records, 3 keys, 4 checkpoints, root G76oVxzYNjC1UBY5Dz2NFXpDUNNMBgfvIBe++2BCbQA=
