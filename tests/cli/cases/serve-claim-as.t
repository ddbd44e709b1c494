# txng serve --write --claim-as KEY refuses at startup, before it listens, a
# key the log never enrolled or has revoked, as txng claim --as and txng
# labels --sign-as do: every claim it signed would be refused. Status 3.
# (192.0.2.1 is a documentation address no host has: a server that got past
# the key would fail to listen on it.)
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ txng key new -d L shop --role retailer --no-passphrase -t 1700000200 2>/dev/null >/dev/null
$ txng key revoke -d L shop --reason "máy bị mất" -t 1700000300 >/dev/null
$ cp "$DATA"/outsider.key .
$ txng serve -d L --write --claim-as outsider.key --listen 192.0.2.1:1
! txng: outsider+82a7eb2d: key not enrolled in this log
[3]
$ txng serve -d L --write --claim-as shop --listen 192.0.2.1:1
! txng: shop+de43c36a: key revoked at record 3; it may not sign new records
[3]
# An enrolled key goes on to listen.
$ txng serve -d L --write --claim-as htx --listen 192.0.2.1:1
! txng: cannot listen on 192.0.2.1:1: Cannot assign requested address
[3]
