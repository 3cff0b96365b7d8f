import PDFDocument from 'pdfkit';
import { MARGIN, MM, faces } from './render';

const WIDTH = 210 * MM - MARGIN.left - MARGIN.right;

/** What a phiếu giải quyết văn bản đến says (Nghị định 30 Phụ lục IV, VII). */
export interface Slip {
  agency: string;
  /** "Kế hoạch số 01/KH-BGDĐT ngày 05/03/2027 của Bộ Giáo dục và Đào tạo" */
  document: string;
  summary: string;
  incomingNumber: number | null;
  receivedAt: string;
  /** 1. The agency leader's distribution. */
  leader: { lead: string; cooperating: string[]; info: string[]; deadline: string | null; instruction: string | null; by: string; at: string } | null;
  /** 2. The unit leader's: to whom in the unit, by when, their opinion. */
  unitLeader: { to: string; deadline: string | null; opinion: string; by: string; at: string } | null;
  /** 3. What the handlers proposed and did, each with its date. */
  handling: Array<{ by: string; at: string; text: string }>;
}

/**
 * The slip as Phụ lục IV VII lays it out: the title and the document it is
 * for, then 1. the agency leader's opinion (lead, cooperating, deadline,
 * date), 2. the unit leader's, 3. the handler's proposals; A4, Tinos.
 */
export async function renderSlip(slip: Slip, at: Date): Promise<Buffer> {
  const face = faces();
  const doc = new PDFDocument({ size: 'A4', margins: MARGIN, font: face.regular as unknown as string, info: { Title: 'Phiếu giải quyết văn bản đến', Creator: 'examflow', CreationDate: at, ModDate: at }, lang: 'vi-VN' });
  for (const [name, font] of Object.entries(face)) doc.registerFont(name, font as unknown as string);
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(parts)));
    doc.on('error', fail);
  });
  const left = MARGIN.left;
  doc.font('bold').fontSize(12).text(slip.agency.toLocaleUpperCase('vi-VN'), left, MARGIN.top, { width: WIDTH * 0.45, align: 'center' });
  doc.font('regular').fontSize(12).text(
    slip.incomingNumber !== null ? `Số đến: ${slip.incomingNumber}    Ngày đến: ${slip.receivedAt}` : `Ngày đến: ${slip.receivedAt}`,
    left + WIDTH * 0.45,
    MARGIN.top,
    { width: WIDTH * 0.55, align: 'center' },
  );
  doc.moveDown(2);
  doc.font('bold').fontSize(14).text('PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN', left, doc.y, { width: WIDTH, align: 'center' });
  doc.font('italic').fontSize(13).text(slip.document, { width: WIDTH, align: 'center' });
  doc.font('regular').fontSize(13).text(slip.summary, { width: WIDTH, align: 'center' });
  const rule = doc.y + 7;
  doc.save().lineWidth(0.6).moveTo(left + WIDTH / 2 - 40, rule).lineTo(left + WIDTH / 2 + 40, rule).stroke().restore();
  doc.y = rule + 14;

  const heading = (text: string) => {
    doc.moveDown(0.6);
    doc.font('bold').fontSize(13).text(text, left, doc.y, { width: WIDTH });
  };
  const line = (text: string) => doc.font('regular').fontSize(13).text(`- ${text}`, left + 14, doc.y, { width: WIDTH - 14 });
  heading('1. Ý kiến của lãnh đạo cơ quan, tổ chức');
  if (slip.leader) {
    line(`Giao đơn vị chủ trì: ${slip.leader.lead};`);
    if (slip.leader.cooperating.length) line(`Giao các đơn vị phối hợp giải quyết: ${slip.leader.cooperating.join('; ')};`);
    if (slip.leader.info.length) line(`Để biết: ${slip.leader.info.join('; ')};`);
    line(`Thời hạn giải quyết: ${slip.leader.deadline ?? 'không ấn định'};`);
    if (slip.leader.instruction) line(`Ý kiến chỉ đạo: ${slip.leader.instruction}`);
    line(`${slip.leader.by}, ngày ${slip.leader.at}.`);
  } else {
    line('Chưa phân phối.');
  }
  heading('2. Ý kiến của lãnh đạo đơn vị');
  if (slip.unitLeader) {
    line(`Giao cho: ${slip.unitLeader.to};`);
    if (slip.unitLeader.deadline) line(`Thời hạn giải quyết: ${slip.unitLeader.deadline};`);
    line(`Ý kiến: ${slip.unitLeader.opinion}`);
    line(`${slip.unitLeader.by}, ngày ${slip.unitLeader.at}.`);
  } else {
    line('Chưa giao cho cá nhân.');
  }
  heading('3. Ý kiến đề xuất của người giải quyết');
  if (slip.handling.length === 0) line('Chưa có.');
  for (const h of slip.handling) line(`${h.text} (${h.by}, ngày ${h.at})`);
  doc.end();
  return done;
}
