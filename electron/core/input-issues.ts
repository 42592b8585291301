// What a refused input says to a person. zod's own text ("contentBase64: Too big: expected string to
// have <=100000 characters") names a variable and speaks English; here every issue names the field in
// Vietnamese words and the limit in the user's units (a file's size in KB, not base64 characters).

import type { z } from 'zod';

/** The contract's field names as people call them; a name not here is described as "dữ liệu". */
const FIELD_WORDS: Record<string, string> = {
  contentBase64: 'tệp', chunkBase64: 'phần tệp', sigBase64: 'tệp chữ ký', fileName: 'tên tệp', sigFileName: 'tên tệp chữ ký',
  size: 'kích thước tệp', name: 'tên', agency: 'cơ quan', role: 'chức vụ', kind: 'vai trò', year: 'năm',
  issuer: 'cơ quan ban hành', decisionNo: 'số quyết định', decisionDate: 'ngày quyết định', campaignId: 'đợt đánh giá',
  unitCode: 'mã đơn vị', criterionCode: 'mã tiêu chí', code: 'mã', originalCode: 'mã cũ', groupCode: 'nhóm', pointsMilli: 'điểm',
  reason: 'lý do', text: 'nội dung', answer: 'nội dung trả lời', areas: 'lĩnh vực', units: 'đơn vị', memberUid: 'thành viên',
  forMember: 'thành viên', password: 'mật khẩu', secret: 'mật khẩu hoặc mã PIN', policy: 'cách tổng hợp', keep: 'số bản sao lưu giữ lại',
  divergenceMilli: 'ngưỡng chênh lệch', selfGapMilli: 'ngưỡng chênh lệch với điểm tự đánh giá', groups: 'các nhóm', bands: 'các mức xếp loại',
  label: 'tên mức', fromHundredths: 'ngưỡng chỉ số', offset: 'vị trí', limit: 'số dòng', from: 'từ ngày', to: 'đến ngày', format: 'định dạng',
  annex: 'phụ lục', module: 'thư viện token', slot: 'khe token', keyId: 'mã khóa', identityId: 'danh tính ký', evidenceId: 'tài liệu kiểm chứng',
  uploadId: 'lượt tải lên', path: 'đường dẫn tệp', fileToken: 'tệp đã chọn', purpose: 'loại tệp cần chọn', source: 'nguồn', notApplicable: 'không áp dụng', recused: 'không tham gia',
};

/** Fields holding a file as base64: their limit is told as the file's size. */
const BASE64_FIELDS = new Set(['contentBase64', 'chunkBase64', 'sigBase64']);

const fieldOf = (path: PropertyKey[]): string => {
  const named = [...path].reverse().find((p): p is string => typeof p === 'string');
  return named ?? '';
};

const words = (field: string): string => FIELD_WORDS[field] ?? 'dữ liệu';
const capital = (text: string): string => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
const number = (n: number | bigint): string => Number(n).toLocaleString('vi-VN');

const isOwnWording = (message: string): boolean => message !== '' && !/^(Invalid|Too|Expected)\b/.test(message);

/** One issue as a sentence. */
export function describeInputIssue(issue: z.core.$ZodIssue): string {
  const field = fieldOf(issue.path);
  const what = words(field);
  switch (issue.code) {
    case 'too_big': {
      if (BASE64_FIELDS.has(field)) return `Tệp quá lớn (tối đa ${number(Math.floor((Number(issue.maximum) * 3) / 4 / 1024))} KB)`;
      if (issue.origin === 'string') return `${capital(what)} quá dài (tối đa ${number(issue.maximum)} ký tự)`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Quá nhiều ${what} (tối đa ${number(issue.maximum)})`;
      return `${capital(what)} quá lớn (tối đa ${number(issue.maximum)})`;
    }
    case 'too_small': {
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `Chưa nhập ${what}` : `${capital(what)} quá ngắn (ít nhất ${number(issue.minimum)} ký tự)`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Cần ít nhất ${number(issue.minimum)} ${what}`;
      return `${capital(what)} quá nhỏ (ít nhất ${number(issue.minimum)})`;
    }
    case 'invalid_type':
      return issue.input === undefined ? `Thiếu ${what}` : `${capital(what)} không đúng kiểu dữ liệu`;
    case 'invalid_format':
      // The contract words some formats itself ('cần đường dẫn đầy đủ'); zod's own words are English.
      return isOwnWording(issue.message) ? `${capital(what)}: ${issue.message}` : `${capital(what)} không đúng định dạng`;
    case 'invalid_union': {
      // Say what the first alternative (the usual one) lacks, not that no alternative fitted.
      const first = issue.errors[0]?.[0];
      return first ? describeInputIssue({ ...first, path: [...issue.path, ...first.path] }) : `${capital(what)} không hợp lệ`;
    }
    case 'invalid_value':
      return `${capital(what)} không thuộc các giá trị cho phép`;
    case 'not_multiple_of':
      return `${capital(what)} phải là số nguyên`;
    case 'unrecognized_keys':
      return `Có trường không được nhận (${issue.keys.join(', ')})`;
    default:
      return `${capital(what)} không hợp lệ`;
  }
}

/** All issues of one refused input, each once, as one message. */
export function describeInputIssues(issues: readonly z.core.$ZodIssue[]): string {
  const sentences = [...new Set(issues.map(describeInputIssue))];
  return sentences.length === 1 ? `${sentences[0]}.` : `Dữ liệu gửi lên không hợp lệ: ${sentences.join('; ')}.`;
}
