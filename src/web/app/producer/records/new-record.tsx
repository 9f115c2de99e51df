/** Record a custom product's ledger entry or contract, with its documents hashed in the browser. */
import { App, Button, Card, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { type DocumentRef, useCreateRecord } from './queries.ts';
import { DocumentsField, FormAlertBox, RecordFields, type RecordValues, recordFieldName, recordFields } from './record-form.tsx';

export function NewRecord({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RecordValues>();
  const [documents, setDocuments] = useState<DocumentRef[]>([]);
  const [alert, setAlert] = useState<FormAlert>();
  const create = useCreateRecord(org.id);

  const submit = (values: RecordValues) => {
    setAlert(undefined);
    const { reason: _, ...fields } = recordFields(values, documents);
    create.mutate({ orgId: org.id, ...fields }, {
      onSuccess: (r) => {
        void message.success(t('web.records.created', { buyer: r.buyer.name }));
        void navigate(`/producer/records/${r.id}`);
      },
      onError: (err) => setAlert(showProblem(form, err, recordFieldName)),
    });
  };

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.records.new')}</Typography.Title>
        <Link to="/producer/records">{t('web.records.back')}</Link>
      </Flex>
      <Card className="yima-step">
        <FormAlertBox alert={alert} />
        <Form form={form} name="record" layout="vertical" onFinish={submit} disabled={create.isPending} initialValues={{ kind: 'contract' }} scrollToFirstError>
          <RecordFields form={form} org={org} />
          <Form.Item label={t('web.records.documents')}>
            <DocumentsField documents={documents} onChange={setDocuments} disabled={create.isPending} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" loading={create.isPending}>{t('web.records.submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}
