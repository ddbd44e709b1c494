# txng key add enrols another log's key: its role is checked as for key new
# (usage errors, 2), its verifier key must parse (2), and its name must not be
# taken in this log (3). Nothing is appended on a refusal.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d htx --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 2>/dev/null >/dev/null
$ txng key new -d htx ho-a --role grower --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 2>/dev/null >/dev/null
$ txng key new -d shop ho-a --role grower --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ V=$(txng key export -d htx ho-a)
$ txng key add -d shop "$V"
! txng: key: no role: give --role ROLE
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key add -d shop "$V" --role Supplier
! txng: key: --role: a word of letters a-z other than log, e.g. grower: Supplier
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key add -d shop not-a-key --role supplier
! txng: not-a-key: verifier key does not have three '+'-separated parts
! txng: key: give a verifier key NAME+ID+KEY, as txng key export prints
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key add -d shop "$V" --role supplier -t 1700000200
! txng: ho-a: key name already taken
[3]
$ txng log -d shop | tail -1
1	2023-11-14T22:15:00Z	txng:KeyEnrol	cuahang-samviet.vn/log
$ txng key add -d shop "$(txng key export -d htx htx-samngoclinh.vn/log)" --role supplier -t 1700000200
enrolled htx-samngoclinh.vn/log+94a6149c
$ txng key list -d shop | cut -f1,3
cuahang-samviet.vn/log	log
ho-a	grower
htx-samngoclinh.vn/log	supplier

# Records are kept in time order: a --time before the newest record is refused
# before any key file is written, for key new, add and revoke alike, and for
# txng append --time; the newest record's own time is accepted.
$ txng key new -d shop late --role grower --no-passphrase -t 1700000150
! txng: key: --time: 2023-11-14T22:15:50Z is before record 2, recorded 2023-11-14T22:16:40Z: records are kept in time order; give 2023-11-14T22:16:40Z or later
[3]
$ ls shop/keys
ho-a.key
$ txng init -d co --origin co.example/log --no-passphrase -t 1700000000 2>/dev/null >/dev/null
$ txng key add -d shop "$(txng key export -d co co.example/log)" --role supplier -t 1700000150
! txng: key: --time: 2023-11-14T22:15:50Z is before record 2, recorded 2023-11-14T22:16:40Z: records are kept in time order; give 2023-11-14T22:16:40Z or later
[3]
$ txng key revoke -d shop ho-a -t 1700000150
! txng: key: --time: 2023-11-14T22:15:50Z is before record 2, recorded 2023-11-14T22:16:40Z: records are kept in time order; give 2023-11-14T22:16:40Z or later
[3]
$ echo '{"type":"ObjectEvent","action":"OBSERVE","bizStep":"inspecting","epcList":["https://id.gs1.org/01/08930000000026/10/L1"],"eventTime":"2023-11-14T22:00:00Z","eventTimeZoneOffset":"+00:00"}' | txng append -d shop --as ho-a -t 1700000150 -
! txng: append: --time: 2023-11-14T22:15:50Z is before record 2, recorded 2023-11-14T22:16:40Z: records are kept in time order; give 2023-11-14T22:16:40Z or later
[3]
$ txng log -d shop | wc -l
3
$ txng key revoke -d shop ho-a -t 1700000200 --reason "máy bị mất"
revoked ho-a+c6cabc90
