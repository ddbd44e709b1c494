# A recall for destruction, change of use or re-export reaches what was made
# from what it names, however far upstream: the walk from a unit goes through
# its lot, the harvest, the cohort's planting and on to the seedling lot. Of
# the cohort it reads no more than its planting, not its treatments.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng demo -d D >/dev/null
$ txng record recall -d D --as D/log.key -r "$R" --lot VU-2019 --reason "cây giống nhiễm bệnh" --handling destroy --time 2024-12-01T08:00+07:00
32
$ txng record sell -d D --as D/log.key -r "$R" --serials 000008 --gtin 08930000000033 --time 2024-12-02T09:00+07:00 --dry-run
! txng: record sell: --serials: recalled for destruction, change of use or re-export: it may not be sold; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: VU-2019; record 32)
[3]
