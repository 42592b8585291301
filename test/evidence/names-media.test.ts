import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryPathProblem, fileNameProblem } from '../../electron/evidence/names.js';
import { isPreviewable, mediaTypeOf, sniff } from '../../electron/evidence/media.js';

test('entry paths that escape, or that Windows cannot hold, are refused; ordinary Vietnamese names pass', () => {
  for (const ok of ['1.1.1/Kế hoạch CCHC năm 2025.pdf', '1.2/báo cáo (bản ký).docx', '1.1.1/', 'CONSOLE.pdf', 'con-tract.pdf', 'COM10.txt', 'a.b.c']) {
    assert.equal(entryPathProblem(ok), null, ok);
  }
  const cases: Array<[string, RegExp]> = [
    ['../x', /"\.\."/],
    ['a/../../x', /"\.\."/],
    ['/etc/passwd', /tuyệt đối/],
    ['C:/x', /ổ đĩa/],
    ['c:x', /ổ đĩa/],
    ['a\\b', /dấu "\\"/],
    ['CON', /"CON"/],
    ['1.1.1/con.pdf', /"CON"/],
    ['1.1.1/Nul.tar.gz', /"NUL"/],
    ['1.1.1/COM1', /"COM1"/],
    ['1.1.1/lpt9.txt', /"LPT9"/],
    ['1.1.1/COM\u00b9.txt', /thiết bị/],
    ['1.1.1/AUX .pdf', /"AUX"/],
    ['a\u0000b', /NUL/],
    ['a\u001fb', /điều khiển/],
    ['a\u007fb', /điều khiển/],
    ['1.1.1/a?.pdf', /Windows/],
    ['1.1.1/a:b.pdf', /Windows/],
    ['1.1.1/a.', /dấu chấm/],
    ['1.1.1//a.pdf', /trống/],
    ['./a.pdf', /"\.\."/],
    [`1.1.1/${'ệ'.repeat(90)}.pdf`, /255 byte/],
  ];
  for (const [path, pattern] of cases) assert.match(entryPathProblem(path) ?? 'accepted', pattern, path);
  assert.match(fileNameProblem('a/b.pdf') ?? '', /"\/"/);
  assert.equal(fileNameProblem('Quyết định số 12.pdf'), null);
});

test('media types come from the content for previewable kinds, from the name otherwise', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
  assert.equal(sniff(ascii('%PDF-1.7\n')), 'application/pdf');
  assert.equal(sniff(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)), 'image/png');
  assert.equal(sniff(bytes(0xff, 0xd8, 0xff, 0xe0)), 'image/jpeg');
  assert.equal(sniff(ascii('GIF89a....')), 'image/gif');
  assert.equal(sniff(ascii('GIF87a....')), 'image/gif');
  assert.equal(sniff(ascii('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ')), 'image/webp');
  assert.equal(sniff(ascii('RIFF\u0000\u0000\u0000\u0000WAVEfmt ')), null);
  assert.equal(sniff(ascii('%PD')), null);
  assert.equal(mediaTypeOf('scan.bin', ascii('%PDF-1.4')), 'application/pdf');
  assert.equal(mediaTypeOf('photo.jpg', ascii('<svg onload=alert(1)>')), 'application/octet-stream');
  assert.equal(mediaTypeOf('Tờ trình.DOCX', ascii('PK\u0003\u0004')), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(mediaTypeOf('no-extension', ascii('hello')), 'application/octet-stream');
  assert.equal(isPreviewable('application/pdf'), true);
  assert.equal(isPreviewable('image/webp'), true);
  assert.equal(isPreviewable('image/svg+xml'), false);
  assert.equal(isPreviewable('image/tiff'), false);
  assert.equal(isPreviewable('text/html'), false);
});
