/** Examples for the OpenAPI documentation, in the shapes the API answers. */
export const DOCUMENT_EXAMPLE = {
  id: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10',
  type: 'KH',
  title: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027',
  body: 'Căn cứ Quy chế thi tốt nghiệp THPT…',
  urgency: 'urgent',
  state: 'signed',
  version: 6,
  agencyCode: 'BGDĐT',
  unitCode: 'QLCL',
  drafter: 'an.nv',
  signer: 'thuong.pn',
  signingAuthority: 'KT',
  number: '01/KH-BGDĐT',
  issuedAt: '2027-01-05T03:12:44.120Z',
  signatureBlock: 'KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng',
  consultations: [
    { agencyCode: 'BGDĐT', unitCode: 'TTr', status: 'agreed', comment: 'Thống nhất', answeredAt: '2027-01-03T08:00:00.000Z', answeredBy: 'hai.nt' },
    { agencyCode: 'BGDĐT', unitCode: 'CNTT', status: 'silent', comment: null, answeredAt: '2027-01-04T16:59:59.999Z', answeredBy: null },
  ],
  consultationDeadline: '2027-01-04T16:59:59.999Z',
  signatureDeadline: '2027-01-07T16:59:59.999Z',
  disseminationDeadline: '2027-01-06T16:59:59.999Z',
  recipients: [],
  reportDeadline: null,
  closingSummary: null,
  workflow: { id: 'ke-hoach', version: 1 },
  availableEvents: ['DISSEMINATE'],
  createdAt: '2027-01-02T02:00:00.000Z',
  updatedAt: '2027-01-05T03:12:44.120Z',
};

export const HISTORY_EXAMPLE = [
  {
    seq: 1,
    event: 'CREATE',
    from: null,
    to: 'draft',
    actor: 'an.nv',
    onBehalfOf: null,
    at: '2027-01-02T02:00:00.000Z',
    payload: { type: 'KH', title: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027', urgency: 'urgent' },
    prevHash: '0000000000000000000000000000000000000000000000000000000000000000',
    hash: '9f2c…',
  },
];

export const ERROR_409_EXAMPLE = {
  statusCode: 409,
  error: 'Conflict',
  message: 'Sự kiện DISSEMINATE không được phép ở trạng thái "awaiting_signature"; các sự kiện được phép: SIGN, RETURN, WITHDRAW',
  code: 'TRANSITION_NOT_ALLOWED',
  state: 'awaiting_signature',
  allowedEvents: ['SIGN', 'RETURN', 'WITHDRAW'],
};

export const ERROR_400_EXAMPLE = {
  statusCode: 400,
  error: 'Bad Request',
  message: ['title must be shorter than or equal to 1000 characters', 'property colour should not exist'],
};

export const USER_EXAMPLE = {
  username: 'thuong.pn',
  fullName: 'Phạm Ngọc Thưởng',
  agencyCode: 'BGDĐT',
  unitCode: null,
  position: 'deputy_head',
  title: 'Thứ trưởng',
  email: 'thuong.pn@moet.gov.vn',
};
