# Counts of plants and roots are at least 1; a quantity in pieces (H87, also
# a quantity without a unit) is a whole number. Outputs in pieces from inputs
# in kg cannot be weighed against them: accepted, with a note.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
$ txng record plant -d L --as htx -r "$R" --cohort V4-2019 --place vuon-3 --count 0 --time 2019-10-20T08:00+07:00
! txng: record plant: --count: a count must be at least 1
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 0 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --roots: a count must be at least 1
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 1 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
4
$ txng record transform -d L --as htx -r "$R" --in L24-017:1kg --out L24-017-T:3.2 --method "đóng lọ" --time 2025-09-23T08:00+07:00
! txng: record transform: --out: a count of pieces is a whole number: give e.g. 50, or a mass such as 9.6kg
[3]
$ txng record transform -d L --as htx -r "$R" --in L24-017:1kg --out L24-017-T:3.2pcs --method "đóng lọ" --time 2025-09-23T08:00+07:00
! txng: record transform: --out: a count of pieces is a whole number: give e.g. 50, or a mass such as 9.6kg
[3]
$ txng record transform -d L --as htx -r "$R" --in L24-017:1kg --out L24-017-T:3 --method "đóng lọ" --time 2025-09-23T08:00+07:00
5
! txng: record transform: note: inputs and outputs share no unit (e.g. kg in, pieces out), so the mass balance was not checked
