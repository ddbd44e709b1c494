# txng media: product photos kept beside the log (DIR/media), by SHA-256.
# The files here are made with printf: only their first bytes make them a
# PNG, JPEG or WebP, which is all txng looks at.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ printf '\211PNG\r\n\032\nroot photo' > a.png
$ printf '\377\330\377\340dried slices' > b.jpg
$ printf 'RIFF\004\000\000\000WEBPVP8 ' > c.webp
$ printf 'GIF89a\001\000\001\000' > d.gif
$ printf '<svg xmlns="http://www.w3.org/2000/svg"/>' > e.svg
$ : > empty.png
$ { printf '\211PNG\r\n\032\n'; head -c 2097145 /dev/zero; } > big.png
$ { printf '\211PNG\r\n\032\n'; head -c 2097144 /dev/zero; } > limit.png
# Nothing kept yet: list prints nothing.
$ txng media list -d L
$ txng media add -d L a.png b.jpg c.webp
7589c1ba01eb14335e78f3204a4da5374301817c19c4b6ccc1b9a806a9576935  a.png  kept
53cd57941ff5cb2429514f9a2390ef5129afccea7039302eda0ad4796d4af19a  b.jpg  kept
d2136a1d2b91a7482aeb2f67cc2276724cd3c22a99296cedec2d68476b0d73b8  c.webp  kept
$ txng media add -d L a.png
7589c1ba01eb14335e78f3204a4da5374301817c19c4b6ccc1b9a806a9576935  a.png  already kept
$ txng media list -d L
53cd57941ff5cb2429514f9a2390ef5129afccea7039302eda0ad4796d4af19a  image/jpeg  16
7589c1ba01eb14335e78f3204a4da5374301817c19c4b6ccc1b9a806a9576935  image/png   18
d2136a1d2b91a7482aeb2f67cc2276724cd3c22a99296cedec2d68476b0d73b8  image/webp  16
$ txng media list -d L --json
{"bytes":16,"sha256":"53cd57941ff5cb2429514f9a2390ef5129afccea7039302eda0ad4796d4af19a","type":"image/jpeg"}
{"bytes":18,"sha256":"7589c1ba01eb14335e78f3204a4da5374301817c19c4b6ccc1b9a806a9576935","type":"image/png"}
{"bytes":16,"sha256":"d2136a1d2b91a7482aeb2f67cc2276724cd3c22a99296cedec2d68476b0d73b8","type":"image/webp"}
# Every file is checked before any is kept: one bad file, nothing kept.
$ txng media add -d L limit.png d.gif
! txng: d.gif: not a PNG, JPEG or WebP image: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[1]
$ txng media add -d L e.svg
! txng: e.svg: not a PNG, JPEG or WebP image: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[1]
$ txng media add -d L empty.png
! txng: empty.png: the image file is empty: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[1]
$ txng media add -d L big.png
! txng: big.png: image larger than 2 MiB: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[1]
$ txng media add -d L missing.png
! txng: missing.png: not found
[1]
$ txng media list -d L | wc -l
3
# get copies one out, byte for byte, to a new file.
$ txng media get -d L "$(sha256sum a.png | cut -c1-64)" -o out.png && cmp out.png a.png && echo same
same
$ txng media get -d L "$(sha256sum a.png | cut -c1-64)" -o out.png
! txng: out.png: already exists
[3]
$ txng media get -d L 0000000000000000000000000000000000000000000000000000000000000000 -o x.png
! txng: 0000000000000000000000000000000000000000000000000000000000000000: no image with this SHA-256 is kept in this log folder
[1]
$ txng media get -d L 12ab -o x.png
! txng: media: get: give the image's SHA-256 as 64 hex digits
! usage: txng media (add FILE...|list|get SHA256 -o FILE) -d DIR [--json]
[2]
$ txng media get -d L "$(sha256sum a.png | cut -c1-64)"
! txng: media: get: give -o FILE
! usage: txng media (add FILE...|list|get SHA256 -o FILE) -d DIR [--json]
[2]
$ txng media add -d nolog a.png
! txng: nolog: no such folder
[3]
$ txng media frob -d L
! txng: media: unknown command frob: add, list or get
! usage: txng media (add FILE...|list|get SHA256 -o FILE) -d DIR [--json]
[2]
$ txng media -d L
! txng: media: give a command: add, list or get
! usage: txng media (add FILE...|list|get SHA256 -o FILE) -d DIR [--json]
[2]
$ txng media list -d L extra
! txng: media: list takes no operand
! usage: txng media (add FILE...|list|get SHA256 -o FILE) -d DIR [--json]
[2]
