// browser.mjs - the inspector's page in headless Chromium: the page verifies
// the bundle in the browser and says "verified"; then, with one byte of the
// bundle changed in flight, it names the record that failed; the product
// photo must hash to what the signed product record names.
// A label whose AI 8030 signature is forged, made by a key the log never
// enrolled or by a key revoked since is never called verified.
// A unit claimed from its page's form says when it was claimed, in Vietnam time, in the page's
// language; a malformed code typed on the Vietnamese page is refused in Vietnamese.
// Usage: node browser.mjs BASE_URL UNIT_PATH TAMPER_RECORD CHROMIUM [LABEL [ROGUE [REVOKED
//        [CODE CLAIM_EN CLAIM_VI]]]]
// (LABEL signed by the log key, ROGUE by a key of another log, REVOKED by a revoked key; CODE
// the claim code of the units CLAIM_EN and CLAIM_VI, claimed from the English and the
// Vietnamese page).
// Prints TAP. Needs playwright-core (NODE_PATH) and a Chromium binary.
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [base, unitPath, tamperIndex, exe, label, rogue, revoked, code, claimEn, claimVi] =
  process.argv.slice(2);
let n = 0, failed = 0;
function ok(cond, name, extra) {
  n++;
  if (!cond) failed++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond && extra !== undefined) console.log(`# ${extra}`);
}

