# txng demo builds the whole Ngọc Linh chain, seed lot to retail sale, across
# five parties' keys, the same on every run (fixed demonstration keys and
# times); only the folder differs, written here as $TMP. It checks its own
# claims (refusals, proofs, trace back to the seed lot, forward to every box
# and the shop) and exits 3 when one fails. Then, for the box sold: its
# bundle verified and a one-byte change refused, its signed label verified and
# another serial refused, its claim code claimed once and the second claim
# refused (on a scratch copy of the log, removed afterwards).
# tests/cli/cases/trace.t traces this log with txng trace.
$ txng demo -d "$PWD/demo"
txng demo: one lot of Ngọc Linh ginseng, from the seed lot to a box sold in
Hà Nội. Demonstration keys are fixed and NOT secret; never use them for real.

1. The cooperative creates its log in $TMP/demo.
   Record 0 names the log and its key; anyone holding this verifier key
   can check the whole log:
   demo.htx-samngoclinh.vn/log+9476e2e2+ATDXBqPc96EZ2+I9upLLGxM9yJztqlPGEHR3/kY/0b2s

2. The log key enrols the keys of five parties (records 1-5):
   ho-a-vang (grower), htx-tumorong (cooperative), say-dak-to (processor),
   kiem-nghiem-kt (lab), cua-hang-hn (retailer).

3. Master data first (records 6-17, signed by htx-tumorong): five parties,
   five places (the garden: GPS 14.9123,107.9876 within 5 m, GI code C0004-SNLKTG)
   and two products, GTIN 08930000000026 (fresh roots) and 08930000000033 (dried slices),
   whose records sign the SHA-256 of their picture, kept in $TMP/demo/media.

4. Each step is built from the step table, checked by the rules, and signed
   by whoever did it (record, date, step, signer):
   18  2018-09-18  seed harvest from the mother garden -> seed lot HG-2018 [htx-tumorong]
   19  2018-12-05  nursery: the seed lot sown -> 650 seedlings, lot VU-2019 [htx-tumorong]
   20  2019-10-20  planting under forest canopy: 400 seedlings, cohort V3-2019 [ho-a-vang]
   21  2023-04-02  care: organic fertiliser on the cohort [ho-a-vang]
   22  2024-06-15  stand count: 372 live plants, 5 years old [htx-tumorong]
   23  2024-11-12  root harvest, GI C0004-SNLKTG: lot L24-017, 120 roots and GI stamps, 9.6 kg [ho-a-vang]
                   signed offline in the garden, appended on 2024-11-13
   24  2024-11-13  received at the cooperative: lot L24-017, 9.6 kg [htx-tumorong]
   25  2024-11-13  washing and grading: 6.3 kg grade 1, 3.1 kg grade 2 [htx-tumorong]
   26  2024-11-15  drying, slicing: 6.3 kg of grade 1 -> 1.6 kg, lot L24-017-S [say-dak-to]
   27  2024-11-18  lab test of L24-017-S (DNA, saponins, residues): pass [kiem-nghiem-kt]
   28  2024-11-20  packing: 40 boxes of 40 g, serials and GI stamps 000001-000040 [htx-tumorong]
   29  2024-11-22  shipping boxes 000001-000012 to a shop in Hà Nội [htx-tumorong]
   30  2024-11-23  received by the shop: 12 boxes, seals intact [cua-hang-hn]
   31  2024-11-30  retail sale of box 000007 [cua-hang-hn]

5. What does not add up is refused. A copy of record 26 claiming 7.3 kg
   of dried slices from 6.3 kg of roots, without --allow-gain:
   refused by the rules: outputs outweigh inputs: give --allow-gain REASON
   The grower's signed harvest with 19.6 kg written over 9.6 kg:
   refused by the log: signature does not verify
   The same harvest signed by a key the log never enrolled:
   refused by the log: signed by an unknown key
   A second packing that puts GI stamps 000031-000070 on 40 more boxes (stamps
   copied from boxes already packed):
   refused by the rules: GI stamp already used by an earlier record: a stamp is used once, check --stamps (stamp: 000031)

6. After every append the log signs a checkpoint (C2SP): its size and the
   Merkle root of all records. This is the newest one:
   demo.htx-samngoclinh.vn/log
   32
   sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
   — demo.htx-samngoclinh.vn/log lHbi4pVIBR06HCVTwnW2tyRyfMu6NPj5iWvNflrR3lGiajUhndlIpTgPHmNkHsZEqGK0oXlfSH75NIqubf/VJo+q9gs=
   An inspector holding only this checkpoint checks that the harvest (record
   23) is in the log: a proof of 5 hashes verifies against its root.
   A copy of that record with 8.6 kg instead of 9.6 kg fails the same proof:
   proof does not verify.

