/*
 * app.js - the inspector's page: verify the bundle in the browser
 *
 * Fetches the page's bundle (txng-bundle@v1, docs/format.md "Bundles") and
 * checks all of it with WebCrypto (SHA-256, Ed25519) against the log key the
 * page names: the checkpoint note's signature (C2SP signed note, key ID
 * rule), each record's canonical JSON (RFC 8785) and index and prev link,
 * each signature over DSSE PAE of the event bytes cut out of the record,
 * against the key state of the bundle's enrolments and revocations by
 * position, the fold of leaf hashes and gap subtree hashes into the
 * checkpoint root (RFC 6962), and the "end" hash; and the label's AI 8030
 * signature when the page was opened from a signed label. Only then does it
 * say "Đã xác minh / Verified" with the key fingerprint; otherwise it names
 * the record that failed and why. No third-party code; no inline script.
 */
'use strict';
(function () {
  var page = document.getElementById('page');
  if (!page) return;
  var lang = page.getAttribute('data-lang') === 'en' ? 'en' : 'vi';
  var M = {
    vi: {
      pending: 'Đang xác minh trong trình duyệt…',
      ok: 'Đã xác minh / Verified',
      okDetail: function (n, s) { return n + ' bản ghi, chữ ký và bằng chứng Merkle đều hợp lệ so với điểm kiểm tra ' + s + ' của nhật ký.'; },
      fpr: 'Dấu vân tay khóa của nhật ký',
      fail: 'Xác minh THẤT BẠI',
      atRecord: function (i) { return 'bản ghi ' + i; },
      noCrypto: 'Trình duyệt không hỗ trợ Ed25519 (WebCrypto); kết quả của máy chủ ở trên.',
      fetchFail: 'Không tải được gói bản ghi',
      labelOk: 'Chữ ký trên nhãn (AI 8030) hợp lệ, người ký: ',
      labelBad: 'Chữ ký trên nhãn (AI 8030) KHÔNG khớp với khóa nào trong gói bản ghi.',
      labelRevoked: function (who, i) { return 'Chữ ký trên nhãn (AI 8030) KHÔNG hợp lệ: được tạo bằng khóa ' + who + ', khóa này đã bị thu hồi ở bản ghi ' + i + '.'; },
      claimSending: 'Đang gửi…',
      unknownClaims: function (n) { return 'Số lần kích hoạt đơn vị lạ của sản phẩm này, tính cả lần này: ' + n; },
      retryAfter: function (t) { return 'Hãy thử lại sau ' + t + ' (giờ Việt Nam).'; },
      claimedOn: function (t) { return 'đã kích hoạt lúc ' + t + ' (giờ Việt Nam)'; },
      productOk: function (i, photo) { return (photo ? 'Tên và ảnh sản phẩm khớp' : 'Tên sản phẩm khớp') + ' với bản ghi sản phẩm đã ký (bản ghi ' + i + ').'; },
      nameBad: 'Tên sản phẩm trên trang KHÁC với bản ghi sản phẩm đã ký.',
      photoBad: 'Ảnh sản phẩm KHÔNG khớp với mã băm trong bản ghi sản phẩm: đừng tin ảnh này.'
    },
    en: {
      pending: 'Verifying in your browser…',
      ok: 'Verified / Đã xác minh',
      okDetail: function (n, s) { return n + ' records, their signatures and Merkle proof are valid against the log checkpoint of size ' + s + '.'; },
      fpr: 'Log key fingerprint',
      fail: 'Verification FAILED',
      atRecord: function (i) { return 'record ' + i; },
      noCrypto: 'This browser lacks Ed25519 in WebCrypto; the server\'s result is shown above.',
      fetchFail: 'Could not fetch the bundle',
      labelOk: 'The label\'s signature (AI 8030) is valid, signed by ',
      labelBad: 'The label\'s signature (AI 8030) matches NO key of the bundle.',
      labelRevoked: function (who, i) { return 'The label\'s signature (AI 8030) is NOT valid: it was made by the key ' + who + ', which was revoked in record ' + i + '.'; },
      claimSending: 'Sending…',
      unknownClaims: function (n) { return 'Claims of unknown units of this product, this one included: ' + n; },
      retryAfter: function (t) { return 'Try again after ' + t + ' (Vietnam time).'; },
      claimedOn: function (t) { return 'claimed on ' + t + ' (Vietnam time)'; },
      productOk: function (i, photo) { return 'The product name' + (photo ? ' and photo match' : ' matches') + ' the signed product record (record ' + i + ').'; },
      nameBad: 'The product name on this page DIFFERS from the signed product record.',
      photoBad: 'The product photo does NOT match the hash in the product record: do not trust it.'
    }
  }[lang];

  /* Vietnamese for the reasons a check fails, by the reason's fixed beginning (what
   * follows, a line number or key, is kept). A claim's outcome comes translated from the
   * server (its "message"), which holds the catalogue. */
  var VI = [
    ['bad base64url', 'base64url sai'],
    ['bad base64', 'base64 sai'],
    ['non-canonical base64', 'base64 không ở dạng chuẩn'],
    ['bad number: ', 'số sai: '],
    ['bad verifier key', 'khóa kiểm tra sai'],
    ['verifier key ID does not match', 'mã khóa kiểm tra không khớp'],
    ['number is not a safe integer', 'số vượt quá phạm vi số nguyên an toàn'],
    ['text not in NFC', 'văn bản không ở dạng chuẩn NFC'],
    ['truncated bundle (line ', 'gói bản ghi bị cắt cụt (dòng '],
    ['not UTF-8 (line ', 'không phải UTF-8 (dòng '],
    ['truncated record', 'bản ghi bị cắt cụt'],
    ['not a txng bundle', 'không phải gói bản ghi txng'],
    ['expected origin', 'thiếu dòng origin'],
    ['expected select', 'thiếu dòng select'],
    ['expected size', 'thiếu dòng size'],
    ['expected count', 'thiếu dòng count'],
    ['expected an empty line', 'thiếu dòng trống'],
    ['checkpoint: bad text or origin', 'điểm kiểm tra: nội dung hoặc origin sai'],
    ['checkpoint size differs from the header', 'kích thước điểm kiểm tra khác với phần đầu'],
    ['checkpoint: bad signature line', 'điểm kiểm tra: dòng chữ ký sai'],
    ['checkpoint signature does not verify with the log key',
      'chữ ký của điểm kiểm tra không khớp với khóa của nhật ký'],
    ['checkpoint is not signed by the log key', 'điểm kiểm tra không được ký bằng khóa của nhật ký'],
    ['two gap blocks in a row', 'hai khối khoảng trống liền nhau'],
    ['gap does not start where the last record ended',
      'khoảng trống không bắt đầu ngay sau bản ghi trước'],
    ['gap hash is not 32 bytes', 'mã băm khoảng trống không dài 32 byte'],
    ['unexpected line ', 'dòng không mong đợi '],
    ['gap hashes do not tile the gap', 'các mã băm không phủ kín khoảng trống'],
    ['records out of order or a gap not covered', 'bản ghi sai thứ tự hoặc có khoảng trống không được phủ'],
    ['the end hash does not match the bundle', 'mã băm cuối không khớp với gói bản ghi'],
    ['record not followed by a newline', 'bản ghi không kết thúc bằng xuống dòng'],
    ['record is not JSON', 'bản ghi không phải JSON'],
    ['record is not in canonical form', 'bản ghi không ở dạng chuẩn'],
    ['record index or version does not match', 'số thứ tự hoặc phiên bản của bản ghi không khớp'],
    ['genesis prev is not empty', 'bản ghi đầu tiên có trường prev khác rỗng'],
    ['prev does not match the previous record', 'trường prev không khớp với bản ghi trước'],
    ['event bytes cannot be cut out', 'không tách được phần sự kiện của bản ghi'],
    ['record 0 is not the genesis of this log key', 'bản ghi 0 không phải bản ghi khởi tạo của khóa nhật ký này'],
    ['no signature', 'không có chữ ký'],
    ['signed by a key not enrolled before it (', 'được ký bằng khóa chưa đăng ký trước đó ('],
    ['signed by a revoked key (', 'được ký bằng khóa đã bị thu hồi ('],
    ['signature does not verify (', 'chữ ký không hợp lệ ('],
    ['key record not signed by the log key or an admin',
      'bản ghi khóa không được ký bằng khóa của nhật ký hay khóa quản trị'],
    ['key name enrolled twice', 'tên khóa được đăng ký hai lần'],
    ['revocation of an unknown key', 'thu hồi một khóa không tồn tại'],
    ['bytes after the end line', 'có dữ liệu sau dòng kết thúc'],
    ['count does not match the records', 'số bản ghi không khớp'],
    ['the records and gap hashes do not fold into the checkpoint root',
      'các bản ghi và mã băm khoảng trống không cho ra gốc Merkle của điểm kiểm tra'],
    ['the label\'s signature (AI 8030) matches no key of the bundle',
      'chữ ký trên nhãn (AI 8030) không khớp với khóa nào trong gói bản ghi'],
    ['the label\'s signature (AI 8030) was made by a revoked key (',
      'chữ ký trên nhãn (AI 8030) được tạo bằng một khóa đã bị thu hồi ('],
    ['the label\'s signature (AI 8030) is not 64 bytes', 'chữ ký trên nhãn (AI 8030) không dài 64 byte']
  ];
  function tr(reason) {
    if (lang !== 'vi') return reason;
    for (var i = 0; i < VI.length; i++) {
      if (reason.indexOf(VI[i][0]) === 0) return VI[i][1] + reason.slice(VI[i][0].length);
    }
    return reason;
  }

  var enc = new TextEncoder();
  var dec = new TextDecoder('utf-8', { fatal: true });
  var subtle = window.crypto && window.crypto.subtle;

  function Fail(reason, index) { this.reason = reason; this.index = index; }

  function b64dec(s) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Fail('bad base64');
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    if (b64enc(out) !== s) throw new Fail('non-canonical base64');
    return out;
  }
  function b64enc(u8) {
    var s = '';
    for (var i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]);
    return btoa(s);
  }
  function b64urlDec(s) {
    if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new Fail('bad base64url');
    var t = s.replace(/-/g, '+').replace(/_/g, '/');
    while (t.length % 4) t += '=';
    var bin = atob(t), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function hex(u8) {
    var s = '';
    for (var i = 0; i < u8.length; i++) s += (u8[i] < 16 ? '0' : '') + u8[i].toString(16);
    return s;
  }
  function concat(parts) {
    var n = 0, i;
    for (i = 0; i < parts.length; i++) n += parts[i].length;
    var out = new Uint8Array(n), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }
  function eq(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  async function sha256(u8) { return new Uint8Array(await subtle.digest('SHA-256', u8)); }
  async function leafHash(rec) { return sha256(concat([new Uint8Array([0]), rec])); }
  async function nodeHash(l, r) { return sha256(concat([new Uint8Array([1]), l, r])); }
  async function edVerify(pk, sig, msg) {
    var key = await subtle.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify']);
    return subtle.verify({ name: 'Ed25519' }, key, sig, msg);
  }
  function dec10(s, what) {
    if (!/^(0|[1-9][0-9]{0,15})$/.test(s)) throw new Fail('bad number: ' + what);
    return parseInt(s, 10);
  }
  function pae(type, body) {
    var t = enc.encode(type);
    return concat([enc.encode('DSSEv1 ' + t.length + ' '), t, enc.encode(' ' + body.length + ' '), body]);
  }

  /* A C2SP verifier key "name+hex8+base64(01 || pk)", key ID checked. */
  async function parseVkey(v) {
    var a = v.indexOf('+'), b = a < 0 ? -1 : v.indexOf('+', a + 1);
    if (a <= 0 || b < 0) throw new Fail('bad verifier key');
    var name = v.slice(0, a), id = v.slice(a + 1, b), raw = b64dec(v.slice(b + 1));
    if (!/^[0-9a-f]{8}$/.test(id) || raw.length !== 33 || raw[0] !== 1) throw new Fail('bad verifier key');
    var pk = raw.slice(1);
    var h = await sha256(concat([enc.encode(name), new Uint8Array([10, 1]), pk]));
    if (hex(h.slice(0, 4)) !== id) throw new Fail('verifier key ID does not match');
    return { name: name, id: id, pk: pk };
  }

  /* RFC 8785 of a parsed value; strings must be NFC, numbers integers. */
  function jcs(v) {
    if (v === null || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Fail('number is not a safe integer');
      return String(v);
    }
    if (typeof v === 'string') {
      if (v.normalize('NFC') !== v) throw new Fail('text not in NFC');
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
    var keys = Object.keys(v).sort();
    return '{' + keys.map(function (k) { return jcs(k) + ':' + jcs(v[k]); }).join(',') + '}';
  }

  function Reader(u8) { this.u = u8; this.p = 0; this.line = 0; }
  Reader.prototype.readLine = function () {
    var i = this.u.indexOf(10, this.p);
    if (i < 0) throw new Fail('truncated bundle (line ' + (this.line + 1) + ')');
    var s;
    try { s = dec.decode(this.u.subarray(this.p, i)); } catch (e) { throw new Fail('not UTF-8 (line ' + (this.line + 1) + ')'); }
    this.start = this.p;
    this.p = i + 1;
    this.line++;
    return s;
  };
  Reader.prototype.readBytes = function (n) {
    if (this.p + n > this.u.length) throw new Fail('truncated record');
    var b = this.u.subarray(this.p, this.p + n);
    this.p += n;
    return b;
  };

  /* Sizes of the maximal aligned subtrees tiling [a, b). */
  function gapSizes(a, b) {
    var out = [];
    while (a < b) {
      var s = 1;
      while (a % (s * 2) === 0 && a + s * 2 <= b) s *= 2;
      out.push(s);
      a += s;
    }
    return out;
  }

  function lastIndexOf(hay, needle) {
    outer: for (var i = hay.length - needle.length; i >= 0; i--) {
      for (var j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  async function verifyBundle(bytes, vkey) {
    var logKey = await parseVkey(vkey);
    var r = new Reader(bytes);
    if (r.readLine() !== 'txng-bundle@v1') throw new Fail('not a txng bundle');
    var l = r.readLine();
    if (l.indexOf('origin ') !== 0) throw new Fail('expected origin');
    var origin = l.slice(7);
    l = r.readLine();
    if (l.indexOf('select ') !== 0) throw new Fail('expected select');
    l = r.readLine();
    if (l.indexOf('size ') !== 0) throw new Fail('expected size');
    var size = dec10(l.slice(5), 'size');
    l = r.readLine();
    if (l.indexOf('count ') !== 0) throw new Fail('expected count');
    var count = dec10(l.slice(6), 'count');
    /* a unit or lot bundle declares the sources of its lineage; txng verify checks them */
    while ((l = r.readLine()).indexOf('source ') === 0) continue;
    if (l !== '') throw new Fail('expected an empty line');

    /* the checkpoint note */
    var noteStart = r.p, text = [];
    while ((l = r.readLine()) !== '') text.push(l);
    var textBytes = bytes.subarray(noteStart, r.start);
    if (text.length !== 3 || text[0] !== origin) throw new Fail('checkpoint: bad text or origin');
    if (dec10(text[1], 'checkpoint size') !== size) throw new Fail('checkpoint size differs from the header');
    var root = b64dec(text[2]);
    var signed = false, nsig = 0;
    while ((l = r.readLine()) !== '') {
      if (l.indexOf('\u2014 ') !== 0) throw new Fail('checkpoint: bad signature line');
      nsig++;
      var sp = l.lastIndexOf(' '), name = l.slice(2, sp), raw = b64dec(l.slice(sp + 1));
      if (name !== logKey.name || raw.length < 4 || hex(raw.slice(0, 4)) !== logKey.id) continue;
      if (raw.length !== 68 || !(await edVerify(logKey.pk, raw.slice(4), textBytes)))
        throw new Fail('checkpoint signature does not verify with the log key');
      signed = true;
    }
    if (!signed || nsig === 0) throw new Fail('checkpoint is not signed by the log key');

    /* key state by position */
    var keys = {}, products = {};
    var stack = [];
    async function push(h, sz) {
      stack.push({ h: h, s: sz });
      while (stack.length > 1 && stack[stack.length - 2].s === stack[stack.length - 1].s) {
        var b = stack.pop(), a = stack.pop();
        stack.push({ h: await nodeHash(a.h, b.h), s: a.s * 2 });
      }
    }
    var pos = 0, pending = null, records = 0, prevLeaf = null, prevIndex = -1, exporterLine = false;
    var marker = enc.encode(',"index":');
    var eventType = 'application/vnd.txng.event+json';

    for (;;) {
      l = r.readLine();
      var m;
      if (l.indexOf('consistency ') === 0 && records === 0 && pending === null && pos === 0) {
        m = l.split(' ');
        var k0 = dec10(m[2], 'consistency count');
        for (var c0 = 0; c0 < k0; c0++) b64dec(r.readLine());
        continue;
      }
      var next = null;
      if ((m = /^record (\d+) (\d+)$/.exec(l))) next = dec10(m[1], 'index');
      else if (l.indexOf('end ') === 0) next = size;
      else if ((m = /^hashes (\d+) (\d+)$/.exec(l))) {
        if (pending) throw new Fail('two gap blocks in a row');
        var a = dec10(m[1], 'gap start'), k = dec10(m[2], 'gap count'), hs = [];
        if (a !== pos) throw new Fail('gap does not start where the last record ended', a);
        for (var i = 0; i < k; i++) {
          var hh = b64dec(r.readLine());
          if (hh.length !== 32) throw new Fail('gap hash is not 32 bytes', a);
          hs.push(hh);
        }
        pending = { a: a, hs: hs };
        continue;
      } else throw new Fail('unexpected line ' + r.line + ': ' + l.slice(0, 40));

      if (pending) {
        var sizes = gapSizes(pending.a, next);
        if (sizes.length !== pending.hs.length) throw new Fail('gap hashes do not tile the gap', pending.a);
        for (var g = 0; g < sizes.length; g++) await push(pending.hs[g], sizes[g]);
        pos = next;
        pending = null;
      }
      if (next !== pos) throw new Fail('records out of order or a gap not covered', next);
      if (l.indexOf('end ') === 0) {
        var endHash = await sha256(bytes.subarray(0, r.start)), endText = l.slice(4);
        /* "end HASH signed": an exporter line follows, and must */
        exporterLine = / signed$/.test(endText);
        if (exporterLine) endText = endText.slice(0, -7);
        if (b64enc(endHash) !== endText) throw new Fail('the end hash does not match the bundle');
        break;
      }
      var index = next, len = dec10(m[2], 'length');
      var rec = r.readBytes(len);
      if (r.readBytes(1)[0] !== 10) throw new Fail('record not followed by a newline', index);
      var textRec, obj;
      try { textRec = dec.decode(rec); obj = JSON.parse(textRec); } catch (e) { throw new Fail('record is not JSON', index); }
      try {
        if (jcs(obj) !== textRec) throw new Fail('record is not in canonical form', index);
      } catch (e) { throw new Fail(e.reason || 'record is not in canonical form', index); }
      if (obj.index !== index || obj.v !== 1) throw new Fail('record index or version does not match', index);
      var leaf = await leafHash(rec);
      if (index === 0) {
        if (obj.prev !== '') throw new Fail('genesis prev is not empty', 0);
      } else if (prevIndex === index - 1 && obj.prev !== b64enc(prevLeaf)) {
        throw new Fail('prev does not match the previous record', index);
      }
      var ev = obj.event;
      var cut = lastIndexOf(rec, marker);
      if (cut < 9 || !eq(rec.subarray(0, 9), enc.encode('{"event":'))) throw new Fail('event bytes cannot be cut out', index);
      var evBytes = rec.subarray(9, cut);
      if (index === 0) {
        if (ev.type !== 'txng:Genesis' || ev.key !== vkey || ev.origin !== origin)
          throw new Fail('record 0 is not the genesis of this log key', 0);
        keys[logKey.name] = { pk: logKey.pk, id: logKey.id, role: 'log', enrolled: -1, revoked: Infinity };
      }
      var sigs = obj.signatures, msg = pae(eventType, evBytes), admin = false;
      if (!Array.isArray(sigs) || sigs.length === 0) throw new Fail('no signature', index);
      for (var s = 0; s < sigs.length; s++) {
        var ref = sigs[s].key, p = ref.indexOf('+');
        var ks = keys[ref.slice(0, p)];
        if (!ks || ks.id !== ref.slice(p + 1) || ks.enrolled >= index)
          throw new Fail('signed by a key not enrolled before it (' + ref + ')', index);
        if (ks.revoked < index) throw new Fail('signed by a revoked key (' + ref + ')', index);
        var sig = b64dec(sigs[s].sig);
        if (sig.length !== 64 || !(await edVerify(ks.pk, sig, msg)))
          throw new Fail('signature does not verify (' + ref + ')', index);
        if (ks.role === 'log' || ks.role === 'admin') admin = true;
      }
      if (ev.type === 'txng:Product' && typeof ev.id === 'string') {
        products[ev.id] = { index: index, name: ev.name, image: ev.imageSha256 };
      }
      if (ev.type === 'txng:KeyEnrol' || ev.type === 'txng:KeyRevoke') {
        if (!admin) throw new Fail('key record not signed by the log key or an admin', index);
        if (ev.type === 'txng:KeyEnrol') {
          var nk = await parseVkey(ev.key);
          if (keys[nk.name]) throw new Fail('key name enrolled twice', index);
          keys[nk.name] = { pk: nk.pk, id: nk.id, role: ev.role, enrolled: index, revoked: Infinity };
        } else {
          var rp = ev.key.indexOf('+'), rk = keys[ev.key.slice(0, rp)];
          if (!rk || rk.role === 'log') throw new Fail('revocation of an unknown key', index);
          rk.revoked = index;
        }
      }
      await push(leaf, 1);
      prevLeaf = leaf;
      prevIndex = index;
      pos = index + 1;
      records++;
    }
    /* after end: the exporter line when the end line announced it, then nothing */
    if (exporterLine) {
      if (r.p >= bytes.length) throw new Fail('bytes after the end line');
      l = r.readLine();
      if (l.indexOf('exporter ') !== 0 || r.p !== bytes.length) throw new Fail('bytes after the end line');
    } else if (r.p < bytes.length) throw new Fail('bytes after the end line');
    if (records !== count) throw new Fail('count does not match the records');
    var h;
    if (stack.length === 0) h = await sha256(new Uint8Array(0));
    else {
      h = stack[stack.length - 1].h;
      for (var t = stack.length - 2; t >= 0; t--) h = await nodeHash(stack[t].h, h);
    }
    if (!eq(h, root)) throw new Fail('the records and gap hashes do not fold into the checkpoint root');
    var fp = await sha256(logKey.pk), groups = [];
    for (var q = 0; q < 16; q += 2) groups.push(hex(fp.slice(q, q + 2)));
    return { records: records, size: size, fpr: groups.join(':'), keys: keys, products: products };
  }

  /* AI 8030: the element string of the label the page was opened from. */
  async function checkLabel(keys) {
    var params = new URLSearchParams(location.search), sig = params.get('8030');
    if (!sig) return null;
    /* the Digital Link part of the path: after the resolver's own path (--base), if any */
    var path = location.pathname, at = path.indexOf('/01/');
    var segs = path.slice(at < 0 ? 0 : at).split('/').slice(1), el = {};
    for (var i = 0; i + 1 < segs.length; i += 2) el[segs[i]] = decodeURIComponent(segs[i + 1]);
    ['17', '422', '7007'].forEach(function (ai) { if (params.get(ai)) el[ai] = params.get(ai); });
    var order = ['01', '10', '21', '17', '422', '7007'], fixed = { '01': 1, '17': 1 }, parts = [];
    var present = order.filter(function (ai) { return el[ai] !== undefined; });
    present.forEach(function (ai, n) {
      parts.push(ai + el[ai]);
      if (!fixed[ai] && n < present.length - 1) parts.push('\u001d');
    });
    var msg = pae('application/vnd.txng.label', enc.encode(parts.join('')));
    var raw = b64urlDec(sig);
    if (raw.length !== 64) return { ok: false, reason: 'the label\'s signature (AI 8030) is not 64 bytes' };
    /* every key of the bundle: a signature by a key revoked since is named as such (the
     * server's check does the same), not taken for one that matches no key */
    for (var name in keys) {
      if (!(await edVerify(keys[name].pk, raw, msg))) continue;
      var who = name + '+' + keys[name].id;
      if (keys[name].revoked === Infinity) return { ok: true, who: who };
      return {
        ok: false, who: who, revoked: keys[name].revoked,
        reason: 'the label\'s signature (AI 8030) was made by a revoked key (' + who + ')'
      };
    }
    return { ok: false, reason: 'the label\'s signature (AI 8030) matches no key of the bundle' };
  }

  /*
   * The product the page names: its name and photo must be those of the newest
   * txng:Product record of the bundle just verified, and the photo's bytes must
   * hash to what that record signs.
   */
  async function checkProduct(products) {
    var pid = page.getAttribute('data-product'), rec = pid ? products[pid] : undefined;
    var h1 = document.querySelector('header.product h1'), img = document.getElementById('photo');
    if (!rec) return null;
    if (!h1 || h1.textContent !== rec.name) return { ok: false, why: M.nameBad };
    if (img) {
      var want = (rec.image || '').toLowerCase(), resp = await fetch(img.getAttribute('src'));
      var got = resp.ok ? hex(await sha256(new Uint8Array(await resp.arrayBuffer()))) : '';
      if (got !== want || img.getAttribute('data-sha256') !== want) {
        img.hidden = true;
        return { ok: false, why: M.photoBad };
      }
    }
    return { ok: true, index: rec.index, photo: !!img };
  }

  function show(el, cls, text) {
    el.hidden = false;
    el.className = cls;
    el.textContent = text;
  }

  async function run() {
    var out = document.getElementById('verify');
    var url = page.getAttribute('data-bundle'), vkey = page.getAttribute('data-vkey');
    if (!out || !url || !vkey) return;
    show(out, 'pending', M.pending);
    if (!subtle) { show(out, 'bad', M.noCrypto); return; }
    try {
      await subtle.importKey('raw', new Uint8Array(32), { name: 'Ed25519' }, false, ['verify']);
    } catch (e) { show(out, 'bad', M.noCrypto); return; }
    var resp;
    try {
      resp = await fetch(url, {
        // the page's own fetch: the visit was counted with the page (docs/format.md)
        headers: { Accept: 'application/vnd.txng.bundle', 'X-Txng-Page': '1' },
        cache: 'no-store'
      });
      if (!resp.ok) throw new Error(String(resp.status));
    } catch (e) { show(out, 'bad', M.fetchFail + ': ' + e.message); return; }
    var bytes = new Uint8Array(await resp.arrayBuffer());
    try {
      var res = await verifyBundle(bytes, vkey);
      /* the label is part of what "verified" covers: check it first */
      var lbl = await checkLabel(res.keys);
      if (lbl) {
        var p = document.createElement('p');
        p.id = 'label-js';
        show(p, lbl.ok ? 'ok' : 'bad', lbl.ok ? M.labelOk + lbl.who
          : lbl.revoked !== undefined ? M.labelRevoked(lbl.who, lbl.revoked) : M.labelBad);
        out.parentNode.appendChild(p);
        if (!lbl.ok) throw new Fail(lbl.reason);
      }
      /* so is the product the page shows: its name and photo against the signed record */
      var pr = await checkProduct(res.products);
      if (pr) {
        var pp = document.createElement('p');
        pp.id = 'product-js';
        show(pp, pr.ok ? 'ok' : 'bad', pr.ok ? M.productOk(pr.index, pr.photo) : pr.why);
        out.parentNode.appendChild(pp);
        if (!pr.ok) throw new Fail(pr.why);
      }
      show(out, 'ok verified', M.ok);
      var d = document.createElement('span');
      d.className = 'detail';
      d.textContent = M.okDetail(res.records, res.size) + ' ' + M.fpr + ': ' + res.fpr;
      out.appendChild(d);
      out.setAttribute('data-result', 'verified');
      document.getElementById('server-verify').hidden = true;
    } catch (e) {
      var f = e instanceof Fail ? e : new Fail(String(e && e.message || e));
      var where = f.index !== undefined ? ' — ' + M.atRecord(f.index) : '';
      show(out, 'bad failed', M.fail + where + ': ' + tr(f.reason));
      out.setAttribute('data-result', 'failed');
      if (f.index !== undefined) {
        out.setAttribute('data-index', String(f.index));
        var li = document.getElementById('r' + f.index);
        if (li) li.className = 'failed';
      }
    }
  }

  /* An RFC 3339 time as the page writes times, "dd/mm/yyyy HH:MM" in Vietnam time (UTC+7):
   * a time to try again rounded up to the minute as the server's page does (at the time shown
   * the attempt is taken), a time past (up false) cut to the minute, as the page's "claimed on". */
  function vnTime(iso, up) {
    var ms = Date.parse(iso);
    if (isNaN(ms)) return iso;
    var d = new Date((up === false ? Math.floor : Math.ceil)(ms / 60000) * 60000 + 7 * 3600000);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getUTCDate()) + '/' + two(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear() + ' ' +
      two(d.getUTCHours()) + ':' + two(d.getUTCMinutes());
  }

  /* the claim form: post as JSON, show the outcome, reload to show the new state */
  var form = document.getElementById('claim-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var o = document.getElementById('claim-out');
      show(o, 'pending', M.claimSending);
      /* the page's language, in the body as the form's hidden field carries it, and as
       * Accept-Language for an answer given before the body is read (the rate limit) */
      fetch(form.getAttribute('action'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json',
          'Accept-Language': lang },
        body: JSON.stringify({ id: form.elements.id.value, code: form.elements.code.value, lang: lang })
      }).then(function (r) { return r.json(); }).then(function (j) {
        var said = j.message || j.outcome || j.reason || '?';
        /* claimed now, or before (already claimed): when, as the page's summary says it */
        if (j.claimedAt) said += '; ' + M.claimedOn(vnTime(j.claimedAt, false));
        if (j.unknownClaims) said += '. ' + M.unknownClaims(j.unknownClaims);
        if (j.retryAfter) said += '. ' + M.retryAfter(vnTime(j.retryAfter));
        show(o, j.claimed ? 'ok' : 'bad', said);
        if (j.claimed) setTimeout(function () { location.reload(); }, 1500);
      }).catch(function (e) { show(o, 'bad', String(e)); });
    });
  }
  run();
})();
