# A harvest named by its plot (--plot) and no cohort draws on the cohorts
# planted at that plot: their roots left together (R39: never more GI stamps
# than roots), not before the first planting there, roots no older than that
# planting allows, and not within the pre-harvest interval of a treatment of
# those cohorts or done at the plot. A plot where nothing was planted is
# refused. A later harvest of one of the cohorts is held to what the plot's
# harvests leave. Nothing is appended on a refusal.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3 --gi-code C0004-SNLKTG
2
$ txng place add -d L --as htx -r "$R" --name "Vườn 4, tiểu khu 12" --code vuon-4
3
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
4
$ txng log -d L | wc -l
5
# Nothing planted at the plot: record the planting, or name the cohort.
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 4, tiểu khu 12" --lot L25-099 --roots 5 --weight 1kg --age 6 --time 2025-09-21T07:30+07:00
! txng: record harvest: --plot: nothing in this log was planted at this plot: record plant there first, or give --cohort CODE
[3]
# 1,000 GI stamps out of a 400-plant garden.
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-100 --roots 5000 --weight 1kg --age 6 --gi-code C0004-SNLKTG --gtin 08930000000026 --stamps 100001-101000 --time 2025-09-21T07:30+07:00
! txng: record harvest: --roots: more roots than the cohorts planted at the plot leave: check --roots, or record a stand count (roots left: 400)
[3]
# Nine years before anything was planted there.
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-100 --roots 5 --weight 1kg --age 6 --gi-code C0004-SNLKTG --time 2010-09-21T07:30+07:00
! txng: record harvest: --time: harvest is before the first planting at its plot: check --time
[3]
# Planted 2019-10-20: 5 whole years and 3 nursery years make roots of 8 at most.
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-100 --roots 5 --weight 1kg --age 12 --gi-code C0004-SNLKTG --time 2025-09-21T07:30+07:00
! txng: record harvest: --age: root age is more than the years since the first planting at the plot plus 3 nursery years: check --age (oldest possible age: 8)
[3]
# A treatment of a cohort planted there holds the plot's harvests too.
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input "thuốc trừ nấm" --phi 14 --time 2025-09-10T08:00+07:00
5
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-100 --roots 5 --weight 1kg --age 6 --gi-code C0004-SNLKTG --time 2025-09-21T07:30+07:00
! txng: record harvest: --time: harvest within the pre-harvest interval of a treatment at its plot: harvest after the interval ends (interval ends: 2025-09-24T01:00:00Z; record 5)
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-100 --roots 5000 --weight 1kg --age 6 --gi-code C0004-SNLKTG --time 2025-09-25T07:30+07:00
! txng: record harvest: --roots: số củ nhiều hơn số cây còn lại của các lứa trồng tại vườn/lô này: kiểm tra lại --roots, hoặc ghi một lần kiểm kê vườn (stand-count) (số củ còn lại: 400)
[3]
# The plot has a GI code: a harvest without --gi-code misses a key data element (2).
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-100 --roots 5 --weight 1kg --age 6 --time 2025-09-25T07:30+07:00
! txng: record harvest: --gi-code: the plot has a GI code: give --gi-code with the plot's code (GI code of the plot: C0004-SNLKTG)
[2]
$ txng log -d L | wc -l
6
# Accepted: 300 of the 400 roots, with 300 GI stamps.
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-100 --roots 300 --weight 24kg --age 6 --gi-code C0004-SNLKTG --gtin 08930000000026 --stamps 100001-100300 --time 2025-09-25T07:30+07:00
6
# The cohort's own harvests are held to what the plot's harvest left: 100.
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-101 --roots 101 --weight 8kg --age 6 --gi-code C0004-SNLKTG --time 2025-09-26T07:30+07:00
! txng: record harvest: --roots: more roots than the cohorts planted at the plot leave: check --roots, or record a stand count (roots left: 100)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-101 --roots 100 --weight 8kg --age 6 --gi-code C0004-SNLKTG --time 2025-09-26T07:30+07:00
7
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-102 --roots 1 --weight 1kg --age 6 --gi-code C0004-SNLKTG --time 2025-09-27T07:30+07:00
! txng: record harvest: --roots: more roots than the cohorts planted at the plot leave: check --roots, or record a stand count (roots left: 0)
[3]
# A stand count of every cohort there after the harvests starts the count again.
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 50 --time 2025-10-01T08:00+07:00
8
$ txng record harvest -d L --as htx -r "$R" --plot "Vườn 3, tiểu khu 12" --lot L25-102 --roots 50 --weight 4kg --age 6 --gi-code C0004-SNLKTG --time 2025-10-02T07:30+07:00
9
$ txng log -d L | wc -l
10
