# txng labels: a print-ready PDF with one label per serial packed from a lot:
# QR code (GS1 Digital Link on the resolver, with expiry 17 and harvest date
# 7007 from the log), product name, lot, serial, net weight, dates, producer
# and the human-readable line. The PDF is read back with poppler (pdftoppm,
# pdftotext, pdfinfo) and every code with zbarimg, label by label.
# Only the DejaVu fonts (the labels use no other): parsing Debian 12's full
# fontconfig configuration loses 256 bytes, which LeakSanitizer would report.
$ printf '<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>%s/fc</cachedir></fontconfig>\n' "$PWD" >fonts.conf
$ export FONTCONFIG_FILE="$PWD/fonts.conf"
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative >/dev/null
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code vuon-3 --gps 14.9123,107.9876 --accuracy 5 --party "HTX Sâm Ngọc Linh Tu Mơ Rông" >/dev/null
$ txng product add -d L --as htx -r "$R" --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát 50 g" --producer "HTX Sâm Ngọc Linh Tu Mơ Rông" >/dev/null
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --seedlings LOT-CG-18 --count 400 --time 2019-10-20T08:00+07:00 >/dev/null
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00 >/dev/null
$ txng record transform -d L --as htx -r "$R" --in L24-017:6.1kg --out L24-017-S:2.1kg --method "sấy lạnh" --time 2025-09-23T08:00+07:00 >/dev/null
$ txng record pack -d L --as htx -r "$R" --lot L24-017-S --weight 2kg --gtin 08930000000033 --serials 000001-000010 --net 50g --best-before 2027-09-26 --time 2025-09-26T14:00+07:00
8

# A4, 3 x 8 labels of 70 x 37 mm (the default layout).
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn -o a.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn -o a.png
! txng: labels: -o: the file name must end in .pdf: a.png
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ pdfinfo a.pdf | grep -E '^(Pages|Page size):'
Pages:           1
Page size:       595.276 x 841.89 pts (A4)
$ pdftoppm -r 300 -gray -png a.pdf p && convert p-1.png -crop 3x8@ +repage t-%02d.png && for t in t-*.png; do zbarimg -q --raw $t 2>/dev/null || true; done
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000001?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000002?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000003?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000004?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000005?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000006?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000008?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000009?17=270926&7007=250920
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000010?17=270926&7007=250920
$ pdftotext a.pdf - | grep -c '^Sâm Ngọc Linh sấy lát 50 g$'
10
$ pdftotext a.pdf - | grep -E '^(Lot|Serial|Net|Harvested|Expiry|Producer):' | sort | uniq -c | sort -k2 | head -8
     10 Expiry: 2027-09-26
     10 Harvested: 2025-09-20
     10 Lot: L24-017-S
     10 Net: 50 g
     10 Producer: HTX Sâm Ngọc Linh Tu Mơ Rông
      1 Serial: 000001
      1 Serial: 000002
      1 Serial: 000003
$ pdftotext -layout a.pdf - | grep -o '(01)[^ ]*' | head -2
(01)08930000000033(10)L24-017-S(21)000001(17)270926(7007)250920
(01)08930000000033(10)L24-017-S(21)000002(17)270926(7007)250920

# Signed labels with claim codes: the packer's claim-codes record (hashes
# only) goes into the log before the PDF is written; the codes are only on
# the PDF, each in a dashed box for the scratch-off layer.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as htx --claim-codes -t 2025-12-02T00:00:00Z -o c.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
claim codes: record 9
$ txng log -d L | tail -1
9	2025-12-02T00:00:00Z	claim-codes	htx
$ pdftotext -layout c.pdf - | grep -o '[2-9A-HJKMNP-Z]\{4\}-[2-9A-HJKMNP-Z]\{4\}' | wc -l
10
$ for c in $(pdftotext -layout c.pdf - | grep -o '[2-9A-HJKMNP-Z]\{4\}-[2-9A-HJKMNP-Z]\{4\}' | tr -d -); do txng show -d L 9 --json | grep -c "$c"; done | sort | uniq -c
     10 0
$ pdftoppm -r 300 -gray -png c.pdf q && convert q-1.png -crop 3x8@ +repage u-%02d.png && zbarimg -q --raw u-00.png 2>/dev/null | sed 's/8030=.*/8030=.../'
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000001?17=270926&7007=250920&8030=...

