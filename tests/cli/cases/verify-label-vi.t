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
# The facts of a check are lines "name: value" in the user's language; the
# English ones are pinned by demo.t, label.t and verify-label-*.t.
$ txng verify-label demo/label-000007.png -d demo
URI: https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
máy chủ phân giải: https://demo.htx-samngoclinh.vn
nhãn: (01)08930000000033(10)L24-017-S(21)000007(17)261119(7007)241112
chữ ký: hợp lệ, của htx-tumorong+1805b392
đóng gói: bản ghi 28
thu hồi: chưa
kích hoạt: chưa
lần kích hoạt bị từ chối: 0 (sai mã: 0)
kết luận: CHÍNH HÃNG: do htx-tumorong+1805b392 phát hành và đã đóng gói trong nhật ký này; chưa được kích hoạt.
$ txng export -d demo 'https://id.gs1.org/01/08930000000033/21/000007' -o u7.txng 2>/dev/null
đã xuất 30 bản ghi trong số 32 vào u7.txng
$ txng verify-label demo/label-000007.png --bundle u7.txng --key "$LK"
URI: https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
máy chủ phân giải: https://demo.htx-samngoclinh.vn
nhãn: (01)08930000000033(10)L24-017-S(21)000007(17)261119(7007)241112
chữ ký: hợp lệ, của htx-tumorong+1805b392
gói: không có chữ ký
đóng gói: bản ghi 28
thu hồi: chưa rõ (gói không có chữ ký)
kích hoạt: chưa rõ (gói không có chữ ký)
lần kích hoạt bị từ chối: 0 (sai mã: 0)
kết luận: CHÍNH HÃNG: do htx-tumorong+1805b392 phát hành và đã đóng gói trong nhật ký này; chưa biết đã được kích hoạt hay thu hồi chưa, vì gói dữ liệu không được người xuất ký và có thể bỏ sót bản ghi: hãy hỏi trang tra cứu của nhà sản xuất.
$ txng verify-label 'https://x.vn/01/08930000000033/10/L24-017-S' -d demo
URI: https://x.vn/01/08930000000033/10/L24-017-S
máy chủ phân giải: https://x.vn
nhãn: (01)08930000000033(10)L24-017-S
chữ ký: không có
lô: https://id.gs1.org/01/08930000000033/10/L24-017-S
thu hồi: chưa
kết luận: LÔ CÓ TRONG NHẬT KÝ: lô có trong nhật ký này và chưa bị thu hồi, nhưng nhãn không được ký.
$ txng verify-label 'https://x.vn/01/08930000000033/10/L24-017-T/21/000007?17=991231&7007=241111' -d demo
URI: https://x.vn/01/08930000000033/10/L24-017-T/21/000007?17=991231&7007=241111
máy chủ phân giải: https://x.vn
nhãn: (01)08930000000033(10)L24-017-T(21)000007(17)991231(7007)241111
chữ ký: không có
đóng gói: bản ghi 28
lô: L24-017-T, nhưng đơn vị được đóng gói từ lô https://id.gs1.org/01/08930000000033/10/L24-017-S
hạn sử dụng: 991231, nhưng nhật ký ghi hạn sử dụng 2026-11-19
ngày thu hoạch: 241111, nhưng lô được thu hoạch vào ngày 2024-11-12
thu hồi: chưa
kích hoạt: chưa
lần kích hoạt bị từ chối: 0 (sai mã: 0)
kết luận: KHÔNG CHÍNH HÃNG: nhãn không khớp với những gì nhật ký đã ghi cho đơn vị này (số lô (10), hạn sử dụng (17), ngày thu hoạch (7007)); nhãn đã bị sửa hoặc là nhãn giả.
[1]
$ txng verify-label 'https://x.vn/01/08930000000033/10/L99/21/000007' -d demo
URI: https://x.vn/01/08930000000033/10/L99/21/000007
máy chủ phân giải: https://x.vn
nhãn: (01)08930000000033(10)L99(21)000007
chữ ký: không có
đóng gói: bản ghi 28
lô: L99, nhưng đơn vị được đóng gói từ lô https://id.gs1.org/01/08930000000033/10/L24-017-S
thu hồi: chưa
kích hoạt: chưa
lần kích hoạt bị từ chối: 0 (sai mã: 0)
kết luận: KHÔNG CHÍNH HÃNG: nhãn không khớp với những gì nhật ký đã ghi cho đơn vị này (số lô (10)); nhãn đã bị sửa hoặc là nhãn giả.
[1]
$ txng verify-label 'https://x.vn/01/08930000000033/10/L99' -d demo
URI: https://x.vn/01/08930000000033/10/L99
máy chủ phân giải: https://x.vn
nhãn: (01)08930000000033(10)L99
chữ ký: không có
lô: không có trong nhật ký này
kết luận: KHÔNG CHÍNH HÃNG: nhật ký này không ghi lô nào có mã này; nhãn có thể là giả.
[1]
