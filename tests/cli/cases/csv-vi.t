# The CSV heading language follows the locale as gettext reads it:
# LANGUAGE first (unless the locale is C), then LC_ALL, LC_MESSAGES, LANG.
# Every Vietnamese heading is distinct, like the English ones.
$ txng demo -d demo >/dev/null
$ LANGUAGE=vi LC_ALL=C.UTF-8 txng export -d demo --all --format csv | head -1 | cut -d, -f1-8
﻿Bản ghi số,Thời điểm ghi sổ (UTC),Thời gian sự kiện,Công đoạn (CTE),Bước nghiệp vụ (bizStep),Người ký,GTIN,Mã lô
$ LC_ALL= LANGUAGE=vi:en LANG=en_US.UTF-8 txng export -d demo --all --format csv | head -1 | cut -d, -f1
﻿Bản ghi số
$ LANGUAGE=en LC_ALL=vi_VN.UTF-8 txng export -d demo --all --format csv | head -1 | cut -d, -f1
﻿record
# In the C locale gettext ignores LANGUAGE: English.
$ LANGUAGE=vi LC_ALL=C txng export -d demo --all --format csv | head -1 | cut -d, -f1
﻿record
$ LC_ALL= LANGUAGE= LC_MESSAGES=vi_VN.UTF-8 txng export -d demo --all --format csv | head -1 | cut -d, -f1
﻿Bản ghi số
# --lang wins over the locale.
$ LANGUAGE=vi LC_ALL=C.UTF-8 txng export -d demo --all --format csv --lang en | head -1 | cut -d, -f1
﻿record
# No heading twice, in either language.
$ txng export -d demo --all --format csv --lang vi | head -1 | tr -d '\r' | tr ',' '\n' | sort | uniq -d
$ txng export -d demo --all --format csv --lang en | head -1 | tr -d '\r' | tr ',' '\n' | sort | uniq -d
$ txng export -d demo --all --format csv --lang vi | head -1 | tr -d '\r' | tr ',' '\n' | grep -e 'Tem CDĐL' -e 'Lô đầu'
Tem CDĐL được cấp
Lô đầu vào và khối lượng
Lô đầu ra và khối lượng theo loại
Lô đầu ra và khối lượng
Tem CDĐL đã sử dụng
