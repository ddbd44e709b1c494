# txng trace on the demo log (tests/cli/cases/demo.t): the Ngọc Linh chain from
# the seed lot HG-2018 to box 000007, sold in Hà Nội.
$ txng demo -d demo >/dev/null
# Back from the box sold: packing, drying, washing, harvest, planting, nursery
# and seed harvest, down to the seed lot and the mother cohort.
$ txng trace back -d demo https://id.gs1.org/01/08930000000033/21/000007
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S
       record 26: transform 2024-11-15T08:00:00+07:00, by say-dak-to, at urn:txng:demo.htx-samngoclinh.vn/log:place:xuong-say-dak-to
         <- urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A
            record 25: wash-grade 2024-11-13T10:30:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
              <- https://id.gs1.org/01/08930000000026/10/L24-017
                 record 23: harvest 2024-11-12T09:15:00+07:00, by ho-a-vang, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                   <- urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019
                      record 20: plant 2019-10-20T08:00:00+07:00, by ho-a-vang, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                        <- urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019
                           record 19: transform 2018-12-05T08:00:00+07:00, by htx-tumorong, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx
                             <- urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018
                                record 18: transform 2018-09-18T08:30:00+07:00, by htx-tumorong, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx
                                  <- urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012 (not made in this log)
                      record 21: treat 2023-04-02T07:30:00+07:00, by ho-a-vang, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                      record 22: stock_taking 2024-06-15T09:00:00+07:00, by htx-tumorong, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
                 record 24: receiving 2024-11-13T08:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
       record 27: inspecting 2024-11-18T14:00:00+07:00, by kiem-nghiem-kt
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
# One step back: only the lot the box was packed from.
$ txng trace back -d demo --depth 1 https://id.gs1.org/01/08930000000033/21/000007
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
$ txng trace back -d demo --json https://id.gs1.org/01/08930000000033/21/000007
{
  "direction": "back",
  "depth": 0,
  "start": "https://id.gs1.org/01/08930000000033/21/000007",
  "nodes": [
    {
      "id": "https://id.gs1.org/01/08930000000033/21/000007",
      "depth": 0,
      "expanded": true,
      "events": [
        {
          "index": 28,
          "role": "output",
          "step": true
        },
        {
          "index": 29,
          "role": "epc",
          "step": false
        },
        {
          "index": 30,
          "role": "epc",
          "step": false
        },
        {
          "index": 31,
          "role": "epc",
          "step": false
        }
      ]
    },
    {
      "id": "https://id.gs1.org/01/08930000000033/10/L24-017-S",
      "depth": 1,
      "expanded": true,
      "events": [
        {
          "index": 26,
          "role": "output",
          "step": true
        },
        {
          "index": 27,
          "role": "epc",
          "step": false
        }
      ]
    },
    {
      "id": "urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A",
      "depth": 2,
      "expanded": true,
      "events": [
        {
          "index": 25,
          "role": "output",
          "step": true
        }
      ]
    },
    {
      "id": "https://id.gs1.org/01/08930000000026/10/L24-017",
      "depth": 3,
      "expanded": true,
      "events": [
        {
          "index": 23,
          "role": "output",
          "step": true
        },
        {
          "index": 24,
          "role": "epc",
          "step": false
        }
      ]
    },
    {
      "id": "urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019",
      "depth": 4,
      "expanded": true,
      "events": [
        {
          "index": 20,
          "role": "output",
          "step": true
        },
        {
          "index": 21,
          "role": "epc",
          "step": false
        },
        {
          "index": 22,
          "role": "epc",
          "step": false
        }
      ]
    },
    {
      "id": "urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019",
      "depth": 5,
      "expanded": true,
      "events": [
        {
          "index": 19,
          "role": "output",
          "step": true
        }
      ]
    },
    {
      "id": "urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018",
      "depth": 6,
      "expanded": true,
      "events": [
        {
          "index": 18,
          "role": "output",
          "step": true
        }
      ]
    },
    {
      "id": "urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012",
      "depth": 7,
      "expanded": true,
      "events": []
    }
  ],
  "events": [
    {
      "index": 18,
      "type": "TransformationEvent",
      "bizStep": "urn:txng:bizstep:transform",
      "disposition": "active",
      "eventTime": "2018-09-18T08:30:00+07:00",
      "recorded": "2018-09-18T01:40:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx",
      "signers": [
        "htx-tumorong+1805b392"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [
        "urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012"
      ],
      "depth": 6
    },
    {
      "index": 19,
      "type": "TransformationEvent",
      "bizStep": "urn:txng:bizstep:transform",
      "disposition": "active",
      "eventTime": "2018-12-05T08:00:00+07:00",
      "recorded": "2018-12-05T01:10:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx",
      "signers": [
        "htx-tumorong+1805b392"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [
        "urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018"
      ],
      "depth": 5
    },
    {
      "index": 20,
      "type": "TransformationEvent",
      "bizStep": "urn:txng:bizstep:plant",
      "disposition": "active",
      "eventTime": "2019-10-20T08:00:00+07:00",
      "recorded": "2019-10-20T01:10:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12",
      "signers": [
        "ho-a-vang+1f159041"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [
        "urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019"
      ],
      "depth": 4
    },
    {
      "index": 21,
      "type": "ObjectEvent",
      "action": "OBSERVE",
      "bizStep": "urn:txng:bizstep:treat",
      "eventTime": "2023-04-02T07:30:00+07:00",
      "recorded": "2023-04-02T00:40:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12",
      "signers": [
        "ho-a-vang+1f159041"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [],
      "depth": 4
    },
    {
      "index": 22,
      "type": "ObjectEvent",
      "action": "OBSERVE",
      "bizStep": "stock_taking",
      "eventTime": "2024-06-15T09:00:00+07:00",
      "recorded": "2024-06-15T02:10:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12",
      "signers": [
        "htx-tumorong+1805b392"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [],
      "depth": 4
    },
    {
      "index": 23,
      "type": "TransformationEvent",
      "bizStep": "urn:txng:bizstep:harvest",
      "disposition": "active",
      "eventTime": "2024-11-12T09:15:00+07:00",
      "recorded": "2024-11-13T01:00:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12",
      "signers": [
        "ho-a-vang+1f159041"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [
        "urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019"
      ],
      "depth": 3
    },
    {
      "index": 24,
      "type": "ObjectEvent",
      "action": "OBSERVE",
      "bizStep": "receiving",
      "disposition": "in_progress",
      "eventTime": "2024-11-13T08:00:00+07:00",
      "recorded": "2024-11-13T01:10:00Z",
      "bizLocation": "https://id.gs1.org/414/8930000000040",
      "signers": [
        "htx-tumorong+1805b392"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [],
      "depth": 3
    },
    {
      "index": 25,
      "type": "TransformationEvent",
      "bizStep": "urn:txng:bizstep:wash-grade",
      "disposition": "active",
      "eventTime": "2024-11-13T10:30:00+07:00",
      "recorded": "2024-11-13T03:40:00Z",
      "bizLocation": "https://id.gs1.org/414/8930000000040",
      "signers": [
        "htx-tumorong+1805b392"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [
        "https://id.gs1.org/01/08930000000026/10/L24-017"
      ],
      "depth": 2
    },
    {
      "index": 26,
      "type": "TransformationEvent",
      "bizStep": "urn:txng:bizstep:transform",
      "disposition": "active",
      "eventTime": "2024-11-15T08:00:00+07:00",
      "recorded": "2024-11-15T01:10:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:xuong-say-dak-to",
      "signers": [
        "say-dak-to+58dcf193"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [
        "urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A"
      ],
      "depth": 1
    },
    {
      "index": 27,
      "type": "ObjectEvent",
      "action": "OBSERVE",
      "bizStep": "inspecting",
      "disposition": "conformant",
      "eventTime": "2024-11-18T14:00:00+07:00",
      "recorded": "2024-11-18T07:10:00Z",
      "signers": [
        "kiem-nghiem-kt+7f3ca3ac"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [],
      "depth": 1
    },
    {
      "index": 28,
      "type": "TransformationEvent",
      "bizStep": "packing",
      "disposition": "active",
      "eventTime": "2024-11-20T09:00:00+07:00",
      "recorded": "2024-11-20T02:10:00Z",
      "bizLocation": "https://id.gs1.org/414/8930000000040",
      "signers": [
        "htx-tumorong+1805b392"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [
        "https://id.gs1.org/01/08930000000033/10/L24-017-S"
      ],
      "depth": 0
    },
    {
      "index": 29,
      "type": "ObjectEvent",
      "action": "OBSERVE",
      "bizStep": "shipping",
      "disposition": "in_transit",
      "eventTime": "2024-11-22T06:00:00+07:00",
      "recorded": "2024-11-21T23:10:00Z",
      "readPoint": "https://id.gs1.org/414/8930000000040",
      "signers": [
        "htx-tumorong+1805b392"
      ],
      "destinations": [
        "urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn",
        "urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn"
      ],
      "correctedBy": [],
      "next": [],
      "depth": 0
    },
    {
      "index": 30,
      "type": "ObjectEvent",
      "action": "OBSERVE",
      "bizStep": "receiving",
      "disposition": "in_progress",
      "eventTime": "2024-11-23T15:00:00+07:00",
      "recorded": "2024-11-23T08:10:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn",
      "signers": [
        "cua-hang-hn+9c6c2344"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [],
      "depth": 0
    },
    {
      "index": 31,
      "type": "ObjectEvent",
      "action": "OBSERVE",
      "bizStep": "retail_selling",
      "disposition": "retail_sold",
      "eventTime": "2024-11-30T18:20:00+07:00",
      "recorded": "2024-11-30T11:30:00Z",
      "bizLocation": "urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn",
      "signers": [
        "cua-hang-hn+9c6c2344"
      ],
      "destinations": [],
      "correctedBy": [],
      "next": [],
      "depth": 0
    }
  ],
  "recipients": [
    "https://id.gs1.org/414/8930000000040",
    "urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn",
    "urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn"
  ]
}
$ txng trace back -d demo --dot https://id.gs1.org/01/08930000000033/21/000007
digraph trace {
  rankdir=RL;
  n0 [shape=box, label="https://id.gs1.org/01/08930000000033/21/000007"];
  n1 [shape=box, label="https://id.gs1.org/01/08930000000033/10/L24-017-S"];
  n2 [shape=box, label="urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A"];
  n3 [shape=box, label="https://id.gs1.org/01/08930000000026/10/L24-017"];
  n4 [shape=box, label="urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019"];
  n5 [shape=box, label="urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019"];
  n6 [shape=box, label="urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018"];
  n7 [shape=box, label="urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012"];
  e0 [shape=ellipse, label="#18 urn:txng:bizstep:transform\nhtx-tumorong\nVườn ươm và vườn giống HTX\n2018-09-18T08:30:00+07:00"];
  e0 -> n7;
  e1 [shape=ellipse, label="#19 urn:txng:bizstep:transform\nhtx-tumorong\nVườn ươm và vườn giống HTX\n2018-12-05T08:00:00+07:00"];
  e1 -> n6;
  e2 [shape=ellipse, label="#20 urn:txng:bizstep:plant\nho-a-vang\nVườn 3, tiểu khu 12\n2019-10-20T08:00:00+07:00"];
  e2 -> n5;
  e3 [shape=ellipse, label="#21 urn:txng:bizstep:treat\nho-a-vang\nVườn 3, tiểu khu 12\n2023-04-02T07:30:00+07:00"];
  e4 [shape=ellipse, label="#22 stock_taking\nhtx-tumorong\nVườn 3, tiểu khu 12\n2024-06-15T09:00:00+07:00"];
  e5 [shape=ellipse, label="#23 urn:txng:bizstep:harvest\nho-a-vang\nVườn 3, tiểu khu 12\n2024-11-12T09:15:00+07:00"];
  e5 -> n4;
  e6 [shape=ellipse, label="#24 receiving\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-13T08:00:00+07:00"];
  e7 [shape=ellipse, label="#25 urn:txng:bizstep:wash-grade\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-13T10:30:00+07:00"];
  e7 -> n3;
  e8 [shape=ellipse, label="#26 urn:txng:bizstep:transform\nsay-dak-to\nXưởng sấy Đăk Tô\n2024-11-15T08:00:00+07:00"];
  e8 -> n2;
  e9 [shape=ellipse, label="#27 inspecting\nkiem-nghiem-kt\n2024-11-18T14:00:00+07:00"];
  e10 [shape=ellipse, label="#28 packing\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-20T09:00:00+07:00"];
  e10 -> n1;
  e11 [shape=ellipse, label="#29 shipping\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-22T06:00:00+07:00"];
  e12 [shape=ellipse, label="#30 receiving\ncua-hang-hn\nCửa hàng Sâm Việt, Hoàn Kiếm\n2024-11-23T15:00:00+07:00"];
  e13 [shape=ellipse, label="#31 retail_selling\ncua-hang-hn\nCửa hàng Sâm Việt, Hoàn Kiếm\n2024-11-30T18:20:00+07:00"];
  n0 -> e10;
  e11 -> n0 [style=dashed];
  e12 -> n0 [style=dashed];
  e13 -> n0 [style=dashed];
  n1 -> e8;
  e9 -> n1 [style=dashed];
  n2 -> e7;
  n3 -> e5;
  e6 -> n3 [style=dashed];
  n4 -> e2;
  e3 -> n4 [style=dashed];
  e4 -> n4 [style=dashed];
  n5 -> e1;
  n6 -> e0;
}
# A plain code is looked up as this log's lot, cohort or unit code.
$ txng trace back -d demo --depth 1 VU-2019
urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019
  record 19: transform 2018-12-05T08:00:00+07:00, by htx-tumorong, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx
    <- urn:txng:demo.htx-samngoclinh.vn/log:lot:HG-2018 (depth limit)
# Forward from the harvest lot (a recall): both graded lots, the dried lot,
# all 40 boxes, and the shop that received 12 of them.
$ txng trace forward -d demo https://id.gs1.org/01/08930000000026/10/L24-017
https://id.gs1.org/01/08930000000026/10/L24-017
  record 24: receiving 2024-11-13T08:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
  record 25: wash-grade 2024-11-13T10:30:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A
       record 26: transform 2024-11-15T08:00:00+07:00, by say-dak-to, at urn:txng:demo.htx-samngoclinh.vn/log:place:xuong-say-dak-to
         -> https://id.gs1.org/01/08930000000033/10/L24-017-S
            record 27: inspecting 2024-11-18T14:00:00+07:00, by kiem-nghiem-kt
            record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
              -> https://id.gs1.org/01/08930000000033/21/000001
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000002
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000003
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000004
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000005
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000006
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000007
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000008
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000009
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000010
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000011
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000012
                 record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
                 record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
              -> https://id.gs1.org/01/08930000000033/21/000013
              -> https://id.gs1.org/01/08930000000033/21/000014
              -> https://id.gs1.org/01/08930000000033/21/000015
              -> https://id.gs1.org/01/08930000000033/21/000016
              -> https://id.gs1.org/01/08930000000033/21/000017
              -> https://id.gs1.org/01/08930000000033/21/000018
              -> https://id.gs1.org/01/08930000000033/21/000019
              -> https://id.gs1.org/01/08930000000033/21/000020
              -> https://id.gs1.org/01/08930000000033/21/000021
              -> https://id.gs1.org/01/08930000000033/21/000022
              -> https://id.gs1.org/01/08930000000033/21/000023
              -> https://id.gs1.org/01/08930000000033/21/000024
              -> https://id.gs1.org/01/08930000000033/21/000025
              -> https://id.gs1.org/01/08930000000033/21/000026
              -> https://id.gs1.org/01/08930000000033/21/000027
              -> https://id.gs1.org/01/08930000000033/21/000028
              -> https://id.gs1.org/01/08930000000033/21/000029
              -> https://id.gs1.org/01/08930000000033/21/000030
              -> https://id.gs1.org/01/08930000000033/21/000031
              -> https://id.gs1.org/01/08930000000033/21/000032
              -> https://id.gs1.org/01/08930000000033/21/000033
              -> https://id.gs1.org/01/08930000000033/21/000034
              -> https://id.gs1.org/01/08930000000033/21/000035
              -> https://id.gs1.org/01/08930000000033/21/000036
              -> https://id.gs1.org/01/08930000000033/21/000037
              -> https://id.gs1.org/01/08930000000033/21/000038
              -> https://id.gs1.org/01/08930000000033/21/000039
              -> https://id.gs1.org/01/08930000000033/21/000040
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-B
recipients to notify:
  https://id.gs1.org/414/8930000000040 (Kho và xưởng đóng gói HTX, of HTX Sâm Ngọc Linh Tu Mơ Rông)
  urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn (Cửa hàng Sâm Việt)
  urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn (Cửa hàng Sâm Việt, Hoàn Kiếm, of Cửa hàng Sâm Việt)
$ txng trace forward -d demo --depth 1 https://id.gs1.org/01/08930000000026/10/L24-017
https://id.gs1.org/01/08930000000026/10/L24-017
  record 24: receiving 2024-11-13T08:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
  record 25: wash-grade 2024-11-13T10:30:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A (depth limit)
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-B (depth limit)
recipients to notify:
  https://id.gs1.org/414/8930000000040 (Kho và xưởng đóng gói HTX, of HTX Sâm Ngọc Linh Tu Mơ Rông)
# Forward as a graph: the receipt, no step of the trace, hangs on the lot by
# a dashed edge on its later side; every event names its signer, place and time.
$ txng trace forward -d demo --depth 1 --dot https://id.gs1.org/01/08930000000026/10/L24-017
digraph trace {
  rankdir=LR;
  n0 [shape=box, label="https://id.gs1.org/01/08930000000026/10/L24-017"];
  n1 [shape=box, label="urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A"];
  n2 [shape=box, label="urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-B"];
  e0 [shape=ellipse, label="#24 receiving\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-13T08:00:00+07:00"];
  e1 [shape=ellipse, label="#25 urn:txng:bizstep:wash-grade\nhtx-tumorong\nKho và xưởng đóng gói HTX\n2024-11-13T10:30:00+07:00"];
  e1 -> n1;
  e1 -> n2;
  n0 -> e0 [style=dashed];
  n0 -> e1;
}
# The element string a label prints under the code, typed off the box by an
# inspector (the lot and expiry date beside the serial), traces the same unit;
# a wrong check digit or an element string without a GS1 key is refused [3].
$ txng trace back -d demo --depth 1 "(01)08930000000033(17)261120(10)L24-017-S(21)000007"
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
$ txng trace forward -d demo --depth 1 "(01)08930000000026(10)L24-017"
https://id.gs1.org/01/08930000000026/10/L24-017
  record 24: receiving 2024-11-13T08:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
  record 25: wash-grade 2024-11-13T10:30:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A (depth limit)
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-B (depth limit)
recipients to notify:
  https://id.gs1.org/414/8930000000040 (Kho và xưởng đóng gói HTX, of HTX Sâm Ngọc Linh Tu Mơ Rông)
$ txng trace back -d demo "(01)08930000000034(21)000007"
! txng: (01)08930000000034(21)000007: not a valid identifier: GTIN (01): wrong check digit: expected 3
[3]
$ txng trace back -d demo "(10)L24-017"
! txng: (10)L24-017: not a valid identifier: no supported GS1 primary key in the path
[3]
# Not in the log: the answer is no [1].
$ txng trace back -d demo https://id.gs1.org/01/08930000000033/21/000099
! txng: https://id.gs1.org/01/08930000000033/21/000099: no event in this log names this identifier
[1]
$ txng trace back -d demo L99-999
! txng: L99-999: no event in this log names this identifier
[1]
# Bad usage [2].
$ txng trace sideways -d demo L24-017
! txng: trace: back or forward, not sideways
! usage: txng trace back|forward -d DIR ID [--depth N] [--json | --dot]
[2]
$ txng trace back -d demo
! txng: trace: give back or forward, and an ID
! usage: txng trace back|forward -d DIR ID [--depth N] [--json | --dot]
[2]
$ txng trace back -d demo --depth 0 L24-017
! txng: trace: --depth: a number from 1 to 1000: 0
! usage: txng trace back|forward -d DIR ID [--depth N] [--json | --dot]
[2]
$ txng trace back -d demo --json --dot L24-017
! txng: trace: --json and --dot exclude each other
! usage: txng trace back|forward -d DIR ID [--depth N] [--json | --dot]
[2]
