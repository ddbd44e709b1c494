# Help and trace text in Vietnamese (po/vi.po): the labels of steps and of
# their key data elements, the groups of options of which one is required,
# and the steps of a trace are translated. Option, step and CSV heading
# names, and the bizSteps of --json and --dot, are not: users and tools type
# and read them as they are. The English text is pinned by record.t and
# trace.t.
$ export LC_ALL=C.UTF-8 LANGUAGE=vi
# Each step's label, followed by its Vietnamese name (what the CSV step
# column takes) only when the translation does not start with it.
$ txng record --help
cách dùng: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
ghi một công đoạn của chuỗi (sự kiện CTE) cùng dữ liệu chính

các công đoạn:
  plant        Trồng dưới tán rừng
  treat        Chăm sóc: bón phân, BVTV, tưới
  stand-count  Kiểm kê vườn
  harvest      Thu hoạch củ
  receive      Tiếp nhận
  wash-grade   Sơ chế: rửa, phân loại
  transform    Sấy / thái lát / chế biến
  test         Kiểm nghiệm
  pack         Đóng gói, dán nhãn, dán tem
  store        Lưu kho
  ship         Xuất hàng
  sell         Bán lẻ
  inspect      Quét mã / kiểm tra hàng
  recall       Giữ hàng / thu hồi / tiêu hủy
  certify      Chứng nhận (gắn giấy chứng nhận cho lô)
  claim-codes  Đăng ký mã kích hoạt (chỉ lưu mã băm)
  claim        Kích hoạt sản phẩm (người mua kích hoạt một đơn vị hàng)
  correct      Sửa sai (sửa một bản ghi trước đó)
  party        Bên tham gia (dữ liệu danh mục)
  place        Địa điểm (dữ liệu danh mục)
  product      Sản phẩm (dữ liệu danh mục)
  certificate  Giấy chứng nhận (dữ liệu danh mục)

tùy chọn:
  -d, --dir DIR        thư mục nhật ký (hoặc $TXNG_DIR)
  -a, --as KEY         ký bằng khóa KEY: tên khóa (DIR/keys/KEY.key)
                       hoặc tệp khóa
  -r, --recorded TIME  thời điểm ghi của bản ghi mới (RFC 3339, hoặc số giây
                       tính từ năm 1970; mặc định: bây giờ); thời điểm sự kiện
                       không được muộn hơn thời điểm ghi quá $TXNG_MAX_SKEW
                       giây (600)
  -n, --dry-run        in sự kiện sẽ được ghi thêm; không ghi thêm gì
  -j, --json           in số thứ tự của bản ghi mới dưới dạng JSON
  -h, --help           hiện trợ giúp này
Chạy 'txng record STEP --help' để xem các tùy chọn của một công đoạn.
# The labels of the elements; the CSV headings in brackets stay as they are.
$ txng record harvest --help
cách dùng: txng record harvest -d DIR [--as KEY] [OPTIONS]
Thu hoạch củ: TransformationEvent, bizStep urn:txng:bizstep:harvest

thành phần dữ liệu chính (KDE; tiêu đề cột CSV trong ngoặc vuông):
  --cohort CODE            lứa trồng [Lứa trồng] (bắt buộc: một trong nhóm nguồn thu hoạch)
  --plot PLACE             vườn/lô thu hoạch [Vườn/lô khai thác] (bắt buộc: một trong nhóm nguồn thu hoạch)
  --lot LOT                lô thu hoạch [Lô thu hoạch] (bắt buộc)
  --gtin GTIN              GTIN của sản phẩm [GTIN]
  --weight QTY             khối lượng tươi [Khối lượng tươi] (bắt buộc)
  --roots N                số củ [Số củ] (bắt buộc)
  --age YEARS              tuổi củ (năm) [Tuổi củ (năm)] (bắt buộc)
  --gi-code CODE           mã CDĐL của vườn/lô [Mã CDĐL]
  --gi-certificate CERT    giấy chứng nhận CDĐL [Giấy chứng nhận CDĐL]
  --grade TEXT             phân loại (số củ mỗi kg) [Phân loại]
  --purpose TEXT           mục đích thu hoạch [Mục đích khai thác]
  --stamps FROM-TO         tem CDĐL được cấp [Tem CDĐL]
  --harvester PARTY        người thu hoạch [Người thu hoạch]
  --time TIME              thời điểm sự kiện [Thời gian] (bắt buộc)
  --note TEXT              ghi chú [Ghi chú]

