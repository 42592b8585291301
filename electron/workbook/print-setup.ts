// SheetJS CE writes no page setup: wide tables would print across many portrait pages. This adds A4
// landscape, fit to one page wide, to every worksheet of a workbook SheetJS wrote (margins must be set,
// so the <pageMargins> element the setup follows is there).

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export const PRINT_MARGINS = { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

export function landscapeFitToWidth(xlsx: Uint8Array): Buffer {
  const files = unzipSync(xlsx);
  for (const name of Object.keys(files)) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    let xml = strFromU8(files[name]!);
    if (!xml.includes('<pageMargins') || xml.includes('<pageSetup')) continue;
    xml = xml
      .replace(/(<worksheet\b[^>]*>)/, '$1<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
      .replace(/(<pageMargins\b[^>]*\/>)/, '$1<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
    files[name] = strToU8(xml);
  }
  return Buffer.from(zipSync(files));
}
