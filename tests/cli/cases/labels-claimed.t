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
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as htx --claim-codes -t 2025-12-02T00:00:00Z -o first.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
claim codes: record 9
$ C=$(pdftotext -layout first.pdf - | grep -o '[2-9A-HJKMNP-Z]\{4\}-[2-9A-HJKMNP-Z]\{4\}' | sed -n 7p)
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000007 --code "$C" -t 2025-12-03T00:00:00Z
claimed: https://id.gs1.org/01/08930000000033/21/000007 on 2025-12-03T00:00:00+00:00 (record 10)
$ C=$(pdftotext -layout first.pdf - | grep -o '[2-9A-HJKMNP-Z]\{4\}-[2-9A-HJKMNP-Z]\{4\}' | sed -n 9p)
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000009 --code "$C" -t 2025-12-03T00:00:00Z
claimed: https://id.gs1.org/01/08930000000033/21/000009 on 2025-12-03T00:00:00+00:00 (record 11)

# Claimed units keep their codes: printing claim codes again names them and
# stops; --skip-claimed prints the others with new codes and lists them.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --claim-codes --as htx -t 2025-12-04T00:00:00Z -o again.pdf
! txng: urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S: 2 unit(s) already claimed, serial(s) 000007, 000009: their claim codes cannot be replaced; give --skip-claimed to print the others
[3]
# Records are kept in time order: a sheet dated before the newest record is
# refused, and no PDF is written.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --claim-codes --as htx --skip-claimed -t 2025-12-02T12:00:00Z -o early.pdf
! txng: labels: --time: 2025-12-02T12:00:00Z is before record 11, recorded 2025-12-03T00:00:00Z: records are kept in time order; give 2025-12-03T00:00:00Z or later
[3]
$ test -e early.pdf
[1]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --claim-codes --as htx --skip-claimed -t 2025-12-04T00:00:00Z -o again.pdf
labels: 8, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
skipped: serial 000007 (already claimed)
skipped: serial 000009 (already claimed)
claim codes: record 12
$ pdftotext -layout again.pdf - | grep -o '[2-9A-HJKMNP-Z]\{4\}-[2-9A-HJKMNP-Z]\{4\}' | wc -l
8
$ pdftotext again.pdf - | grep -c '^Serial: 00000[79]$'
0
[1]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --skip-claimed -o x.pdf
! txng: labels: --skip-claimed goes with --claim-codes
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]

# The small layouts hold a claim code too: on a 50 x 30 mm roll label it goes
# under the QR code, which stays readable.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --claim-codes --as htx --skip-claimed --layout roll-50x30 -t 2025-12-05T00:00:00Z -o roll.pdf
labels: 8, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 8
skipped: serial 000007 (already claimed)
skipped: serial 000009 (already claimed)
claim codes: record 13
$ pdftotext -layout roll.pdf - | grep -o '[2-9A-HJKMNP-Z]\{4\}-[2-9A-HJKMNP-Z]\{4\}' | wc -l
8
$ pdftoppm -r 600 -gray -png -f 1 -l 1 roll.pdf r && zbarimg -q --raw r-1.png 2>/dev/null
https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000001?17=270926&7007=250920
# A custom grid too small says what fits; nothing is appended.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --claim-codes --as htx --skip-claimed --grid 4x10 --label 48.5x25.4mm -o x.pdf
! txng: labels: label 1 (serial 000001): claim code: text does not fit the label
! txng: labels: labels of 48.5 x 25.4 mm are too small for this text: it needs at least 51 x 27 mm; these layouts fit: --layout a4-3x8, a4-2x5, roll-50x30
[3]
$ txng log -d L | tail -1
13	2025-12-05T00:00:00Z	claim-codes	htx

# Grid refusals give the allowed range, or what fits.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 5x10 --label 48x25 -o x.pdf
! txng: labels: --grid: 5x10 labels do not fit on the page: at most 4x11 of 48 x 25 mm fit on 210 x 297 mm
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 51x10 --label 48x25 -o x.pdf
! txng: labels: --grid: from 1 to 50 labels across and down
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 4x10 --label 48x600 -o x.pdf
! txng: labels: --label: width and height from 10 to 500 mm
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 1x1 --label 300x25 -o x.pdf
! txng: labels: --grid: no label of 300 x 25 mm fits on a 210 x 297 mm page
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 1x1 --label 30x25 --page 5x5 -o x.pdf
! txng: labels: --page: width and height from 10 to 2000 mm
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --grid 4x10 --label 40x25 --margins 0,0,600,0 -o x.pdf
! txng: labels: --margins: margins and gaps from 0 to 500 mm
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]

# Only keys the log trusts sign labels: a revoked key, or a key the log never
# enrolled, is refused (labels that verify-label would call untrusted).
$ txng init -d O --origin other.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as O/log.key -o x.pdf
! txng: other.example/log+7a53dbaf: key not enrolled in this log
[3]
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017-S/21/000005 -k O/log.key -T
! txng: other.example/log+7a53dbaf: key not enrolled in this log
[3]
$ R=2025-12-06T00:00:00Z
$ txng key revoke -d L htx -t "$R" >/dev/null
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as htx -o x.pdf
! txng: htx+df502b6e: key revoked at record 14; it may not sign new records
[3]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --claim-codes --as htx --skip-claimed -o x.pdf
! txng: htx+df502b6e: key revoked at record 14; it may not sign new records
[3]
$ ls x.* 2>&1
ls: cannot access 'x.*': No such file or directory
[2]
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017-S/21/000005 -k htx -o q.png
! txng: htx+df502b6e: key revoked at record 14; it may not sign new records
[3]

# A recalled lot still prints (labels for the recall itself), with a warning
# naming the recall record.
$ txng key new -d L htx2 --role cooperative --no-passphrase -t "$R" 2>/dev/null >/dev/null
$ txng record recall -d L --as htx2 -r "$R" --lot L24-017-S --reason "nấm mốc" --time 2025-11-30T08:00+07:00
16
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as htx2 -o recalled.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
! txng: urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S: warning: recalled (record 16, 2025-11-30T08:00:00+07:00): these units must not be sold
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017-S/21/000005 -T >/dev/null
! txng: https://id.gs1.org/01/08930000000033/21/000005: warning: recalled (record 16, 2025-11-30T08:00:00+07:00): this unit must not be sold
