# Messages in Vietnamese (po/vi.po), chosen by the locale. The vi_VN locale
# need not be installed: txng falls back to C.UTF-8 with LANGUAGE=vi.
# Keys, indexes and records on standard output do not change; labels and
# summaries meant for people do.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ cp "$DATA"/event.json "$DATA"/bad-line2.jsonl .
$ export LANGUAGE=vi LC_ALL=C.UTF-8
$ txng --help
cách dùng: txng COMMAND [OPTIONS] [ARGUMENTS]

txng lưu nhật ký sự kiện truy xuất nguồn gốc: có chữ ký, chỉ ghi thêm
(không sửa, không xóa) và ai cũng kiểm tra được.

các lệnh:
  init        tạo nhật ký mới và khóa của nó; in khóa kiểm tra của nhật ký
  key         tạo, liệt kê, thu hồi và xuất các khóa được phép ký sự kiện
  append      ghi thêm sự kiện (một sự kiện JSON hoặc JSON Lines) vào nhật ký
  sign        ký sự kiện ngoại tuyến, để ghi thêm sau vào nhật ký đã đăng ký khóa
  log         liệt kê các bản ghi của nhật ký, mỗi dòng một bản ghi
  show        hiện một bản ghi
  checkpoint  in điểm kiểm tra đã ký mới nhất (C2SP tlog-checkpoint)
  prove       in bằng chứng có mặt (C2SP tlog-proof) hoặc bằng chứng nhất quán
  verify      kiểm tra mọi bản ghi, chữ ký, điểm kiểm tra và chỉ mục của nhật ký
  backup      chép thư mục nhật ký sang thư mục mới kể cả khi đang dùng, đọc lại và kiểm tra
  record      ghi một công đoạn của chuỗi (sự kiện CTE) cùng dữ liệu chính
  party       thêm bên tham gia (dữ liệu danh mục) hoặc liệt kê các bên
  place       thêm địa điểm (dữ liệu danh mục) hoặc liệt kê các địa điểm
  product     thêm sản phẩm (dữ liệu danh mục) hoặc liệt kê các sản phẩm
  certificate thêm giấy chứng nhận (dữ liệu danh mục) hoặc liệt kê chúng
  import      nhập một gói từ nhật ký khác, hoặc sự kiện từ bảng tính hay EPCIS
  trace       truy xuất ngược về nguồn gốc hoặc xuôi đến mọi sản phẩm và người mua
  export      xuất bản ghi thành gói có chữ ký, EPCIS 2.0 hoặc CSV
  tiles       ghi nhật ký thành các tile C2SP tlog-tiles, chỉ ghi phần mới
  witness     đồng ký các điểm kiểm tra của nhật ký (C2SP tlog-witness)
  qr          vẽ mã QR của một URI Digital Link
  labels      in một tờ nhãn cho từng đơn vị
  claim       kích hoạt một sản phẩm bằng mã dưới lớp phủ cào
  stamp       cho biết lần thu hoạch nào được cấp một tem CDĐL và lần đóng gói nào đã dùng nó
  verify-label kiểm tra mã và chữ ký của nhãn
  serve       chạy máy chủ phân giải: trang sản phẩm, linkset, gói bản ghi, tile
  media       lưu, liệt kê hoặc chép ra ảnh sản phẩm mà trang tra cứu hiển thị
  demo        tạo một nhật ký sâm nhỏ, kiểm tra nó và giải thích từng bước

Chạy 'txng COMMAND --help' để xem các tùy chọn của một lệnh.
$ txng verify --help
cách dùng: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
kiểm tra mọi bản ghi, chữ ký, điểm kiểm tra và chỉ mục của nhật ký

