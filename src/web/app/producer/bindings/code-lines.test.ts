import { describe, expect, it } from 'vitest';
import { codeLines, csvCells, indexOf, withoutField } from './code-lines.ts';

describe('codes from pasted text and files', () => {
  it('takes one code a line, leaving out blank lines and spaces around', () => {
    expect(codeLines('A1\r\n\n  B2 \rC3\n')).toEqual(['A1', 'B2', 'C3']);
    expect(codeLines('')).toEqual([]);
  });

  it('keeps a Digital Link or an element string whole (no header: not a CSV)', () => {
    expect(codeLines('https://id.example.cn/01/06901234567892/21/A1?x=1,2\n(01)06901234567892(21)A1')).toEqual(['https://id.example.cn/01/06901234567892/21/A1?x=1,2', '(01)06901234567892(21)A1']);
  });

  it('takes the column headed code from a CSV (the issuance CSV), quotes removed', () => {
    expect(codeLines('\uFEFFseq,code,digitalLink\n0,"(01)06901234567892(21)A1",https://x/1\n1,(01)06901234567892(21)A2,https://x/2\n')).toEqual(['(01)06901234567892(21)A1', '(01)06901234567892(21)A2']);
    expect(codeLines('序号,追溯码\n1,X1\n')).toEqual(['X1']);
  });

  it('takes the first column of a CSV file without a header', () => {
    expect(codeLines('X1,a\nX2,b\n', { csv: true })).toEqual(['X1', 'X2']);
  });

  it('reads quoted cells with commas and doubled quotes', () => {
    expect(csvCells('"a,b","say ""hi""", c ')).toEqual(['a,b', 'say "hi"', 'c']);
  });

  it('takes the field off a field error, in either language', () => {
    expect(withoutField('codes[2]', 'codes[2]: the value X is repeated.')).toBe('the value X is repeated.');
    expect(withoutField('codes[2]', 'codes[2]：重复的值 X。')).toBe('重复的值 X。');
    expect(withoutField('codes[2]', 'something else')).toBe('something else');
    expect(indexOf('codes[12]', 'codes')).toBe(12);
    expect(indexOf('children[0]', 'codes')).toBeUndefined();
  });
});