# The other layouts: A4 2 x 5 (105 x 57 mm), a 50 x 30 mm roll (one page per
# label), and a custom grid.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --layout a4-2x5 -o b.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
$ pdfinfo b.pdf | grep -E '^Pages:'
Pages:           1
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --layout roll-50x30 -o r.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 10
$ pdfinfo r.pdf | grep -E '^(Pages|Page size):'
Pages:           10
Page size:       141.732 x 85.0394 pts
$ pdftoppm -r 300 -gray -png -f 10 -l 10 r.pdf r && zbarimg -q --raw r-10.png 2>/dev/null
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000010?17=270926&7007=250920
$ txng labels -d L --lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S --base https://trace.htx.vn --grid 2x3 --label 80x45mm --margins 10,20,5,5 --page 200x160mm -o g.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 2
$ pdfinfo g.pdf | grep -E '^(Pages|Page size):'
Pages:           2
Page size:       566.929 x 453.543 pts

# Refusals: the message names the problem; no file is written and nothing is
# appended. Text that cannot fit names the label and the field.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 5x12 --label 40x20mm -o x.pdf
! txng: labels: label 1 (serial 000001): expiry date: text does not fit the label
! txng: labels: labels of 40 x 20 mm are too small for this text: it needs at least 48 x 24 mm; these layouts fit: --layout a4-3x8, a4-2x5, roll-50x30
[3]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 5x12 --label 40x20mm --claim-codes --sign-as htx -o x.pdf
! txng: labels: label 1 (serial 000001): QR code: QR code modules smaller than 0.25 mm
! txng: labels: labels of 40 x 20 mm are too small for this text: it needs at least 58 x 29 mm; these layouts fit: --layout a4-3x8, a4-2x5, roll-50x30
[3]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 5x10 --label 48x25 -o x.pdf
! txng: labels: --grid: 5x10 labels do not fit on the page: at most 4x11 of 48 x 25 mm fit on 210 x 297 mm
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 4x10 --label 48x25 --margins 1,2,3 -o x.pdf
! txng: labels: --margins: not TOP,LEFT or TOP,LEFT,GAPX,GAPY in mm
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --layout a5 -o x.pdf
! txng: labels: --layout: a4-3x8, a4-2x5 or roll-50x30, not a5
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-999 --base https://trace.htx.vn -o x.pdf
! txng: L24-999: no lot with this code in this log
[1]
$ txng labels -d L --lot https://id.gs1.org/01/08930000000033/10/L24-017-S --base https://trace.htx.vn -o x.pdf
! txng: https://id.gs1.org/01/08930000000033/10/L24-017-S: no event in this log names this lot
[1]
$ txng labels -d L --lot L24-017 --base https://trace.htx.vn -o x.pdf
! txng: https://id.gs1.org/01/08930000000026/10/L24-017: no serial was packed from this lot
[1]
$ txng labels -d L --lot L24-017-S --base ftp://trace.htx.vn -o x.pdf
! txng: labels: --base ftp://trace.htx.vn: resolver base is not an http or https URL
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --claim-codes -o x.pdf
! txng: labels: --claim-codes needs the packer's key: --as KEY or --sign-as KEY
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S -o x.pdf
! txng: labels: give the resolver: --base URL
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ ls x.* 2>&1
ls: cannot access 'x.*': No such file or directory
[2]
$ txng log -d L | tail -1
9	2025-12-02T00:00:00Z	claim-codes	htx
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn -o a.pdf
! txng: a.pdf: already exists
[3]
$ txng labels --help | head -3
usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
print a sheet of unit labels

# The producer's country (party add --country) goes on every label as GS1 AI
# 422, its ISO 3166-1 numeric code; a new record of the party gives it.
$ txng party add -d L --as htx -r 2025-12-03T00:00:00Z --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative --country th
10
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn -o th.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
$ pdftoppm -r 300 -gray -png th.pdf th && convert th-1.png -crop 3x8@ +repage th-%02d.png && zbarimg -q --raw th-00.png 2>/dev/null
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000001?17=270926&422=764&7007=250920
$ pdftotext th.pdf - | grep -m1 '(422)'
(01)08930000000033(10)L24-017-S(21)000001(17)270926(422)764(7007)250920
