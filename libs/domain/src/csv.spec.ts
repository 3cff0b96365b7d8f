import { csvCell, toCsv } from './csv';

describe('CSV', () => {
  it('neutralises a text cell a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","bấm")')).toBe(`"'=HYPERLINK(""http://x"",""bấm"")"`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).replace(/^"/, '')[0]).toBe("'");
    expect(csvCell('Kế hoạch -2027')).toBe('Kế hoạch -2027');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('quotes what needs quoting, with a BOM and CRLF lines', () => {
    expect(toCsv(['Số', 'Trích yếu'], [[1, 'a, b'], [2, 'say "x"']])).toBe('\uFEFFSố,Trích yếu\r\n1,"a, b"\r\n2,"say ""x"""\r\n');
  });
});
