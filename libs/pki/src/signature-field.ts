import {
  IncrementalUpdate,
  PdfDict,
  PdfStructureError,
  objectNumber,
  pageRefs,
  pdfDate,
  readDict,
  readXref,
  refsIn,
  textString,
  type Ref,
} from './pdf-objects';

/** An image the appearance draws (`/<name> Do`): RGB samples and their alpha, each Flate-compressed. */
export interface PdfImage {
  width: number;
  height: number;
  rgb: Buffer;
  alpha: Buffer | null;
}

/**
 * What a signature looks like on the page (Phụ lục I ô 7c, ô 8): a form
 * drawn in a `width` × `height` box (points, origin bottom-left), placed at
 * `rect` on page `page` (0-based; -1 the last).
 */
export interface SignatureAppearance {
  page: number;
  rect: [number, number, number, number];
  content: string;
  images?: Record<string, PdfImage>;
}

export interface SignatureDictionary {
  subFilter: string;
  reason: string;
  name: string;
  location: string;
  at: Date;
  /** Bytes reserved for the CMS. */
  contentsLength: number;
}

/** The placeholder @signpdf/signpdf fills: it replaces the ByteRange and the zeros of /Contents. */
const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 /********** /********** /**********]';

/**
 * Adds an empty signature field (its signature dictionary with a placeholder
 * for the CMS) as an incremental update: visible with `appearance`, else an
 * invisible one on the first page.
 */
export function addSignatureField(pdf: Buffer, sig: SignatureDictionary, appearance?: SignatureAppearance): Buffer {
  const xref = readXref(pdf);
  const update = new IncrementalUpdate(pdf, xref);
  const pages = pageRefs(pdf, xref);
  const pageIndex = appearance ? (appearance.page < 0 ? pages.length + appearance.page : appearance.page) : 0;
  const pageRef = pages[pageIndex];
  if (!pageRef) throw new PdfStructureError(`the file has no page ${pageIndex + 1}`);

  const rootRef = xref.trailer.get('Root')!;
  const root = readDict(pdf, xref, rootRef);
  const formValue = root.get('AcroForm');
  let form: PdfDict;
  let formNumber: number;
  if (formValue === undefined) {
    form = new PdfDict();
    formNumber = update.allocate();
    update.object(objectNumber(rootRef), root.set('AcroForm', `${formNumber} 0 R`));
  } else if (/^\d+\s+\d+\s+R$/.test(formValue)) {
    formNumber = objectNumber(formValue);
    form = readDict(pdf, xref, formValue);
  } else {
    // A form written inside the catalogue: moved to an object of its own.
    form = PdfDict.parse(formValue);
    formNumber = update.allocate();
    update.object(objectNumber(rootRef), root.set('AcroForm', `${formNumber} 0 R`));
  }
  const fields = refsIn(form.get('Fields'));

  const sigNumber = update.allocate();
  update.object(
    sigNumber,
    [
      '<<',
      '/Type /Sig',
      '/Filter /Adobe.PPKLite',
      `/SubFilter /${sig.subFilter}`,
      BYTE_RANGE_PLACEHOLDER,
      `/Contents <${'0'.repeat(sig.contentsLength * 2)}>`,
      `/Reason ${textString(sig.reason)}`,
      `/M ${pdfDate(sig.at)}`,
      `/Name ${textString(sig.name)}`,
      `/Location ${textString(sig.location)}`,
      '/Prop_Build << /Filter << /Name /Adobe.PPKLite >> /App << /Name /examflow >> >>',
      '>>',
    ].join('\n'),
  );

  const widgetNumber = update.allocate();
  const widget = new PdfDict()
    .set('Type', '/Annot')
    .set('Subtype', '/Widget')
    .set('FT', '/Sig')
    .set('T', textString(`Signature${fields.length + 1}`))
    .set('V', `${sigNumber} 0 R`)
    .set('F', '132') // Print, Locked
    .set('P', pageRef)
    .set('Rect', appearance ? `[${appearance.rect.map(num).join(' ')}]` : '[0 0 0 0]');
  if (appearance) widget.set('AP', `<< /N ${appearanceStream(update, appearance)} 0 R >>`);
  update.object(widgetNumber, widget);

  form.set('Fields', `[${[...fields, `${widgetNumber} 0 R`].join(' ')}]`).set('SigFlags', '3');
  update.object(formNumber, form);

  const page = readDict(pdf, xref, pageRef);
  const annots = page.get('Annots');
  if (annots !== undefined && /^\d+\s+\d+\s+R$/.test(annots)) {
    // The annotations in an array object of their own: a new version of that array.
    const text = arrayObject(pdf, xref, annots);
    update.object(objectNumber(annots), `[${[...refsIn(text), `${widgetNumber} 0 R`].join(' ')}]`);
  } else {
    update.object(objectNumber(pageRef), page.set('Annots', `[${[...refsIn(annots), `${widgetNumber} 0 R`].join(' ')}]`));
  }
  return update.finish();
}