tùy chọn:
  -d, --dir DIR      thư mục nhật ký (hoặc $TXNG_DIR)
  -k, --key VKEY     tin cậy khóa kiểm tra này (mặc định với nhật ký: khóa trong
                     bản ghi khởi tạo; gói thì bắt buộc phải có)
  -e, --exporter-key VKEY
                     gói phải được ký bằng khóa người xuất này
  -S, --state DIR    thư mục trạng thái người kiểm tra (mặc định:
                     $XDG_DATA_HOME/txng/verifier-state)
  -w, --witness VKEY một khóa nhân chứng (lặp lại được)
  -W, --witnesses-needed K
                     số chữ ký đồng ký cần có từ các nhân chứng (mặc định:
                     tất cả)
  -T, --threads N    số luồng kiểm tra chữ ký (mặc định: mỗi lõi một luồng)
  -j, --json         in kết quả dạng JSON
      --tiles URL    thay vào đó kiểm tra một thư mục hoặc tiền tố URL
                     tlog-tiles
  -h, --help         hiện trợ giúp này
Trạng thái thoát: 0 hợp lệ, 1 không hợp lệ, 2 sai cách dùng, 3 không chạy được.
$ txng init -d nhatky --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000
htx-samngoclinh.vn/log+94a6149c+AQdwxDcl/hmS0VFDRSsQwLkJLPLwrabOqRM0enAhMn/C
! txng: nhatky/log.key: cảnh báo: tệp khóa đã được ghi mà không có mật khẩu
$ txng init -d nhatky --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000
! txng: nhatky: ở đây đã có một nhật ký
[3]
$ txng init -d nhatky2
! txng: init: thiếu tên nhật ký: dùng --origin NAME, ví dụ example.vn/log
! cách dùng: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -t 1700000100
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
! txng: nhatky/keys/ho-a-vang.key: cảnh báo: tệp khóa đã được ghi mà không có mật khẩu
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -t 1700000200
! txng: ho-a-vang: tên khóa đã được dùng
[3]
$ txng key export -d nhatky nobody
! txng: nobody: nhật ký này không có khóa đó
[1]
$ txng append -d nhatky --as ho-a-vang -t 1700001000 event.json
2
$ txng append -d nhatky -t 1700002000 event.json
! txng: event.json:1: sự kiện chưa được ký: dùng --as KEY, hoặc ký trước bằng txng sign
[2]
$ txng append -d nhatky --as ho-a-vang -t 1700002000 bad-line2.jsonl
! txng: bad-line2.jsonl:2: không phải JSON hợp lệ
[3]
$ txng append -d nhatky --as nobody -t 1700002000 event.json
! txng: nhatky/keys/nobody.key: không có tệp khóa này
[3]
$ txng log -d nhatky
0	2023-11-14T22:13:20Z	txng:Genesis	htx-samngoclinh.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	htx-samngoclinh.vn/log
2	2023-11-14T22:30:00Z	ObjectEvent	ho-a-vang
$ txng show -d nhatky 2
số thứ tự  2
ghi lúc    2023-11-14T22:30:00Z
mã băm lá  aQvWgmfO3J1UWlFYKGZ8kGs8BUDmHRpdPF/HSsr/Eh0=
bản trước  0iyQYHNyobtsaI0kRZimtcawGEwNeUuZe2DIx0LDeng=
người ký   ho-a-vang+53580c61
sự kiện
{
  "action": "ADD",
  "bizStep": "urn:epcglobal:cbv:bizstep:harvesting",
  "epcList": [
    "urn:txng:example.vn:lot:L24-017"
  ],
  "eventTime": "2023-11-12T09:15:00+07:00",
  "eventTimeZoneOffset": "+07:00",
  "txng:roots": 120,
  "type": "ObjectEvent"
}
$ txng show -d nhatky 9
! txng: nhatky: không có bản ghi 9: nhật ký có 3 bản ghi (từ 0 đến 2)
[1]
$ txng prove -d nhatky --consistency 3 2
! txng: prove: OLD (3) lớn hơn NEW (2)
[2]
$ txng checkpoint -d nhatky --size 2
htx-samngoclinh.vn/log
2
xA74MB/tKieYDqCbkUjgh7oxZHArimIWkCWKWRmm85c=

