/**
 * The indicators dashboard (监管指标): an indicator of the definitions over a date range (this year
 * by default), grouped by region (province → city → county, by clicking a region), enterprise or
 * month; each row with numerator and denominator beside its percentage and a bar of its value,
 * and the same rows as a CSV download.
 */
import { Alert, Breadcrumb, Button, Card, Empty, Form, Input, Select, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api.ts';
import { textOf, useDefinitions } from '../definitions.ts';
import { regionName } from '../registrations/regions.ts';
import { type Choice, csvHref, type Grouping, type IndicatorId, type IndicatorRow, queryOf, useIndicator } from './queries.ts';
import './indicators.css';

/** Today's date in China Standard Time (the indicators' days), as YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

const GROUPINGS: readonly Grouping[] = ['region', 'enterprise', 'month'];

export function IndicatorsPage() {
  const { t, i18n } = useTranslation();
  const definitions = useDefinitions();
  const [choice, setChoice] = useState<Choice>(() => ({ indicator: 'timeliness', from: `${today().slice(0, 4)}-01-01`, to: today(), grouping: 'region', region: '' }));
  const q = queryOf(choice);
  const answer = useIndicator(q);
  const [form] = Form.useForm<Pick<Choice, 'from' | 'to'>>();
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(i18n.language);
  const set = (patch: Partial<Choice>) => setChoice((c) => ({ ...c, ...patch }));

  // The server's refusal of a range (e.g. `to` before `from`) lands on its field.
  const error = answer.error;
  useEffect(() => {
    const byField = error instanceof ApiProblem ? error.errors.filter((e) => e.field === 'from' || e.field === 'to' || e.field === 'querystring.from' || e.field === 'querystring.to') : [];
    form.setFields((['from', 'to'] as const).map((name) => ({ name, errors: byField.filter((e) => e.field.endsWith(name)).map((e) => e.message.replace(/^[a-z.]+[:：]\s*/, '')) })));
  }, [error, form]);
  const fieldError = error instanceof ApiProblem && error.errors.length > 0 && error.errors.every((e) => /(^|\.)(from|to)$/.test(e.field));

  const label = (r: IndicatorRow) => choice.grouping === 'enterprise' ? (r.enterprise?.name ?? '—')
    : choice.grouping === 'month' ? (r.period ?? '—') : regionName(r.region ?? '', i18n.language);
  const canDrill = choice.grouping === 'region' && choice.region.length < 4;
  const trail = [{ code: '', title: t('web.indicators.all_regions') }, ...[2, 4].filter((n) => choice.region.length >= n).map((n) => ({ code: choice.region.slice(0, n), title: regionName(choice.region.slice(0, n), i18n.language) }))];
  const def = definitions.data?.indicators.find((d) => d.id === choice.indicator);

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.indicators.title')}</Typography.Title>
      <Card size="small">
        <Form form={form} layout="vertical" className="yima-indicators-form" initialValues={{ from: choice.from, to: choice.to }}
          onValuesChange={(_, v) => { if (v.from && v.to) set({ from: v.from, to: v.to }); }}>
          <Form.Item label={t('web.indicators.indicator')} htmlFor="indicator">
            <Select id="indicator" value={choice.indicator} loading={definitions.isPending} onChange={(v: IndicatorId) => set({ indicator: v })}
              options={(definitions.data?.indicators ?? []).map((d) => ({ value: d.id, label: textOf(d.name, i18n.language) }))} />
          </Form.Item>
          <Form.Item name="from" label={t('web.indicators.from')}><Input type="date" /></Form.Item>
          <Form.Item name="to" label={t('web.indicators.to')}><Input type="date" /></Form.Item>
          <Form.Item label={t('web.indicators.group_by')} htmlFor="grouping">
            <Select id="grouping" value={choice.grouping} onChange={(v: Grouping) => set({ grouping: v, region: '' })}
              options={GROUPINGS.map((g) => ({ value: g, label: t(`web.indicators.by_${g}`) }))} />
          </Form.Item>
        </Form>
        {def && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('web.indicators.definition', { numerator: textOf(def.numerator, i18n.language), denominator: textOf(def.denominator, i18n.language) })}</Typography.Paragraph>}
      </Card>
      {choice.grouping === 'region' && (
        <Breadcrumb items={trail.map((s, i) => ({ key: s.code, title: i === trail.length - 1 ? s.title : <a href="#" onClick={(e) => { e.preventDefault(); set({ region: s.code }); }}>{s.title}</a> }))} />
      )}
      {answer.isError && !fieldError && <Alert type="error" showIcon title={answer.error.message} />}
      <Table<IndicatorRow>
        rowKey={(r) => `${r.enterprise?.id ?? ''}|${r.region ?? ''}|${r.period ?? ''}|${r.category ?? ''}`}
        loading={answer.isFetching}
        dataSource={answer.isError ? [] : (answer.data?.rows ?? [])}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        tableLayout="fixed"
        data-testid="indicator-table"
        locale={{ emptyText: <Empty description={t('web.indicators.empty')} /> }}
        onRow={(r) => (canDrill && r.region ? { onClick: () => set({ region: r.region ?? '' }), className: 'yima-indicator-drill' } : {})}
        columns={[
          {
            title: t(`web.indicators.col_${choice.grouping}`), key: 'group',
            render: (_, r) => canDrill && r.region
              ? <Button type="link" className="yima-indicator-group" aria-label={t('web.indicators.drill', { region: label(r) })} onClick={(e) => { e.stopPropagation(); set({ region: r.region ?? '' }); }}>{label(r)}</Button>
              : <span className="yima-indicator-group">{label(r)}</span>,
          },
          {
            title: t('web.indicators.col_value'), key: 'value',
            render: (_, r) => (
              <div className="yima-indicator-value" data-testid="indicator-value">
                <span className="yima-indicator-figures">
                  <strong>{r.value === null ? '—' : percent.format(r.value)}</strong>
                  <span className="yima-indicator-ratio">{t('web.indicators.ratio', { numerator: count.format(r.numerator), denominator: count.format(r.denominator) })}</span>
                </span>
                <span className="yima-indicator-bar" aria-hidden="true"><span style={{ width: `${Math.round((r.value ?? 0) * 1000) / 10}%` }} /></span>
              </div>
            ),
          },
        ]}
      />
      <div>
        <Button href={csvHref(q)} download icon={<span aria-hidden="true">⤓</span>}>{t('web.indicators.csv')}</Button>
      </div>
    </div>
  );
}
