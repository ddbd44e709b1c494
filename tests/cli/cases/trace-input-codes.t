# A plain code that names more than one identifier is refused with the
# candidates (status 2: the user picks one); a receiver's log finds the lots
# and boxes it imported by their plain codes; --dot shows corrections, as
# the text and --json do.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d htx --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d htx htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d htx --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3 >/dev/null
$ txng record plant -d htx --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
# Lot L24-017 three times: fresh roots and dried slices under two GTINs,
# and a cohort of that code.
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
4
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000033 --roots 12 --weight 0.6kg --age 6 --time 2025-09-20T08:30+07:00
5
$ txng record plant -d htx --as htx -r "$R" --cohort L24-017 --place vuon-3 --count 40 --time 2025-10-20T08:00+07:00
6
$ txng trace forward -d htx L24-017
! txng: L24-017: names more than one identifier: https://id.gs1.org/01/08930000000026/10/L24-017, https://id.gs1.org/01/08930000000033/10/L24-017, urn:txng:htx-samngoclinh.vn/log:cohort:L24-017; give one of them
[2]
$ LANGUAGE=vi LC_ALL=C.UTF-8 txng trace forward -d htx L24-017
! txng: L24-017: ứng với nhiều mã định danh: https://id.gs1.org/01/08930000000026/10/L24-017, https://id.gs1.org/01/08930000000033/10/L24-017, urn:txng:htx-samngoclinh.vn/log:cohort:L24-017; hãy ghi rõ một trong số đó
[2]
$ txng trace forward -d htx https://id.gs1.org/01/08930000000026/10/L24-017
https://id.gs1.org/01/08930000000026/10/L24-017
# Record 5 is corrected: text, --json and --dot all say so; --dot with a
# note for the correcting record and a dashed edge to the record it corrects.
$ txng record correct -d htx --as htx -r "$R" --corrects 5 --reason incorrect --time 2025-10-07T10:00+07:00
7
$ txng trace back -d htx https://id.gs1.org/01/08930000000033/10/L24-017
https://id.gs1.org/01/08930000000033/10/L24-017
  record 5: harvest 2025-09-20T08:30:00+07:00, by htx (corrected by record 7)
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019
       record 3: plant 2019-10-20T08:00:00+07:00, by htx, at urn:txng:htx-samngoclinh.vn/log:place:vuon-3
$ txng trace back -d htx --json https://id.gs1.org/01/08930000000033/10/L24-017 | grep -A2 correctedBy
      "correctedBy": [],
      "next": [],
      "depth": 1
--
      "correctedBy": [
        7
      ],
$ txng trace back -d htx --dot https://id.gs1.org/01/08930000000033/10/L24-017
digraph trace {
  rankdir=RL;
  n0 [shape=box, label="https://id.gs1.org/01/08930000000033/10/L24-017"];
  n1 [shape=box, label="urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"];
  e0 [shape=ellipse, label="#3 urn:txng:bizstep:plant\nhtx\nVườn 3, tiểu khu 12\n2019-10-20T08:00:00+07:00"];
  e1 [shape=ellipse, label="#5 urn:txng:bizstep:harvest\nhtx\n2025-09-20T08:30:00+07:00"];
  e1 -> n1;
  n0 -> e1;
  n1 -> e0;
  c7 [shape=note, style=dashed, label="#7 correction"];
  c7 -> e1 [style=dashed, label="corrects"];
}

# A shop imports the cooperative's bundle of box 000007 and traces by plain
# codes: the lot it imported, the box it received.
$ txng demo -d demo >/dev/null
$ txng export -d demo https://id.gs1.org/01/08930000000033/21/000007 -o unit7.txng
exported 30 records of 32 to unit7.txng
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop unit7.txng --key "$(txng key export -d demo demo.htx-samngoclinh.vn/log)" --as shop -r 2025-12-01T00:00:00Z
imported 29 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 2..31; 0 imported before
$ txng trace forward -d shop L24-017-S --depth 1 | head -3
https://id.gs1.org/01/08930000000033/10/L24-017-S
  record 27: inspecting 2024-11-18T14:00:00+07:00, by kiem-nghiem-kt, imported from demo.htx-samngoclinh.vn/log (its record 27)
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, imported from demo.htx-samngoclinh.vn/log (its record 28)
$ txng trace back -d shop 000007 --depth 1 | head -3
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, imported from demo.htx-samngoclinh.vn/log (its record 28)
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
$ txng trace back -d shop L24-017-Z
! txng: L24-017-Z: no event in this log names this identifier
[1]
