/**
 * One batch: its product, lot, production date and codes issued; its recorded 检验合格证明 with the
 * report file's SM3 and SHA-256; another inspection can be recorded; codes issued for it.
 */
import { Alert, App, Button, Card, Descriptions, Flex, Form, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { useProducts } from '../products/queries.ts';
import { InspectionTag } from './batches-page.tsx';
import { Digest, InspectionFields, type InspectionValues, inspectBody, inspectionField } from './inspection-fields.tsx';
import { useBatch, useInspect } from './queries.ts';

export function BatchPage({ org }: { org: Organisation }) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const batch = useBatch(id);
  const products = useProducts(org.id);
  const inspect = useInspect(org.id);
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<InspectionValues>();
  const [another, setAnother] = useState(false);
  const [alert, setAlert] = useState<FormAlert>();

  if (batch.isPending) return <Skeleton active />;
  if (batch.isError) return <Alert type="error" showIcon title={batch.error.message} />;
  const b = batch.data;
  const product = products.data?.find((p) => p.id === b.productId);
  const i = b.inspection;
  const count = new Intl.NumberFormat(i18n.language);

  const submit = (v: InspectionValues) => modal.confirm({
    title: t('web.inspection.confirm_title'),
    content: t('web.inspection.confirm_body'),
    okText: t('web.inspection.confirm_ok'),
    cancelText: t('web.batches.cancel'),
    onOk: () => inspect.mutateAsync(inspectBody(b.id, v)).then(
      () => { void message.success(t('web.inspection.recorded')); setAnother(false); form.resetFields(); setAlert(undefined); },
      (err: unknown) => setAlert(showProblem(form, err, inspectionField)),
    ),
  });

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.batches.batch_title', { lot: b.lot })}</Typography.Title>
        <Link to="/producer/batches">{t('web.batches.back')}</Link>
      </Flex>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
          { key: 'product', label: t('web.batches.product'), children: product ? `${product.name} ${product.model}` : '—' },
          { key: 'lot', label: t('web.batches.lot'), children: b.lot },
          { key: 'date', label: t('web.batches.production_date'), children: b.productionDate },
          { key: 'quantity', label: t('web.batches.col_quantity'), children: b.quantity === undefined ? '—' : count.format(b.quantity) },
          { key: 'inspection', label: t('web.batches.col_inspection'), children: <InspectionTag batch={b} /> },
        ]} />
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Button type="primary" size="large" disabled={org.status !== 'approved'} onClick={() => void navigate(`/producer/issuance?batch=${b.id}`)}>{t('web.batches.issue')}</Button>
        </Flex>
      </Card>
      <Card className="yima-step" title={t('web.inspection.latest')} data-testid="inspection">
        {i ? (
          <>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
              { key: 'number', label: t('web.inspection.report_number'), children: i.reportNumber ?? '—' },
              { key: 'body', label: t('web.inspection.body'), children: i.body ?? '—' },
              { key: 'date', label: t('web.inspection.date'), children: i.date ?? '—' },
              { key: 'result', label: t('web.inspection.result'), children: i.result ? t(`web.inspection.${i.result}`) : '—' },
            ]} />
            {i.reportSm3 && <Digest label={t('web.inspection.sm3')} value={i.reportSm3} testId="recorded-sm3" />}
            {i.reportSha256 && <Digest label={t('web.inspection.sha256')} value={i.reportSha256} testId="recorded-sha256" />}
            <Digest label={t('web.inspection.event')} value={i.eventId} />
          </>
        ) : (
          <Typography.Text type="secondary">{t('web.inspection.none')}</Typography.Text>
        )}
      </Card>
      {another || !i ? (
        <Card className="yima-step" title={t(i ? 'web.inspection.another' : 'web.inspection.title')}>
          {alert && <Alert type="error" showIcon role="alert" className="yima-form-alert" title={alert.title}
            description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />}
          <Form form={form} name="inspection" layout="vertical" onFinish={(v) => { submit(v); }} disabled={inspect.isPending} initialValues={{ result: 'pass' }}>
            <InspectionFields />
            <Button type="primary" htmlType="submit" size="large" loading={inspect.isPending}>{t('web.inspection.submit')}</Button>
          </Form>
        </Card>
      ) : (
        <div><Button onClick={() => setAnother(true)}>{t('web.inspection.another')}</Button></div>
      )}
    </div>
  );
}
