/**
 * Problems consumers reported from the scan page (消费者举报) about producers of the regulator's
 * regions, newest first: category, the code as given, the message and the contact (which only
 * the regulators of the producer's region see).
 */
import { Alert, Empty, Grid, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { regionName } from '../registrations/regions.ts';
import { type ScanReport, useScanReports } from './queries.ts';
import '../alerts/alerts.css';

const COLOUR: Record<string, string> = { counterfeit: 'red', quality: 'orange', label: 'gold', other: 'default' };

export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const reports = useScanReports();
  const wide = Grid.useBreakpoint().md === true;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const contact = (r: ScanReport) => r.contact ?? <Typography.Text type="secondary">{t('web.reports.no_contact')}</Typography.Text>;

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.reports.title')}</Typography.Title>
      {reports.isError ? <Alert type="error" showIcon title={reports.error.message} /> : (
        <Table<ScanReport>
          rowKey="id"
          loading={reports.isPending}
          dataSource={reports.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          tableLayout={wide ? undefined : 'fixed'}
          locale={{ emptyText: <Empty description={t('web.reports.empty')} /> }}
          columns={[
            { title: t('web.reports.col_time'), key: 'time', responsive: ['md'], render: (_, r) => date.format(new Date(r.createdAt)) },
            { title: t('web.reports.col_category'), key: 'category', responsive: ['md'], render: (_, r) => <Tag color={COLOUR[r.category]}>{t(`web.reports.category_${r.category}`)}</Tag> },
            {
              title: t('web.reports.col_message'), key: 'message',
              render: (_, r) => (
                <div className="yima-alert-cell" data-testid="report-row">
                  {!wide && <span><Tag color={COLOUR[r.category]}>{t(`web.reports.category_${r.category}`)}</Tag><Typography.Text type="secondary">{date.format(new Date(r.createdAt))}</Typography.Text></span>}
                  <Typography.Text>{r.message}</Typography.Text>
                  <Typography.Text type="secondary" className="yima-mono">{t('web.reports.col_code')}: {r.code}</Typography.Text>
                  {!wide && <Typography.Text type="secondary">{t('web.reports.col_contact')}: {contact(r)}</Typography.Text>}
                </div>
              ),
            },
            { title: t('web.reports.col_contact'), key: 'contact', responsive: ['md'], render: (_, r) => contact(r) },
            { title: t('web.reports.col_region'), key: 'region', responsive: ['md'], render: (_, r) => (r.regionCode ? regionName(r.regionCode, i18n.language) : '—') },
          ]}
        />
      )}
      <Typography.Text type="secondary">{t('web.reports.note')}</Typography.Text>
    </div>
  );
}