7. Anyone with the log's verifier key checks every record, signature,
   checkpoint and index (the same as 'txng verify -d $TMP/demo'):
   ok: demo.htx-samngoclinh.vn/log: 32 records, 6 keys, 17 checkpoints, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=

8. A customer scans box 000007: trace back, step by step to the seed lot
   (identifier; the records naming it; the step that made it, time, signer):
   https://id.gs1.org/01/08930000000033/21/000007
     also: 29 shipping, 30 receiving, 31 retail_selling
     made by 28 packing, 2024-11-20T09:00:00+07:00, htx-tumorong
   https://id.gs1.org/01/08930000000033/10/L24-017-S
     also: 27 inspecting
     made by 26 transform, 2024-11-15T08:00:00+07:00, say-dak-to
   urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A
     made by 25 wash-grade, 2024-11-13T10:30:00+07:00, htx-tumorong
   https://id.gs1.org/01/08930000000026/10/L24-017
     also: 24 receiving
     made by 23 harvest, 2024-11-12T09:15:00+07:00, ho-a-vang
   urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019
     also: 21 treat, 22 stock_taking
     made by 20 plant, 2019-10-20T08:00:00+07:00, ho-a-vang
   urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019
     made by 19 transform, 2018-12-05T08:00:00+07:00, htx-tumorong
   urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018
     made by 18 transform, 2018-09-18T08:30:00+07:00, htx-tumorong
   urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012
     made by nothing in this log: the trace ends here

9. A recall starts from the harvest lot: trace forward finds everything made
   from it and whom to notify:
   through records 25 wash-grade, 26 transform, 28 packing: 3 lots and 40 boxes
   recipients to notify:
     https://id.gs1.org/414/8930000000040 (Kho và xưởng đóng gói HTX, of HTX Sâm Ngọc Linh Tu Mơ Rông)
     urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn (Cửa hàng Sâm Việt)
     urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn (Cửa hàng Sâm Việt, Hoàn Kiếm, of Cửa hàng Sâm Việt)

10. Box 000007's lineage as a bundle, one file signed by the log key ('txng export
    --sign-as'): 30 of the 32 records, checked offline with only the verifier
    key above: ok.
    One byte changed (9.6 -> 8.6 kg): record 23: signature does not verify.

11. Its label, a GS1 Digital Link URI signed by htx-tumorong (AI 8030):
    https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
    'txng verify-label': signed by htx-tumorong; the box was packed in record 28.
    The same URI with serial 000008: NOT GENUINE, no enrolled key verifies it.

12. Its claim code 4KX9-2PQM, under a scratch-off, registered as a salted hash in
    record 32 (of a scratch copy: this demo log stays the same on every run):
    first claim: claimed on 2024-11-30T20:05:00+07:00 (record 33)
    second claim: refused, already claimed on 2024-11-30T20:05:00+07:00

Explore: txng log -d $TMP/demo
         txng show -d $TMP/demo 23; txng prove -d $TMP/demo 23
         txng trace back -d $TMP/demo https://id.gs1.org/01/08930000000033/21/000007
         txng trace forward -d $TMP/demo https://id.gs1.org/01/08930000000026/10/L24-017
         txng verify $TMP/demo/unit-000007.txng --key demo.htx-samngoclinh.vn/log+9476e2e2+ATDXBqPc96EZ2+I9upLLGxM9yJztqlPGEHR3/kY/0b2s
         txng verify-label $TMP/demo/label-000007.png -d $TMP/demo
