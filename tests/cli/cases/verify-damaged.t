# A log that cannot even be opened because record 0, its metadata or
# data.mdb is damaged fails verification (status 1) with one line; a data file
# cut short is refused, never read past its end. A key name with '/' would put
# its key file outside DIR/keys and needs --out.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin example.vn/log --no-passphrase -t 1700000000 2>/dev/null
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
$ seq 300 | sed 's/.*/{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2023-11-14T22:00:00+07:00","eventTimeZoneOffset":"+07:00","epcList":["urn:txng:example.vn\/log:unit:&"]}/' > many.jsonl
$ txng key new -d L ho-a --role grower --no-passphrase -t 1700000100 2>/dev/null
ho-a+c6cabc90+AaowAmDoGnSxiYPNOhmFsjaQFG2J13Z9dyipxsXmYKD/
$ txng append -d L --as ho-a -t 1700001000 many.jsonl | tail -1
301
$ cp -r L cut
$ truncate -s 40000 cut/data.mdb
$ txng verify -d cut
! txng: cut: record 0, the log's metadata or data.mdb itself is damaged: the log does not verify
[1]
$ txng log -d cut
! txng: cut: data.mdb is damaged: restore the log from a backup (txng backup)
[1]
$ txng key new -d L ../../evil --role grower --no-passphrase
! txng: key: a key name with '/' cannot name a file in DIR/keys: give --out FILE, or a name without '/': ../../evil
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ ls evil.key L/evil.key 2>&1 | sed 's/^ls: //'
cannot access 'evil.key': No such file or directory
cannot access 'L/evil.key': No such file or directory
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng verify -d cut
! txng: cut: bản ghi 0, siêu dữ liệu của nhật ký hoặc chính tệp data.mdb bị hỏng: nhật ký không hợp lệ
[1]
# data.mdb gone, the log key still there: the folder was a log; say what to do.
$ mkdir gone && cp L/log.key gone/ && txng verify -d gone
! txng: gone: data.mdb is missing, though log.key is here: restore the log from a backup (txng backup)
[3]
