/**
 * "New product": the category (and item) from the key-product list in force, then the form that
 * the data-requirements profile of that category generates; the server's refusals land on the
 * fields they name, in the reader's language, and nothing is stored.
 */
import { Alert, App, Button, Card, Col, Flex, Form, Row, Select, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type FormAlert, type NamePath, showProblem } from '../../forms/form-problems.ts';
import { DisclosureTag, inLocale, ProfileFieldInput } from '../../forms/profile-field-input.tsx';
import { type FormField, formFields } from '../../forms/profile-form.ts';
import type { Organisation } from '../../shell/session.ts';
import { type Category, type NewProductBody, type Profile, useCatalogue, useCreateProduct } from './queries.ts';

/** Profile fields of a product that are fields of the request itself; the category is chosen above the form. */
const BUILT_INS = {
  'product.category': null,
  'product.name': 'name',
  'product.model': 'model',
  'product.standard': 'standard',
  'product.brand': 'brand',
  'product.gtin': 'gtins[0]',
} as const;

/** The certificates a category's regimes ask for, and the organisation fields of the profile that name them. */
const CERTIFICATES = [
  { regime: 'licence', field: 'licenceNumber', key: 'producer.licence' },
  { regime: 'ccc', field: 'cccCertificateNumber', key: 'producer.cccCertificate' },
] as const;

type Values = Record<string, unknown> & { attributes?: Record<string, unknown>; gtins?: (string | undefined)[] };

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The request from the form's values: empty inputs are left out, not sent as empty strings. */
export function productBody(orgId: string, category: Category, itemCode: string | undefined, fields: readonly FormField[], v: Values): NewProductBody {
  const attributes: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    if (f.name[0] !== 'attributes') continue;
    const value = v.attributes?.[f.key];
    if (typeof value === 'number' || typeof value === 'boolean') attributes[f.key] = value;
    else if (text(value) !== undefined) attributes[f.key] = text(value) as string;
  }
  const gtin = text(v.gtins?.[0]);
  const optional = { brand: text(v.brand), licenceNumber: text(v.licenceNumber), cccCertificateNumber: text(v.cccCertificateNumber) };
  return {
    orgId,
    categoryCode: category.code,
    ...(itemCode !== undefined && { itemCode }),
    name: text(v.name) ?? '',
    model: text(v.model) ?? '',
    standard: text(v.standard) ?? '',
    ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)),
    ...(gtin !== undefined && { gtins: [gtin] }),
    ...(Object.keys(attributes).length > 0 && { attributes }),
  };
}

