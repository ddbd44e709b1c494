# Values refused for what they say, each with its own message (status 3), and
# nothing appended: a certificate's validity that ends before it starts, a
# percentage above 100, a best-before date before the packing.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code v3
2
$ txng record plant -d L --as htx -r "$R" --cohort C1 --place v3 --count 100 --time 2019-10-20T08:00+07:00
3
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L1 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
4
$ txng log -d L | wc -l
5
$ txng certificate add -d L --as htx -r "$R" --code gcn-1 --kind gi --number 1/GCN --issuer "Cục SHTT" --valid-from 2024-01-15 --valid-until 2023-01-01 --subject v3
! txng: certificate add: --valid-until: the validity ends before it starts: check --valid-until and --valid-from
[3]
$ txng certificate add -d L --as htx -r "$R" --code gcn-1 --kind gi --number 1/GCN --issuer "Cục SHTT" --valid-from 2024-01-15 --intensity 150 --subject v3
! txng: certificate add: --intensity: a percentage is at most 100
[3]
$ txng record transform -d L --as htx -r "$R" --in L1:1kg --out L1-S:0.5kg --method sấy --moisture 120 --time 2025-09-22T08:00+07:00
! txng: record transform: --moisture: a percentage is at most 100
[3]
$ txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 000001-000005 --best-before 2020-01-01 --time 2025-09-26T08:00+07:00
! txng: record pack: --best-before: the best-before date is before the packing: check --best-before and --time
[3]
$ txng log -d L | wc -l
5
# The same day, and 100 %, pass.
$ txng certificate add -d L --as htx -r "$R" --code gcn-1 --kind gi --number 1/GCN --issuer "Cục SHTT" --valid-from 2024-01-15 --valid-until 2024-01-15 --intensity 100 --subject v3
5
$ txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 000001-000005 --best-before 2025-09-26 --time 2025-09-26T08:00+07:00
6