/** Where each signature field sits: its page (0-based) and rectangle, in the order of the form. */
export function signatureFields(pdf: Buffer): Array<{ page: number; rect: [number, number, number, number] }> {
  const xref = readXref(pdf);
  const pages = pageRefs(pdf, xref);
  const root = readDict(pdf, xref, xref.trailer.get('Root')!);
  const formValue = root.get('AcroForm');
  if (formValue === undefined) return [];
  const form = /^\d+\s+\d+\s+R$/.test(formValue) ? readDict(pdf, xref, formValue) : PdfDict.parse(formValue);
  return refsIn(form.get('Fields')).flatMap((ref) => {
    const field = readDict(pdf, xref, ref);
    if (field.get('FT') !== '/Sig') return [];
    const rect = (field.get('Rect') ?? '').replace(/[[\]]/g, '').trim().split(/\s+/).map(Number);
    const page = pages.findIndex((p) => objectNumber(p) === objectNumber(field.get('P') ?? '0 0 R'));
    return rect.length === 4 && rect.every(Number.isFinite) ? [{ page, rect: rect as [number, number, number, number] }] : [];
  });
}

function appearanceStream(update: IncrementalUpdate, a: SignatureAppearance): number {
  const xobjects: string[] = [];
  for (const [name, image] of Object.entries(a.images ?? {})) {
    let smask = '';
    if (image.alpha) {
      const maskNumber = update.allocate();
      update.object(maskNumber, imageDict(image, '/DeviceGray', image.alpha.length), image.alpha);
      smask = ` /SMask ${maskNumber} 0 R`;
    }
    const imageNumber = update.allocate();
    update.object(imageNumber, imageDict(image, '/DeviceRGB', image.rgb.length, smask), image.rgb);
    xobjects.push(`/${name} ${imageNumber} 0 R`);
  }
  const [x1, y1, x2, y2] = a.rect;
  const content = Buffer.from(a.content, 'latin1');
  const n = update.allocate();
  update.object(
    n,
    `<< /Type /XObject /Subtype /Form /BBox [0 0 ${num(x2 - x1)} ${num(y2 - y1)}] /Resources << /XObject << ${xobjects.join(' ')} >> >> /Length ${content.length} >>`,
    content,
  );
  return n;
}

function imageDict(image: PdfImage, colorSpace: string, length: number, extra = ''): string {
  return `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace ${colorSpace} /BitsPerComponent 8 /Filter /FlateDecode${extra} /Length ${length} >>`;
}

function arrayObject(pdf: Buffer, xref: ReturnType<typeof readXref>, ref: Ref): string {
  const at = xref.offsets.get(objectNumber(ref));
  if (at === undefined) throw new PdfStructureError(`object ${ref} is not in the file`);
  const text = pdf.subarray(at, pdf.indexOf('endobj', at, 'latin1')).toString('latin1');
  return text.slice(text.indexOf('['), text.lastIndexOf(']') + 1);
}

function num(n: number): string {
  return Number(n.toFixed(2)).toString();
}
