/** Custom-product ledgers and contracts (定制产品台账与合同): the organisation's current records. */
import { Alert, Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Organisation } from '../../shell/session.ts';
import { type CustomRecord, useRecords } from './queries.ts';

export function RecordsPage({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const records = useRecords(org.id);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <div className="yima-page">
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.records.title')}</Typography.Title>
        <Link to="/producer/records/new"><Button type="primary" size="large">{t('web.records.new')}</Button></Link>
      </Flex>
      <Typography.Paragraph type="secondary" className="yima-lead">{t('web.records.lead')}</Typography.Paragraph>
      {records.isError ? (
        <Alert type="error" showIcon title={records.error.message} />
      ) : (
        <Table<CustomRecord>
          rowKey="id"
          loading={records.isPending}
          dataSource={records.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('web.records.empty')} /> }}
          columns={[
            {
              title: t('web.records.col_record'), key: 'record',
              render: (_, r) => (
                <div className="yima-product-cell">
                  <Link to={`/producer/records/${r.id}`}>{r.contractNumber ?? t(`web.records.kind_${r.kind}`)}</Link>
                  <span><Tag>{t(`web.records.kind_${r.kind}`)}</Tag>{r.supersedes !== null && <Tag color="orange">{t('web.records.corrected')}</Tag>}</span>
                </div>
              ),
            },
            { title: t('web.records.col_buyer'), key: 'buyer', render: (_, r) => r.buyer.name },
            {
              title: t('web.records.col_product'), key: 'product',
              render: (_, r) => <div className="yima-product-cell"><span>{r.product.name}</span><Typography.Text type="secondary">{r.product.model}</Typography.Text></div>,
            },
            { title: t('web.records.col_quantity'), key: 'quantity', render: (_, r) => `${number.format(r.quantity)} ${r.unit}` },
            { title: t('web.records.col_date'), key: 'date', responsive: ['md'], render: (_, r) => r.contractDate ?? r.deliveryDate ?? r.createdAt.slice(0, 10) },
            { title: t('web.records.col_documents'), key: 'documents', responsive: ['sm'], render: (_, r) => number.format(r.documents.length) },
          ]}
        />
      )}
    </div>
  );
}
