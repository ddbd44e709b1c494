# Field names in messages are translated when they are names marked for
# translation (the elements of a label: "expiry (17)" is "hạn sử dụng (17)"),
# and left as they are when they are paths into the input
# ("signatures/0/sig"), which the catalogue does not hold.
$ export TXNG_PASSPHRASE=pw TXNG_LOG_PASSPHRASE=pw
$ txng demo -d demo >/dev/null
$ LK=$(txng key export -d demo demo.htx-samngoclinh.vn/log)
$ export LANGUAGE=vi LC_ALL=C.UTF-8
$ txng qr 'https://x.vn/01/08930000000033/10/L24/21/7?17=991399' -o x.png
! txng: https://x.vn/01/08930000000033/10/L24/21/7?17=991399: hạn sử dụng (17): tháng không hợp lệ
[3]
$ txng qr 'https://x.vn/01/08930000000033/10/L24/21/7?7007=2411' -o x.png
! txng: https://x.vn/01/08930000000033/10/L24/21/7?7007=2411: ngày thu hoạch (7007): sai độ dài
[3]
$ txng verify-label 'https://x.vn/01/08930000000033/10/L24/21/7?17=991399'
! txng: https://x.vn/01/08930000000033/10/L24/21/7?17=991399: nhãn không hợp lệ: hạn sử dụng (17): tháng không hợp lệ
[1]
$ sed '/^record 28 /{n;s/L24-017-S/L24-017-T/}' demo/unit-000007.txng > altered.txng
$ txng verify-label demo/label-000007.png --bundle altered.txng --key "$LK"
! txng: altered.txng: bản ghi 28: dòng 68: signatures/0/sig: chữ ký không hợp lệ
[1]
