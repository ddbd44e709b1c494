# txng qr: the QR code of a unit's GS1 Digital Link URI, as PNG, SVG or
# terminal text. With -d the log must have packed the serial (from the lot
# the URI names); without, only the syntax is checked. --base moves the URI
# to the organisation's resolver; --sign-as adds AI 8030. Every image is read
# back with zbarimg (zbar-tools); the SVG through rsvg-convert.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative >/dev/null
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code vuon-3 --gps 14.9123,107.9876 --accuracy 5 --party "HTX Sâm Ngọc Linh Tu Mơ Rông" >/dev/null
$ txng product add -d L --as htx -r "$R" --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát 50 g" --producer "HTX Sâm Ngọc Linh Tu Mơ Rông" >/dev/null
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --seedlings LOT-CG-18 --count 400 --time 2019-10-20T08:00+07:00 >/dev/null
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00 >/dev/null
$ txng record pack -d L --as htx -r "$R" --lot L24-017 --weight 2kg --gtin 08930000000033 --serials 000001-000010 --net 50g --best-before 2027-09-26 --time 2025-09-26T14:00+07:00
7

# A PNG at the default error-correction level (M), on the resolver.
$ txng qr -d L https://id.gs1.org/01/08930000000033/21/000007 --base https://trace.htx.vn -o u7.png
https://trace.htx.vn/01/08930000000033/21/000007
$ zbarimg -q --raw u7.png 2>/dev/null
https://trace.htx.vn/01/08930000000033/21/000007

# Every level, with the lot and the expiry date; the image grows with the level.
$ for e in L M Q H; do txng qr -d L "https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007?17=270926" -e $e -o u7-$e.png >/dev/null && zbarimg -q --raw u7-$e.png 2>/dev/null; done
https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007?17=270926
https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007?17=270926
https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007?17=270926
https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007?17=270926
$ file u7-L.png u7-H.png | sed 's/, 8-bit.*//; s/, 1-bit.*//'
u7-L.png: PNG image data, 328 x 328
u7-H.png: PNG image data, 392 x 392

# A lot with characters that Digital Link percent-encodes (syntax only, no -d).
$ txng qr 'https://id.gs1.org/01/08930000000033/10/L24%2F017%26S/21/000007' -b https://trace.htx.vn/sam -o esc.png
https://trace.htx.vn/sam/01/08930000000033/10/L24%2F017%26S/21/000007
$ zbarimg -q --raw esc.png 2>/dev/null
https://trace.htx.vn/sam/01/08930000000033/10/L24%2F017%26S/21/000007

# --size and --dpi: 20 mm at 300 dpi is 236 dots; a version-4 code with its
# quiet zone is 41 modules, so 5 dots each: 205 x 205 pixels.
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017/21/000007 -b https://trace.htx.vn -s 20 -r 300 -o s.png
https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007
$ file s.png | sed 's/, 1-bit.*//'
s.png: PNG image data, 205 x 205

# SVG: exact modules, no raster; rasterised, it decodes to the same URI.
$ txng qr -d L https://id.gs1.org/01/08930000000033/21/000007 -b https://trace.htx.vn -s 25 -o u7.svg
https://trace.htx.vn/01/08930000000033/21/000007
$ head -c 160 u7.svg; echo
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="25.000mm" height="25.000mm" viewBox="0 0 37 37" shape-rendering="crispEdge
$ rsvg-convert -w 300 -b white -o u7-svg.png u7.svg && zbarimg -q --raw u7-svg.png 2>/dev/null
https://trace.htx.vn/01/08930000000033/21/000007

# On the terminal: half blocks, 4 modules of quiet zone; --invert for dark terminals.
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -T | head -4
                                     
                                     
    █▀▀▀▀▀█ ▄▄▀▄█▄▀▄▀ ▀▄█ █▀▀▀▀▀█    
    █ ███ █  ▀ █ ▄▀▄▀▄▀▀▀ █ ███ █    
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -T -i | head -2
█████████████████████████████████████
█████████████████████████████████████

# Signed with the packer's key: AI 8030, 86 base64url characters.
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017/21/000007 -b https://trace.htx.vn -k htx -o signed.png
https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007?8030=ZtwIP0AaWKkLaCC95qpBUWcjWfU78M6FslyYVu70HOuCLej-2bB9zVoHO2e7bgOnJ-CP6oi1wU9ZSN6sda8fDA
$ zbarimg -q --raw signed.png 2>/dev/null | sed 's/8030=.*/8030=.../'
https://trace.htx.vn/01/08930000000033/10/L24-017/21/000007?8030=...
$ zbarimg -q --raw signed.png 2>/dev/null | sed 's/.*8030=//' | tr -d '\n' | wc -c
86

