import { describe, expect, it } from 'vitest';
import { freePort, runYima } from '../../test/process.ts';

// The whole `yima issue` against a running server (progress, CSV, a refused request) is in crash.test.ts.
describe('yima issue', () => {
  const args = (url: string) => ['issue', '--url', url, '--token', 'yk_test', '--product', '8f14e45f-ceea-467f-a0e6-7a8b6c1e1a11', '--lot', 'L1', '--date', '2026-11-25', '--quantity', '5'];

  it('says in one line, in the terminal\'s language, that a closed port cannot be reached, and exits 1', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const [en, zh] = [runYima(args(url), { LANG: 'en_US.UTF-8' }), runYima(args(url), { LANG: 'zh_CN.UTF-8' })];
    expect(await en.exited, en.output()).toBe(1);
    expect(en.output()).toBe(`Cannot reach ${url}: connect ECONNREFUSED 127.0.0.1:${port}\n`);
    expect(await zh.exited, zh.output()).toBe(1);
    expect(zh.output()).toBe(`无法连接 ${url}：connect ECONNREFUSED 127.0.0.1:${port}\n`);
  }, 120_000);

  it('refuses a --url that is not a URL with exit 1', async () => {
    const r = runYima(args('localhost8080'), { LANG: 'en_US.UTF-8' });
    expect(await r.exited, r.output()).toBe(1);
    expect(r.output()).toBe('--url: expected a URL such as http://localhost:8080, got localhost8080\n');
  }, 120_000);
});
