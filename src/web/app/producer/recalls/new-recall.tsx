/**
 * Open a recall: a product, all of it or some of its lots, the reason and what holders and
 * consumers should do. The holders of the goods are told at once; the server's refusals land on
 * the fields they name.
 */
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type FormAlert, namePath, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { useProducts } from '../products/queries.ts';
import { FormAlertBox } from '../records/record-form.tsx';
import { useBatches, useOpenRecall } from './queries.ts';

interface Values { productId?: string; batchIds?: string[]; reason?: string; instructions?: string }

export function NewRecall({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const products = useProducts(org.id);
  const productId = Form.useWatch('productId', form);
  const batches = useBatches(org.id, productId);
  const open = useOpenRecall();
  const [alert, setAlert] = useState<FormAlert>();
  const required = (field: string) => [{ required: true, message: t('web.form.required_field', { field }) }];

  const send = (v: Values) => {
    setAlert(undefined);
    const lots = v.batchIds ?? [];
    // Some lots: those only; none chosen: the whole product.
    const scope = lots.length > 0 ? { batchIds: lots } : v.productId ? { productIds: [v.productId] } : {};
    open.mutate({ ...scope, reason: v.reason?.trim() ?? '', instructions: v.instructions?.trim() ?? '' }, {
      onSuccess: (r) => {
        void message.success(t('web.recalls.opened'));
        void navigate(`/producer/recalls/${r.id}`);
      },
      onError: (err) => setAlert(showProblem(form, err, (f) => {
        const top = namePath(f)[0];
        if (top === 'productIds') return ['productId'];
        if (top === 'batchIds') return ['batchIds'];
        return top === 'reason' || top === 'instructions' ? [top] : undefined;
      })),
    });
  };

  const submit = (v: Values) => {
    modal.confirm({
      title: t('web.recalls.confirm_title'),
      content: t('web.recalls.confirm_body'),
      okText: t('web.recalls.submit'), okButtonProps: { danger: true }, cancelText: t('web.recalls.cancel'),
      onOk: () => send(v),
    });
  };

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.recalls.new')}</Typography.Title>
        <Link to="/producer/recalls">{t('web.recalls.back')}</Link>
      </Flex>
      <Card className="yima-step">
        <Alert type="warning" showIcon className="yima-form-alert" title={t('web.recalls.lead')} />
        <FormAlertBox alert={alert} />
        <Form form={form} name="recall" layout="vertical" onFinish={submit} disabled={open.isPending} scrollToFirstError>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="productId" label={t('web.recalls.product')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('web.form.choose')} loading={products.isPending}
                  onChange={() => form.setFieldValue('batchIds', [])}
                  options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.model}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="batchIds" label={t('web.recalls.lots')} extra={t('web.recalls.lots_hint')}>
                <Select mode="multiple" allowClear disabled={!productId} placeholder={t('web.recalls.all_lots')} loading={batches.isFetching}
                  optionFilterProp="label"
                  options={(batches.data ?? []).map((b) => ({ value: b.id, label: t('web.recalls.lot_label', { lot: b.lot, date: b.productionDate }) }))} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="reason" label={t('web.recalls.reason')} rules={required(t('web.recalls.reason'))}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="instructions" label={t('web.recalls.instructions')} rules={required(t('web.recalls.instructions'))} extra={t('web.recalls.instructions_hint')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" danger htmlType="submit" size="large" loading={open.isPending}>{t('web.recalls.submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}
