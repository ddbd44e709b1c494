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
[3]
$ txng media add -d L e.svg
! txng: e.svg: not a PNG, JPEG or WebP image: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[3]
$ txng media add -d L empty.png
! txng: empty.png: the image file is empty: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[3]
$ txng media add -d L big.png
! txng: big.png: image larger than 2 MiB: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[3]
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
# product add --image FILE signs the photo's SHA-256 into the record and keeps
# the photo; --dry-run keeps nothing; a refused photo or record leaves nothing.
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ txng party add -d L --as htx -r 2025-12-01T00:00:00Z --name "HTX Sâm Ngọc Linh" --gln 8930000000019 >/dev/null
$ printf '\211PNG\r\n\032\ndried slices, box of 40 g' > f.png
$ txng product add -d L --as htx -r 2025-12-01T00:00:00Z --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát" --producer 8930000000019 --image f.png --dry-run
{"id":"https://id.gs1.org/01/08930000000033","imageSha256":"04f8da1a11412f016c075140921a1bedda4398781c125732567f33271605e18f","name":"Sâm Ngọc Linh sấy lát","producer":"https://id.gs1.org/417/8930000000019","type":"txng:Product"}
$ txng media list -d L | wc -l
3
$ txng product add -d L --as htx -r 2025-12-01T00:00:00Z --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát" --producer 8930000000019 --image d.gif
! txng: d.gif: not a PNG, JPEG or WebP image: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[3]
$ txng product add -d L --as htx -r 2025-12-01T00:00:00Z --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát" --producer 8930000000019 --image big.png
! txng: big.png: image larger than 2 MiB: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[3]
$ txng product add -d L --as htx -r 2025-12-01T00:00:00Z --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát" --producer "Không có ai" --image f.png
! txng: product add: --producer: unknown party "Không có ai": add it with txng party add
[3]
$ txng media list -d L | wc -l
3
$ txng log -d L | wc -l
3
$ txng product add -d L --as htx -r 2025-12-01T00:00:00Z --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát" --producer 8930000000019 --image f.png
3
$ txng show -d L 3 --json | grep -o '"imageSha256":"[0-9a-f]*"'
"imageSha256":"04f8da1a11412f016c075140921a1bedda4398781c125732567f33271605e18f"
$ sha256sum f.png | cut -c1-64
04f8da1a11412f016c075140921a1bedda4398781c125732567f33271605e18f
$ txng media list -d L | grep -c "$(sha256sum f.png | cut -c1-64)  image/png"
1
# --image HEX names a photo kept elsewhere: nothing is kept.
$ txng product add -d L --as htx -r 2025-12-01T00:00:00Z --code sam-tuoi --name "Sâm tươi" --producer 8930000000019 --image 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
4
$ txng media list -d L | wc -l
4
$ txng verify -d L | head -n 1
ok: htx-samngoclinh.vn/log: 5 records, 2 keys, 5 checkpoints, root bhL4EbF3h/fSAkBkO0dUowu34kF7TTbcJthWquiclZc=
