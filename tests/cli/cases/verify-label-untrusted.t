# txng verify-label reads text from a QR code that anyone can print, so the
# text is untrusted: control characters, spaces and non-ASCII bytes are refused
# anywhere in the URI, fragment included (a GS1 Digital Link never holds them),
# and every message that echoes the text shows such bytes as \xNN instead of
# sending them to the terminal. The first code tries to move the cursor up,
# erase the real lines, print a forged verdict and hide what follows.
$ export TXNG_PASSPHRASE=pw TXNG_LOG_PASSPHRASE=pw
$ txng demo -d demo >/dev/null
$ printf 'https://trace.htx.vn/01/08930000000033/21/000099#\r\033[1A\033[2K\nsignature: valid, by htx-tumorong+1805b392\nverdict: GENUINE: issued by htx-tumorong+1805b392 and packed in this log; not claimed yet.\033[8m' | qrencode -8 -o attack.png
$ txng verify-label attack.png -d demo
! txng: https://trace.htx.vn/01/08930000000033/21/000099#\x0d\x1b[1A\x1b[2K\x0asignature: valid, by htx-tumorong+1805b392\x0averdict: GENUINE: issued by htx-tumorong+1805b392 and packed in this log; not claimed yet.\x1b[8m: not a valid label: control character or non-ASCII byte in a URI
[1]
$ txng verify-label attack.png -d demo --json
{
  "ok": false,
  "verdict": "invalid",
  "uri": "https://trace.htx.vn/01/08930000000033/21/000099#\\x0d\\x1b[1A\\x1b[2K\\x0asignature: valid, by htx-tumorong+1805b392\\x0averdict: GENUINE: issued by htx-tumorong+1805b392 and packed in this log; not claimed yet.\\x1b[8m",
  "position": 50,
  "reason": "control character or non-ASCII byte in a URI"
}
! txng: https://trace.htx.vn/01/08930000000033/21/000099#\x0d\x1b[1A\x1b[2K\x0asignature: valid, by htx-tumorong+1805b392\x0averdict: GENUINE: issued by htx-tumorong+1805b392 and packed in this log; not claimed yet.\x1b[8m: not a valid label: control character or non-ASCII byte in a URI
[1]
# The same bytes given as the operand, in the path, in the query, as a C1
# control (U+009B, a CSI to some terminals) and as a bidirectional override.
$ txng verify-label "$(printf 'https://id.gs1.org/01/0893\033[2J')"
! txng: https://id.gs1.org/01/0893\x1b[2J: not a valid label: control character or non-ASCII byte in a URI
[1]
$ txng verify-label "$(printf 'https://id.gs1.org/01/08930000000033/21/7?17=271231\tx')"
! txng: https://id.gs1.org/01/08930000000033/21/7?17=271231\x09x: not a valid label: control character or non-ASCII byte in a URI
[1]
$ txng verify-label "$(printf 'https://id.gs1.org/01/08930000000033/21/7#\302\2332J')"
! txng: https://id.gs1.org/01/08930000000033/21/7#\xc2\x9b2J: not a valid label: control character or non-ASCII byte in a URI
[1]
$ txng verify-label "$(printf 'https://id.gs1.org/01/08930000000033/21/7#\342\200\256evil')"
! txng: https://id.gs1.org/01/08930000000033/21/7#\xe2\x80\xaeevil: not a valid label: control character or non-ASCII byte in a URI
[1]
$ txng verify-label 'https://id.gs1.org/01/08930000000033/21/7#a b'
! txng: https://id.gs1.org/01/08930000000033/21/7#a b: not a valid label: space in a URI: a Digital Link has none
[1]
# A printable fragment is still ignored.
$ txng verify-label 'https://id.gs1.org/01/08930000000033/21/7#top'
uri: https://id.gs1.org/01/08930000000033/21/7#top
resolver: https://id.gs1.org
label: (01)08930000000033(21)7
signature: none
verdict: WELL-FORMED: a valid GS1 Digital Link, not signed.
# File names are echoed the same way (cli_error, cli_report); Vietnamese
# text is printable and kept.
$ txng verify-label "$(printf 'nhãn\033[2J.png')"
! txng: nhãn\x1b[2J.png: no such file
[3]
$ printf 'not an image' > "$(printf 'x\033]0;title\007.png')"
$ txng verify-label "$(printf 'x\033]0;title\007.png')"
! txng: x\x1b]0;title\x07.png: not a PNG or JPEG image
[3]