const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox'] });
try {
  const ctx = await browser.newContext({ javaScriptEnabled: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));

  // 1. the page as served: verified in the browser
  await page.goto(base + unitPath);
  await page.waitForSelector('#verify[data-result]', { timeout: 20000 });
  const result = await page.getAttribute('#verify', 'data-result');
  const text = await page.textContent('#verify');
  ok(result === 'verified', 'the page verifies the bundle in the browser', text);
  ok(/Đã xác minh/.test(text) && /Verified/.test(text), 'it says "Đã xác minh / Verified"', text);
  const fpr = await page.textContent('#fpr');
  ok(text.includes(fpr.trim()), 'it shows the log key fingerprint the server names', fpr);
  ok(errors.length === 0, 'no script errors and no CSP violations', errors.join(' | '));
  const photo = await page.evaluate(() => {
    const i = document.getElementById('photo');
    return i ? { w: i.naturalWidth, hidden: i.hidden } : null;
  });
  ok(photo && photo.w === 160 && !photo.hidden, 'the product photo is shown', JSON.stringify(photo));
  await page.waitForSelector('#product-js', { timeout: 20000 });
  ok((await page.getAttribute('#product-js', 'class')) === 'ok' &&
       /photo|ảnh/.test(await page.textContent('#product-js')),
     'name and photo match the signed product record of the bundle', await page.textContent('#product-js'));

  // 1b. the photo swapped in flight: the page says it does not match and hides it
  const p4 = await ctx.newPage();
  await p4.route('**/media/**', async route => {
    const resp = await route.fetch();
    const body = Buffer.from(await resp.body());
    body[body.length - 20] ^= 0x01;
    await route.fulfill({ response: resp, body });
  });
  await p4.goto(base + unitPath);
  await p4.waitForSelector('#product-js', { timeout: 20000 });
  ok((await p4.getAttribute('#product-js', 'class')) === 'bad', 'a photo with one bit changed is called out',
     await p4.textContent('#product-js'));
  ok(await p4.evaluate(() => document.getElementById('photo').hidden), 'and hidden');
  ok((await p4.getAttribute('#verify', 'data-result')) === 'failed',
     'and the page does not say verified', await p4.textContent('#verify'));
  await p4.close();

  // 1c. the page's product name changed in flight (a forged page over a real bundle)
  const p5 = await ctx.newPage();
  await p5.route(base + unitPath, async route => {
    const resp = await route.fetch();
    const html = (await resp.text()).replace('<h1>Sâm Ngọc Linh sấy lát', '<h1>Sâm Ngọc Linh 100 năm tuổi');
    await route.fulfill({ response: resp, body: html });
  });
  await p5.goto(base + unitPath);
  await p5.waitForSelector('#product-js', { timeout: 20000 });
  ok((await p5.getAttribute('#product-js', 'class')) === 'bad' &&
       /KHÁC|DIFFERS/.test(await p5.textContent('#product-js')),
     'a product name that is not the signed one is called out', await p5.textContent('#product-js'));
  ok((await p5.getAttribute('#verify', 'data-result')) === 'failed',
     'and the page does not say verified', await p5.textContent('#verify'));
  await p5.close();

  // 2. one byte of one record changed in flight: the page names that record
  await page.route('**/*linkType=gs1:traceability*', async route => {
    const resp = await route.fetch();
    const body = Buffer.from(await resp.body());
    const marker = Buffer.from(`record ${tamperIndex} `);
    const at = body.indexOf(marker);
    // change one byte inside the record's event: a letter of "eventTime" data
    const rec = body.indexOf(Buffer.from('"eventTime":"'), at) + 13;
    body[rec + 3] = body[rec + 3] === 0x39 ? 0x38 : body[rec + 3] + 1;
    await route.fulfill({ response: resp, body });
  });
  await page.goto(base + unitPath + '?lang=en');
  await page.waitForSelector('#verify[data-result]', { timeout: 20000 });
  const r2 = await page.getAttribute('#verify', 'data-result');
  const t2 = await page.textContent('#verify');
  const idx = await page.getAttribute('#verify', 'data-index');
  ok(r2 === 'failed', 'a bundle with one byte changed fails in the browser', t2);
  ok(idx === String(tamperIndex) && t2.includes('record ' + tamperIndex),
     `the page names record ${tamperIndex}`, t2);
  ok(!/Verified/.test(t2), 'and never says "Verified"', t2);
  const cls = await page.getAttribute('#r' + tamperIndex, 'class');
  ok(cls === 'failed', 'the failed record is marked in the timeline', cls);
  // the same failure on the Vietnamese page: the reason is in Vietnamese too
  await page.goto(base + unitPath + '?lang=vi');
  await page.waitForSelector('#verify[data-result]', { timeout: 20000 });
  const t2vi = await page.textContent('#verify');
  ok(/THẤT BẠI/.test(t2vi) && /bản ghi/.test(t2vi) &&
       !/does not|is not|not in|truncated|expected/.test(t2vi),
     'the failure reason is in Vietnamese on the Vietnamese page', t2vi);
  await page.unroute('**/*linkType=gs1:traceability*');

  // 2b. one visit is one scan: the page's own bundle fetch is not counted again
  const scanUnit = '/01/08930000000033/21/000013';
  const p6 = await ctx.newPage();
  await p6.goto(base + scanUnit);
  await p6.waitForSelector('#verify[data-result]', { timeout: 20000 });
  const sc = await (await fetch(base + '/api/v1/scans?id=https://id.gs1.org' + scanUnit)).json();
  ok(sc.count === 1, 'a visit in the browser counts one scan, not two', JSON.stringify(sc));
  await p6.close();

  // 3. a signed label (AI 8030): checked in the browser against the bundle's keys
  if (label && label.includes('8030=')) {
    const p3 = await ctx.newPage();
    await p3.goto(base + label);
    await p3.waitForSelector('#verify[data-result]', { timeout: 20000 });
    await p3.waitForSelector('#label-js', { timeout: 20000 });
    ok((await p3.getAttribute('#label-js', 'class')) === 'ok', 'the label\'s 8030 signature verifies in the browser',
       await p3.textContent('#label-js'));
    ok((await p3.getAttribute('#verify', 'data-result')) === 'verified', 'and the page says verified',
       await p3.textContent('#verify'));
    const bad = label.replace(/8030=(.)/, (m, c) => '8030=' + (c === 'A' ? 'B' : 'A'));
    await p3.goto(base + bad);
    await p3.waitForSelector('#verify[data-result]', { timeout: 20000 });
    await p3.waitForSelector('#label-js', { timeout: 20000 });
    ok((await p3.getAttribute('#label-js', 'class')) === 'bad', 'an altered 8030 signature fails in the browser',
       await p3.textContent('#label-js'));
    const tb = await p3.textContent('#verify');
    ok((await p3.getAttribute('#verify', 'data-result')) === 'failed' && !/Verified|Đã xác minh/.test(tb),
       'and the page does not say verified', tb);
  } else {
    for (let i = 0; i < 4; i++) { n++; console.log(`ok ${n} # SKIP no signed label`); }
  }

  // 3b. a label signed by a key the log never enrolled, and one by a key revoked since:
  // the verdict fails, and says which of the two it is
  if (rogue && rogue.includes('8030=') && revoked && revoked.includes('8030=')) {
    const p7 = await ctx.newPage();
    await p7.goto(base + rogue + '&lang=en');
    await p7.waitForSelector('#verify[data-result]', { timeout: 20000 });
    const tr = await p7.textContent('#verify');
    ok((await p7.getAttribute('#verify', 'data-result')) === 'failed' && !/Verified/.test(tr),
       'a label signed by a key the log never enrolled is not verified', tr);
    ok(/matches no key/.test(tr), 'the failure says the signature matches no key of the bundle', tr);
    await p7.goto(base + revoked + '&lang=en');
    await p7.waitForSelector('#verify[data-result]', { timeout: 20000 });
    const tv = await p7.textContent('#verify');
    ok((await p7.getAttribute('#verify', 'data-result')) === 'failed' && !/Verified/.test(tv),
       'a label signed by a key revoked since is not verified', tv);
    ok(/revoked key \(packer\+[0-9a-f]{8}\)/.test(tv), 'the failure names the revoked key', tv);
    ok(/revoked in record \d+/.test(await p7.textContent('#label-js')),
       'and the label verdict the record that revoked it', await p7.textContent('#label-js'));
    await p7.goto(base + revoked + '&lang=vi');
    await p7.waitForSelector('#verify[data-result]', { timeout: 20000 });
    const tvi = await p7.textContent('#verify');
    ok(/THẤT BẠI/.test(tvi) && /thu hồi/.test(tvi) && !/revoked/.test(tvi),
       'in Vietnamese on the Vietnamese page', tvi);
    await p7.close();
  } else {
    for (let i = 0; i < 6; i++) { n++; console.log(`ok ${n} # SKIP no forged or revoked label`); }
  }

  // 3b'. a malformed code typed on the Vietnamese page: the refusal comes in Vietnamese (the
  // server translates it for the page's language; the script holds no catalogue)
  if (code && claimVi) {
    const p9 = await ctx.newPage();
    await p9.goto(base + claimVi + '?lang=vi');
    for (const [typed, re] of [
      ['AB', /^mã kích hoạt gồm 8 ký tự$/],
      ['0000-0000', /^ký tự không thuộc bảng chữ của mã kích hoạt \(không có 0, 1, I, L, O\)$/]]) {
      await p9.fill('#claim-form input[name=code]', typed);
      await p9.evaluate(() => { document.getElementById('claim-out').className = ''; });
      await p9.click('#claim-form button, #claim-form input[type=submit]');
      await p9.waitForFunction(() => {
        const o = document.getElementById('claim-out');
        return o && o.className === 'bad' && o.textContent.trim() !== '';
      }, null, { timeout: 20000 });
      const said = (await p9.textContent('#claim-out')).trim();
      ok(re.test(said), `a malformed code (${typed}) on the Vietnamese page: refused in Vietnamese`, said);
    }
    await p9.close();
  } else {
    for (let i = 0; i < 2; i++) { n++; console.log(`ok ${n} # SKIP no claim code`); }
  }

  // 3c. a claim from the page's form: the outcome says when the unit was claimed (claimedAt of
  // the JSON answer) as the page's summary does, "dd/mm/yyyy HH:MM" in Vietnam time
  if (code && claimEn && claimVi) {
    const p8 = await ctx.newPage();
    const when = '[0-3][0-9]/[01][0-9]/20[0-9][0-9] [0-2][0-9]:[0-5][0-9]';
    for (const [path, lang, re] of [
      [claimEn, 'en', new RegExp('^claimed; claimed on ' + when + ' \\(Vietnam time\\)$')],
      [claimVi, 'vi', new RegExp('^đã kích hoạt thành công; đã kích hoạt lúc ' + when + ' \\(giờ Việt Nam\\)$')]]) {
      await p8.goto(base + path + '?lang=' + lang);
      await p8.fill('#claim-form input[name=code]', code);
      await p8.click('#claim-form button, #claim-form input[type=submit]');
      await p8.waitForSelector('#claim-out.ok', { timeout: 20000 });
      const said = (await p8.textContent('#claim-out')).trim();
      ok(re.test(said), `a claim from the ${lang} page says when, in Vietnam time`, said);
      // the page reloads to the claimed unit, whose summary and warning name the same minute
      await p8.waitForSelector('#warn-claimed', { timeout: 20000 });
      const warn = await p8.textContent('#warn-claimed');
      const m = said.match(new RegExp(when));
      ok(m && warn.includes(m[0]), 'the same time as the reloaded page gives', warn);
    }
    await p8.close();
  } else {
    for (let i = 0; i < 4; i++) { n++; console.log(`ok ${n} # SKIP no claim code`); }
  }

  // 4. without JavaScript the server's own result shows
  const ctx2 = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await ctx2.newPage();
  await p2.goto(base + unitPath + '?lang=vi');
  const sv = await p2.textContent('#server-verify');
  ok(/Máy chủ đã kiểm tra/.test(sv) && (await p2.getAttribute('#server-verify', 'class')) === 'ok',
     'without JavaScript the server\'s verification shows', sv);
  if (label && label.includes('8030=')) {
    await p2.goto(base + label + '&lang=en');
    const lv = await p2.textContent('#label-sig');
    ok(/valid; it was made by the key .+\+[0-9a-f]{8}/.test(lv),
       'without JavaScript a valid label\'s verdict names the key that signed it', lv);
  } else {
    n++; console.log(`ok ${n} # SKIP no signed label`);
  }
} finally {
  await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
