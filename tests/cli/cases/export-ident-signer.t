# txng export --sign-as KEY: a key the log revoked, or one it does not know,
# is refused by name before anything is written (status 3).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d A --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d A htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng key new -d A aud --role auditor --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng export -d A --all -o ok.txng --sign-as htx
exported 3 records of 3 to ok.txng
# The log key, by its name (the origin) as by its file.
$ txng export -d A --all -o log.txng --sign-as htx-samngoclinh.vn/log
exported 3 records of 3 to log.txng
$ grep -c '^exporter htx-samngoclinh.vn/log+' log.txng
1
$ txng key revoke -d A aud -t 1700000400 >/dev/null 2>&1
$ txng export -d A --all -o x.txng --sign-as aud
! txng: export: --sign-as: key aud is revoked (record 3): sign with a key of this log that is not revoked
[3]
$ test -e x.txng || echo nothing written
nothing written
# A key of another log, with a name this log does not know.
$ txng init -d B --origin other.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d B stranger --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng export -d A --all -o x.txng --sign-as B/keys/stranger.key
! txng: export: --sign-as: stranger is not a key of this log: sign with a key it enrolled
[3]
# The same name as a key of this log, but another key (not from the fixed seed).
$ TXNG_INSECURE_SEED= txng key new -d B htx --role cooperative --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng export -d A --all -o x.txng --sign-as B/keys/htx.key
! txng: export: --sign-as: htx is not a key of this log: sign with a key it enrolled
[3]
$ test -e x.txng || echo nothing written
nothing written