tùy chọn:
  -d, --dir DIR        thư mục nhật ký (hoặc $TXNG_DIR)
  -a, --as KEY         ký bằng khóa KEY: tên khóa (DIR/keys/KEY.key)
                       hoặc tệp khóa
  -r, --recorded TIME  thời điểm ghi của bản ghi mới (RFC 3339, hoặc số giây
                       tính từ năm 1970; mặc định: bây giờ); thời điểm sự kiện
                       không được muộn hơn thời điểm ghi quá $TXNG_MAX_SKEW
                       giây (600)
  -n, --dry-run        in sự kiện sẽ được ghi thêm; không ghi thêm gì
  -j, --json           in số thứ tự của bản ghi mới dưới dạng JSON
  -h, --help           hiện trợ giúp này
$ txng record receive --help
cách dùng: txng record receive -d DIR [--as KEY] [OPTIONS]
Tiếp nhận: ObjectEvent, bizStep receiving

thành phần dữ liệu chính (KDE; tiêu đề cột CSV trong ngoặc vuông):
  --lot LOT                lô [Mã lô] (bắt buộc: một trong nhóm đối tượng)
  --serials FROM-TO        số sê-ri của các đơn vị hàng [Số sê-ri] (bắt buộc: một trong nhóm đối tượng)
  --id ID                  mã định danh [Mã định danh] (bắt buộc: một trong nhóm đối tượng) (có thể lặp lại)
  --gtin GTIN              GTIN của sản phẩm [GTIN]
  --weight QTY             số lượng của lô [Khối lượng]
  --from PARTY             nhà cung cấp (bên giao trước đó) [Bên giao] (bắt buộc)
  --place PLACE            nơi nhận hàng [Nơi nhận] (bắt buộc)
  --doc CODE               phiếu nhập hàng [Số phiếu nhập]
  --condition TEXT         tình trạng khi nhận [Tình trạng]
  --time TIME              thời điểm sự kiện [Thời gian] (bắt buộc)
  --note TEXT              ghi chú [Ghi chú]

tùy chọn:
  -d, --dir DIR        thư mục nhật ký (hoặc $TXNG_DIR)
  -a, --as KEY         ký bằng khóa KEY: tên khóa (DIR/keys/KEY.key)
                       hoặc tệp khóa
  -r, --recorded TIME  thời điểm ghi của bản ghi mới (RFC 3339, hoặc số giây
                       tính từ năm 1970; mặc định: bây giờ); thời điểm sự kiện
                       không được muộn hơn thời điểm ghi quá $TXNG_MAX_SKEW
                       giây (600)
  -n, --dry-run        in sự kiện sẽ được ghi thêm; không ghi thêm gì
  -j, --json           in số thứ tự của bản ghi mới dưới dạng JSON
  -h, --help           hiện trợ giúp này
$ txng place --help
cách dùng: txng place add -d DIR [--as KEY] [OPTIONS]
Địa điểm (dữ liệu danh mục): txng:Place

thành phần dữ liệu chính (KDE; tiêu đề cột CSV trong ngoặc vuông):
  --name TEXT              tên [Tên] (bắt buộc)
  --gln GLN                GLN [GLN] (bắt buộc: một trong nhóm mã định danh)
  --code CODE              mã địa điểm [Mã] (bắt buộc: một trong nhóm mã định danh)
  --gps LAT,LON            tọa độ GPS [Tọa độ GPS]
  --accuracy METRES        độ chính xác GPS (m) [Độ chính xác (m)]
  --gi-code CODE           mã CDĐL [Mã CDĐL]
  --plot TEXT              vị trí trong rừng (lô/khoảnh/tiểu khu) [Lô/khoảnh/tiểu khu]
  --address TEXT           địa chỉ [Địa chỉ]
  --valid-from DATE        địa chỉ có hiệu lực từ [Địa chỉ có hiệu lực từ]
  --party PARTY            chủ sở hữu hoặc người quản lý [Chủ sở hữu]
  --time TIME              thời điểm của mục [Thời gian]
  --note TEXT              ghi chú [Ghi chú]

