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

# The output file is created (under a temporary name in its folder) before
# any work: a folder that cannot hold it is refused before the claim codes
# are recorded, so the labels printed before keep working.
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as htx --claim-codes -t 2025-12-02T00:00:00Z -o first.pdf
labels: 10, serials 000001 to 000010, lot urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
pages: 1
claim codes: record 9
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as htx --claim-codes -t 2025-12-02T00:00:00Z -o /nonexist/x.pdf
! txng: /nonexist/x.pdf: No such file or directory
[3]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn --sign-as htx --claim-codes -t 2025-12-02T00:00:00Z -o /proc/x.pdf
! txng: /proc/x.pdf: No such file or directory
[3]
$ txng log -d L | tail -1
9	2025-12-02T00:00:00Z	claim-codes	htx
$ ls -a
.
..
L
fc
first.pdf
fonts.conf
$ C=$(pdftotext -layout first.pdf - | grep -o '[2-9A-HJKMNP-Z]\{4\}-[2-9A-HJKMNP-Z]\{4\}' | sed -n 3p)
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000003 --code "$C" -t 2025-12-03T00:00:00Z | sed 's/on .*(/on ... (/'
claimed: https://id.gs1.org/01/08930000000033/21/000003 on ... (record 10)

# Modes: a sheet of claim codes is for its owner only (0600); other sheets
# and QR images follow the umask, as other tools' files do.
$ umask 022
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn -o plain.pdf >/dev/null
$ txng qr https://id.gs1.org/01/08930000000033/10/L24-017-S/21/000001 -o q.png >/dev/null
$ txng qr https://id.gs1.org/01/08930000000033/10/L24-017-S/21/000001 -o q.svg >/dev/null
$ stat -c '%a %n' first.pdf plain.pdf q.png q.svg
600 first.pdf
644 plain.pdf
644 q.png
644 q.svg
$ umask 077
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn -o plain2.pdf >/dev/null
$ stat -c '%a %n' plain2.pdf
600 plain2.pdf
$ umask 022
$ txng qr https://id.gs1.org/01/08930000000033/10/L24-017-S/21/000001 -o /nonexist/q.png
! txng: /nonexist/q.png: No such file or directory
[3]
$ txng qr https://id.gs1.org/01/08930000000033/10/L24-017-S/21/000001 -o q.png
! txng: q.png: already exists
[3]
$ ls -a
.
..
L
fc
first.pdf
fonts.conf
plain.pdf
plain2.pdf
q.png
q.svg
