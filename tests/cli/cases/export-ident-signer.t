# txng export --sign-as KEY: any key file signs. A key the log did not enrol,
# or one it revoked, signs all the same (an auditor signs a copy of a
# cooperative's log with a key of their own), and one line on stderr says
# that verifiers must give its key with --exporter-key, and gives it.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d A --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d A htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng key new -d A aud --role auditor --no-passphrase -t 1700000200 >/dev/null 2>&1
$ VK=$(txng key export -d A htx-samngoclinh.vn/log)
$ txng export -d A --all -o ok.txng --sign-as htx
exported 3 records of 3 to ok.txng
# The log key, by its name (the origin) as by its file.
$ txng export -d A --all -o log.txng --sign-as htx-samngoclinh.vn/log
exported 3 records of 3 to log.txng
$ grep -c '^exporter htx-samngoclinh.vn/log+' log.txng
1
$ txng key revoke -d A aud -t 1700000400 >/dev/null 2>&1
$ txng export -d A --all -o rev.txng --sign-as aud
exported 4 records of 4 to rev.txng
! txng: export: --sign-as: key aud+f0541a7e is revoked (record 3): verifiers must give its key with --exporter-key aud+f0541a7e+AaAe8U7HiSGZn/Xtm0WXMwWGY/dJK4GA7wsDUkIJjFHT
$ txng verify rev.txng --key "$VK" --state st
! txng: rev.txng: line 22: exporter: the exporter key is revoked in the bundle's log: give its key with --exporter-key if you trust it, or ask for a bundle signed by a key that is not revoked
[1]
$ txng verify rev.txng --key "$VK" --state st --exporter-key "$(txng key export -d A aud)"
ok: htx-samngoclinh.vn/log: 4 records (the whole log), checkpoint size 4, root V5xGMi0iyQgpEEHUbl0pXCZXvIj0m6huGoeq9HI7RxE=
exporter: aud+f0541a7e (signature verified)
state: first checkpoint of this origin, remembered

# An auditor's own key, on a copy of the log that does not know it: the
# bundle verifies with --exporter-key; without it, it is refused as
# docs/format.md §9.3 says; with another key of the same name, the exporter
# signature is refused.
$ txng init -d B --origin other.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d B kiem-toan-vien --role auditor --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng export -d A --all -o aud.txng --sign-as B/keys/kiem-toan-vien.key
exported 4 records of 4 to aud.txng
! txng: export: --sign-as: kiem-toan-vien+fe6f0132 is not a key of this log: verifiers must give its key with --exporter-key kiem-toan-vien+fe6f0132+AYyRV15fbY4Lw0q8Kq8QacX2iFSXy5Z104hTk4H5dz6l
$ KTV=$(txng key export -d B kiem-toan-vien)
$ txng verify aud.txng --key "$VK" --state st --exporter-key "$KTV"
ok: htx-samngoclinh.vn/log: 4 records (the whole log), checkpoint size 4, root V5xGMi0iyQgpEEHUbl0pXCZXvIj0m6huGoeq9HI7RxE=
exporter: kiem-toan-vien+fe6f0132 (signature verified)
state: the checkpoint accepted before
$ txng verify aud.txng --key "$VK" --state st
! txng: aud.txng: line 22: exporter: the exporter key is not enrolled in the bundle's log: give its key with --exporter-key, or ask for a bundle signed by an enrolled key
[1]
$ TXNG_INSECURE_SEED= txng key new -d B kiem-toan-vien-2 --role auditor --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng verify aud.txng --key "$VK" --state st --exporter-key "$(txng key export -d B kiem-toan-vien-2)"
! txng: aud.txng: line 22: exporter: the bundle is exported by another key
[1]
$ sed '$s/ [A-Za-z0-9+\/]\{10\}/ AAAAAAAAAA/' aud.txng > aud2.txng
$ txng verify aud2.txng --key "$VK" --state st --exporter-key "$KTV"
! txng: aud2.txng: line 22: exporter: the exporter signature does not verify
[1]

# The same name as a key of this log, but another key (not from the fixed seed).
$ TXNG_INSECURE_SEED= txng key new -d B htx --role cooperative --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng export -d A --all -o x.txng --sign-as B/keys/htx.key 2>&1 >/dev/null | cut -d' ' -f1-11 | sed 's/+[0-9a-f]\{8\}/+ID/'
txng: export: --sign-as: htx+ID is not a key of this log:
$ txng verify x.txng --key "$VK" --state st --exporter-key "$(txng key export -d B htx)" | sed -n 2p | sed 's/+[0-9a-f]\{8\}/+ID/'
exporter: htx+ID (signature verified)
$ txng verify x.txng --key "$VK" --state st
! txng: x.txng: line 22: exporter: the exporter key is not enrolled in the bundle's log: give its key with --exporter-key, or ask for a bundle signed by an enrolled key
[1]

# A key file that cannot be loaded is still refused, and nothing is written.
$ TXNG_PASSPHRASE='mật khẩu' txng key new -d B kin --role auditor -t 1700000300 >/dev/null 2>&1
$ TXNG_PASSPHRASE=sai txng export -d A --all -o y.txng --sign-as B/keys/kin.key
! txng: B/keys/kin.key: wrong passphrase
[3]
$ test -e y.txng || echo nothing written
nothing written
