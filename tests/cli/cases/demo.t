# txng demo builds the same small log on every run (fixed demonstration keys
# and times); only the folder differs, written here as $TMP.
$ txng demo -d "$PWD/demo"
txng demo: the record of one lot of Ngọc Linh ginseng, from planting to shop.
Demonstration keys are fixed and NOT secret; never use them for real records.

1. The cooperative creates its log in $TMP/demo.
   Record 0 names the log and its key; anyone holding this verifier key
   can check the whole log:
   demo.htx-samngoclinh.vn/log+9476e2e2+ATDXBqPc96EZ2+I9upLLGxM9yJztqlPGEHR3/kY/0b2s

2. The log key enrols the keys of a member grower and of the cooperative:
   enrolled ho-a-vang     (grower): ho-a-vang+1f159041+AdGxEQWp6wf0PFH6chNrbk2fAbpFpqGJghqoG9tnbCnm
   enrolled htx-tumorong  (cooperative): htx-tumorong+1805b392+AdndDqKVoz2NbOHMWx1x0z81S6hUpjBkqOxUhMUdBR/z

3. Each production step is an event, signed by whoever did it:
   record 3: planting of 400 seedlings in garden 3, signed by ho-a-vang
   record 4: care: organic fertiliser, signed by ho-a-vang
   record 5: harvest of lot L24-017: 120 roots, 9.6 kg, 6 years old, signed by ho-a-vang
   record 6: packing: 40 sealed units from lot L24-017, signed by htx-tumorong
   record 7: shipping to a shop in Hà Nội, signed by htx-tumorong

4. After every append the log signs a checkpoint (C2SP): its size and the
   Merkle root of all records. This is the newest one:

   demo.htx-samngoclinh.vn/log
   8
   FhO0y1wJRFGJbN0JcZaPV0+GkMBim4oiOstW8dObpso=

   — demo.htx-samngoclinh.vn/log lHbi4hSCHggSOLI0UpvuoJWUiT5+GZ4NiqVCEM8Vwj5XfohjFhuRJHVCwm0qzEqNJAIRF42L7Hu0QZLeI27pA+TYHwE=

5. An inspector holding only that checkpoint checks that the harvest
   (record 5) is in the log, with a proof of a few hashes:
   3 hashes; the proof verifies against the signed root.
   A copy of that record with 8.6 kg instead of 9.6 kg fails the same proof:
   proof does not verify.

6. A grower may sign offline; the signature stays valid in any log.
   Someone changes the weight in a signed harvest event from 9.6 to 19.6 kg:
   refused: signature does not verify
   A key the log never enrolled tries to add a harvest:
   refused: signed by an unknown key

7. Anyone with the log's verifier key checks every record, signature,
   checkpoint and index (the same as 'txng verify -d $TMP/demo'):
   ok: 8 records, 3 keys, 8 checkpoints, root FhO0y1wJRFGJbN0JcZaPV0+GkMBim4oiOstW8dObpso=

Look around: txng log -d $TMP/demo; txng show -d $TMP/demo 5; txng prove -d $TMP/demo 5
$ txng verify -d demo
ok: demo.htx-samngoclinh.vn/log: 8 records, 3 keys, 8 checkpoints, root FhO0y1wJRFGJbN0JcZaPV0+GkMBim4oiOstW8dObpso=
$ txng log -d demo
0	2024-11-14T16:00:00Z	txng:Genesis	demo.htx-samngoclinh.vn/log
1	2024-11-14T16:00:01Z	txng:KeyEnrol	demo.htx-samngoclinh.vn/log
2	2024-11-14T16:00:02Z	txng:KeyEnrol	demo.htx-samngoclinh.vn/log
3	2024-11-14T17:00:02Z	ObjectEvent	ho-a-vang
4	2024-11-14T18:00:02Z	ObjectEvent	ho-a-vang
5	2024-11-14T19:00:02Z	TransformationEvent	ho-a-vang
6	2024-11-14T20:00:02Z	AggregationEvent	htx-tumorong
7	2024-11-14T21:00:02Z	ObjectEvent	htx-tumorong
$ txng demo -d "$PWD/demo"
! txng: $TMP/demo: already exists; the demo needs a new folder
[3]
$ txng demo -d "$PWD/demo2" extra
! txng: demo: unexpected argument extra
! usage: txng demo [-d DIR]
[2]
$ txng demo --help
usage: txng demo [-d DIR]
build a small ginseng log, verify it, and explain each step

options:
  -d, --dir DIR   build the demo log in DIR (must not exist)
  -h, --help      show this help
