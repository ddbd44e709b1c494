# txng serve --base takes the resolver base that txng qr and txng labels take
# (qr/label.h txng_label_base_check()): http or https, a host, a port from 1
# to 65535 if any, no query or fragment. A refusal is a usage error (2).
$ txng serve -d L --base https://trace.htx.vn:80x
! txng: serve: --base: resolver base: the port is a number from 1 to 65535: https://trace.htx.vn:80x
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base https://trace.htx.vn:0
! txng: serve: --base: resolver base: the port is a number from 1 to 65535: https://trace.htx.vn:0
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base https://trace.htx.vn:65536/r
! txng: serve: --base: resolver base: the port is a number from 1 to 65535: https://trace.htx.vn:65536/r
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base https://trace.htx.vn:99999999999999999999
! txng: serve: --base: resolver base: the port is a number from 1 to 65535: https://trace.htx.vn:99999999999999999999
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base https://trace.htx.vn:
! txng: serve: --base: resolver base: the port is a number from 1 to 65535: https://trace.htx.vn:
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base https://
! txng: serve: --base: resolver base names no host: https://
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base https://:8080
! txng: serve: --base: resolver base names no host: https://:8080
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base http:///r
! txng: serve: --base: resolver base names no host: http:///r
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base ftp://trace.htx.vn
! txng: serve: --base: resolver base is not an http or https URL: ftp://trace.htx.vn
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base trace.htx.vn
! txng: serve: --base: resolver base is not an http or https URL: trace.htx.vn
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base 'https://trace.htx.vn/?a=1'
! txng: serve: --base: resolver base has a query or fragment: https://trace.htx.vn/?a=1
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base 'https://trace.htx.vn/#top'
! txng: serve: --base: resolver base has a query or fragment: https://trace.htx.vn/#top
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base 'https://trace htx.vn'
! txng: serve: --base: character not allowed in a URI: https://trace htx.vn
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base 'http://[::1:8080'
! txng: serve: --base: resolver base: an IPv6 host has no closing ]: http://[::1:8080
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --base "https://$(printf '%0300d' 0).vn"
! txng: serve: --base: resolver base is too long: https://000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.vn
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
# A base it accepts goes on to the log (none here): port 65535, an IPv6
# host, a path prefix with a final /, the scheme in capitals.
$ txng serve -d L --base https://trace.htx.vn:65535/r/
! txng: L: no such folder
[3]
$ txng serve -d L --base 'http://[::1]:8080'
! txng: L: no such folder
[3]
$ txng serve -d L --base HTTPS://TRACE.HTX.VN
! txng: L: no such folder
[3]
# txng qr and txng labels refuse the same bases with the same words (3: they
# check while making the label).
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -b https://:8080 -o x.png
! txng: qr: --base https://:8080: resolver base names no host
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -b https://trace.htx.vn:0 -o x.png
! txng: qr: --base https://trace.htx.vn:0: resolver base: the port is a number from 1 to 65535
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn:65536 -o x.pdf
! txng: labels: --base https://trace.htx.vn:65536: resolver base: the port is a number from 1 to 65535
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
# User information would let a label name one host and lead to another; a dot
# segment would make the label say a path other than the one requested.
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -b https://trace.htx.vn@evil.example -o x.png
! txng: qr: --base https://trace.htx.vn@evil.example: resolver base has user information (@): give only the host
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -b https://trace.htx.vn/p/../q -o x.png
! txng: qr: --base https://trace.htx.vn/p/../q: resolver base has a . or .. segment in its path: give the path as it is requested
! usage: txng qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] [-k KEY]
[2]
$ txng labels -d L --lot L24-017-S --base https://trace.htx.vn/p/%2E%2e -o x.pdf
! txng: labels: --base https://trace.htx.vn/p/%2E%2e: resolver base has a . or .. segment in its path: give the path as it is requested
! usage: txng labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm [--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] [--skip-claimed]]
[2]
$ txng qr https://id.gs1.org/01/08930000000033/21/000007 -b https://trace.htx.vn/.well/p%40q -o x.svg && ls x.svg
https://trace.htx.vn/.well/p%40q/01/08930000000033/21/000007
x.svg
