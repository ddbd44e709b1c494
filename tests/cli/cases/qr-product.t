# txng qr prints codes of a lot or a unit, never one static code for a
# whole product (DESIGN §8): a GTIN alone is refused, with or without -d,
# and no file is written.
$ txng qr https://id.gs1.org/01/08930000000033 -o p.png
! txng: https://id.gs1.org/01/08930000000033: a code for a whole product is not printed: give its lot (/10/LOT) or a unit's serial (/21/SERIAL)
[3]
$ txng qr https://trace.htx.vn/01/08930000000033?17=271231 -T
! txng: https://trace.htx.vn/01/08930000000033?17=271231: a code for a whole product is not printed: give its lot (/10/LOT) or a unit's serial (/21/SERIAL)
[3]
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng qr -d L https://id.gs1.org/01/08930000000033 -o p.png
! txng: https://id.gs1.org/01/08930000000033: a code for a whole product is not printed: give its lot (/10/LOT) or a unit's serial (/21/SERIAL)
[3]
$ txng qr https://id.gs1.org/01/08930000000033/10/L1 -o lot.png
https://id.gs1.org/01/08930000000033/10/L1
$ ls
L
lot.png
