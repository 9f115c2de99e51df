/**
 * Links for the resolver: the GS1 Digital Link links of the organisation's products (a link type
 * from the GS1 Web Vocabulary, the language and title of the target, its address), which the
 * resolver publishes in the product's linkset and follows for `?linkType=…`. The server's refusals
 * land on the fields they name; removing a link asks first.
 */
import { Alert, App, Button, Card, Checkbox, Col, Empty, Flex, Form, Input, Popconfirm, Row, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FormAlert, namePath, showProblem } from '../../forms/form-problems.ts';
import { inLocale } from '../../forms/profile-field-input.tsx';
import type { Organisation } from '../../shell/session.ts';
import { useProducts } from '../products/queries.ts';
import { type Link, type NewLinkBody, useCreateLink, useDeleteLink, useLinks, useLinkTypes } from './queries.ts';

interface Values {
  gtin?: string;
  lot?: string;
  linkType?: string;
  hreflang?: string[];
  title?: string;
  href?: string;
  isDefault?: boolean;
}

const FIELDS = ['gtin', 'lot', 'linkType', 'hreflang', 'title', 'href', 'isDefault'] as const;
const text = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);

/** The request from the form: empty inputs left out, not sent as empty strings. */
export function linkBody(v: Values): NewLinkBody {
  const lot = text(v.lot);
  return {
    gtin: v.gtin ?? '',
    ...(lot !== undefined && { lot }),
    linkType: v.linkType ?? '',
    title: text(v.title) ?? '',
    href: text(v.href) ?? '',
    ...(v.hreflang && v.hreflang.length > 0 && { hreflang: v.hreflang }),
    ...(v.isDefault && { isDefault: true }),
  };
}

export function LinksPage({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const links = useLinks(org.id);
  const types = useLinkTypes();
  const products = useProducts(org.id);
  const create = useCreateLink(org.id);
  const remove = useDeleteLink(org.id);
  const [alert, setAlert] = useState<FormAlert>();
  const [added, setAdded] = useState<string>();

  const withGtin = (products.data ?? []).filter((p) => p.gtins.length > 0);
  const productOf = (gtin: string) => withGtin.find((p) => p.gtins.includes(gtin));
  const typeTitle = (curie: string) => {
    const type = types.data?.items.find((x) => x.curie === curie);
    return type ? inLocale(type.title) : curie;
  };
  const required = (field: string) => [{ required: true, message: t('web.form.required_field', { field }) }];

  const submit = (values: Values) => {
    setAlert(undefined);
    create.mutate(linkBody(values), {
      onSuccess: (link) => {
        setAdded(link.id);
        form.resetFields();
        void message.success(t('web.links.added', { title: link.title }));
      },
      onError: (err) => setAlert(showProblem(form, err, (field) => {
        const name = namePath(field);
        return FIELDS.some((f) => f === name[0]) ? [name[0] as string] : undefined;
      })),
    });
  };

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.links.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" className="yima-lead">{t('web.links.lead')}</Typography.Paragraph>
      <Card className="yima-step" title={t('web.links.new')}>
        {alert && (
          <Alert type="error" showIcon role="alert" className="yima-form-alert" title={alert.title}
            description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
        )}
        <Form form={form} name="link" layout="vertical" onFinish={submit} disabled={create.isPending} scrollToFirstError>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="gtin" label={t('web.links.product')} rules={required(t('web.links.product'))}
                extra={!products.isPending && withGtin.length === 0 ? t('web.links.no_gtin') : undefined}>
                <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('web.form.choose')} loading={products.isPending}
                  options={withGtin.flatMap((p) => p.gtins.map((g) => ({ value: g, label: `${p.name} ${p.model} · ${g}` })))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="lot" label={t('web.links.lot')} extra={t('web.links.lot_hint')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="linkType" label={t('web.links.link_type')} rules={required(t('web.links.link_type'))}>
                <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('web.form.choose')} loading={types.isPending}
                  options={(types.data?.items ?? []).map((x) => ({ value: x.curie, label: `${inLocale(x.title)} (${x.curie})` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="hreflang" label={t('web.links.language')} extra={t('web.links.language_hint')}>
                <Select mode="tags" allowClear placeholder={t('web.links.language_any')} tokenSeparators={[',', ' ']}
                  options={[{ value: 'zh', label: t('web.links.lang_zh') }, { value: 'en', label: t('web.links.lang_en') }]} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('web.links.link_title')} rules={required(t('web.links.link_title'))} extra={t('web.links.title_hint')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="href" label={t('web.links.href')} rules={required(t('web.links.href'))} extra={t('web.links.href_hint')}>
                <Input type="url" inputMode="url" autoComplete="url" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="isDefault" valuePropName="checked" extra={t('web.links.default_hint')}>
                <Checkbox>{t('web.links.default')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" size="large" loading={create.isPending}>{t('web.links.submit')}</Button>
        </Form>
      </Card>

      {links.isError ? (
        <Alert type="error" showIcon title={links.error.message} />
      ) : (
        <Table<Link>
          rowKey="id"
          loading={links.isPending}
          dataSource={links.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          rowClassName={(l) => (l.id === added ? 'yima-row-new' : '')}
          locale={{ emptyText: <Empty description={t('web.links.empty')} /> }}
          columns={[
            {
              title: t('web.links.col_product'), key: 'product',
              render: (_, l) => {
                const p = productOf(l.gtin);
                return (
                  <div className="yima-product-cell">
                    <Typography.Text strong>{p ? `${p.name} ${p.model}` : l.gtin}</Typography.Text>
                    <Typography.Text type="secondary"><code>{l.gtin}</code>{l.lot !== null ? ` · ${t('web.links.lot')} ${l.lot}` : ''}</Typography.Text>
                  </div>
                );
              },
            },
            {
              title: t('web.links.col_type'), key: 'type',
              render: (_, l) => (
                <Flex vertical gap={2}>
                  <span>{typeTitle(l.linkType)}</span>
                  <Flex gap={4} wrap>
                    <Tag>{l.linkType}</Tag>
                    {l.isDefault && <Tag color="blue">{t('web.links.is_default')}</Tag>}
                  </Flex>
                </Flex>
              ),
            },
            {
              title: t('web.links.col_target'), key: 'target',
              render: (_, l) => (
                <div className="yima-product-cell">
                  <Typography.Text>{l.title}{l.hreflang.length > 0 ? ` (${l.hreflang.join(', ')})` : ''}</Typography.Text>
                  <a href={l.href} target="_blank" rel="noreferrer" className="yima-href">{l.href}</a>
                </div>
              ),
            },
            {
              title: t('web.links.col_actions'), key: 'actions',
              render: (_, l) => (
                <Popconfirm
                  title={t('web.links.remove_title')}
                  description={t('web.links.remove_body')}
                  okText={t('web.links.remove')} okButtonProps={{ danger: true }} cancelText={t('web.links.cancel')}
                  onConfirm={() => remove.mutate(l.id, { onSuccess: () => void message.success(t('web.links.removed')), onError: (err) => void message.error(err.message) })}
                >
                  <Button danger size="small" aria-label={t('web.links.remove_named', { title: l.title })}>{t('web.links.remove')}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
