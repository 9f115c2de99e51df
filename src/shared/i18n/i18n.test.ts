import { describe, expect, it } from 'vitest';
import { bilingual, msg, negotiateLocale, t } from './i18n.ts';

// That both catalogs have every key, with the same parameters: catalog.test.ts.
describe('i18n', () => {
  it('negotiates Chinese first and English when asked', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLocale('fr-FR,en;q=0.5,zh;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('de')).toBe('zh-CN');
    expect(negotiateLocale('zh-TW;q=0.1,en;q=0.2')).toBe('en');
  });

  it('fills parameters and leaves missing ones visible', () => {
    expect(t('en', 'field.too_short', { field: 'name', limit: 3 })).toBe('name: expected at least 3 characters.');
    expect(t('zh-CN', 'field.too_short', { field: 'name' })).toBe('name：至少 {limit} 个字符。');
  });

  it('renders bilingual data, nested messages and lists of them in the same language', () => {
    const label = { zh: '额定电压', en: 'Rated voltage' };
    expect(t('en', 'field.attribute_type', { field: 'x', label, type: 'number' })).toBe('x: Rated voltage must be number.');
    expect(t('zh-CN', 'field.attribute_type', { field: 'x', label, type: 'number' })).toContain('额定电压');
    expect(t('en', 'problem.not_found.detail', { entity: msg('entity.product'), id: 'p1' })).toBe('No product "p1" was found, or you may not see it.');
    expect(t('en', 'field.message', { field: 'f', message: [msg('entity.product'), msg('entity.batch')] })).toBe('f: product batch');
    expect(bilingual('problem.not_found.title')).toEqual({ zh: '未找到', en: 'Not found' });
  });
});