# A lot label (no serial): the log must name that lot of that product.
$ txng qr -d L https://id.gs1.org/01/08930000000026/10/L24-017 -b https://trace.htx.vn -T | tail -1
https://trace.htx.vn/01/08930000000026/10/L24-017
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017 -T
! txng: qr: https://id.gs1.org/01/08930000000033/10/L24-017: no event in this log names this lot
[1]
# A lot recorded without a GTIN (urn:txng:...:lot:L24-017-S) has no GS1 name of its own:
# its label names it with the GTIN of the units; a recalled lot is drawn with a warning.
$ txng record transform -d L --as htx -r "$R" --in L24-017:6.1kg --out L24-017-S:2.1kg --method "sấy lạnh" --time 2025-09-23T08:00+07:00 >/dev/null
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017-S -b https://trace.htx.vn -T | tail -1
https://trace.htx.vn/01/08930000000033/10/L24-017-S
$ txng record recall -d L --as htx -r "$R" --lot L24-017-S --reason "nấm mốc" --time 2025-11-30T08:00+07:00 >/dev/null
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-017-S -b https://trace.htx.vn -T | tail -1
https://trace.htx.vn/01/08930000000033/10/L24-017-S
! txng: urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S: warning: recalled (record 9, 2025-11-30T08:00:00+07:00): this lot must not be sold
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-099 -T
! txng: qr: https://id.gs1.org/01/08930000000033/10/L24-099: no event in this log names this lot
[1]

# Refusals: each names the problem, and no file is written.
$ txng qr https://example.com/products/sam -o x.png
! txng: https://example.com/products/sam: no supported GS1 primary key in the path
[3]
$ txng qr https://id.gs1.org/01/08930000000034/21/000007 -o x.png
! txng: https://id.gs1.org/01/08930000000034/21/000007: GTIN (01): wrong check digit: expected 3
[3]
$ txng qr 'https://id.gs1.org/01/08930000000033/10/L24 017' -o x.png
! txng: https://id.gs1.org/01/08930000000033/10/L24 017: space in a URI: a Digital Link has none
[3]
$ txng qr -d L https://id.gs1.org/01/08930000000033/21/000099 -o x.png
! txng: qr: https://id.gs1.org/01/08930000000033/21/000099: this log never packed this serial
[1]
$ txng qr -d L https://id.gs1.org/01/08930000000033/10/L24-018/21/000007 -o x.png
! txng: qr: https://id.gs1.org/01/08930000000033/21/000007: packed from https://id.gs1.org/01/08930000000026/10/L24-017, not from lot L24-018
[1]
$ txng qr -d L https://id.gs1.org/01/08930000000033/21/000007 -s 5 -r 72 -o x.png
! txng: qr: --size: 5.0 mm at 72 dpi makes modules smaller than 0.25 mm (29 + 8 modules): give --size 13.1 or more
[2]
# Modules under 0.25 mm are refused, PNG or SVG, with the smallest size that prints:
# 9 mm at 300 dpi is 106 dots over 29 + 8 modules, 2 each (0.17 mm); 15 mm gives 4 (0.34 mm).
$ txng qr -d L https://id.gs1.org/01/08930000000033/21/000007 -s 9 -o x.png
! txng: qr: --size: 9.0 mm at 300 dpi makes modules smaller than 0.25 mm (29 + 8 modules): give --size 9.4 or more
[2]
$ txng qr -d L https://id.gs1.org/01/08930000000033/21/000007 -s 9.2 -o x.svg
! txng: qr: --size: 9.2 mm makes modules smaller than 0.25 mm (29 + 8 modules): give --size 9.3 or more
[2]
$ txng qr -d L https://id.gs1.org/01/08930000000033/21/000007 -s 15 -o small.png
https://id.gs1.org/01/08930000000033/21/000007
$ file small.png | sed 's/, 1-bit.*//'
small.png: PNG image data, 148 x 148
$ zbarimg -q --raw small.png 2>/dev/null
https://id.gs1.org/01/08930000000033/21/000007
$ ls x.png x.svg 2>&1 | sed 's/^ls: //'
cannot access 'x.png': No such file or directory
cannot access 'x.svg': No such file or directory
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -b ftp://trace.htx.vn -o x.png
! txng: qr: --base ftp://trace.htx.vn: resolver base is not an http or https URL
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -k nokey -o x.png
! txng: nokey: no such key file
[3]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -o x.jpg
! txng: qr: -o: the file name must end in .png or .svg: x.jpg
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -o x.png -T
! txng: qr: give either -o FILE or --terminal
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -e X -o x.png
! txng: qr: --ecc: L, M, Q or H, not X
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 --size 20 -T
! txng: qr: --size is for -o FILE
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ ls x.* 2>&1
ls: cannot access 'x.*': No such file or directory
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -o u7.png
! txng: u7.png: already exists
[3]
$ txng qr --help | head -3
usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
draw the QR code of a Digital Link URI

