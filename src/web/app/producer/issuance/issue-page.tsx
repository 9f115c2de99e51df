/**
 * "Issue codes" (源头赋码), step ①: which batch, how many (1 to 1,000,000) and which scheme; the
 * count is confirmed first (issued codes cannot be taken back), then the job's page follows its
 * progress. One request id a form: sending it twice (a double click, a retry) issues once.
 */
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type FormAlert, type NamePath, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { useBatches } from '../batches/queries.ts';
import { useProducts } from '../products/queries.ts';
import { useIssue } from './queries.ts';

interface Values {
  batchId?: string;
  quantity?: string;
  scheme?: 'gs1' | 'yima';
}

/** The IssueBody's bounds (src/modules/issuance/issuance.schemas.ts). */
export const MAX_QUANTITY = 1_000_000;

/** "1,000" / "1 000" / "1000" → 1000; anything but a whole number → undefined. */
export function parseQuantity(text: string | undefined): number | undefined {
  const s = (text ?? '').replace(/[\s,，_]/g, '');
  return /^[0-9]{1,7}$/.test(s) ? Number(s) : undefined;
}

/** A request id (RFC 4122 v4) where crypto.randomUUID is missing (a page not served over HTTPS). */
function requestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const FIELD_OF: Readonly<Record<string, NamePath>> = { productId: ['batchId'], lot: ['batchId'], productionDate: ['batchId'], quantity: ['quantity'], scheme: ['scheme'], gtin: ['scheme'] };

export function IssuePage({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const batches = useBatches(org.id);
  const products = useProducts(org.id);
  const issue = useIssue();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [alert, setAlert] = useState<FormAlert>();
  const request = useRef(requestId());
  const preset = useSearchParams()[0].get('batch') ?? undefined;
  const count = new Intl.NumberFormat(i18n.language);

  const batchId = Form.useWatch('batchId', form);
  const batch = batches.data?.find((b) => b.id === batchId);
  const product = batch && products.data?.find((p) => p.id === batch.productId);
  const hasGtin = (product?.gtins.length ?? 0) > 0;

  const send = async (v: Values, quantity: number) => {
    if (!batch) return;
    setAlert(undefined);
    try {
      const job = await issue.mutateAsync({
        productId: batch.productId, lot: batch.lot, productionDate: batch.productionDate, quantity, scheme: v.scheme ?? 'yima', requestId: request.current,
      });
      request.current = requestId();
      void navigate(`/producer/issuance/${job.id}`);
    } catch (err) {
      setAlert(showProblem(form, err, (f) => FIELD_OF[f]));
    }
  };

  const submit = (v: Values) => {
    const quantity = parseQuantity(v.quantity);
    if (!batch || quantity === undefined) return;
    modal.confirm({
      title: t('web.issuance.confirm_title', { count: count.format(quantity), lot: batch.lot }),
      content: t('web.issuance.confirm_body'),
      okText: t('web.issuance.confirm_ok'),
      cancelText: t('web.issuance.cancel'),
      onOk: () => send(v, quantity),
    });
  };

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.issuance.title')}</Typography.Title>
      {org.status !== 'approved' && <Alert type="warning" showIcon title={t('web.batches.not_approved')} />}
      {batches.data?.length === 0 && <Alert type="info" showIcon title={<Link to="/producer/batches/new">{t('web.issuance.no_batches')}</Link>} />}
      {alert && (
        <Alert type="error" showIcon role="alert" title={alert.title}
          description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
      )}
      <Card className="yima-step" title={t('web.issuance.step_what')}>
        <Form form={form} name="issue" layout="vertical" disabled={issue.isPending} initialValues={{ batchId: preset }}
          onFinish={(v) => { submit(v); }}
          onValuesChange={(changed: Values, all: Values) => {
            // A product without a GTIN cannot have GS1 codes: the choice is asked again.
            const b = batches.data?.find((x) => x.id === changed.batchId);
            const p = b && products.data?.find((x) => x.id === b.productId);
            if (p && p.gtins.length === 0 && all.scheme === 'gs1') form.setFieldValue('scheme', undefined);
          }}>
          <div className="yima-form-grid">
            <Form.Item name="batchId" label={t('web.issuance.batch')} rules={[{ required: true, message: t('web.form.choose_one') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('web.issuance.batch_choose')} loading={batches.isPending || products.isPending}
                options={(batches.data ?? []).map((b) => {
                  const p = products.data?.find((x) => x.id === b.productId);
                  return { value: b.id, label: t('web.issuance.batch_of', { product: p ? `${p.name} ${p.model}` : '—', lot: b.lot, date: b.productionDate }) };
                })} />
            </Form.Item>
            <Form.Item name="quantity" label={t('web.issuance.quantity')} extra={t('web.issuance.quantity_hint')}
              rules={[{
                validator: async (_, v?: string) => {
                  const n = parseQuantity(v);
                  if (n === undefined || n < 1 || n > MAX_QUANTITY) throw new Error(t('web.issuance.quantity_range', { max: count.format(MAX_QUANTITY) }));
                },
              }]}>
              <Input inputMode="numeric" autoComplete="off" />
            </Form.Item>
          </div>
          <Form.Item name="scheme" label={t('web.issuance.scheme')} rules={[{ required: true, message: t('web.form.choose_one') }]}
            extra={batch && !hasGtin ? t('web.issuance.no_gtin') : undefined}>
            <Radio.Group options={[
              { value: 'gs1', label: t('web.issuance.scheme_gs1'), disabled: batch !== undefined && !hasGtin },
              { value: 'yima', label: t('web.issuance.scheme_yima') },
            ]} />
          </Form.Item>
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" size="large" loading={issue.isPending}>{t('web.issuance.submit')}</Button>
          </Flex>
        </Form>
      </Card>
    </div>
  );
}