— htx-samngoclinh.vn/log lKYUnNoJT9HRzsQE0/o1Q2VTEfelnx2geDMKa+zbRaM2ZznL8qs7w/u+0r0wJiok7NLBT9qgzrV+KDX5UGBR0Xck9wc=
$ txng verify -d nhatky
hợp lệ: htx-samngoclinh.vn/log: 3 bản ghi, 2 khóa, 3 điểm kiểm tra, gốc PCGnHxnuRDcZkvYMwsHljs7yaC8heFei43g4Mq2RMzY=
$ txng verify -d khong-co
! txng: khong-co: không có thư mục này
[3]
$ cp -r nhatky t && tamper t flip 2 20
$ txng verify -d t
! txng: verify: bản ghi 2: signatures/0/sig: chữ ký không hợp lệ
[1]
# A critical tracking event in Vietnamese: the element that is missing, the
# wrong check digit, the nearest known place.
$ txng record harvest -d nhatky --as ho-a-vang -r 1700003000 --cohort V3-2019 --lot L24-017 --weight 9.6kg --age 6 --time 2023-11-14T08:00+07:00
! txng: record: công đoạn harvest cần số củ: dùng --roots N
! cách dùng: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest -d nhatky --as ho-a-vang -r 1700003000 --cohort V3-2019 --lot L24-017 --gtin 08930000000027 --roots 120 --weight 9.6kg --age 6 --time 2023-11-14T08:00+07:00
! txng: record harvest: --gtin: chữ số kiểm tra sai: phải là 6
[3]
$ txng place add -d nhatky --as ho-a-vang -r 1700003000 --name "Vườn 3, tiểu khu 12" --code vuon-3
3
$ txng record plant -d nhatky --as ho-a-vang -r 1700003000 --cohort V3-2019 --place "Vườn 8, tiểu khu 12" --count 400 --time 2019-10-20T08:00+07:00
! txng: record plant: --place: không tìm thấy địa điểm "Vườn 8, tiểu khu 12"; gần giống nhất: "Vườn 3, tiểu khu 12"
[3]
$ txng nosuch
! txng: nosuch: không có lệnh này (xem 'txng --help')
! cách dùng: txng COMMAND [OPTIONS] [ARGUMENTS]
[2]
# What to type is named as the usage line names it (DIR, CODE, LOT, SERIAL).
$ txng stamp 000001
! txng: stamp: thiếu nhật ký: hãy đưa -d DIR
! cách dùng: txng stamp -d DIR STAMP... [--json]
[2]
$ txng claim -d nhatky 'https://id.gs1.org/01/08930000000033/21/000007'
! txng: claim: thiếu mã: hãy đưa --code CODE
! cách dùng: txng claim -d DIR URI --code CODE [--as KEY] [--time TIME] [--json]
[2]
$ txng qr 'https://x.vn/01/08930000000033' -o x.png
! txng: https://x.vn/01/08930000000033: không in mã cho cả một sản phẩm: hãy cho lô (/10/LOT) hoặc số sê-ri của một đơn vị (/21/SERIAL)
[3]

# LANG alone, with a Vietnamese locale that is not installed.
$ unset LANGUAGE LC_ALL
$ LANG=vi_VN.UTF-8 txng show -d nhatky 9
! txng: nhatky: không có bản ghi 9: nhật ký có 4 bản ghi (từ 0 đến 3)
[1]
$ LANG=vi_VN.UTF-8 txng verify -d nhatky
hợp lệ: htx-samngoclinh.vn/log: 4 bản ghi, 2 khóa, 4 điểm kiểm tra, gốc pd6aADAoatvOroLfnFtaCab9FkGKmuMsVz3cD0lok+Y=
