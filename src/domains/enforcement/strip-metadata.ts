import { invalid } from '../../platform/errors.js';

/** A file with its identifying metadata removed, and what was removed (for the investigator's record). */
export interface Stripped {
  data: Buffer;
  removed: string[];
}

/**
 * Removes what could identify a reporter from an upload before it is stored: JPEG application segments (Exif
 * with camera serials and GPS, XMP, IPTC, ICC) and comments; PNG text, time and Exif chunks; the PDF document
 * information dictionary and XMP metadata stream. A file we cannot clean is refused whole (fail closed).
 */
export function stripMetadata(contentType: string, data: Buffer): Stripped {
  switch (contentType) {
    case 'image/jpeg':
      return stripJpeg(data);
    case 'image/png':
      return stripPng(data);
    case 'application/pdf':
      return stripPdf(data);
    case 'text/plain':
    case 'text/csv':
      return { data, removed: [] };
    default:
      throw invalid({ file: `type ${contentType} is not accepted; send PDF, PNG, JPEG or plain text` });
  }
}

const JPEG_NAMES: Record<number, string> = { 0xe1: 'APP1 (Exif/XMP)', 0xe2: 'APP2 (ICC/FlashPix)', 0xed: 'APP13 (IPTC/Photoshop)', 0xfe: 'COM (comment)' };

function stripJpeg(b: Buffer): Stripped {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw invalid({ file: 'is not a JPEG image' });
  const out: Buffer[] = [b.subarray(0, 2)];
  const removed: string[] = [];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw invalid({ file: 'is a damaged JPEG image (no marker where one was expected); nothing was stored' });
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) {
      // End of image, or start of scan: the compressed image data follows; no metadata segments come after it.
      out.push(b.subarray(i));
      return { data: Buffer.concat(out), removed };
    }
    if (i + 4 > b.length) break;
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) break;
    const segment = b.subarray(i, i + 2 + len);
    // APP0 (JFIF) and APP14 (Adobe colour transform) carry no personal data and are needed to decode.
    const isMeta = (marker >= 0xe1 && marker <= 0xef && marker !== 0xee) || marker === 0xfe;
    if (isMeta) removed.push(`JPEG ${JPEG_NAMES[marker] ?? `APP${marker - 0xe0}`} segment`);
    else out.push(segment);
    i += 2 + len;
  }
  throw invalid({ file: 'is a truncated JPEG image; nothing was stored' });
}

/** Chunks needed to show the image as drawn; everything else (tEXt, zTXt, iTXt, eXIf, tIME, private chunks) goes. */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT']);

function stripPng(b: Buffer): Stripped {
  const out: Buffer[] = [b.subarray(0, 8)];
  const removed: string[] = [];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i);
    const type = b.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + len;
    if (end > b.length) break;
    if (PNG_KEEP.has(type)) out.push(b.subarray(i, end));
    else removed.push(`PNG ${type} chunk`);
    i = end;
    if (type === 'IEND') return { data: Buffer.concat(out), removed };
  }
  throw invalid({ file: 'is a damaged or truncated PNG image; nothing was stored' });
}

/**
 * PDFs: blanks, in place and at the same length (so the cross-reference offsets stay right), every string in
 * each document information dictionary and the bytes of each XMP metadata stream, and the catalog's reference to
 * it. A PDF whose information dictionary sits inside a compressed object stream cannot be cleaned this way and
 * is refused.
 */
function stripPdf(input: Buffer): Stripped {
  const b = Buffer.from(input);
  const text = b.toString('latin1');
  const removed: string[] = [];
  const infoRefs = new Set([...text.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R/g)].map((m) => `${m[1]} ${m[2]}`));
  for (const ref of infoRefs) {
    for (const [start, end] of objectRanges(text, ref)) {
      blankStrings(b, start, end);
      // Values may themselves be indirect string objects (`/Author 13 0 R`, as pdfkit writes them).
      for (const v of text.slice(start, end).matchAll(/\/\w+\s+(\d+)\s+(\d+)\s+R/g)) for (const [s, e] of objectRanges(text, `${v[1]} ${v[2]}`)) blankStrings(b, s, e);
    }
    removed.push('PDF document information (author, creator, producer, title, dates)');
  }
  // Inline /Author (...) etc. anywhere else uncompressed (e.g. an information dictionary written directly in the trailer).
  for (const m of text.matchAll(/\/(Author|Creator|Producer|Title|Subject|Keywords|CreationDate|ModDate)\s*(?=[(<])/g)) blankStrings(b, m.index! + m[0].length, nextValueEnd(text, m.index! + m[0].length));
  for (const m of text.matchAll(/\/Metadata\s+\d+\s+\d+\s+R/g)) {
    b.fill(0x20, m.index!, m.index! + m[0].length);
    removed.push('PDF catalog reference to XMP metadata');
  }
  for (const m of text.matchAll(/\/Type\s*\/Metadata\b/g)) {
    const s = text.indexOf('stream', m.index!);
    const e = text.indexOf('endstream', s);
    if (s < 0 || e < 0) continue;
    const dataStart = s + (text.startsWith('stream\r\n', s) ? 8 : 7);
    b.fill(0x20, dataStart, e);
    removed.push('PDF XMP metadata stream');
  }
  if (/\/ObjStm\b/.test(text) && /\/Type\s*\/ObjStm[\s\S]*?\/Author/.test(text)) throw invalid({ file: 'is a PDF with compressed metadata we cannot remove; nothing was stored' });
  return { data: b, removed: [...new Set(removed)] };
}

/** The byte ranges (after `obj`, before `endobj`) of every definition of object `num gen`; refuses the file when there is none. */
function objectRanges(text: string, ref: string): [number, number][] {
  const [num, gen] = ref.split(' ');
  const found = [...text.matchAll(new RegExp(`(?:^|[^\\d])${num}\\s+${gen}\\s+obj\\b`, 'g'))];
  if (!found.length) throw invalid({ file: 'is a PDF whose document information is compressed; we cannot remove its metadata. Print it to a new PDF or send images instead; nothing was stored' });
  return found.map((m) => {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) throw invalid({ file: 'is a damaged PDF; nothing was stored' });
    return [start, end];
  });
}

/** Where the string value starting at `from` ends (one literal or hex string). */
function nextValueEnd(text: string, from: number): number {
  if (text[from] === '<') return text.indexOf('>', from) + 1;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Replaces the contents of every literal `( … )` and hex `< … >` string between start and end with spaces or zeros. */
function blankStrings(b: Buffer, start: number, end: number) {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (depth > 0) {
      if (c === 0x5c) {
        b[i] = 0x20;
        if (i + 1 < end) b[++i] = 0x20;
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        depth--;
        if (depth === 0) continue;
      }
      b[i] = 0x20;
    } else if (c === 0x28) depth = 1;
    else if (c === 0x3c && b[i + 1] !== 0x3c && b[i - 1] !== 0x3c) {
      const close = b.indexOf(0x3e, i);
      if (close < 0 || close > end) continue;
      b.fill(0x30, i + 1, close);
      i = close;
    }
  }
}
