# A stand count counts live plants: at most the plants planted less the roots
# harvested from the cohort up to the count. An inflated count would let a
# later harvest take more roots than were planted (GI stamp reconciliation).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 5000 --time 2024-06-15T09:00+07:00
! txng: record stand-count: --plants: more live plants than the cohort's planted count less the roots harvested from it: check --plants (plants left: 400)
[3]
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 401 --time 2024-06-15T09:00+07:00
! txng: record stand-count: --plants: more live plants than the cohort's planted count less the roots harvested from it: check --plants (plants left: 400)
[3]
# The boundary: every plant planted is alive.
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 400 --time 2024-06-15T09:00+07:00
4
# 120 roots harvested leave at most 280 live plants.
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 120 --weight 9.6kg --age 6 --time 2024-11-12T09:15+07:00
5
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 281 --time 2025-06-15T09:00+07:00
! txng: record stand-count: --plants: more live plants than the cohort's planted count less the roots harvested from it: check --plants (plants left: 280)
[3]
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 280 --time 2025-06-15T09:00+07:00
6
# A count of 0 (the cohort died) is a fact worth recording.
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 0 --time 2025-07-15T09:00+07:00
7
