# --dry-run asks no passphrase, but the key given with --as must be one that may
# sign in this log (its public key is read from the key file without the
# passphrase): an unknown key file, a key not enrolled and a revoked key are
# refused as they are without --dry-run. Without --as a dry run checks no key.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ export TXNG_PASSPHRASE=pw
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative -t 1700000100 >/dev/null 2>&1
$ txng key new -d L gone --role grower -t 1700000200 >/dev/null 2>&1
$ txng key revoke -d L gone -t 1700000300
revoked gone+74c8babf
$ txng init -d M --origin other.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d M stranger --role grower -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code vuon-3
4
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
5
$ txng log -d L | wc -l
6
# record
$ txng record treat -d L --as nobody --cohort V3-2019 --input none --time 2024-05-01T08:00+07:00 --dry-run
! txng: L/keys/nobody.key: no such key file
[3]
$ txng record treat -d L --as gone --cohort V3-2019 --input none --time 2024-05-01T08:00+07:00 --dry-run
! txng: gone+74c8babf: key revoked at record 3; it may not sign new records
[3]
$ txng record treat -d L --as M/keys/stranger.key --cohort V3-2019 --input none --time 2024-05-01T08:00+07:00 --dry-run
! txng: stranger+25e7e1dd: key not enrolled in this log
[3]
$ printf 'not a key\n' > bad.key
$ txng record treat -d L --as bad.key --cohort V3-2019 --input none --time 2024-05-01T08:00+07:00 --dry-run
! txng: bad.key: line 1: not a txng secret key file
[3]
# htx's key file is encrypted: no passphrase is needed to check it.
$ (unset TXNG_PASSPHRASE; txng record treat -d L --as htx --cohort V3-2019 --input none --time 2024-05-01T08:00+07:00 --dry-run)
{"action":"OBSERVE","bizStep":"urn:txng:bizstep:treat","epcList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"eventTime":"2024-05-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00","txng:input":"none","txng:step":"treat","type":"ObjectEvent"}
$ txng record treat -d L --cohort V3-2019 --input none --time 2024-05-01T08:00+07:00 --dry-run
{"action":"OBSERVE","bizStep":"urn:txng:bizstep:treat","epcList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"eventTime":"2024-05-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00","txng:input":"none","txng:step":"treat","type":"ObjectEvent"}
# import --csv
$ printf 'Công đoạn;Lứa trồng;Vật tư sử dụng;Thời gian\ntreat;V3-2019;none;2024-05-01T08:00+07:00\n' > care.csv
$ txng import -d L --as gone --csv care.csv --dry-run
! txng: gone+74c8babf: key revoked at record 3; it may not sign new records
[3]
$ txng import -d L --as gone --csv care.csv
! txng: gone+74c8babf: key revoked at record 3; it may not sign new records
[3]
$ txng import -d L --as htx --csv care.csv --dry-run
{"action":"OBSERVE","bizStep":"urn:txng:bizstep:treat","epcList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"eventTime":"2024-05-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00","txng:input":"none","txng:step":"treat","type":"ObjectEvent"}
# import --format epcis
$ txng export -d M --all --format epcis -o m.jsonld
$ txng import -d L --format epcis m.jsonld --as gone --dry-run
! txng: gone+74c8babf: key revoked at record 3; it may not sign new records
[3]
# Nothing was appended by the refused commands.
$ txng log -d L | wc -l
6
