# txng append: one JSON event or JSON Lines, signed with --as or already
# signed with txng sign. Bad input is reported as FILE:LINE with status 3 and
# nothing from that input is appended; a missing --as is a usage error (2).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ cp "$DATA"/*.json "$DATA"/*.jsonl "$DATA"/*.txt "$DATA"/*.key .
$ txng init -d nhatky --origin example.vn/log --no-passphrase -t 1700000000
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
! txng: nhatky/log.key: warning: key file written without a passphrase
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -t 1700000100
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
! txng: nhatky/keys/ho-a-vang.key: warning: key file written without a passphrase
$ txng key new -d nhatky htx-tumorong --role cooperative --no-passphrase -t 1700000200
htx-tumorong+5c1851a4+AYMDfqjOwVKAgRzWUKKZCd5/4vX3OSNAASp8QOP5MU+J
! txng: nhatky/keys/htx-tumorong.key: warning: key file written without a passphrase

# One event spread over several lines; JSON Lines of three; standard input.
$ txng append -d nhatky --as ho-a-vang -t 1700001000 event.json
3
$ txng append -d nhatky --as ho-a-vang -t 2023-11-14T22:40:00Z events.jsonl
4
5
6
$ echo '{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2023-11-14T08:00:00+07:00","eventTimeZoneOffset":"+07:00"}' | txng append -d nhatky -a htx-tumorong -t 1700002000 --json -
{"index":7}
$ txng log -d nhatky --from 3
3	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
4	2023-11-14T22:40:00Z	ObjectEvent	ho-a-vang
5	2023-11-14T22:40:00Z	AggregationEvent	ho-a-vang
6	2023-11-14T22:40:00Z	ObjectEvent	ho-a-vang
7	2023-11-14T22:46:40Z	ObjectEvent	htx-tumorong

# A bad line 2: reported with its line number, nothing appended.
$ txng append -d nhatky --as ho-a-vang -t 1700003000 bad-line2.jsonl
! txng: bad-line2.jsonl:2: not valid JSON
[3]
$ txng log -d nhatky --from 7
7	2023-11-14T22:46:40Z	ObjectEvent	htx-tumorong

# Not JSON, a float, a duplicate key, bytes that are not UTF-8, no event.
$ txng append -d nhatky --as ho-a-vang -t 1700003000 not-json.txt
! txng: not-json.txt:1: not valid JSON
[3]
$ txng append -d nhatky --as ho-a-vang -t 1700003000 float.json
! txng: float.json:1: /txng:weightKg: numbers must be integers
[3]
$ txng append -d nhatky --as ho-a-vang -t 1700003000 duplicate-key.json
! txng: duplicate-key.json:1: action: duplicate key
[3]
$ txng append -d nhatky --as ho-a-vang -t 1700003000 not-utf8.json
! txng: not-utf8.json:1: invalid UTF-8
[3]
$ txng append -d nhatky --as ho-a-vang -t 1700003000 empty.jsonl
! txng: empty.jsonl: no event in the input
[3]
$ printf '[1, 2]\n' | txng append -d nhatky --as ho-a-vang -t 1700003000 -
! txng: stdin:1: event: event is not a JSON object
[3]
$ printf '{"action":"ADD"}\n' | txng append -d nhatky --as ho-a-vang -t 1700003000 -
! txng: stdin:1: type: event has no type
[3]
$ printf '{"type":"ObjectEvent"}\n{"type":"ObjectEvent","n":1.5}\n' | txng append -d nhatky --as ho-a-vang -t 1700003000 -
! txng: stdin:2: /n: numbers must be integers
[3]
$ txng append -d nhatky --as ho-a-vang -t 1700003000 missing.json
! txng: missing.json: no such file
[3]
$ txng log -d nhatky --from 7
7	2023-11-14T22:46:40Z	ObjectEvent	htx-tumorong

# NFD text is normalised to NFC before signing: the stored bytes hold the
# precomposed "â" (c3 a2) and "ọ" (e1 bb 8d).
$ txng append -d nhatky --as ho-a-vang -t 1700004000 nfd.json
8
$ txng show -d nhatky 8 --json | grep -o "$(printf 'S\303\242m Ng\341\273\215c Linh')"
Sâm Ngọc Linh

# Unsigned events need --as; the key must exist and be enrolled.
$ txng append -d nhatky -t 1700005000 event.json
! txng: event.json:1: the event is not signed: give --as KEY, or sign it with txng sign
[2]
$ txng append -d nhatky --as nobody -t 1700005000 event.json
! txng: nhatky/keys/nobody.key: no such key file
[3]
$ txng append -d nhatky --as ./nobody.key -t 1700005000 event.json
! txng: ./nobody.key: no such key file
[3]
$ txng append -d nhatky --as broken.key -t 1700005000 event.json
! txng: broken.key: line 3: public: missing line
[3]
$ txng append -d nhatky --as outsider.key -t 1700005000 event.json
! txng: outsider+82a7eb2d: key not enrolled in this log
[3]

