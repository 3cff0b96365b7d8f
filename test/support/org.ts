import { ADMIN_PASSWORD, ApiClient } from './harness';

/**
 * A small but real organisation: the Ministry with four units and its
 * leaders, and two provincial departments.
 */
export const PASSWORD = 'MatKhau#2026';

export const ORG = {
  agencies: [
    { code: 'BGDĐT', name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' },
    { code: 'SGDĐT-DL', name: 'Sở Giáo dục và Đào tạo Đắk Lắk', level: 'department' },
    { code: 'SGDĐT-HN', name: 'Sở Giáo dục và Đào tạo Hà Nội', level: 'department' },
  ],
  units: [
    { code: 'QLCL', agencyCode: 'BGDĐT', name: 'Cục Quản lý chất lượng', supervisor: 'thuong.pn' },
    { code: 'GDTrH', agencyCode: 'BGDĐT', name: 'Vụ Giáo dục Trung học', supervisor: 'thuong.pn' },
    { code: 'CNTT', agencyCode: 'BGDĐT', name: 'Cục Công nghệ thông tin', supervisor: 'phuc.hm' },
    { code: 'TTr', agencyCode: 'BGDĐT', name: 'Thanh tra' },
    { code: 'VP', agencyCode: 'BGDĐT', name: 'Văn phòng' },
    { code: 'KT', agencyCode: 'SGDĐT-DL', name: 'Phòng Khảo thí và Kiểm định chất lượng', supervisor: 'pgd.dl' },
    { code: 'VP', agencyCode: 'SGDĐT-DL', name: 'Văn phòng Sở' },
    { code: 'QLCL', agencyCode: 'SGDĐT-HN', name: 'Phòng Quản lý chất lượng' },
  ],
  users: [
    { username: 'son.nk', fullName: 'Nguyễn Kim Sơn', agencyCode: 'BGDĐT', position: 'head', title: 'Bộ trưởng' },
    { username: 'thuong.pn', fullName: 'Phạm Ngọc Thưởng', agencyCode: 'BGDĐT', position: 'deputy_head', title: 'Thứ trưởng' },
    { username: 'phuc.hm', fullName: 'Hoàng Minh Phúc', agencyCode: 'BGDĐT', position: 'deputy_head', title: 'Thứ trưởng' },
    { username: 'an.nv', fullName: 'Nguyễn Văn An', agencyCode: 'BGDĐT', unitCode: 'QLCL', position: 'officer', title: 'Chuyên viên' },
    { username: 'binh.tt', fullName: 'Trần Thị Bình', agencyCode: 'BGDĐT', unitCode: 'QLCL', position: 'officer', title: 'Chuyên viên chính' },
    { username: 'chinh.hv', fullName: 'Huỳnh Văn Chính', agencyCode: 'BGDĐT', unitCode: 'QLCL', position: 'unit_head', title: 'Cục trưởng' },
    { username: 'dung.lt', fullName: 'Lê Thị Dung', agencyCode: 'BGDĐT', unitCode: 'GDTrH', position: 'unit_head', title: 'Vụ trưởng' },
    { username: 'em.pv', fullName: 'Phạm Văn Em', agencyCode: 'BGDĐT', unitCode: 'GDTrH', position: 'officer', title: 'Chuyên viên' },
    { username: 'giang.tt', fullName: 'Trịnh Thu Giang', agencyCode: 'BGDĐT', unitCode: 'CNTT', position: 'unit_head', title: 'Cục trưởng' },
    { username: 'hai.nt', fullName: 'Ngô Thanh Hải', agencyCode: 'BGDĐT', unitCode: 'TTr', position: 'unit_head', title: 'Chánh Thanh tra' },
    { username: 'khanh.vt', fullName: 'Vũ Thị Khánh', agencyCode: 'BGDĐT', unitCode: 'VP', position: 'clerk', title: 'Văn thư' },
    { username: 'long.vp', fullName: 'Đỗ Long', agencyCode: 'BGDĐT', unitCode: 'VP', position: 'unit_head', title: 'Chánh Văn phòng' },
    { username: 'gd.dl', fullName: 'Y Bhim Niê', agencyCode: 'SGDĐT-DL', position: 'head', title: 'Giám đốc' },
    { username: 'pgd.dl', fullName: 'Nguyễn Thị Mai', agencyCode: 'SGDĐT-DL', position: 'deputy_head', title: 'Phó Giám đốc' },
    { username: 'kt.dl', fullName: 'H’Linh Mlô', agencyCode: 'SGDĐT-DL', unitCode: 'KT', position: 'officer', title: 'Chuyên viên' },
    { username: 'vt.dl', fullName: 'Lò Văn Tú', agencyCode: 'SGDĐT-DL', unitCode: 'VP', position: 'clerk', title: 'Văn thư' },
    { username: 'cv.hn', fullName: 'Phan Quốc Việt', agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', position: 'officer', title: 'Chuyên viên' },
  ].map((u) => ({ ...u, password: PASSWORD })),
};

/** Imports ORG and logs everybody in (admin too). */
export async function seedOrg(base: string): Promise<ApiClient> {
  const c = new ApiClient(base);
  await c.login('admin', ADMIN_PASSWORD);
  const r = await c.as('admin').put('/api/org', ORG);
  if (r.status !== 200) throw new Error(`PUT /api/org: ${r.status} ${JSON.stringify(r.body)}`);
  await Promise.all(ORG.users.map((u) => c.login(u.username, PASSWORD)));
  return c;
}

/** Creates a KH and takes it to `awaiting_signature` with thuong.pn (KT) as signer. */
export async function documentAwaitingSignature(c: ApiClient, title = 'Kế hoạch thi', type = 'KH', signer = 'thuong.pn') {
  const doc = (await c.as('an.nv').post('/api/documents', { type, title })).body;
  if (type !== 'GM' && type !== 'CV') {
    expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(doc.id, { type: 'GIVE_OPINION', agree: true }));
  }
  const authority = signer === 'son.nk' ? null : 'KT';
  const r = await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer, signingAuthority: authority });
  expectOk(r);
  return r.body;
}

export function expectOk(r: { status: number; body: unknown }): void {
  if (r.status !== 200 && r.status !== 201) throw new Error(`expected success, got ${r.status}: ${JSON.stringify(r.body)}`);
}
