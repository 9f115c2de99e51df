/**
 * The open alerts of the regulator's regions (预警), newest first: severity in colour and words,
 * the kind's name from the definitions, why it fired, parties, region and when; filtered by state
 * and kind, each opened to be acknowledged, resolved or dismissed.
 */
import { Alert, Button, Empty, Flex, Form, Grid, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { textOf, useDefinitions } from '../definitions.ts';
import { regionName } from '../registrations/regions.ts';
import { type Alert as AlertRow, type AlertKind, type StateFilter, useAlerts } from './queries.ts';
import { AlertStateTag, Severity } from './severity.tsx';
import './alerts.css';

const STATES: readonly StateFilter[] = ['open', 'new', 'acknowledged', 'resolved', 'dismissed'];

export function AlertsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = (STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as StateFilter) : 'open';
  const kind = (params.get('kind') ?? undefined) as AlertKind | undefined;
  const alerts = useAlerts(state, kind, i18n.language);
  const definitions = useDefinitions();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().md === true;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const parties = (a: AlertRow) => new Intl.ListFormat(i18n.language).format(a.parties.map((p) => p.name));
  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '' || (name === 'state' && value === 'open')) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.alerts.title')}</Typography.Title>
      <Form layout="inline" className="yima-alerts-filter">
        <Form.Item label={t('web.alerts.filter_state')} htmlFor="alerts-state">
          <Select id="alerts-state" value={state} style={{ minWidth: 140 }} onChange={(v) => set('state', v)}
            options={STATES.map((s) => ({ value: s, label: t(`web.alerts.state_${s}`) }))} />
        </Form.Item>
        <Form.Item label={t('web.alerts.filter_kind')} htmlFor="alerts-kind">
          <Select id="alerts-kind" value={kind ?? ''} style={{ minWidth: 180 }} onChange={(v) => set('kind', v)} loading={definitions.isPending}
            options={[{ value: '', label: t('web.alerts.kind_all') }, ...(definitions.data?.alerts ?? []).map((a) => ({ value: a.kind, label: textOf(a.name, i18n.language) }))]} />
        </Form.Item>
      </Form>
      {alerts.isError ? (
        <Alert type="error" showIcon title={alerts.error.message} />
      ) : (
        <Table<AlertRow>
          rowKey="id"
          loading={alerts.isPending}
          dataSource={alerts.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: wide ? 'max-content' : undefined }}
          locale={{ emptyText: <Empty description={t(state === 'open' ? 'web.alerts.empty_open' : 'web.alerts.empty')} /> }}
          columns={[
            { title: t('web.alerts.col_severity'), key: 'severity', width: 96, render: (_, a) => <Severity level={a.severity} /> },
            {
              title: t('web.alerts.col_alert'), key: 'alert',
              render: (_, a) => (
                <div className="yima-alert-cell" data-testid="alert-row">
                  <Link to={`/regulator/alerts/${a.id}`}><Typography.Text strong>{textOf(a.name, i18n.language)}</Typography.Text></Link>
                  <Typography.Text>{a.why}</Typography.Text>
                  {!wide && <Typography.Text type="secondary">{parties(a)} · {regionName(a.region, i18n.language)}</Typography.Text>}
                  {!wide && <Typography.Text type="secondary">{date.format(new Date(a.raisedAt))} · <AlertStateTag state={a.state} /></Typography.Text>}
                </div>
              ),
            },
            { title: t('web.alerts.col_parties'), key: 'parties', responsive: ['md'], render: (_, a) => parties(a) },
            { title: t('web.alerts.col_region'), key: 'region', responsive: ['md'], render: (_, a) => regionName(a.region, i18n.language) },
            { title: t('web.alerts.col_raised'), key: 'raised', responsive: ['md'], render: (_, a) => date.format(new Date(a.raisedAt)) },
            { title: t('web.alerts.col_state'), key: 'state', responsive: ['md'], render: (_, a) => <AlertStateTag state={a.state} /> },
            {
              title: '', key: 'open', align: 'end', responsive: ['sm'],
              render: (_, a) => <Button aria-label={`${t('web.alerts.open')} ${textOf(a.name, i18n.language)}`} onClick={() => void navigate(`/regulator/alerts/${a.id}`)}>{t('web.alerts.open')}</Button>,
            },
          ]}
        />
      )}
      <Flex><Typography.Text type="secondary">{t('web.alerts.note')}</Typography.Text></Flex>
    </div>
  );
}
