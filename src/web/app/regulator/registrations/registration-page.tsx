/**
 * One registration, to decide: the enterprise, its USCC and region, its 生产许可证 and CCC
 * certificates with their status; approve, or reject with a reason (required). Each decision is
 * confirmed first and says it cannot be undone; the server's refusal lands on the reason.
 */
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import { type Registration, useDecide, useRegistration } from './queries.ts';
import { MONO, regionName } from './regions.ts';

type Licence = Registration['licences'][number];
type Ccc = Registration['cccCertificates'][number];

const CCC_COLOUR: Record<string, string> = { valid: 'green', suspended: 'orange', withdrawn: 'red', cancelled: 'red', expired: 'default' };

export function RegistrationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const org = useRegistration(id);
  const decide = useDecide();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [rejecting, setRejecting] = useState(false);
  const [alert, setAlert] = useState<FormAlert>();
  const [form] = Form.useForm<{ reason: string }>();

  if (org.isPending) return <Skeleton active />;
  if (org.isError) return <Alert type="error" showIcon title={org.error.message} />;
  const o = org.data;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const decided = (name: string, approved: boolean) => {
    void message.success(t(approved ? 'web.registrations.approved' : 'web.registrations.rejected', { name }));
    void navigate('/regulator/registrations');
  };

  const approve = () => modal.confirm({
    title: t('web.registrations.approve_title', { name: o.name }),
    content: t('web.registrations.approve_body'),
    okText: t('web.registrations.approve'),
    cancelText: t('web.registrations.cancel'),
    onOk: () => decide.mutateAsync({ id: o.id, approve: true }).then(
      (done) => decided(done.name, true),
      (err: unknown) => setAlert(showProblem(form, err, () => undefined)),
    ),
  });

  const reject = ({ reason }: { reason: string }) => {
    setAlert(undefined);
    decide.mutate({ id: o.id, approve: false, reason: reason.trim() }, {
      onSuccess: (done) => { setRejecting(false); decided(done.name, false); },
      onError: (err) => {
        const rest = showProblem(form, err, (f) => (f === 'reason' ? ['reason'] : undefined));
        if (rest) { setRejecting(false); setAlert(rest); }
      },
    });
  };

  const certColumns = [
    { title: t('web.registrations.cert_number'), dataIndex: 'number', render: (n: string) => <span style={MONO}>{n}</span> },
    { title: t('web.registrations.cert_product'), dataIndex: 'product' },
  ];

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{o.name}</Typography.Title>
        <Link to="/regulator/registrations">{t('web.registrations.back')}</Link>
      </Flex>
      {alert && <Alert type="error" showIcon role="alert" title={alert.title} description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />}
      {o.status !== 'pending' && (
        <Alert type={o.status === 'approved' ? 'success' : 'warning'} showIcon data-testid="decided"
          title={t('web.registrations.decided', { status: t(`web.registrations.status_${o.status}`) })}
          description={o.statusReason ?? undefined} />
      )}
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
          { key: 'uscc', label: t('web.registrations.col_uscc'), children: <span style={MONO}>{o.uscc}</span> },
          { key: 'region', label: t('web.registrations.col_region'), children: regionName(o.regionCode, i18n.language) },
          { key: 'address', label: t('web.registrations.address'), children: o.address },
          { key: 'roles', label: t('web.registrations.col_roles'), children: o.roles.map((r) => <Tag key={r}>{t(`web.area.${r}`, r)}</Tag>) },
          { key: 'contact', label: t('web.registrations.contact'), children: o.contacts?.length ? new Intl.ListFormat(i18n.language).format(o.contacts.map((c) => [c.name, c.phone, c.email].filter(Boolean).join(' · '))) : t('web.registrations.none') },
          { key: 'submitted', label: t('web.registrations.col_submitted'), children: date.format(new Date(o.createdAt)) },
          { key: 'status', label: t('web.registrations.status'), children: <Tag color={o.status === 'pending' ? 'blue' : o.status === 'approved' ? 'green' : 'red'}>{t(`web.registrations.status_${o.status}`)}</Tag> },
        ]} />
      </Card>
      <Card title={t('web.registrations.licences')} size="small">
        <Table<Licence> rowKey="id" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={o.licences}
          locale={{ emptyText: t('web.registrations.none') }}
          columns={[...certColumns, { title: t('web.registrations.valid_to'), key: 'to', render: (_, l) => l.validTo ?? '—' }]} />
      </Card>
      <Card title={t('web.registrations.ccc')} size="small">
        <Table<Ccc> rowKey="id" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={o.cccCertificates}
          locale={{ emptyText: t('web.registrations.none') }}
          columns={[
            ...certColumns,
            { title: t('web.registrations.cert_status'), key: 'status', render: (_, c) => <Tag color={CCC_COLOUR[c.effectiveStatus]}>{t(`web.ccc_status.${c.effectiveStatus}`)}</Tag> },
            { title: t('web.registrations.valid_to'), key: 'to', render: (_, c) => c.validTo ?? '—' },
          ]} />
      </Card>
      {o.status === 'pending' && (
        <Flex gap={8} wrap>
          <Button type="primary" size="large" onClick={() => void approve()} loading={decide.isPending && !rejecting}>{t('web.registrations.approve')}</Button>
          <Button danger size="large" onClick={() => { setAlert(undefined); form.resetFields(); setRejecting(true); }}>{t('web.registrations.reject')}</Button>
        </Flex>
      )}
      <Modal
        open={rejecting}
        title={t('web.registrations.reject_title', { name: o.name })}
        okText={t('web.registrations.reject')}
        okButtonProps={{ danger: true, loading: decide.isPending, htmlType: 'submit', form: 'reject' }}
        cancelText={t('web.registrations.cancel')}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('web.registrations.reject_body')}</Typography.Paragraph>
        <Form form={form} id="reject" name="reject" layout="vertical" onFinish={reject} disabled={decide.isPending}>
          <Form.Item name="reason" label={t('web.registrations.reject_reason')}
            rules={[{ required: true, whitespace: true, message: t('web.registrations.reason_required') }, { max: 1000, message: t('web.registrations.reason_long') }]}>
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
