/**
 * "Register a batch": the product, the lot and the production date (POST /api/v1/batches), with
 * its 检验合格证明 (POST /api/v1/events/inspect), confirmed first since the ledger keeps it. What
 * the form can check is checked before anything is sent; the server's refusals land on their
 * fields. Should the inspection be refused after the batch was registered, the batch stays (the
 * form says so) and only the inspection is sent again.
 */
import { Alert, App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CSET82 } from '../../../../shared/codes/gs1/code-lists.ts';
import { type FormAlert, type NamePath, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { useProducts } from '../products/queries.ts';
import { InspectionFields, type InspectionValues, inspectBody, inspectionField } from './inspection-fields.tsx';
import { type Batch, useCreateBatch, useInspect } from './queries.ts';

interface Values extends InspectionValues {
  productId?: string;
  lot?: string;
  productionDate?: string;
}

/** GS1 AI (10): up to 20 characters of CSET 82 (the server's BatchBody says the same). */
export const LOT_MAX = 20;
export const isLot = (lot: string) => [...lot].every((c) => CSET82.includes(c));

const BATCH_FIELDS = ['productId', 'lot', 'productionDate'];

export function NewBatch({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const products = useProducts(org.id);
  const create = useCreateBatch(org.id);
  const inspect = useInspect(org.id);
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [alert, setAlert] = useState<FormAlert>();
  const [created, setCreated] = useState<Batch>();
  const preset = useSearchParams()[0].get('product') ?? undefined;
  const pending = create.isPending || inspect.isPending;
  const required = { required: true, whitespace: true, message: t('web.form.required') };

  const nameOf = (field: string): NamePath | undefined => (BATCH_FIELDS.includes(field) ? [field] : inspectionField(field));

  const record = async (v: Values) => {
    setAlert(undefined);
    let batch = created;
    try {
      if (!batch) {
        batch = await create.mutateAsync({ productId: v.productId ?? '', lot: v.lot?.trim() ?? '', productionDate: v.productionDate ?? '' });
        setCreated(batch);
      }
      await inspect.mutateAsync(inspectBody(batch.id, v));
      void message.success(t('web.batches.created', { lot: batch.lot }));
      void navigate(`/producer/batches/${batch.id}`, { state: { created: true } });
    } catch (err) {
      setAlert(showProblem(form, err, nameOf));
    }
  };

  const submit = (v: Values) => modal.confirm({
    title: t('web.inspection.confirm_title'),
    content: t('web.inspection.confirm_body'),
    okText: t('web.inspection.confirm_ok'),
    cancelText: t('web.batches.cancel'),
    onOk: () => record(v),
  });

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.batches.new')}</Typography.Title>
        <Link to="/producer/batches">{t('web.batches.back')}</Link>
      </Flex>
      {org.status !== 'approved' && <Alert type="warning" showIcon title={t('web.batches.not_approved')} />}
      {products.data?.length === 0 && <Alert type="info" showIcon title={<Link to="/producer/products/new">{t('web.batches.no_products')}</Link>} />}
      {alert && (
        <Alert type="error" showIcon role="alert" title={alert.title}
          description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
      )}
      {created && <Alert type="warning" showIcon data-testid="batch-kept" title={t('web.batches.kept', { lot: created.lot })} />}
      <Form form={form} name="batch" layout="vertical" onFinish={(v) => { submit(v); }} disabled={pending} scrollToFirstError
        initialValues={{ productId: preset, result: 'pass' }}>
        <Card className="yima-step" title={t('web.batches.step_batch')}>
          <div className="yima-form-grid">
            <Form.Item name="productId" label={t('web.batches.product')} rules={[{ required: true, message: t('web.form.choose_one') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('web.batches.product_choose')} loading={products.isPending} disabled={created !== undefined}
                options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.model}` }))} />
            </Form.Item>
            <Form.Item name="lot" label={t('web.batches.lot')} extra={t('web.batches.lot_hint')}
              rules={[required, { max: LOT_MAX, message: t('web.batches.lot_long', { max: LOT_MAX }) },
                { validator: async (_, v?: string) => { if (v && !isLot(v.trim())) throw new Error(t('web.batches.lot_pattern')); } }]}>
              <Input spellCheck={false} autoCapitalize="characters" autoComplete="off" disabled={created !== undefined} />
            </Form.Item>
            <Form.Item name="productionDate" label={t('web.batches.production_date')} rules={[required]}>
              <Input type="date" disabled={created !== undefined} />
            </Form.Item>
          </div>
        </Card>
        <Card className="yima-step" title={t('web.inspection.title')}>
          <InspectionFields />
        </Card>
        <Flex gap={8} wrap style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" size="large" loading={pending}>{t(created ? 'web.inspection.submit' : 'web.batches.submit')}</Button>
        </Flex>
      </Form>
    </div>
  );
}