tùy chọn:
  -d, --dir DIR        thư mục nhật ký (hoặc $TXNG_DIR)
  -a, --as KEY         ký bằng khóa KEY: tên khóa (DIR/keys/KEY.key)
                       hoặc tệp khóa
  -r, --recorded TIME  thời điểm ghi của bản ghi mới (mặc định: bây giờ)
  -n, --dry-run        in sự kiện sẽ được ghi thêm; không ghi thêm gì
  -j, --json           in số thứ tự bản ghi mới (add) hoặc các mục (list)
                       dưới dạng JSON
  -h, --help           hiện trợ giúp này
Nếu không có --gln, --gtin hoặc --code, mã được tạo từ tên (hoặc số hiệu):
'HTX Sâm Ngọc Linh' thành htx-sam-ngoc-linh; mã tạo như vậy mà đã thuộc về
một mục có tên khác thì bị từ chối (hãy nhập --code). Mục được thêm với mã
của một mục đã có trong nhật ký là phiên bản mới của mục đó: bản ghi mới nhất
có hiệu lực.
list: in các mục place của nhật ký, bản ghi mới nhất ở cuối:
INDEX, mã định danh và tên, cách nhau bằng dấu tab (-j: JSON Lines)
$ txng verify-label --help
cách dùng: txng verify-label IMAGE|URI [--key VKEY] [-d DIR | --bundle FILE] [--json]
kiểm tra mã và chữ ký của nhãn

tùy chọn:
  -k, --key VKEY     kiểm tra chữ ký (AI 8030) bằng khóa kiểm tra này;
                     khi có --bundle: khóa kiểm tra của nhật ký làm ra gói
  -d, --dir DIR      kiểm tra chữ ký bằng các khóa đã đăng ký trong nhật ký
                     này, và xem đơn vị đã được đóng gói, thu hồi hay kích
                     hoạt chưa
  -b, --bundle FILE  như trên, nhưng từ một gói (txng export), kiểm tra gói trước
  -j, --json         in kết quả dạng JSON
  -h, --help         hiện trợ giúp này
IMAGE là ảnh chụp hoặc ảnh quét PNG hay JPEG có một mã QR; URI là nội dung của
mã (chuỗi có "://" hoặc bắt đầu bằng "urn:" được coi là URI).
Trạng thái thoát: 0 nhãn hợp lệ, 1 không hợp lệ (chữ ký sai, đơn vị không
có trong nhật ký hoặc đã thu hồi, lô hay ngày khác với nhật ký, ảnh không
có mã), 2 sai cách dùng, 3 không chạy được.
# The trace names each step in the language of messages; --dot keeps the
# bizStep as recorded.
$ txng demo -d demo >/dev/null
$ txng trace back -d demo https://id.gs1.org/01/08930000000033/21/000007
https://id.gs1.org/01/08930000000033/21/000007
  bản ghi 28: đóng gói 2024-11-20T09:00:00+07:00, người ký: htx-tumorong, tại https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S
       bản ghi 26: chế biến 2024-11-15T08:00:00+07:00, người ký: say-dak-to, tại urn:txng:demo.htx-samngoclinh.vn/log:place:xuong-say-dak-to
         <- urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A
            bản ghi 25: sơ chế 2024-11-13T10:30:00+07:00, người ký: htx-tumorong, tại https://id.gs1.org/414/8930000000040
              <- https://id.gs1.org/01/08930000000026/10/L24-017
                 bản ghi 23: thu hoạch 2024-11-12T09:15:00+07:00, người ký: ho-a-vang, tại urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                   <- urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019
                      bản ghi 20: trồng 2019-10-20T08:00:00+07:00, người ký: ho-a-vang, tại urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                        <- urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019
                           bản ghi 19: chế biến 2018-12-05T08:00:00+07:00, người ký: htx-tumorong, tại urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx
                             <- urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018
                                bản ghi 18: chế biến 2018-09-18T08:30:00+07:00, người ký: htx-tumorong, tại urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx
                                  <- urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012 (không được tạo ra trong nhật ký này)
                      bản ghi 21: chăm sóc 2023-04-02T07:30:00+07:00, người ký: ho-a-vang, tại urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                      bản ghi 22: kiểm kê 2024-06-15T09:00:00+07:00, người ký: htx-tumorong, tại urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                 bản ghi 24: tiếp nhận 2024-11-13T08:00:00+07:00, người ký: htx-tumorong, tại https://id.gs1.org/414/8930000000040
       bản ghi 27: kiểm nghiệm 2024-11-18T14:00:00+07:00, người ký: kiem-nghiem-kt
  bản ghi 29: xuất hàng 2024-11-22T06:00:00+07:00, người ký: htx-tumorong, tại https://id.gs1.org/414/8930000000040, gửi đến urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, gửi đến urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  bản ghi 30: tiếp nhận 2024-11-23T15:00:00+07:00, người ký: cua-hang-hn, tại urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  bản ghi 31: bán lẻ 2024-11-30T18:20:00+07:00, người ký: cua-hang-hn, tại urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
