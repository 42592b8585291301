// The backend's messages come from one catalogue: keys with typed params, rendered to Vietnamese,
// and no `new AppError(` in electron/** writes its sentence in place.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { AppError, renderMessage } from '../../shared/errors.js';
import { vi as backend } from '../../shared/messages/vi.js';
import { isMessageKey } from '../../shared/messages/index.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * Files still allowed to write a sentence in `new AppError(code, '…')` (the transitional form, a
 * sentence with a space). Empty now: a file added here must be converted and removed, never kept.
 */
const EXEMPT: readonly string[] = [];

test('a key renders its params into the Vietnamese sentence', () => {
  assert.equal(renderMessage('unit.notFound', { unitCode: 'SNV' }), 'Không tìm thấy đơn vị "SNV" trong đợt đánh giá.');
  assert.equal(renderMessage('upload.outOfOrder', { fileName: 'a.pdf', received: 10, offset: 20 }),
    'Phần tải lên của "a.pdf" không đúng thứ tự: cần vị trí 10, nhận được 20.');
  const error = new AppError('not_found', 'unit.notFound', { unitCode: 'SNV' });
  assert.equal(error.message, 'Không tìm thấy đơn vị "SNV" trong đợt đánh giá.');
  assert.deepEqual(error.toShape(), { code: 'not_found', message: error.message, key: 'unit.notFound', params: { unitCode: 'SNV' } });
});

test('a key with no placeholder needs no params; issues follow the params', () => {
  const issues = [{ sheet: 'Đơn vị', row: 3, column: null, message: 'thiếu mã' }];
  const error = new AppError('import_invalid', 'campaign.contentInvalid', {}, issues);
  assert.equal(error.message, 'Dữ liệu đợt đánh giá không hợp lệ; chưa có gì được ghi.');
  assert.deepEqual(error.toShape().issues, issues);
  assert.deepEqual(new AppError('not_found', 'campaign.none').params, {});
});

test('an unknown key or wrong params is a type error', () => {
  // Never called: the lines only have to fail the type check (tsc runs over test/).
  const mistakes = () => [
    // @ts-expect-error — no such key
    new AppError('not_found', 'unit.notFund', { unitCode: 'X' }),
    // @ts-expect-error — the key needs {unitCode}
    new AppError('not_found', 'unit.notFound', { code: 'X' }),
    // @ts-expect-error — params left out
    new AppError('not_found', 'unit.notFound'),
    // @ts-expect-error — a key without placeholders takes no params
    new AppError('not_found', 'campaign.none', { extra: 1 }),
  ];
  assert.equal(typeof mistakes, 'function');
});

test('an error rebuilt from its shape (across a thread or a door) keeps key and params', () => {
  const shape = new AppError('import_invalid', 'workbook.campaignInvalid', { count: 2 }, []).toShape();
  const again = AppError.fromShape(JSON.parse(JSON.stringify(shape)) as typeof shape);
  assert.deepEqual(again.toShape(), shape);
  const bare = AppError.fromShape({ code: 'internal', message: 'Có lỗi.' });
  assert.equal(bare.message, 'Có lỗi.');
  assert.equal(bare.key, 'unkeyed');
});

test('every placeholder a template names is a plain word, and every text has Vietnamese diacritics', () => {
  for (const [key, text] of Object.entries(backend)) {
    for (const m of text.matchAll(/\{([^}]*)\}/g)) assert.match(m[1]!, /^\w+$/, `${key}: placeholder {${m[1]}}`);
    if (!/^\{\w+\}$/.test(text)) assert.match(text, /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i, key);
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The message argument's literal strings that are not catalogue keys (a ternary of keys is fine). */
function sentences(node: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(node)) return sentences(node.expression);
  if (ts.isConditionalExpression(node)) return [...sentences(node.whenTrue), ...sentences(node.whenFalse)];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return isMessageKey(node.text) ? [] : [node.text];
  if (ts.isTemplateExpression(node)) return [node.getText()];
  return [];
}

test('no new AppError( in electron/** or shared/** writes its sentence in place of a key', () => {
  const found: string[] = [];
  const used = new Set<string>();
  for (const file of [...sourceFiles(join(root, 'electron')), ...sourceFiles(join(root, 'shared'))]) {
    const name = relative(root, file).replaceAll('\\', '/');
    const text = readFileSync(file, 'utf8');
    if (!name.startsWith('shared/messages/')) for (const m of text.matchAll(/'([\w.]+)'/g)) used.add(m[1]!);
    if (EXEMPT.includes(name) || !text.includes('new AppError(')) continue;
    const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText() === 'AppError' && node.arguments && node.arguments.length >= 2) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        for (const s of sentences(node.arguments[1]!)) found.push(`${name}:${line}: ${s.slice(0, 80)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(found, [], 'sentences written in place of a catalogue key');
  // A key nobody throws any more is dead text; 'unkeyed' is used by AppError itself.
  const unused = Object.keys(backend).filter((k) => !used.has(k));
  assert.deepEqual(unused, [], 'catalogue keys no code uses');
});
