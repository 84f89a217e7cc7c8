import PDFDocument from 'pdfkit';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// An embedded Unicode font (DejaVu Sans, see fonts/LICENSE.txt): the standard PDF fonts cannot show Cyrillic, Greek or
// Arabic party names.
const FONTS = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
const REGULAR = join(FONTS, 'DejaVuSans.ttf');
const BOLD = join(FONTS, 'DejaVuSans-Bold.ttf');

export interface LetterSection {
  heading?: string;
  lines: string[];
}

/** Renders a simple letter (title, sections of text, optional table) to a PDF buffer. */
export function renderLetter(input: { title: string; subtitle?: string; sections: LetterSection[]; table?: { headers: string[]; rows: string[][] }; footer?: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: input.title, Author: 'Clearway' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('Body', REGULAR);
    doc.registerFont('Body-Bold', BOLD);
    doc.font('Body-Bold').fontSize(18).text(input.title);
    if (input.subtitle) doc.moveDown(0.3).font('Body').fontSize(11).fillColor('#444').text(input.subtitle).fillColor('#000');
    doc.moveDown();
    for (const s of input.sections) {
      if (s.heading) doc.font('Body-Bold').fontSize(12).text(s.heading).moveDown(0.2);
      doc.font('Body').fontSize(10);
      for (const l of s.lines) doc.text(l);
      doc.moveDown(0.8);
    }
    if (input.table) {
      const widths = input.table.headers.map(() => (doc.page.width - 100) / input.table!.headers.length);
      const row = (cells: string[], bold: boolean) => {
        const y = doc.y;
        doc.font(bold ? 'Body-Bold' : 'Body').fontSize(9);
        let x = 50;
        let h = 0;
        cells.forEach((c, i) => {
          doc.text(c, x, y, { width: widths[i] - 6 });
          h = Math.max(h, doc.y - y);
          x += widths[i];
        });
        doc.x = 50;
        doc.y = y + h + 4;
      };
      row(input.table.headers, true);
      for (const r of input.table.rows) row(r, false);
      doc.moveDown();
    }
    if (input.footer) doc.font('Body').fontSize(8).fillColor('#555').text(input.footer, 50);
    doc.end();
  });
}
