# Writers that check the log and then append do both under the log's writer
# lock, so processes racing on one unit or one serial range are decided one
# after the other. Four `txng claim` of one unit with the right code, started
# together: one claims (0), three are told "already claimed" (1). Two `txng
# record pack` of one serial range: one packs (0), the other is refused (3).
# Two runs of one `txng record pack` at once: it is appended once.
# The code 4KX9-2PQM has the known hash of tests/unit/test_claim.c.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ H=AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2
$ U='https://id.gs1.org/01/08930000000033/21/'
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh" --code htx >/dev/null
$ txng place add -d L --as htx -r "$R" --name "Kho HTX" --code kho >/dev/null
$ txng record receive -d L --as htx -r "$R" --lot L1 --from htx --place kho --time 2024-11-19T09:00+07:00 >/dev/null
$ txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 000001-000005 --time 2024-11-20T09:00+07:00 >/dev/null
$ txng record claim-codes -d L --as htx -r "$R" --id "${U}000001" --hash "$H" --id "${U}000002" --hash "$H" --id "${U}000003" --hash "$H" --id "${U}000004" --hash "$H" --id "${U}000005" --hash "$H" --time 2024-11-20T10:00+07:00 >/dev/null
$ for i in 1 2 3 4 5; do for j in 1 2 3 4; do (txng claim -d L "${U}00000$i" --code 4KX9-2PQM -t "$R" >/dev/null 2>&1; echo $? >"c$i.$j") & done; wait; cat c$i.* | sort | tr '\n' ' '; echo; done
0 1 1 1 
0 1 1 1 
0 1 1 1 
0 1 1 1 
0 1 1 1 
$ for i in 1 2 3 4 5; do for j in 1 2; do (txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 00${i}001-00${i}005 --time 2024-11-21T09:0${j}+07:00 >/dev/null 2>&1; echo $? >"p$i.$j") & done; wait; cat p$i.* | sort | tr '\n' ' '; echo; done
0 3 
0 3 
0 3 
0 3 
0 3 
# The same pack run twice at once (a retry racing the first run): one appends
# it, the other finds it in the log; both succeed, one record.
$ for j in 1 2; do (txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 006001-006005 --time 2024-11-21T09:00+07:00 >/dev/null 2>&1; echo $? >"q.$j") & done; wait; cat q.* | sort | tr '\n' ' '; echo
0 0 
# The log holds one claim per unit, three already-claimed each, and seven packs.
$ txng log -d L | cut -f3- | sort | uniq -c
     20 claim	htx-samngoclinh.vn/log
      1 claim-codes	htx
      7 pack	htx
      1 receive	htx
      1 txng:Genesis	htx-samngoclinh.vn/log
      1 txng:KeyEnrol	htx-samngoclinh.vn/log
      1 txng:Party	htx
      1 txng:Place	htx
# Which of two racing packs wins varies, and so does the root: verified, not compared.
$ txng verify -d L | cut -d, -f1-3
ok: htx-samngoclinh.vn/log: 33 records, 2 keys, 33 checkpoints