export function NewProduct({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const catalogue = useCatalogue();
  const create = useCreateProduct(org.id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [categoryCode, setCategoryCode] = useState<string>();
  const [itemCode, setItemCode] = useState<string>();
  const [alert, setAlert] = useState<FormAlert>();

  const categories = useMemo(() => (catalogue.data?.list.document.categories ?? []).filter((c) => c.status === 'known'), [catalogue.data]);
  const category = categories.find((c) => c.code === categoryCode);
  const profile: Profile | undefined = category && catalogue.data?.profiles.find((p) => p.document.id === category.profile)?.document;
  const fields = useMemo(() => (profile && category ? formFields(profile, category, 'product', BUILT_INS) : []), [profile, category]);
  const certificates = category
    ? CERTIFICATES.filter((c) => category.regimes.includes(c.regime)).map((c) => ({ ...c, field: c.field, profileField: profile?.fields.find((f) => f.key === c.key) }))
    : [];

  if (catalogue.isPending) return <Skeleton active />;
  if (catalogue.isError) return <Alert type="error" showIcon title={catalogue.error.message} />;
  const version = catalogue.data.list;

  const nameOf = (field: string): NamePath | undefined => {
    if (field === 'categoryCode' || field === 'itemCode') return [field];
    if (certificates.some((c) => c.field === field)) return [field];
    return fields.find((f) => f.field === field)?.name;
  };

  const submit = (values: Values) => {
    if (!category) return;
    setAlert(undefined);
    create.mutate(productBody(org.id, category, itemCode, fields, values), {
      onSuccess: (product) => {
        void message.success(t('web.products.created', { name: product.name, model: product.model }));
        void navigate('/producer/products', { state: { created: product.id } });
      },
      onError: (err) => {
        const rest = showProblem(form, err, nameOf);
        setAlert(rest);
        if (!rest) document.querySelector('.ant-form-item-has-error input, .ant-form-item-has-error .ant-select')?.scrollIntoView({ block: 'center' });
      },
    });
  };

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.products.new')}</Typography.Title>
        <Link to="/producer/products">{t('web.products.back')}</Link>
      </Flex>
      <Card className="yima-step" title={t('web.products.step_category')} extra={<Typography.Text type="secondary">{t('web.products.catalogue_version', { title: inLocale(version.document.title), version: version.version })}</Typography.Text>}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('web.products.category')} required layout="vertical" validateStatus={alert && !category ? 'error' : undefined}>
              <Select
                id="product-category"
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('web.products.category_choose')}
                value={categoryCode}
                onChange={(v: string) => { setCategoryCode(v); setItemCode(undefined); setAlert(undefined); form.resetFields(); }}
                options={categories.map((c) => ({ value: c.code, label: inLocale(c.name) }))}
              />
            </Form.Item>
          </Col>
          {category && category.items.length > 0 && (
            <Col xs={24} md={12}>
              <Form.Item label={t('web.products.item')} required layout="vertical">
                <Select id="product-item" placeholder={t('web.form.choose')} value={itemCode} onChange={(v: string) => setItemCode(v)}
                  options={category.items.map((i) => ({ value: i.code, label: inLocale(i.name) }))} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {category && (
          <Flex gap={6} wrap>
            {category.regimes.map((r) => <Tag key={r}>{t(`web.regime.${r}`)}</Tag>)}
          </Flex>
        )}
      </Card>

      {category && profile && (
        <Card className="yima-step" title={t('web.products.step_details')}
          extra={<Typography.Text type="secondary">{t('web.products.profile_version', { title: inLocale(profile.title), version: profile.version })}</Typography.Text>}>
          {alert && (
            <Alert type="error" showIcon role="alert" className="yima-form-alert" title={alert.title}
              description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
          )}
          <Form form={form} name="product" layout="vertical" onFinish={submit} disabled={create.isPending} scrollToFirstError>
            <Row gutter={16}>
              {fields.map((f) => (
                <Col xs={24} md={12} key={f.key}>
                  <ProfileFieldInput field={f} />
                </Col>
              ))}
              {certificates.map((c) => {
                const options = c.regime === 'licence'
                  ? org.licences.map((l) => ({ value: l.number, label: `${l.number} · ${l.product}` }))
                  : org.cccCertificates.map((x) => ({ value: x.number, label: `${x.number} · ${x.product} · ${t(`web.ccc_status.${x.effectiveStatus}`)}`, disabled: x.effectiveStatus !== 'valid' }));
                const onlyOne = certificates.length === 1;
                return (
                  <Col xs={24} md={12} key={c.field}>
                    <Form.Item
                      name={c.field}
                      required={onlyOne}
                      rules={onlyOne ? [{ required: true, message: t('web.form.choose_one') }] : []}
                      extra={!onlyOne ? t('web.products.either_certificate') : options.length === 0 ? t('web.products.no_certificate') : undefined}
                      label={
                        <span className="yima-field-label">
                          <span>{c.profileField ? inLocale(c.profileField.label) : t(`web.regime.${c.regime}`)}</span>
                          {c.profileField && profile && <DisclosureTag level={{ code: c.profileField.disclosure, name: profile.disclosureLevels.find((l) => l.code === c.profileField?.disclosure)?.name ?? { zh: c.profileField.disclosure, en: c.profileField.disclosure } }} />}
                        </span>
                      }
                    >
                      <Select allowClear placeholder={t('web.form.choose')} options={options} />
                    </Form.Item>
                  </Col>
                );
              })}
            </Row>
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" size="large" loading={create.isPending} disabled={category.items.length > 0 && itemCode === undefined}>
                {t('web.products.submit')}
              </Button>
              {category.items.length > 0 && itemCode === undefined && <Typography.Text type="secondary">{t('web.products.item_first')}</Typography.Text>}
            </Flex>
          </Form>
        </Card>
      )}
    </div>
  );
}