# The files that -d writes: the bundle and the label's QR code, as the
# commands read them.
$ VK=$(txng key export -d demo demo.htx-samngoclinh.vn/log)
$ txng verify demo/unit-000007.txng --key "$VK" --state st >v.out && head -1 v.out
ok: demo.htx-samngoclinh.vn/log: 30 records (unit https://id.gs1.org/01/08930000000033/21/000007), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
$ txng verify-label demo/label-000007.png -d demo >l.out && grep -E '^(signature|packed|verdict):' l.out
signature: valid, by htx-tumorong+1805b392
packed: record 28
verdict: GENUINE: issued by htx-tumorong+1805b392 and packed in this log; not claimed yet.
$ txng verify -d demo
ok: demo.htx-samngoclinh.vn/log: 32 records, 6 keys, 17 checkpoints, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
$ txng log -d demo
0	2018-09-01T01:00:00Z	txng:Genesis	demo.htx-samngoclinh.vn/log
1	2018-09-01T01:01:00Z	txng:KeyEnrol	demo.htx-samngoclinh.vn/log
2	2018-09-01T01:01:00Z	txng:KeyEnrol	demo.htx-samngoclinh.vn/log
3	2018-09-01T01:01:00Z	txng:KeyEnrol	demo.htx-samngoclinh.vn/log
4	2018-09-01T01:01:00Z	txng:KeyEnrol	demo.htx-samngoclinh.vn/log
5	2018-09-01T01:01:00Z	txng:KeyEnrol	demo.htx-samngoclinh.vn/log
6	2018-09-01T02:00:00Z	txng:Party	htx-tumorong
7	2018-09-01T02:00:00Z	txng:Party	htx-tumorong
8	2018-09-01T02:00:00Z	txng:Party	htx-tumorong
9	2018-09-01T02:00:00Z	txng:Party	htx-tumorong
10	2018-09-01T02:00:00Z	txng:Party	htx-tumorong
11	2018-09-01T02:00:00Z	txng:Place	htx-tumorong
12	2018-09-01T02:00:00Z	txng:Place	htx-tumorong
13	2018-09-01T02:00:00Z	txng:Place	htx-tumorong
14	2018-09-01T02:00:00Z	txng:Place	htx-tumorong
15	2018-09-01T02:00:00Z	txng:Place	htx-tumorong
16	2018-09-01T02:00:00Z	txng:Product	htx-tumorong
17	2018-09-01T02:00:00Z	txng:Product	htx-tumorong
18	2018-09-18T01:40:00Z	transform	htx-tumorong
19	2018-12-05T01:10:00Z	transform	htx-tumorong
20	2019-10-20T01:10:00Z	plant	ho-a-vang
21	2023-04-02T00:40:00Z	treat	ho-a-vang
22	2024-06-15T02:10:00Z	stand-count	htx-tumorong
23	2024-11-13T01:00:00Z	harvest	ho-a-vang
24	2024-11-13T01:10:00Z	receive	htx-tumorong
25	2024-11-13T03:40:00Z	wash-grade	htx-tumorong
26	2024-11-15T01:10:00Z	transform	say-dak-to
27	2024-11-18T07:10:00Z	test	kiem-nghiem-kt
28	2024-11-20T02:10:00Z	pack	htx-tumorong
29	2024-11-21T23:10:00Z	ship	htx-tumorong
30	2024-11-23T08:10:00Z	receive	cua-hang-hn
31	2024-11-30T11:30:00Z	sell	cua-hang-hn
# The new steps in Vietnamese.
$ (export LC_ALL=C.UTF-8 LANGUAGE=vi; txng demo -d "$PWD/demo-vi") | sed -n '/^10\./,/^Xem/p'
10. Gói nguồn gốc của hộp 000007, một tệp ký bằng khóa của nhật ký ('txng export
    --sign-as'): 30 trên 32 bản ghi, kiểm tra ngoại tuyến chỉ với khóa
    kiểm tra ở trên: hợp lệ.
    Sửa một byte (9,6 -> 8,6 kg): bản ghi 23: chữ ký không hợp lệ.

11. Nhãn của hộp: một URI GS1 Digital Link do htx-tumorong ký (AI 8030):
    https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
    'txng verify-label': chữ ký của htx-tumorong; hộp được đóng gói ở bản ghi 28.
    Cùng URI với số sê-ri 000008: KHÔNG CHÍNH HÃNG, chữ ký không khớp khóa nào.

12. Mã kích hoạt 4KX9-2PQM của hộp, dưới lớp phủ cào, được đăng ký dạng mã băm có
    muối ở bản ghi 32 (trên một bản sao tạm, để nhật ký minh họa luôn như nhau):
    lần đầu: đã kích hoạt lúc 2024-11-30T20:05:00+07:00 (bản ghi 33)
    lần thứ hai: bị từ chối, đã được kích hoạt lúc 2024-11-30T20:05:00+07:00

Xem thêm: txng log -d $TMP/demo-vi
# Without -d: a new folder in $TMPDIR, no files beside the log, and nothing
# left of the scratch copy.
$ mkdir scratch
$ (export TMPDIR="$PWD/scratch"; txng demo >/dev/null)
$ ls scratch | wc -l
1
$ ls scratch/*/nhatky
data.mdb
lock.mdb
log.key
media
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
