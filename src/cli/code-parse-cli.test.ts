import { describe, expect, it } from 'vitest';
import { runYima } from '../../test/process.ts';

describe('yima code parse', () => {
  it('prints one JSON object and exits 0 for a valid code, and the error with its position and exit 1 for an invalid one', async () => {
    const good = runYima(['code', 'parse', ']d201069012345678921124101810LOT123\u001d21SN0001'], { YIMA_PUBLIC_URL: 'https://trace.example.cn' });
    expect(await good.exited).toBe(0);
    expect(JSON.parse(good.output())).toEqual({
      scheme: 'gs1',
      canonical: '(01)06901234567892(11)241018(10)LOT123(21)SN0001',
      digitalLink: 'https://trace.example.cn/01/06901234567892/10/LOT123/21/SN0001?11=241018',
      elements: [
        { ai: '01', name: 'GTIN', value: '06901234567892' },
        { ai: '11', name: 'PROD DATE', value: '241018' },
        { ai: '10', name: 'BATCH/LOT', value: 'LOT123' },
        { ai: '21', name: 'SERIAL', value: 'SN0001' },
      ],
    });
    const bad = runYima(['code', 'parse', '91350100M000100Y4Y'], {});
    expect(await bad.exited).toBe(1);
    expect(JSON.parse(bad.output())).toMatchObject({ error: expect.stringContaining('3'), position: 18 });
  });

  it('says the error in the terminal\'s language (LC_ALL / LANG), or in the one --lang names, with a stable code', async () => {
    const zh = runYima(['code', 'parse', '91350100M000100Y4Y'], { LANG: 'zh_CN.UTF-8' });
    expect(await zh.exited).toBe(1);
    expect(JSON.parse(zh.output())).toEqual({ error: '校验码（第 18 个字符）应为 3，不是 Y', position: 18, code: 'uscc_check_character' });
    const en = runYima(['code', 'parse', '91350100M000100Y4Y', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' });
    expect(await en.exited).toBe(1);
    expect(JSON.parse(en.output())).toEqual({ error: 'the check character (position 18) should be 3, not Y', position: 18, code: 'uscc_check_character' });
  });
});
