/**
 * One custom-product record: its fields, its documents with their hashes, the hashes the ledger
 * holds; correcting it (also to attach a document) records a new version that supersedes it, and
 * the old one stays as it was.
 */
import { Alert, App, Button, Card, Descriptions, Flex, Form, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { type CustomRecord, type DocumentRef, useCorrectRecord, useRecord } from './queries.ts';
import { DocumentsField, FormAlertBox, RecordFields, type RecordValues, recordFieldName, recordFields, recordValues } from './record-form.tsx';

export function RecordPage({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const record = useRecord(id);
  if (record.isPending) return <Skeleton active />;
  if (record.isError) return <Alert type="error" showIcon title={record.error.message} />;
  return <RecordView key={record.data.id} org={org} record={record.data} back={t('web.records.back')} />;
}

function RecordView({ org, record: r, back }: { org: Organisation; record: CustomRecord; back: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RecordValues>();
  const [correcting, setCorrecting] = useState(false);
  const [documents, setDocuments] = useState<DocumentRef[]>([...r.documents]);
  const [alert, setAlert] = useState<FormAlert>();
  const correct = useCorrectRecord(org.id, r.id);
  const number = new Intl.NumberFormat(i18n.language);
  const none = '—';

  const submit = (values: RecordValues) => {
    setAlert(undefined);
    correct.mutate(recordFields(values, documents), {
      onSuccess: (next) => {
        setCorrecting(false);
        void message.success(t('web.records.corrected_saved'));
        void navigate(`/producer/records/${next.id}`, { replace: true });
      },
      onError: (err) => setAlert(showProblem(form, err, recordFieldName)),
    });
  };

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">
          {r.contractNumber ?? t(`web.records.kind_${r.kind}`)} <Tag>{t(`web.records.kind_${r.kind}`)}</Tag>
        </Typography.Title>
        <Link to="/producer/records">{back}</Link>
      </Flex>
      {r.supersededBy !== null && (
        <Alert type="info" showIcon title={t('web.records.superseded')} action={<Link to={`/producer/records/${r.supersededBy}`}>{t('web.records.see_current')}</Link>} />
      )}
      <Card className="yima-step">
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
          { key: 'buyer', label: t('web.records.buyer_name'), children: r.buyer.name },
          { key: 'uscc', label: t('web.records.buyer_uscc'), children: r.buyer.uscc ?? none },
          { key: 'address', label: t('web.records.buyer_address'), children: r.buyer.address ?? none },
          { key: 'contact', label: t('web.records.buyer_contact'), children: r.buyer.contact ?? none },
          { key: 'product', label: t('web.records.product_name'), children: `${r.product.name} ${r.product.model ?? ''}` },
          { key: 'quantity', label: t('web.records.quantity'), children: `${number.format(r.quantity)} ${r.unit}` },
          { key: 'contractDate', label: t('web.records.contract_date'), children: r.contractDate ?? none },
          { key: 'deliveryDate', label: t('web.records.delivery_date'), children: r.deliveryDate ?? none },
          { key: 'notes', label: t('web.records.notes'), children: r.notes ?? none },
          ...(r.correctionReason !== null ? [{ key: 'reason', label: t('web.records.reason'), children: r.correctionReason }] : []),
          { key: 'retain', label: t('web.records.retain_until'), children: r.retainUntil },
          { key: 'hash', label: t('web.records.content_hash'), children: <span className="yima-hash">{t('web.records.sm3', { hash: r.contentHash.sm3 })}</span> },
        ]} />
      </Card>
      <Card className="yima-step" title={t('web.records.documents')}>
        {r.documents.length === 0 && <Typography.Text type="secondary">{t('web.records.no_documents')}</Typography.Text>}
        <div className="yima-doc-list" data-testid="saved-documents">
          {r.documents.map((d) => (
            <div key={`${d.sha256}-${d.name}`}>
              <Typography.Text strong>{d.name}</Typography.Text> <Typography.Text type="secondary">{d.mediaType} · {t('web.records.bytes', { size: number.format(d.size) })}</Typography.Text>
              <div className="yima-hash">{t('web.records.sm3', { hash: d.sm3 ?? none })}</div>
              <div className="yima-hash">{t('web.records.sha256', { hash: d.sha256 })}</div>
            </div>
          ))}
        </div>
      </Card>
      {r.supersededBy === null && !correcting && (
        <Flex gap={8} wrap>
          <Button size="large" onClick={() => { form.setFieldsValue(recordValues(r)); setCorrecting(true); }}>{t('web.records.correct')}</Button>
        </Flex>
      )}
      {correcting && (
        <Card className="yima-step" title={t('web.records.correct_title')}>
          <Typography.Paragraph type="secondary">{t('web.records.correct_lead')}</Typography.Paragraph>
          <FormAlertBox alert={alert} />
          <Form form={form} name="correction" layout="vertical" onFinish={submit} disabled={correct.isPending} initialValues={recordValues(r)} scrollToFirstError>
            <RecordFields form={form} org={org} correcting />
            <Form.Item label={t('web.records.documents')}>
              <DocumentsField documents={documents} onChange={setDocuments} disabled={correct.isPending} />
            </Form.Item>
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" size="large" loading={correct.isPending}>{t('web.records.correct_submit')}</Button>
              <Button size="large" onClick={() => { setCorrecting(false); setDocuments([...r.documents]); setAlert(undefined); }}>{t('web.records.cancel')}</Button>
            </Flex>
          </Form>
        </Card>
      )}
    </div>
  );
}