# Events signed with txng sign are appended as they are, without --as; with
# --as, only the unsigned events of the input are signed.
$ txng append -d nhatky -t 1700006000 signed.json
9
$ txng sign --key nhatky/keys/htx-tumorong.key event.json >coop-signed.json
$ { cat coop-signed.json; echo '{"type":"ObjectEvent","action":"ADD","eventTime":"2023-11-14T09:00:00+07:00","eventTimeZoneOffset":"+07:00"}'; } >mixed.jsonl
$ txng append -d nhatky -t 1700006100 mixed.jsonl
! txng: mixed.jsonl:2: the event is not signed: give --as KEY, or sign it with txng sign
[2]
$ txng append -d nhatky --as ho-a-vang -t 1700006100 mixed.jsonl
10
11
$ txng log -d nhatky --from 8
8	2023-11-14T23:20:00Z	ObjectEvent	ho-a-vang
9	2023-11-14T23:53:20Z	ObjectEvent	ho-a-vang
10	2023-11-14T23:55:00Z	ObjectEvent	htx-tumorong
11	2023-11-14T23:55:00Z	ObjectEvent	ho-a-vang

# Refused signatures: content edited after signing, a key the log never
# enrolled, a revoked key. Nothing is appended.
$ txng append -d nhatky -t 1700007000 signed-edited.json
! txng: signed-edited.json:1: signatures/0/sig: signature does not verify
[3]
$ txng append -d nhatky -t 1700007000 signed-outsider.json
! txng: signed-outsider.json:1: signatures/0/key: signed by an unknown key
[3]
$ txng key revoke -d nhatky htx-tumorong -t 1700007100
revoked htx-tumorong+5c1851a4
$ sed 's/09:15:00/09:25:00/' event.json >coop-later.json
$ txng sign --key nhatky/keys/htx-tumorong.key coop-later.json >coop-later-signed.json
$ txng append -d nhatky -t 1700007200 coop-later-signed.json
! txng: coop-later-signed.json:1: signatures/0/key: signed by a revoked key
[3]
# An event it signed before the revocation, appended again (a retry): it is in
# the log already and is left out, whatever became of its key since.
$ txng append -d nhatky -t 1700007200 coop-signed.json
10
! txng: coop-signed.json: nothing new: 1 event is already in the log (record 10)
# The same event bare with --as the revoked key: the signature it would make is
# the one held, so it is left out too. A new event is refused.
$ txng append -d nhatky --as htx-tumorong -t 1700007200 event.json
10
! txng: event.json: nothing new: 1 event is already in the log (record 10)
$ txng append -d nhatky --as htx-tumorong -t 1700007200 coop-later.json
! txng: htx-tumorong+5c1851a4: key revoked at record 12; it may not sign new records
[3]
$ txng log -d nhatky --from 11
11	2023-11-14T23:55:00Z	ObjectEvent	ho-a-vang
12	2023-11-15T00:11:40Z	txng:KeyRevoke	example.vn/log
$ txng verify -d nhatky
ok: example.vn/log: 13 records, 3 keys, 10 checkpoints, root JeAQ0nds+hhSdHD+xRvWOu5J5QY4xU2lJMjR47jsLEc=

# Appending needs the log key: missing, or not a key file.
$ sed 's/09:15:00/09:35:00/' event.json >new.json
$ mv nhatky/log.key log.key.saved
$ txng append -d nhatky --as ho-a-vang -t 1700008000 new.json
! txng: nhatky/log.key: no such key file
[3]
$ printf 'garbage\n' >nhatky/log.key
$ txng append -d nhatky --as ho-a-vang -t 1700008000 new.json
! txng: nhatky/log.key: line 1: not a txng secret key file
[3]
$ mv log.key.saved nhatky/log.key
$ txng log -d nhatky --from 12
12	2023-11-15T00:11:40Z	txng:KeyRevoke	example.vn/log

# Bad command lines.
$ txng append -d nhatky --as ho-a-vang
! txng: append: no input: give FILE or -
! usage: txng append -d DIR [--as KEY] [--time TIME] FILE|-
[2]
$ txng append -d nhatky --as ho-a-vang a.json b.json
! txng: append: too many arguments
! usage: txng append -d DIR [--as KEY] [--time TIME] FILE|-
[2]
$ txng append --as ho-a-vang event.json
! txng: append: no log folder: give -d DIR or set TXNG_DIR
! usage: txng append -d DIR [--as KEY] [--time TIME] FILE|-
[2]
$ txng append -d nhatky --as ho-a-vang --time soon event.json
! txng: append: --time: not a time: soon
! usage: txng append -d DIR [--as KEY] [--time TIME] FILE|-
[2]
$ txng append -d nhatky --as
! txng: append: --as needs a value
! usage: txng append -d DIR [--as KEY] [--time TIME] FILE|-
[2]
$ txng append -d nolog --as ho-a-vang -t 1700008000 event.json
! txng: nolog: no such folder
[3]
