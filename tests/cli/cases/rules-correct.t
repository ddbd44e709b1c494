# A harvest recorded by mistake and corrected with --reason did-not-occur
# frees its lot code and its roots: the harvest is recorded again with the
# same lot. A correction of incorrect data frees nothing; a did-not-occur
# correction that is itself corrected frees nothing either.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 400 --weight 96kg --age 6 --time 2025-09-20T07:30+07:00
4
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --lot: already created: a code is created once, give a new one (identifier: L24-017; record 4)
[3]
$ txng record correct -d L --as htx -r "$R" --corrects 4 --reason did-not-occur --time 2025-09-21T08:00+07:00
5
# The lot code is free, and the 400 roots of the harvest that did not occur count again.
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
6
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-018 --roots 281 --weight 20kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --roots: more roots than the cohort's planted count leaves: check --roots, or record a stand count (roots left: 280)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-018 --roots 280 --weight 20kg --age 6 --time 2025-09-20T07:30+07:00
7
# A correction of incorrect data does not free the code.
$ txng record correct -d L --as htx -r "$R" --corrects 6 --reason incorrect --time 2025-09-21T08:10+07:00
8
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 1 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --lot: already created: a code is created once, give a new one (identifier: L24-017; record 6)
[3]
