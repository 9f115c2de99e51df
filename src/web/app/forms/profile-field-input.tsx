/** One generated field on screen: its label, whether it is required, its disclosure level beside it, the input its type calls for. */
import { Form, Input, InputNumber, Radio, Select, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n.ts';
import type { Bilingual, FormField } from './profile-form.ts';
import './forms.css';

export const inLocale = (text: Bilingual) => (currentLocale() === 'en' ? text.en : text.zh);

/** Colours of the disclosure levels, from open to closed. */
const LEVEL_COLOUR: Readonly<Record<string, string>> = { public: 'green', chain: 'blue', regulator: 'orange', owner: 'default' };

export function DisclosureTag({ level }: { level: FormField['disclosure'] }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('web.profile.disclosure_hint')}>
      <Tag color={LEVEL_COLOUR[level.code] ?? 'default'} className="yima-disclosure" data-disclosure={level.code}>
        {t('web.profile.disclosure', { level: inLocale(level.name) })}
      </Tag>
    </Tooltip>
  );
}

export function ProfileFieldInput({ field }: { field: FormField }) {
  const { t } = useTranslation();
  const label = (
    <span className="yima-field-label">
      <span>{inLocale(field.label)}</span>
      <DisclosureTag level={field.disclosure} />
    </span>
  );
  const rules = field.required ? [{ required: true, message: t('web.form.required_field', { field: inLocale(field.label) }) }] : [];
  const common = { name: field.name, label, rules, required: field.required } as const;
  switch (field.type) {
    case 'integer':
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber style={{ width: '100%' }} precision={field.type === 'integer' ? 0 : undefined} inputMode={field.type === 'integer' ? 'numeric' : 'decimal'} />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common}>
          <Radio.Group options={[{ value: true, label: t('web.form.yes') }, { value: false, label: t('web.form.no') }]} />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item {...common}>
          <Select allowClear placeholder={t('web.form.choose')} options={field.options.map((o) => ({ value: o, label: o }))} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common}>
          <Input type="date" />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input inputMode={field.key === 'product.gtin' ? 'numeric' : undefined} autoComplete="off" />
        </Form.Item>
      );
  }
}
