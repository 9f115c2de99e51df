/**
 * One alert: why it fired, its evidence (each an event and the ledger record that holds it), its
 * parties and steps; acknowledge, resolve or dismiss it with a required reason. Each step is a
 * ledger record that cannot be undone, so the form says so before it is sent; the server's
 * refusal of a closed alert (409 alert_closed) is shown above the page.
 */
import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Skeleton, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import { textOf } from '../definitions.ts';
import { regionName } from '../registrations/regions.ts';
import { type Alert as AlertFull, type Step, useAlert, useStep } from './queries.ts';
import { AlertStateTag, Severity } from './severity.tsx';
import './alerts.css';

type Evidence = AlertFull['evidence'][number];
type Next = Step['state'];

/** The steps an alert in a state can take: new → acknowledged → resolved or dismissed (new may close at once). */
const NEXT: Record<string, readonly Next[]> = { new: ['acknowledged', 'resolved', 'dismissed'], acknowledged: ['resolved', 'dismissed'] };

export function AlertPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const alert = useAlert(id, i18n.language);
  const step = useStep(id);
  const [next, setNext] = useState<Next>();
  const [problem, setProblem] = useState<FormAlert>();
  const [done, setDone] = useState<Next>();
  const [form] = Form.useForm<{ reason: string }>();

  if (alert.isPending) return <Skeleton active />;
  if (alert.isError) return <Alert type="error" showIcon title={alert.error.message} />;
  const a = alert.data;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const name = textOf(a.name, i18n.language);

  const start = (s: Next) => { setProblem(undefined); setDone(undefined); form.resetFields(); setNext(s); };
  const send = ({ reason }: { reason: string }) => {
    if (!next) return;
    step.mutate({ state: next, reason: reason.trim() }, {
      onSuccess: () => { setDone(next); setNext(undefined); },
      onError: (err) => {
        const rest = showProblem(form, err, (f) => (f === 'reason' || f === 'body.reason' ? ['reason'] : undefined));
        if (rest) { setNext(undefined); setProblem(rest); }
      },
    });
  };

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{name}</Typography.Title>
        <Link to="/regulator/alerts">{t('web.alerts.back')}</Link>
      </Flex>
      {problem && <Alert type="error" showIcon role="alert" title={problem.title} description={problem.messages.length > 0 ? problem.messages.map((m) => <div key={m}>{m}</div>) : undefined} />}
      {done && <Alert type="success" showIcon role="status" data-testid="step-done" title={t('web.alerts.step_done', { state: t(`web.alerts.state_${done}`) })} />}
      <Card>
        <Typography.Paragraph strong data-testid="alert-why">{a.why}</Typography.Paragraph>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
          { key: 'severity', label: t('web.alerts.col_severity'), children: <Severity level={a.severity} /> },
          { key: 'state', label: t('web.alerts.col_state'), children: <span data-testid="alert-state"><AlertStateTag state={a.state} /></span> },
          { key: 'subject', label: t('web.alerts.subject'), children: a.subject ? <Typography.Text className="yima-mono" copyable>{a.subject}</Typography.Text> : '—' },
          { key: 'region', label: t('web.alerts.col_region'), children: regionName(a.region, i18n.language) },
          { key: 'parties', label: t('web.alerts.col_parties'), children: new Intl.ListFormat(i18n.language).format(a.parties.map((p) => p.name)) },
          { key: 'raised', label: t('web.alerts.col_raised'), children: date.format(new Date(a.raisedAt)) },
          { key: 'ledger', label: t('web.alerts.ledger_index'), children: <Typography.Text className="yima-mono" copyable>{String(a.ledgerIndex)}</Typography.Text> },
        ]} />
      </Card>
      <Card title={t('web.alerts.evidence')} size="small">
        <Table<Evidence> rowKey="eventId" size="small" pagination={false} dataSource={a.evidence} tableLayout="fixed"
          locale={{ emptyText: t('web.alerts.none') }}
          columns={[
            { title: t('web.alerts.event_id'), key: 'event', render: (_, e) => <Typography.Text className="yima-mono">{e.eventId}</Typography.Text> },
            { title: t('web.alerts.ledger_index'), key: 'ledger', width: 128, render: (_, e) => <Typography.Text className="yima-mono" copyable={{ text: String(e.ledgerIndex) }}>{String(e.ledgerIndex)}</Typography.Text> },
          ]} />
      </Card>
      <Card title={t('web.alerts.steps')} size="small">
        {a.steps.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.alerts.no_steps')} /> : (
          <ol className="yima-alert-steps" data-testid="alert-steps">
            {a.steps.map((s) => (
              <li key={s.ledgerIndex}>
                <Flex gap={8} wrap align="center">
                  <AlertStateTag state={s.state} />
                  <Typography.Text type="secondary">{date.format(new Date(s.at))} · {s.by}</Typography.Text>
                  <Typography.Text type="secondary" className="yima-mono">{t('web.alerts.ledger_index')} {s.ledgerIndex}</Typography.Text>
                </Flex>
                <Typography.Paragraph style={{ margin: '4px 0 0' }}>{s.reason}</Typography.Paragraph>
              </li>
            ))}
          </ol>
        )}
      </Card>
      {(NEXT[a.state] ?? []).length > 0 && (
        <Flex gap={8} wrap>
          {(NEXT[a.state] ?? []).map((s) => (
            <Button key={s} size="large" type={s === 'dismissed' ? 'default' : 'primary'} ghost={s === 'acknowledged'} onClick={() => start(s)}>{t(`web.alerts.do_${s}`)}</Button>
          ))}
        </Flex>
      )}
      <Modal
        open={next !== undefined}
        title={next ? t(`web.alerts.do_${next}`) + ' · ' + name : ''}
        okText={next ? t(`web.alerts.do_${next}`) : ''}
        okButtonProps={{ loading: step.isPending, htmlType: 'submit', form: 'alert-step' }}
        cancelText={t('web.alerts.cancel')}
        onCancel={() => setNext(undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('web.alerts.permanent')}</Typography.Paragraph>
        <Form form={form} id="alert-step" name="alert-step" layout="vertical" onFinish={send} disabled={step.isPending}>
          <Form.Item name="reason" label={t('web.alerts.reason')}
            rules={[{ required: true, whitespace: true, message: t('web.alerts.reason_required') }, { max: 2000, message: t('web.alerts.reason_long') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
