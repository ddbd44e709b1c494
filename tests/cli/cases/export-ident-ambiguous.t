# A plain code that names more than one identifier of the log is refused
# with the candidates (status 2), as txng trace refuses it.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d htx --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d htx htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d htx --as htx -r "$R" --name "Vườn 3" --code vuon-3 >/dev/null
$ txng record plant -d htx --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00 >/dev/null
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00 >/dev/null
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000033 --roots 12 --weight 0.6kg --age 6 --time 2025-09-20T08:30+07:00 >/dev/null
$ txng export -d htx -o x.txng L24-017
! txng: L24-017: names more than one identifier: https://id.gs1.org/01/08930000000026/10/L24-017, https://id.gs1.org/01/08930000000033/10/L24-017; give one of them
[2]
$ test -e x.txng || echo nothing written
nothing written
# One of them, as the message says.
$ txng export -d htx -o x.txng https://id.gs1.org/01/08930000000033/10/L24-017
exported 5 records of 6 to x.txng
