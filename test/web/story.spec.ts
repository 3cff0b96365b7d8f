import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ADMIN_PASSWORD, ApiClient, sleep, startApp, type Harness } from '../support/harness';
import { PASSWORD, expectOk } from '../support/org';
import { PDF, docx } from '../support/files';
import { encodePng, redSealPng } from '../support/png';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { webDir } from '../../apps/api/src/http/web';
import { ARTIFACTS, DESKTOP, PHONE, launchBrowser, screenshot, signIn, tabTo } from './browser';

/**
 * The whole story in a real browser against the real server (PostgreSQL, Redis):
 * the admin loads the organisation, an officer drafts and consults, a unit answers,
 * a leader signs from the queue on a phone (and returns another document), the clerk
 * disseminates to every Sở, the recipients acknowledge and report. Each page is
 * saved under test/artifacts/.
 */
describe('web app: the whole story in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let api: ApiClient;
  const contexts: BrowserContext[] = [];
  const TITLE = 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027';
  let docId = '';

  /** What the browser refused under the Content-Security-Policy, on any page of the story. */
  const refused: string[] = [];
  const watch = (context: BrowserContext) =>
    context.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(`${m.location().url}: ${m.text()}`);
    });
  const as = async (username: string, options = DESKTOP): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    watch(context);
    return signIn(context, h.base, username, username === 'admin' ? ADMIN_PASSWORD : PASSWORD);
  };
  const state = (page: Page) => page.locator('.heading .badge.state');

  beforeAll(async () => {
    if (!webDir()) throw new Error('the web app is not built: run "npm run build" first (npm test does)');
    // The worker runs in the process, and an item is escalated 2 s past its deadline: the late Sở below.
    h = await startApp({ ESCALATION_AFTER: '2s' }, { extra: [WorkerModule] });
    browser = await launchBrowser();
    api = new ApiClient(h.base);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await h?.close();
  });

  it('serves the app at / and any page path, and leaves /api to the API', async () => {
    const page = await fetch(`${h.base}/van-ban/00000000-0000-4000-8000-000000000000`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const missing = await fetch(`${h.base}/api/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { statusCode: number }).statusCode).toBe(404);
  });

  it('refuses a wrong password in words', async () => {
    const context = await browser.newContext(DESKTOP);
    contexts.push(context);
    watch(context);
    const page = await context.newPage();
    await page.goto(`${h.base}/`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expectText(page.getByRole('alert'), 'Sai tên đăng nhập hoặc mật khẩu');
    await screenshot(page, 'login-refused');
  });

  it('the admin loads the example organisation', async () => {
    const page = await as('admin');
    await page.getByRole('link', { name: 'Tổ chức' }).click();
    await page.getByRole('button', { name: /Nạp tổ chức mẫu/ }).click();
    await expectText(page.getByRole('status'), 'Đã nạp 3 cơ quan, 9 đơn vị, 19 người dùng, 8 cơ quan ngoài hệ thống, 3 nhóm nơi nhận.');
    await expectText(page.getByRole('table', { name: 'Người dùng' }), 'Phạm Ngọc Thưởng');
    await screenshot(page, 'org');
    for (const u of ['an.nv', 'dung.lt', 'thuong.pn', 'khanh.vt', 'kt.dl', 'cv.hn', 'son.nk']) await api.login(u, PASSWORD);
  });

  it("the admin gives the Ministry its seal image; the leader brings the image of his signature", async () => {
    const admin = await as('admin');
    await admin.getByRole('link', { name: 'Tổ chức' }).click();
    const seal = join(ARTIFACTS, 'con-dau-bo.png');
    writeFileSync(seal, redSealPng(300, 200));
    const ministry = admin.locator('.card', { hasText: 'Bộ Giáo dục và Đào tạo (BGDĐT' });
    await ministry.getByLabel('Tệp PNG nền trong suốt').setInputFiles(seal);
    await ministry.getByRole('button', { name: 'Tải lên' }).click();
    await ministry.getByRole('img', { name: 'Hình ảnh dấu' }).waitFor();
    await expectText(ministry, 'Rộng 38.1 mm trên giấy.');
    await ministry.scrollIntoViewIfNeeded();
    await screenshot(admin, 'org-seal');

    const leader = await as('thuong.pn');
    await leader.getByRole('link', { name: 'Chữ ký số' }).click();
    await expectText(leader.locator('section'), 'Chưa có: hệ thống cấp chứng thư khi bạn ký văn bản đầu tiên');
    const ink = join(ARTIFACTS, 'chu-ky.png');
    // A blue scrawl on a transparent background, as a scanned signature is kept.
    writeFileSync(ink, encodePng({ width: 240, height: 90, colorType: 6, samples: Array.from({ length: 240 * 90 }, (_, i) => { const [x, y] = [i % 240, Math.floor(i / 240)]; return [15, 45, 190, Math.abs(y - 45 - 25 * Math.sin(x / 18)) < 4 ? 255 : 0]; }).flat() }));
    await leader.getByLabel('Tệp PNG nền trong suốt').setInputFiles(ink);
    await leader.getByRole('button', { name: 'Tải lên' }).click();
    await leader.getByRole('img', { name: 'Hình ảnh chữ ký' }).waitFor();
    // A file that is not a PNG is refused in words, and the stored one stays.
    const wrong = join(ARTIFACTS, 'chu-ky.jpg');
    writeFileSync(wrong, Buffer.from('not an image at all, just some text bytes'));
    await leader.getByLabel('Tệp PNG nền trong suốt').setInputFiles(wrong);
    await leader.getByRole('button', { name: 'Thay hình ảnh' }).click();
    await expectText(leader.getByRole('alert'), 'không phải tệp PNG');
    await leader.getByRole('img', { name: 'Hình ảnh chữ ký' }).waitFor();
    await screenshot(leader, 'certificate-page');
  });

  it('an officer drafts a plan and sends it for consultation', async () => {
    const page = await as('an.nv');
    await expectText(page.getByTestId('current-user'), 'Nguyễn Văn An');
    await page.getByRole('link', { name: 'Soạn dự thảo' }).click();
    await page.getByLabel('Loại văn bản').selectOption('KH');
    await page.getByLabel('Trích yếu').fill(TITLE);
    await page.getByLabel('Nội dung').fill('Căn cứ Quy chế thi tốt nghiệp THPT, Bộ GD&ĐT ban hành Kế hoạch tổ chức Kỳ thi năm 2027.');
    await page.getByLabel('Khẩn', { exact: true }).check();
    await screenshot(page, 'create-draft');
    await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.waitForURL(/\/van-ban\/[0-9a-f-]{36}$/);
    docId = page.url().split('/').pop()!;
    await expectText(state(page), 'Dự thảo');

    // The Word draft, from the file picker: it is revision 1.
    await page.getByLabel('Chọn tệp đính kèm').setInputFiles({
      name: 'Dự thảo Kế hoạch thi 2027.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx('Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027 — dự thảo lần 1'),
    });
    await expectText(page.getByRole('table', { name: 'Tệp đính kèm' }), 'Dự thảo lần 1');
    // A file that is not a document is refused in words, and nothing is attached.
    await page.getByLabel('Chọn tệp đính kèm').setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('ghi chú') });
    await expectText(page.locator('section[aria-labelledby="files-title"] [role="alert"]'), 'không thuộc loại được nhận');
    expect(await page.getByRole('table', { name: 'Tệp đính kèm' }).locator('tbody tr').count()).toBe(1);

    await page.getByRole('button', { name: 'Gửi lấy ý kiến' }).click();
    await page.getByLabel('Vụ Giáo dục Trung học (GDTrH)').check();
    await page.getByLabel('Phòng Quản lý chất lượng (QLCL)').check(); // Sở Hà Nội's unit
    await expectText(page.locator('.event-form'), 'Hạn:'); // the server's calendar previews the deadline
    await page.getByRole('button', { name: 'Xác nhận: Gửi lấy ý kiến' }).click();
    await expectText(page.getByRole('status'), 'Đã thực hiện: Gửi lấy ý kiến');
    await expectText(state(page), 'Đang lấy ý kiến');
    await expectText(page.getByRole('table', { name: 'Ý kiến các đơn vị' }), 'Chờ ý kiến');
    await page.locator('g.node.current[data-state="consulting"]').waitFor();
    await screenshot(page, 'document-consulting');
  });

  it('the consulted units answer from their tasks', async () => {
    const page = await as('dung.lt');
    await page.getByTestId('unread-count').waitFor(); // told of the new consultation
    const task = page.locator('li.task', { hasText: TITLE });
    await expectText(task, 'Cho ý kiến');
    await screenshot(page, 'tasks-consultee');
    await task.getByRole('link').click();
    await page.getByRole('button', { name: 'Cho ý kiến' }).click();
    await page.getByLabel('Không đồng ý').check();
    const confirm = page.getByRole('button', { name: 'Xác nhận: Cho ý kiến' });
    await until(() => confirm.isDisabled(), 'a disagreement without a comment cannot be sent');
    await page.getByLabel('Đồng ý', { exact: true }).check();
    await page.getByLabel(/Góp ý/).fill('Thống nhất với dự thảo.');
    await confirm.click();
    await expectText(page.getByRole('status'), 'Đã thực hiện: Cho ý kiến');
    await expectText(state(page), 'Đang lấy ý kiến');

    // The officer revises the draft during the consultation, by dropping the file on the page: revision 2.
    const officer = await as('an.nv');
    await officer.goto(`${h.base}/van-ban/${docId}`);
    const bytes = [...docx('Kế hoạch tổ chức Kỳ thi — dự thảo lần 2, bổ sung lịch thi')];
    const transfer = await officer.evaluateHandle((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'Dự thảo Kế hoạch thi 2027 (lần 2).docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
      return dt;
    }, bytes);
    await officer.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await expectText(officer.getByRole('table', { name: 'Tệp đính kèm' }), 'Dự thảo lần 2');
    await screenshot(officer, 'files-revision-2');

    const hn = await as('cv.hn');
    await hn.goto(`${h.base}/van-ban/${docId}`);
    await hn.getByRole('button', { name: 'Cho ý kiến' }).click();
    await hn.getByLabel(/Góp ý/).fill('Đề nghị bổ sung lịch thi dự phòng.');
    await hn.getByRole('button', { name: 'Xác nhận: Cho ý kiến' }).click();
    await expectText(state(hn), 'Đã lấy ý kiến');
    await expectText(hn.getByRole('table', { name: 'Ý kiến các đơn vị' }), 'Đề nghị bổ sung lịch thi dự phòng.');
    // Each opinion says which revision it answered; the Sở downloads the draft it read.
    const opinions = hn.getByRole('table', { name: 'Ý kiến các đơn vị' });
    await expectText(opinions.locator('tr', { hasText: 'Vụ Giáo dục Trung học' }), 'trên dự thảo lần 1');
    await expectText(opinions.locator('tr', { hasText: 'Phòng Quản lý chất lượng' }), 'trên dự thảo lần 2');
    const download = hn.waitForEvent('download');
    await hn.getByRole('button', { name: 'Tải về Dự thảo Kế hoạch thi 2027 (lần 2).docx' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Dự thảo Kế hoạch thi 2027 (lần 2).docx');
    expect(readFileSync((await file.path())!).equals(Buffer.from(bytes))).toBe(true);
    await screenshot(hn, 'opinions-on-revisions');
  });

  it('the officer submits it for signature to the Thứ trưởng (KT.)', async () => {
    const page = await as('an.nv');
    await page.goto(`${h.base}/van-ban/${docId}`);
    await page.getByRole('button', { name: 'Trình ký' }).click();
    await page.getByLabel('Người ký').selectOption({ label: 'Phạm Ngọc Thưởng — Thứ trưởng' });
    expect(await page.getByLabel('Thẩm quyền ký').inputValue()).toBe('KT');
    await page.getByRole('button', { name: 'Xác nhận: Trình ký' }).click();
    await expectText(state(page), 'Chờ ký');
  });

  it('a refusal of the API is shown in words (a stale version is 409)', async () => {
    const cv = (await api.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn rà soát hồ sơ đăng ký dự thi' })).body;
    const page = await as('an.nv');
    await page.goto(`${h.base}/van-ban/${cv.id}`);
    await page.getByRole('button', { name: 'Rút văn bản' }).click();
    await page.getByLabel('Lý do rút văn bản').fill('Trùng nội dung');
    // Meanwhile somebody edits the draft: the page's version is now stale.
    expect((await api.as('an.nv').patch(`/api/documents/${cv.id}`, { title: 'Công văn rà soát hồ sơ đăng ký dự thi (sửa)' })).status).toBe(200);
    await page.getByRole('button', { name: 'Xác nhận: Rút văn bản' }).click();
    const alert = page.locator('.event-form').getByRole('alert');
    await expectText(alert, 'Văn bản vừa được người khác xử lý');
    await expectText(alert, 'Phiên bản không khớp');
    await screenshot(page, 'refused-409');
    // Nothing was applied: the draft is still a draft; reloading shows the edit.
    expect((await api.as('an.nv').get(`/api/documents/${cv.id}`)).body.state).toBe('draft');
    await page.getByRole('button', { name: 'Tải lại văn bản để xem trạng thái mới' }).click();
    await page.getByRole('heading', { name: /\(sửa\)$/ }).waitFor();
    await expectText(state(page), 'Dự thảo');
  });

  it('the leader works the signing queue on a phone: order, return with a reason, sign in one go', async () => {
    const flash = (
      await api.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời họp Ban chỉ đạo thi', urgency: 'flash' })
    ).body;
    expect((await api.as('an.nv').event(flash.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' })).status).toBe(200);

    const page = await as('thuong.pn', PHONE);
    await page.getByRole('button', { name: 'Danh mục' }).click();
    await page.getByRole('link', { name: 'Ký duyệt' }).click();
    const items = page.getByRole('list', { name: 'Văn bản chờ ký' }).locator('> li');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    await expectText(items.nth(0), 'Giấy mời họp Ban chỉ đạo thi'); // Hỏa tốc first
    await expectText(items.nth(0), 'Hỏa tốc');
    await expectText(items.nth(1), TITLE);
    await expectText(items.nth(1), 'còn ');
    await screenshot(page, 'signing-queue-phone');

    await page.getByRole('button', { name: 'Trả lại: Giấy mời họp Ban chỉ đạo thi' }).click();
    await page.getByRole('dialog').getByLabel('Lý do trả lại').fill('Bổ sung thành phần mời');
    await page.getByRole('button', { name: 'Trả lại cho đơn vị soạn thảo' }).click();
    await expect1(items);
    expect((await api.as('an.nv').get(`/api/documents/${flash.id}`)).body.state).toBe('draft');

    // Before signing, the leader reads the draft's PDF from the queue (a tab of its own).
    const tab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: `Xem PDF: ${TITLE}` }).click();
    const pdfTab = await tab;
    await pdfTab.waitForURL(/^blob:/); // the PDF the page fetched with the token (the browser's viewer shows it)
    await pdfTab.close();

    await page.getByLabel(`Chọn: ${TITLE}`).check();
    await page.getByRole('button', { name: 'Ký 1 văn bản đã chọn' }).click();
    const results = page.getByRole('status', { name: 'Kết quả ký' });
    await expectText(results, `${TITLE}: đã ký, số 01/KH-BGDĐT`);
    await screenshot(page, 'signed-from-queue-phone');

    // The signed document on the phone: no sideways scrolling, the diagram scrolls inside its own box.
    await results.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${h.base}/van-ban/${docId}`);
    await page.getByTestId('signature-block').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'document-signed-phone');

    // On a desktop: the signature in words, the PDF previewed in the page, and downloaded: the signed file.
    const desk = await as('an.nv');
    await desk.goto(`${h.base}/van-ban/${docId}`);
    await expectText(desk.getByRole('list', { name: 'Chữ ký số trên văn bản PDF' }), 'Hợp lệ: Phạm Ngọc Thưởng');
    await desk.getByRole('button', { name: 'Xem trước PDF' }).click();
    await desk.locator('iframe.pdf-preview').waitFor();
    expect(await desk.locator('iframe.pdf-preview').getAttribute('src')).toMatch(/^blob:/);
    await screenshot(desk, 'document-pdf-preview');
    const download = desk.waitForEvent('download');
    await desk.getByRole('button', { name: 'Tải PDF' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('01-KH-BGDĐT.pdf');
    const text = execFileSync('pdftotext', [(await file.path())!, '-']).toString();
    expect(text).toContain('Số: 01/KH-BGDĐT');
    expect(text).toContain('Phạm Ngọc Thưởng');
  });

  it('a leader signs from the queue with the keyboard alone', async () => {
    const doc = (await api.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn hướng dẫn coi thi', urgency: 'urgent' })).body;
    expect((await api.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null })).status).toBe(200);
    const page = await as('son.nk');
    await tabTo(page, 'Ký duyệt');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ký duyệt' }).waitFor();
    await tabTo(page, 'Chọn: Công văn hướng dẫn coi thi');
    await page.keyboard.press('Space');
    await tabTo(page, 'Ký 1 văn bản đã chọn');
    await page.keyboard.press('Enter');
    await expectText(page.getByRole('status', { name: 'Kết quả ký' }), 'đã ký, số 02/BGDĐT-QLCL');
    await screenshot(page, 'signed-by-keyboard');
  });

  it('the leader delegates signing and revokes it', async () => {
    const page = await as('thuong.pn');
    await page.goto(`${h.base}/ky-duyet`);
    await page.getByLabel('Người được ủy quyền').selectOption({ label: 'Hoàng Minh Phúc — Thứ trưởng' });
    // The end is typed day first, whatever the browser's language; a day that does not exist is refused in words.
    // 17:00 in Hà Nội, 40 days from now (a delegation lasts at most 366 days).
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' })
      .formatToParts(new Date(Date.now() + 40 * 86_400_000))
      .reduce<Record<string, string>>((p, x) => ({ ...p, [x.type]: x.value }), {});
    const typed = `${day.day}/${day.month}/${day.year} 17:00`;
    const until = page.getByLabel('Đến', { exact: true });
    await until.fill(`31/02/${day.year} 17:00`);
    await expectText(page.locator('.moment small.invalid'), 'Chưa đúng');
    await until.fill(typed);
    await expectText(page.locator('.moment', { has: until }).locator('small'), `${typed} (giờ Việt Nam)`);
    await page.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
    const row = page.locator('tr', { hasText: 'Hoàng Minh Phúc' });
    await expectText(row, 'Đang hiệu lực');
    await expectText(row, typed);
    const mine = (await api.as('thuong.pn').get('/api/delegations')).body as Array<{ to: string; until: string }>;
    expect(mine.find((d) => d.to === 'phuc.hm')?.until).toBe(`${day.year}-${day.month}-${day.day}T10:00:00.000Z`); // 17:00 in Hà Nội is 10:00 UTC
    await screenshot(page, 'delegation');
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await expectText(row, 'Đã thu hồi');
  });

  it('the clerk disseminates to every Sở GD&ĐT and a unit of the Ministry', async () => {
    const page = await as('khanh.vt');
    const task = page.locator('li.task', { hasText: TITLE });
    await expectText(task, 'Phát hành');
    await task.getByRole('link').click();
    await expectText(page.getByTestId('doc-number'), '01/KH-BGDĐT');
    await expectText(page.getByTestId('signature-block'), 'KT. BỘ TRƯỞNG');
    await expectText(page.locator('dl.meta'), 'Hợp lệ (Ed25519)');
    await page.getByRole('button', { name: 'Phát hành' }).click();
    await page.getByRole('button', { name: /Tất cả Sở GD&ĐT \(2\)/ }).click();
    await page.getByLabel('Cục Công nghệ thông tin', { exact: true }).check();
    await page.getByLabel('Mục đích gửi: Cục Công nghệ thông tin').selectOption('coordinate');
    await expectText(page.locator('.event-form'), 'Đã chọn 3 nơi nhận');
    await screenshot(page, 'disseminate-form');
    await page.getByRole('button', { name: 'Xác nhận: Phát hành' }).click();
    await expectText(state(page), 'Đã phát hành');
    const recipients = page.getByRole('table', { name: 'Nơi nhận' });
    await expectText(recipients, 'Sở Giáo dục và Đào tạo Đắk Lắk');
    await expectText(recipients, 'Sở Giáo dục và Đào tạo Hà Nội');
    await expectText(recipients, 'Phối hợp (p/h)');

    // The issued PDF: the leader's signature image and the Ministry's seal over its left third, both signatures
    // valid; its pages rendered beside the screenshots (NN-issued-pdf-N.png) to be looked at.
    await expectText(page.getByRole('list', { name: 'Chữ ký số trên văn bản PDF' }), 'Hợp lệ: Bộ Giáo dục và Đào tạo');
    const res = await fetch(`${h.base}/api/documents/${docId}/pdf`, { headers: { authorization: `Bearer ${api.token('khanh.vt')}` } });
    const file = join(ARTIFACTS, 'issued.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const images = execFileSync('pdfimages', ['-list', file]).toString();
    expect(images).toMatch(/image\s+240\s+90\s+rgb/);
    expect(images).toMatch(/image\s+300\s+300\s+rgb/);
    execFileSync('pdftoppm', ['-r', '80', '-png', file, join(ARTIFACTS, '99-issued-pdf')]);
  });

  it("the clerk reads the outgoing register and downloads it as CSV", async () => {
    const page = await as('khanh.vt');
    await page.getByRole('link', { name: 'Sổ văn bản đi' }).click();
    const rows = page.locator('table.register tbody tr');
    await expectCount(rows, 2);
    await expectText(rows.nth(0), '01/KH-BGDĐT');
    await expectText(rows.nth(0), 'Kế hoạch');
    await expectText(rows.nth(1), '02/BGDĐT-QLCL');
    await screenshot(page, 'outgoing-register');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải tệp CSV (Excel)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^so-van-ban-di-BGDĐT-\d{4}\.csv$/);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    expect(text.startsWith('\uFEFF"Số, ký hiệu văn bản",')).toBe(true); // a BOM for Excel, then the decree's columns
    expect(text).toContain('01/KH-BGDĐT');
  });

  it('each Sở works the plan from Văn bản đến; Đắk Lắk runs late and its Giám đốc is told; the two answers make it reported', async () => {
    for (const u of ['vt.dl', 'gd.dl', 'kt.dl', 'vt.hn', 'gd.hn', 'cv.hn']) await api.login(u, PASSWORD);
    const itemOf = async (clerk: string) => ((await api.as(clerk).get('/api/incoming')).body as any[]).find((i) => i.sourceDocumentId === docId);
    // Đắk Lắk's clerk registers it from her queue, in one click.
    const clerk = await as('vt.dl');
    await clerk.getByRole('link', { name: 'Văn bản đến' }).click();
    const list = clerk.getByRole('list', { name: 'Danh sách văn bản đến' });
    await expectText(list, TITLE);
    await clerk.getByRole('button', { name: `Vào sổ: ${TITLE}` }).click();
    await expectText(list, 'Số đến 1');
    const dl = await itemOf('vt.dl');
    expect(dl.source.acknowledgedAt).toEqual(expect.any(String)); // registering acknowledged the plan for the Sở
    // The Giám đốc gives Phòng Khảo thí a deadline that is about to pass (seconds, so that the story sees it).
    const due = new Date(Date.now() + 2000).toISOString();
    expect((await api.as('gd.dl').post(`/api/incoming/${dl.id}/events`, { type: 'ASSIGN', lead: 'KT', deadline: due, instruction: 'Phòng KT tổng hợp, báo cáo Bộ.' })).status).toBe(200);
    // Nothing is done in time: ESCALATION_AFTER (2 s) past the deadline, the Giám đốc who assigned it hears of it.
    await until(async () => ((await api.as('gd.dl').get('/api/notifications')).body as any[]).some((n) => n.incomingId === dl.id && n.kind === 'escalation'), 'the escalation', 20_000);
    const leader = await as('gd.dl');
    await leader.goto(`${h.base}/thong-bao`);
    const late = leader.locator('li.notification.kind-escalation');
    await expectText(late, 'Quá hạn (giai đoạn giải quyết văn bản đến)');
    await expectText(late, 'Phòng Khảo thí và Kiểm định chất lượng');
    await screenshot(leader, 'incoming-escalation');
    await late.getByRole('link', { name: 'Mở văn bản đến' }).click();
    await expectText(leader.getByTestId('incoming-state'), 'Đã giao xử lý');
    // The unit answers late, from the item's page, with the report the plan asks of the Sở.
    const unit = await as('kt.dl');
    await unit.goto(`${h.base}/van-ban-den/${dl.id}`);
    await unit.getByRole('button', { name: 'Hoàn thành' }).click();
    await unit.getByLabel('Kết quả giải quyết').fill('Đã triển khai tới 52 trường.');
    await unit.getByLabel(/Báo cáo gửi cơ quan ban hành/).fill('Sở Đắk Lắk đã triển khai kế hoạch tới 52 điểm thi.');
    await unit.getByRole('button', { name: 'Xác nhận: Hoàn thành' }).click();
    await expectText(unit.getByTestId('incoming-state'), 'Đã giải quyết');
    await screenshot(unit, 'incoming-late-done');

    // Hà Nội, in time: registered, assigned to Phòng QLCL, answered.
    const hn = await itemOf('vt.hn');
    for (const [user, body] of [
      ['vt.hn', { type: 'REGISTER' }],
      ['gd.hn', { type: 'ASSIGN', lead: 'QLCL', workingDays: 3 }],
      ['cv.hn', { type: 'COMPLETE', summary: 'Đã triển khai.', report: 'Sở Hà Nội đã triển khai kế hoạch.' }],
    ] as const) expect((await api.as(user).post(`/api/incoming/${hn.id}/events`, body)).status).toBe(200);

    // The Ministry's plan is reported from those two answers.
    const page = await as('an.nv');
    await page.goto(`${h.base}/van-ban/${docId}`);
    await expectText(state(page), 'Đã hoàn thành báo cáo');
    await page.locator('g.node.current[data-state="reported"]').waitFor();
    await expectText(page.getByTestId('history-verify'), 'Chuỗi lịch sử toàn vẹn');
    const timeline = page.locator('ol.timeline');
    for (const step of ['Tạo dự thảo', 'Gửi lấy ý kiến', 'Cho ý kiến', 'Trình ký', 'Ký ban hành', 'Phát hành', 'Xác nhận đã nhận', 'Gửi báo cáo']) await expectText(timeline, step);
    await screenshot(page, 'document-reported');
    const doc = (await api.as('an.nv').get(`/api/documents/${docId}`)).body;
    expect(doc.state).toBe('reported');
    expect(doc.recipients.filter((r: any) => r.report).map((r: any) => [r.agencyCode, r.report.submittedBy])).toEqual([
      ['SGDĐT-DL', 'kt.dl'],
      ['SGDĐT-HN', 'cv.hn'],
    ]);
    expect(doc.version).toBe((await api.as('an.nv').get(`/api/documents/${docId}/history`)).body.length);

    // Đắk Lắk's registers of what arrived, as CSV (the outgoing one was downloaded above).
    await clerk.reload();
    for (const [button, name] of [
      ['Sổ đăng ký văn bản đến (CSV)', /^so-van-ban-den-\d{4}\.csv$/],
      ['Sổ theo dõi giải quyết (CSV)', /^so-theo-doi-giai-quyet-\d{4}\.csv$/],
    ] as const) {
      const [download] = await Promise.all([clerk.waitForEvent('download'), clerk.getByRole('button', { name: button }).click()]);
      expect(download.suggestedFilename()).toMatch(name);
      const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text).toContain('01/KH-BGDĐT');
    }
    await screenshot(clerk, 'incoming-registers');
  });

  it('documents list filters by state, type, text and overdue', async () => {
    const late = (await api.as('an.nv').post('/api/documents', { type: 'TB', title: 'Thông báo lịch thi' })).body;
    expect((await api.as('an.nv').event(late.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 1 })).status).toBe(200);
    await h.sql(`UPDATE documents SET consultation_deadline = now() - interval '1 hour' WHERE id = $1`, [late.id]); // fixture: it is late

    const page = await as('an.nv');
    await page.getByRole('link', { name: 'Văn bản', exact: true }).click();
    const rows = page.locator('table.list tbody tr');
    await expectText(page.locator('table.list'), TITLE);
    await page.getByLabel('Trạng thái').selectOption('reported');
    await expectCount(rows, 1);
    await expectText(rows.first(), TITLE);
    await page.getByLabel('Trạng thái').selectOption('');
    await page.getByLabel('Chỉ văn bản quá hạn').check();
    await expectCount(rows, 1);
    await expectText(rows.first(), 'Thông báo lịch thi');
    await expectText(rows.first().locator('.deadline.overdue'), 'quá hạn');
    await screenshot(page, 'documents-overdue');
    await page.getByLabel('Chỉ văn bản quá hạn').uncheck();
    await page.getByLabel('Tìm theo trích yếu hoặc số').fill('01/KH');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await expectCount(rows, 1);
    await page.getByLabel('Loại').selectOption('GM');
    await page.getByText('Không có văn bản nào khớp bộ lọc.').waitFor();
  });

  it('the Bộ trưởng sees the overview: counts by state and what is overdue by unit and agency', async () => {
    const page = await as('son.nk');
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    await page.getByRole('heading', { name: /Việc quá hạn: 1/ }).waitFor();
    const reported = page.getByTestId('chart-Văn bản theo trạng thái').locator('li', { hasText: 'Đã hoàn thành báo cáo' });
    expect(await reported.locator('.value').innerText()).toBe('1');
    const byUnit = page.getByTestId('chart-Quá hạn theo đơn vị').locator('li');
    expect(await byUnit.count()).toBe(1);
    await expectText(byUnit.first(), 'Thanh tra');
    await screenshot(page, 'overview');
    // A state's bar opens the list filtered by it.
    await page.getByRole('link', { name: 'Đã hoàn thành báo cáo' }).click();
    await page.waitForURL(/\/van-ban\?state=reported$/);
    await expectCount(page.locator('table.list tbody tr'), 1);
  });

  it('the admin adds a day off to the working calendar and takes it back', async () => {
    const page = await as('admin');
    await page.getByRole('link', { name: 'Lịch làm việc' }).click();
    await page.getByRole('spinbutton', { name: 'Năm' }).fill('2027');
    const holidays = page.getByRole('table', { name: 'Ngày nghỉ năm 2027' });
    await expectText(holidays, 'Giỗ Tổ Hùng Vương'); // built in, from the lunar calendar
    await page.getByLabel('Ngày', { exact: true }).fill('2027-11-24');
    await page.getByLabel('Tên, căn cứ').fill('Ngày Văn hóa Việt Nam');
    await page.getByRole('button', { name: 'Thêm' }).click();
    const row = holidays.locator('tr', { hasText: 'Ngày Văn hóa Việt Nam' });
    await expectText(row, 'Thứ Tư, 24/11/2027');
    await expectText(row, 'Do quản trị viên thêm');
    // Deadlines count with it at once: from Tuesday 23/11/2027, one working day ends on Thursday.
    const due = await api.as('an.nv').get('/api/calendar/deadline?from=2027-11-23T09:00:00%2B07:00&workingDays=1');
    expect(due.body.deadline).toBe('2027-11-25T16:59:59.999Z');
    await screenshot(page, 'calendar');
    await page.getByRole('button', { name: 'Bỏ ngày Thứ Tư, 24/11/2027' }).click();
    await expectCount(row, 0);
  });

  it('the header shows unread notifications and they can be read', async () => {
    const page = await as('an.nv');
    const count = Number(await page.getByTestId('unread-count').innerText());
    expect(count).toBeGreaterThan(0);
    await page.getByRole('link', { name: /Thông báo/ }).click();
    await page.locator('li.notification.unread').first().waitFor();
    await screenshot(page, 'notifications');
    await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await page.getByTestId('unread-count').waitFor({ state: 'detached' });
  });

  it('new work is pushed to an open page: the count and the tasks change without a reload', async () => {
    const unread = (await api.as('dung.lt').get('/api/notifications?unread=true')).body as Array<{ id: string }>;
    for (const n of unread) expect((await api.as('dung.lt').post(`/api/notifications/${n.id}/read`)).status).toBe(200);
    const page = await as('dung.lt');
    await page.getByRole('heading', { name: 'Việc của tôi' }).waitFor();
    await page.locator('a.bell[data-live="true"]').waitFor(); // the stream is open, and the count read since
    await expectCount(page.getByTestId('unread-count'), 0);
    const title = 'Công văn hướng dẫn coi thi — gửi kèm thông báo đẩy';
    await expectCount(page.locator('li.task', { hasText: title }), 0);
    // Both the count (read every two minutes) and the tasks (every minute) would take far longer than
    // this test waits, had the server not pushed.
    const draft = await api.as('an.nv').post('/api/documents', { type: 'CV', title });
    expect(draft.status).toBe(201);
    const sent = await api.as('an.nv').event(draft.body.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['GDTrH'], workingDays: 3 });
    expect(sent.status).toBe(200);
    await expectText(page.getByTestId('unread-count'), '1', 8_000);
    await expectText(page.locator('li.task', { hasText: title }), 'Cho ý kiến', 8_000);
    await screenshot(page, 'tasks-pushed');

    // The same for a leader's open queue: a document sent for their signature appears in it.
    const leader = await as('son.nk');
    await leader.goto(`${h.base}/ky-duyet`);
    await leader.locator('a.bell[data-live="true"]').waitFor();
    const invitation = 'Giấy mời dự lễ khai mạc — đẩy vào hàng đợi ký';
    const gm = await api.as('an.nv').post('/api/documents', { type: 'GM', title: invitation });
    expect((await api.as('an.nv').event(gm.body.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null })).status).toBe(200);
    await expectText(leader.getByRole('list', { name: 'Văn bản chờ ký' }), invitation, 8_000);
  });

  it('the admin adds a user and changes another, one at a time', async () => {
    const page = await as('admin');
    await page.getByRole('link', { name: 'Tổ chức' }).click();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const form = page.getByRole('form', { name: 'Thêm người dùng' });
    // A username that exists is refused: adding must not overwrite somebody.
    await form.getByLabel('Tên đăng nhập').fill('an.nv');
    await form.getByLabel('Họ tên').fill('Người trùng tên');
    await form.getByLabel('Chức danh').fill('Chuyên viên');
    await form.getByLabel(/^Cơ quan/).selectOption({ label: 'Bộ Giáo dục và Đào tạo' });
    await form.getByLabel(/^Đơn vị/).selectOption({ label: 'Cục Công nghệ thông tin' });
    await form.getByLabel('Mật khẩu').fill(PASSWORD);
    await form.getByRole('button', { name: 'Thêm' }).click();
    await expectText(form.getByRole('alert'), 'đã có');
    await form.getByLabel('Tên đăng nhập').fill('hoa.nt');
    await form.getByLabel('Họ tên').fill('Nguyễn Thị Hoa');
    await form.getByRole('button', { name: 'Thêm' }).click();
    await expectText(page.getByRole('status'), 'Đã thêm người dùng hoa.nt.');
    await expectText(page.locator('table.list tr', { hasText: 'hoa.nt' }), 'Nguyễn Thị Hoa');

    // The new colleague signs in with the password the admin gave.
    const hoa = await as('hoa.nt');
    await expectText(hoa.getByTestId('current-user'), 'Nguyễn Thị Hoa');
    // The password is the admin's: she is asked to choose her own, and does (a short one is refused in words).
    const notice = hoa.getByTestId('change-password-notice');
    await notice.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    const pw = hoa.getByRole('form', { name: 'Đổi mật khẩu' });
    await pw.getByLabel('Mật khẩu hiện tại').fill(PASSWORD);
    await pw.getByLabel('Mật khẩu mới', { exact: true }).fill('MatKhau#2027');
    await pw.getByLabel('Nhập lại mật khẩu mới').fill('MatKhau#2027');
    await pw.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expectText(pw.getByRole('alert'), 'từ phổ biến');
    await pw.getByLabel('Mật khẩu mới', { exact: true }).fill('hoa phượng nở mùa thi');
    await pw.getByLabel('Nhập lại mật khẩu mới').fill('hoa phượng nở mùa thi');
    await pw.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expectText(hoa.getByRole('status'), 'Đã đổi mật khẩu');
    await screenshot(hoa, 'password-changed');
    await hoa.getByRole('link', { name: 'Việc của tôi' }).click();
    expect(await notice.count()).toBe(0);
    expect((await api.login('hoa.nt', 'hoa phượng nở mùa thi')).length).toBeGreaterThan(0);

    // Locked by the admin, her open page loses its session; unlocked, she signs in again.
    await page.getByRole('button', { name: 'Khóa hoa.nt' }).click();
    await expectText(page.getByRole('status'), 'Đã khóa tài khoản hoa.nt');
    await expectText(page.locator('table.list tr', { hasText: 'hoa.nt' }), 'Đã khóa');
    await screenshot(page, 'org-user-locked');
    await sleep(1100);
    await hoa.getByRole('link', { name: 'Văn bản', exact: true }).click();
    await hoa.getByLabel('Tên đăng nhập').waitFor();
    await page.getByRole('button', { name: 'Mở khóa hoa.nt' }).click();
    await expectText(page.locator('table.list tr', { hasText: 'hoa.nt' }), 'Đang hoạt động');

    // A title changes; the password stays as it was.
    await page.getByRole('button', { name: 'Sửa dung.lt' }).click();
    const edit = page.getByRole('form', { name: 'Sửa người dùng dung.lt' });
    expect(await edit.getByLabel('Họ tên').inputValue()).toBe('Lê Thị Dung');
    await edit.getByLabel('Chức danh').fill('Vụ trưởng Vụ Giáo dục Trung học');
    await screenshot(page, 'org-user-edit');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await expectText(page.getByRole('status'), 'Đã lưu người dùng dung.lt.');
    await expectText(page.locator('table.list tr', { hasText: 'dung.lt' }), 'Vụ trưởng Vụ Giáo dục Trung học');
    expect((await api.login('dung.lt', PASSWORD)).length).toBeGreaterThan(0);
  });

  it('the officer proposes Nơi nhận at Trình ký; the signed PDF prints it; the clerk sends to it as signed', async () => {
    const d = (await api.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn đề nghị báo cáo điểm thi' })).body;
    const page = await as('an.nv');
    await page.goto(`${h.base}/van-ban/${d.id}`);
    await page.getByRole('button', { name: 'Trình ký' }).click();
    await page.getByLabel('Người ký').selectOption({ label: 'Phạm Ngọc Thưởng — Thứ trưởng' });
    await page.getByLabel(/Đề xuất Nơi nhận/).check();
    await page.getByLabel('Sở Giáo dục và Đào tạo Hà Nội', { exact: true }).check();
    await page.getByLabel('Kính gửi: Sở Giáo dục và Đào tạo Hà Nội').check();
    await page.getByLabel('Cục Công nghệ thông tin', { exact: true }).check();
    await page.getByLabel('Mục đích gửi: Cục Công nghệ thông tin').selectOption('coordinate');
    // People, a group and a body outside examflow, as a văn thư writes them; the preview prints as the PDF will.
    await page.getByLabel('Bộ trưởng Nguyễn Kim Sơn', { exact: true }).check();
    await page.getByLabel('Các cơ quan báo, đài', { exact: true }).check();
    await page.getByLabel('Mục đích gửi: Các cơ quan báo, đài').selectOption('info');
    await page.getByLabel('Ghi chú: Các cơ quan báo, đài').fill('để đưa tin');
    const preview = page.getByRole('figure', { name: 'Xem trước Nơi nhận' });
    await expectText(preview, 'Kính gửi: Sở Giáo dục và Đào tạo Hà Nội');
    await expectText(preview, '- Như trên;');
    await expectText(preview, '- Cục Công nghệ thông tin (để p/h);');
    await expectText(preview, '- Bộ trưởng (để b/c);');
    await expectText(preview, '- Các cơ quan báo, đài (để đưa tin);');
    await expectText(preview, '- Lưu: VT, QLCL.');
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, 'submit-with-recipients');
    await page.getByRole('button', { name: 'Xác nhận: Trình ký' }).click();
    await expectText(state(page), 'Chờ ký');
    expect((await api.as('thuong.pn').event(d.id, { type: 'SIGN' })).status).toBe(200);
    const res = await fetch(`${h.base}/api/documents/${d.id}/pdf`, { headers: { authorization: `Bearer ${api.token('an.nv')}` } });
    const file = `${ARTIFACTS}/cong-van-de-xuat.pdf`;
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Kính gửi: Sở Giáo dục và Đào tạo Hà Nội');
    expect(text).toContain('- Như trên;');
    expect(text).toContain('- Cục Công nghệ thông tin (để p/h);');
    expect(text).toContain('- Bộ trưởng (để b/c);');
    expect(text).toContain('- Các cơ quan báo, đài (để đưa tin);');

    const clerk = await as('khanh.vt');
    await clerk.goto(`${h.base}/van-ban/${d.id}`);
    await clerk.getByRole('button', { name: 'Phát hành' }).click();
    const signed = clerk.getByRole('list', { name: 'Nơi nhận đã ký' });
    await expectText(signed, 'Sở Giáo dục và Đào tạo Hà Nội');
    await expectText(signed, 'Cục Công nghệ thông tin');
    await screenshot(clerk, 'disseminate-signed-recipients');
    await clerk.getByRole('button', { name: 'Xác nhận: Phát hành' }).click();
    await expectText(state(clerk), 'Đã phát hành');
    const sent = clerk.getByRole('table', { name: 'Nơi nhận' });
    await expectText(sent, 'Sở Giáo dục và Đào tạo Hà Nội');
    // The group delivered to each of its members, named with it.
    await expectText(sent, 'Báo Giáo dục và Thời đại (Các cơ quan báo, đài)');
    await expectText(sent, 'Bộ trưởng Nguyễn Kim Sơn');
  });

  it("in Hà Nội the công văn arrives: the clerk registers it, the Giám đốc assigns it, the unit answers with the report", async () => {
    const clerk = await as('vt.hn');
    await clerk.getByRole('link', { name: 'Văn bản đến' }).click();
    const list = clerk.getByRole('list', { name: 'Danh sách văn bản đến' });
    await expectText(list, 'Công văn đề nghị báo cáo điểm thi');
    await expectText(list, 'Chờ vào sổ');
    await screenshot(clerk, 'incoming-queue');
    await clerk.getByRole('button', { name: 'Vào sổ: Công văn đề nghị báo cáo điểm thi' }).click();
    await expectText(list, 'Số đến 2'); // the plan was Hà Nội's first
    // The clerk attaches the scan of the paper copy that came with it, from the item's page.
    await list.getByRole('link', { name: /Công văn đề nghị báo cáo điểm thi/ }).first().click();
    await clerk.getByLabel(/Đính kèm bản quét/).setInputFiles({ name: 'Công văn (bản quét).pdf', mimeType: 'application/pdf', buffer: PDF });
    const files = clerk.locator('section[aria-labelledby="incoming-files-title"]');
    await expectText(files, 'Công văn (bản quét).pdf');
    await expectText(clerk.getByRole('list', { name: 'Lịch sử văn bản đến' }), 'Đính kèm tệp');
    await screenshot(clerk, 'incoming-scan');
    // And enters a letter that came on paper, its date typed day first.
    await clerk.getByRole('link', { name: '← Văn bản đến' }).click();
    const entry = clerk.getByRole('form', { name: 'Nhập văn bản đến' });
    await entry.getByLabel('Cơ quan ban hành (tác giả)').fill('UBND thành phố Hà Nội');
    await entry.getByLabel('Số, ký hiệu').fill('4521/UBND-KGVX');
    await entry.getByLabel('Ngày văn bản').fill('06/10/2026');
    await entry.getByLabel('Trích yếu').fill('V/v bảo đảm an ninh, an toàn Kỳ thi');
    await entry.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expectText(list, 'V/v bảo đảm an ninh, an toàn Kỳ thi');
    const paper = ((await api.as('vt.hn').get('/api/incoming')).body as any[]).find((i) => i.number === '4521/UBND-KGVX');
    expect(paper).toMatchObject({ sender: 'UBND thành phố Hà Nội', issuedAt: '2026-10-05T17:00:00.000Z', state: 'received' });

    const leader = await as('gd.hn');
    // Among the Giám đốc's tasks (the Sở owes the Ministry its report, too): distributing what arrived.
    const task = leader.locator('li.task', { hasText: 'Phân phối văn bản đến' });
    await expectText(task, 'Công văn đề nghị báo cáo điểm thi');
    await screenshot(leader, 'incoming-leader-tasks');
    await task.getByRole('link').click();
    await expectText(leader.getByTestId('incoming-number'), '2');
    await leader.getByRole('button', { name: 'Phân phối, giao xử lý' }).click();
    await leader.getByLabel('Đơn vị chủ trì').selectOption({ label: 'Phòng Quản lý chất lượng' });
    await leader.getByRole('group', { name: 'Đơn vị phối hợp' }).getByLabel('Văn phòng Sở').check();
    await leader.getByLabel('Ý kiến chỉ đạo').fill('Phòng QLCL chủ trì, tổng hợp điểm thi, báo cáo Bộ.');
    await screenshot(leader, 'incoming-assign');
    await leader.getByRole('button', { name: 'Xác nhận: Phân phối, giao xử lý' }).click();
    await expectText(leader.getByTestId('incoming-state'), 'Đã giao xử lý');
    await expectText(leader.getByTestId('incoming-lead'), 'Phòng Quản lý chất lượng');

    const unit = await as('cv.hn');
    const work = unit.locator('li.task', { hasText: 'Giải quyết văn bản đến' });
    await expectText(work, 'Công văn đề nghị báo cáo điểm thi');
    await work.getByRole('link').click();
    await unit.getByRole('button', { name: 'Hoàn thành' }).click();
    await unit.getByLabel('Kết quả giải quyết').fill('Đã tổng hợp điểm thi của 120 trường.');
    await unit.getByLabel(/Báo cáo gửi cơ quan ban hành/).fill('Sở GD&ĐT Hà Nội báo cáo điểm thi theo biểu mẫu.');
    await unit.getByRole('button', { name: 'Xác nhận: Hoàn thành' }).click();
    await expectText(unit.getByTestId('incoming-state'), 'Đã giải quyết');
    await expectText(unit.getByRole('list', { name: 'Lịch sử văn bản đến' }), 'Hoàn thành');
    await screenshot(unit, 'incoming-done');
    // The Ministry sees Hà Nội's report on its công văn.
    const docs = (await api.as('an.nv').get('/api/documents?q=b%C3%A1o%20c%C3%A1o%20%C4%91i%E1%BB%83m%20thi')).body as any;
    const cv = (Array.isArray(docs) ? docs : docs.items).find((d: any) => d.title === 'Công văn đề nghị báo cáo điểm thi');
    const source = (await api.as('an.nv').get(`/api/documents/${cv.id}`)).body;
    expect(source.recipients.find((r: any) => r.agencyCode === 'SGDĐT-HN').report).toMatchObject({ status: 'submitted', submittedBy: 'cv.hn' });
  });

  it('at the Ministry, a letter from Bộ Công an: the Cục trưởng gives it to one of his officers, and the slip says so', async () => {
    for (const u of ['khanh.vt', 'son.nk', 'chinh.hv', 'binh.tt']) await api.login(u, PASSWORD);
    const letter = (
      await api.as('khanh.vt').post('/api/incoming', {
        sender: 'Cục An ninh chính trị nội bộ (A03), Bộ Công an',
        number: '1520/A03-P5',
        issuedAt: '2026-11-26T00:00:00+07:00',
        type: 'CV',
        title: 'V/v phối hợp bảo vệ bí mật đề thi',
        urgency: 'urgent',
      })
    ).body;
    expect((await api.as('khanh.vt').post(`/api/incoming/${letter.id}/events`, { type: 'REGISTER' })).status).toBe(200);
    expect((await api.as('son.nk').post(`/api/incoming/${letter.id}/events`, { type: 'ASSIGN', lead: 'QLCL', workingDays: 5, instruction: 'Cục QLCL chủ trì.' })).status).toBe(200);
    const head = await as('chinh.hv');
    await head.goto(`${h.base}/van-ban-den/${letter.id}`);
    await head.getByRole('button', { name: 'Cập nhật tiến độ' }).click();
    await head.getByLabel('Giao cho cá nhân (ý kiến của lãnh đạo đơn vị)').selectOption({ label: 'Chuyên viên chính Trần Thị Bình' });
    const due = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(Date.now() + 2 * 86_400_000));
    await head.getByLabel('Hạn cho cá nhân', { exact: true }).fill(`${due} 17:00`);
    await head.getByLabel('Ý kiến', { exact: true }).fill('Đồng chí Bình chủ trì phối hợp A03, đề xuất phương án.');
    await screenshot(head, 'incoming-unit-leader');
    await head.getByRole('button', { name: 'Xác nhận: Cập nhật tiến độ' }).click();
    await expectText(head.getByTestId('incoming-handler'), 'Trần Thị Bình');
    await expectText(head.getByTestId('incoming-handler'), `${due} 17:00`);
    // The officer finds it among her tasks.
    const tasks = (await api.as('binh.tt').get('/api/tasks')).body as any[];
    expect(tasks.find((t) => t.incomingId === letter.id)).toMatchObject({ kind: 'incoming_work' });
    const pdf = await fetch(`${h.base}/api/incoming/${letter.id}/slip.pdf`, { headers: { authorization: `Bearer ${api.token('khanh.vt')}` } });
    const file = join(ARTIFACTS, 'phieu-giai-quyet.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Giao cho: Trần Thị Bình (Chuyên viên chính)');
    expect(text).toContain(`Thời hạn giải quyết: ${due};`);
    execFileSync('pdftoppm', ['-r', '70', '-png', file, join(ARTIFACTS, '99-phieu-giai-quyet')]);
  });

  it('the exam season: a letter due by the exam timetable, and the steering committee\'s board changing as the Sở report, without a reload', async () => {
    // The Bộ trưởng opens the 2027 exam with its timetable.
    const exam = JSON.parse(readFileSync(join(__dirname, '../../examples/campaign-thpt-2027.json'), 'utf8'));
    await api.login('son.nk', PASSWORD);
    const campaign = (await api.as('son.nk').post('/api/campaigns', exam)).body;
    expect(campaign.code).toBe('THPT-2027');

    // The officer drafts a công văn of the exam and sends it for signature by the timetable: 3 working days before the first session.
    const page = await as('an.nv');
    await page.getByRole('link', { name: 'Soạn dự thảo' }).click();
    await page.getByLabel('Loại văn bản').selectOption('CV');
    await page.getByLabel('Trích yếu').fill('V/v báo cáo nhanh sau mỗi buổi thi');
    await page.getByLabel('Kỳ thi (thời hạn có thể tính theo lịch thi)').selectOption({ label: `${exam.name} (THPT-2027)` });
    await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.waitForURL(/\/van-ban\/[0-9a-f-]{36}$/);
    const letter = page.url().split('/').pop()!;
    await expectText(page.getByTestId('campaign'), 'THPT-2027');
    await page.getByRole('button', { name: 'Trình ký' }).click();
    await page.getByLabel('Người ký').selectOption('thuong.pn');
    await page.getByLabel('Theo lịch thi (THPT-2027)').check();
    await page.getByLabel('Số', { exact: true }).fill('3');
    await expectText(page.locator('.anchor-fields'), 'Hạn dự kiến: 08/06/2027 23:59 (3 ngày làm việc trước buổi thi đầu tiên)');
    await screenshot(page, 'exam-anchored-deadline');
    await page.getByRole('button', { name: 'Xác nhận: Trình ký' }).click();
    await expectText(page.getByRole('status'), 'Đã thực hiện: Trình ký');
    await expectText(page.locator('dl.meta'), '08/06/2027 23:59');
    await expectText(page.getByTestId('anchor'), '3 ngày làm việc trước buổi thi đầu tiên');
    await screenshot(page, 'exam-letter-awaiting-signature');

    // Signed, and sent to both Sở with a báo cáo nhanh due 2 hours after each session.
    await api.login('thuong.pn', PASSWORD);
    await api.login('khanh.vt', PASSWORD);
    expect((await api.as('thuong.pn').event(letter, { type: 'SIGN' })).status).toBe(200);
    const sent = await api.as('khanh.vt').event(letter, {
      type: 'DISSEMINATE',
      recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { agencyCode: 'SGDĐT-HN', purpose: 'implement' }],
      sessionReports: { hours: 2 },
    });
    expect(sent.status).toBe(200);

    // The board on the committee's wall (a wide screen): two Sở × four sessions, nothing in yet.
    const wall = await as('son.nk', { ...DESKTOP, viewport: { width: 1920, height: 1080 } });
    await wall.getByRole('link', { name: 'Kỳ thi' }).click();
    await expectText(wall.locator('table.sessions').first(), 'Ngữ văn');
    await screenshot(wall, 'exam-campaigns');
    await wall.getByRole('link', { name: 'Bảng theo dõi báo cáo' }).click();
    await wall.waitForURL(/\/ky-thi\/[0-9a-f-]{36}$/);
    await expectText(wall.getByTestId('board-live'), 'Trực tiếp');
    await expectText(wall.getByTestId('total-pending'), '8');
    await expectText(wall.getByTestId('total-submitted'), '0');
    await screenshot(wall, 'exam-board-wall-before');
    await wall.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // Hà Nội reports on Ngữ văn from its own screen; the wall changes by itself.
    const hn = await as('cv.hn');
    await hn.goto(`${h.base}/van-ban/${letter}`);
    await hn.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await hn.locator('select[name="session"]').selectOption({ label: 'Báo cáo nhanh buổi thi Ngữ văn' });
    await hn.getByLabel('Nội dung báo cáo').fill('Buổi thi Ngữ văn: 98.000 thí sinh dự thi, không có sự cố.');
    await hn.getByRole('button', { name: 'Xác nhận: Gửi báo cáo' }).click();
    await expectText(hn.getByRole('status'), 'Đã thực hiện: Gửi báo cáo');
    await expectText(wall.getByTestId('total-submitted'), '1');
    await expectText(wall.getByTestId('count-NGU-VAN').first(), '1/2');
    const cell = wall.locator('table.board-grid tbody tr', { hasText: 'Hà Nội' }).locator('[data-status]').first();
    await expectText(cell, 'Đã báo cáo');
    expect(await wall.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true); // no reload
    await screenshot(wall, 'exam-board-wall-after');

    // Đắk Lắk's Giám đốc looks on his phone.
    const phone = await as('gd.dl', PHONE);
    await phone.goto(`${h.base}/ky-thi/${campaign.id}`);
    await expectText(phone.getByTestId('total-submitted'), '1');
    await screenshot(phone, 'exam-board-phone');
  });

  it('Nghị định 30 in the app: the grouped type picker, a secret mark, the unit head’s review, a recall and its reason', async () => {
    for (const u of ['chinh.hv', 'vt.dl']) await api.login(u, PASSWORD);
    const page = await as('an.nv');
    await page.goto(`${h.base}/van-ban/moi`);
    // Every type of Phụ lục III, in six groups.
    await expectCount(page.locator('select[name="type"] optgroup'), 6);
    await expectCount(page.locator('select[name="type"] option'), 28);
    await page.locator('select[name="confidentiality"]').selectOption({ label: 'TỐI MẬT' });
    await expectText(page.locator('form.form'), 'Văn bản mật lấy số riêng');
    await screenshot(page, 'create-secret');

    // A Biên bản is on workflow version 2: the officer's submission waits for the Cục trưởng.
    const bb = expectOk(await api.as('an.nv').post('/api/documents', { type: 'BB', title: 'Biên bản họp Ban ra đề', confidentiality: 'secret' })).body;
    expectOk(await api.as('an.nv').event(bb.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    const head = await as('chinh.hv');
    await head.goto(`${h.base}/van-ban/${bb.id}`);
    await expectText(state(head), 'Chờ lãnh đạo đơn vị kiểm tra');
    await expectText(head.locator('.heading'), 'TỐI MẬT');
    await head.getByRole('button', { name: 'Kiểm tra, trình ký' }).click();
    await head.getByLabel('Ý kiến kiểm tra (không bắt buộc)').fill('Đã kiểm tra nội dung, thể thức');
    await screenshot(head, 'review-approve');
    await head.getByRole('button', { name: 'Xác nhận: Kiểm tra, trình ký' }).click();
    await expectText(state(head), 'Chờ ký');

    // The Minister recalls a letter sent in error; Đắk Lắk's văn thư sees why.
    const cv = expectOk(await api.as('an.nv').post('/api/documents', { type: 'CV', title: 'V/v gửi nhầm danh sách', body: 'Nội dung.' })).body;
    expectOk(await api.as('an.nv').event(cv.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    expectOk(await api.as('thuong.pn').event(cv.id, { type: 'SIGN' }));
    expectOk(await api.as('khanh.vt').event(cv.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'info' }] }));
    const minister = await as('son.nk');
    await minister.goto(`${h.base}/van-ban/${cv.id}`);
    await minister.getByRole('button', { name: 'Thu hồi văn bản' }).click();
    await minister.getByLabel('Lý do thu hồi (gửi tới mọi nơi nhận)').fill('Gửi nhầm danh sách thí sinh');
    await minister.getByRole('button', { name: 'Xác nhận: Thu hồi văn bản' }).click();
    await expectText(state(minister), 'Đã thu hồi');
    await expectText(minister.getByTestId('recall'), 'Gửi nhầm danh sách thí sinh');
    await screenshot(minister, 'document-recalled');
    const incoming = ((await api.as('vt.dl').get('/api/incoming')).body as any[]).find((i) => i.sourceDocumentId === cv.id);
    expect(incoming.state).toBe('recalled');

    // The Minister authorises the Chánh Văn phòng in writing to sign letters and invitations TUQ.
    await minister.goto(`${h.base}/ky-duyet`);
    const form = minister.getByRole('form', { name: 'Ủy quyền ký TUQ mới' });
    await form.getByLabel('Người đứng đầu đơn vị').selectOption({ label: 'Đỗ Long — Chánh Văn phòng' });
    await form.getByLabel('Số văn bản ủy quyền').fill('15/GUQ-BGDĐT');
    await form.getByLabel('Loại văn bản được ký').selectOption(['CV', 'GM']);
    await form.getByRole('button', { name: 'Giao ký' }).click();
    await expectText(minister.locator('section', { hasText: 'Giao ký thừa ủy quyền' }).locator('table'), '15/GUQ-BGDĐT');
    await screenshot(minister, 'authorisation-tuq');
    const given = (await api.as('son.nk').get('/api/authorisations')).body as any[];
    expect(given).toEqual([expect.objectContaining({ to: 'long.vp', reference: '15/GUQ-BGDĐT', types: ['CV', 'GM'], active: true })]);
  });

  it('the OpenAPI page and Bull Board render under their own policy, and nothing of the story was refused', async () => {
    const context = await browser.newContext(DESKTOP);
    contexts.push(context);
    watch(context);
    const page = await context.newPage();
    await page.goto(`${h.base}/api/docs`);
    await expectText(page.locator('.swagger-ui .title').first(), 'examflow');
    // The admin's trail, then the board through its one-time code, from the web app.
    const admin = await as('admin');
    await admin.goto(`${h.base}/nhat-ky`);
    await expectText(admin.locator('table.audit'), 'Nạp tổ chức');
    await screenshot(admin, 'audit-trail');
    await admin.getByRole('button', { name: 'Mở hàng đợi (Bull Board)' }).click();
    await admin.waitForURL(/\/admin\/queues$/);
    await expectText(admin.getByText('deadlines').first(), 'deadlines');
    await screenshot(admin, 'bull-board-from-app');
    // Bull Board asks Google for its fonts: the policy keeps an admin's browser from calling out, the board
    // falls back to the system's fonts. Nothing else may be refused.
    expect(refused.filter((r) => !/admin\/queues.*fonts\.googleapis\.com/.test(r))).toEqual([]);
  });
});

/** Waits until the locator's text contains `text` (Playwright's own wait, with a readable failure). */
async function expectText(locator: import('playwright-core').Locator, text: string, timeout = 10_000) {
  const until = Date.now() + timeout;
  let last = '';
  while (Date.now() < until) {
    last = (await locator.first().innerText({ timeout: Math.max(1, until - Date.now()) }).catch(() => '')) ?? '';
    if (last.includes(text)) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`expected "${text}" in ${locator}, found: ${last.slice(0, 500)}`);
}

async function expectCount(locator: import('playwright-core').Locator, n: number, timeout = 10_000) {
  const until = Date.now() + timeout;
  let last = -1;
  while (Date.now() < until) {
    last = await locator.count();
    if (last === n) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`expected ${n} of ${locator}, found ${last}`);
}

/** Waits until `check` holds (the page updates a frame after an input). */
async function until(check: () => Promise<boolean>, what: string, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error(`timed out: ${what}`);
}

const expect1 = (locator: import('playwright-core').Locator) => expectCount(locator, 1);