$ txng trace forward -d demo --depth 1 https://id.gs1.org/01/08930000000026/10/L24-017
https://id.gs1.org/01/08930000000026/10/L24-017
  bản ghi 24: tiếp nhận 2024-11-13T08:00:00+07:00, người ký: htx-tumorong, tại https://id.gs1.org/414/8930000000040
  bản ghi 25: sơ chế 2024-11-13T10:30:00+07:00, người ký: htx-tumorong, tại https://id.gs1.org/414/8930000000040
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A (đã đến giới hạn độ sâu)
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-B (đã đến giới hạn độ sâu)
các bên cần thông báo:
  https://id.gs1.org/414/8930000000040 (Kho và xưởng đóng gói HTX, của HTX Sâm Ngọc Linh Tu Mơ Rông)
$ txng trace back -d demo --depth 1 --dot https://id.gs1.org/01/08930000000033/21/000007
digraph trace {
  rankdir=RL;
  n0 [shape=box, label="https://id.gs1.org/01/08930000000033/21/000007"];
  n1 [shape=box, label="https://id.gs1.org/01/08930000000033/10/L24-017-S"];
  e0 [shape=ellipse, label="#28 packing\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-20T09:00:00+07:00"];
  e0 -> n1;
  e1 [shape=ellipse, label="#29 shipping\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-22T06:00:00+07:00"];
  e2 [shape=ellipse, label="#30 receiving\ncua-hang-hn\nCửa hàng Sâm Việt, Hoàn Kiếm\n2024-11-23T15:00:00+07:00"];
  e3 [shape=ellipse, label="#31 retail_selling\ncua-hang-hn\nCửa hàng Sâm Việt, Hoàn Kiếm\n2024-11-30T18:20:00+07:00"];
  n0 -> e0;
  e1 -> n0 [style=dashed];
  e2 -> n0 [style=dashed];
  e3 -> n0 [style=dashed];
}
# The demo's own trace, step 8.
$ txng demo -d demo2 | sed -n '/^8\./,/^$/p'
8. Khách hàng quét mã hộp 000007: truy xuất ngược từng công đoạn về lô hạt giống
   (mã định danh; các bản ghi nhắc đến nó; công đoạn tạo ra nó, thời điểm,
   người ký):
   https://id.gs1.org/01/08930000000033/21/000007
     liên quan: 29 xuất hàng, 30 tiếp nhận, 31 bán lẻ
     tạo ra ở bản ghi 28 đóng gói, 2024-11-20T09:00:00+07:00, htx-tumorong
   https://id.gs1.org/01/08930000000033/10/L24-017-S
     liên quan: 27 kiểm nghiệm
     tạo ra ở bản ghi 26 chế biến, 2024-11-15T08:00:00+07:00, say-dak-to
   urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A
     tạo ra ở bản ghi 25 sơ chế, 2024-11-13T10:30:00+07:00, htx-tumorong
   https://id.gs1.org/01/08930000000026/10/L24-017
     liên quan: 24 tiếp nhận
     tạo ra ở bản ghi 23 thu hoạch, 2024-11-12T09:15:00+07:00, ho-a-vang
   urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019
     liên quan: 21 chăm sóc, 22 kiểm kê
     tạo ra ở bản ghi 20 trồng, 2019-10-20T08:00:00+07:00, ho-a-vang
   urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019
     tạo ra ở bản ghi 19 chế biến, 2018-12-05T08:00:00+07:00, htx-tumorong
   urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018
     tạo ra ở bản ghi 18 chế biến, 2018-09-18T08:30:00+07:00, htx-tumorong
   urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012
     không bản ghi nào trong nhật ký này tạo ra nó: truy xuất dừng ở đây


