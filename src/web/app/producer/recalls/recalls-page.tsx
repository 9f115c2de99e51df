/** The producer's recall notices (召回): open ones first as the server lists them, each with its scope. */
import { Alert, Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Organisation } from '../../shell/session.ts';
import { useProducts } from '../products/queries.ts';
import { type Recall, useOrgBatches, useRecalls } from './queries.ts';

export function RecallStatus({ status }: { status: Recall['status'] }) {
  const { t } = useTranslation();
  return status === 'open' ? <Tag color="red">{t('web.recalls.status_open')}</Tag> : <Tag>{t('web.recalls.status_closed')}</Tag>;
}

export function RecallsPage({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const recalls = useRecalls();
  const products = useProducts(org.id);
  const batches = useOrgBatches(org.id);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const list = new Intl.ListFormat(i18n.language, { type: 'unit' });
  const productName = (id: string) => {
    const p = products.data?.find((x) => x.id === id);
    return p ? `${p.name} ${p.model}` : id;
  };
  const lotName = (id: string) => {
    const b = batches.data?.find((x) => x.id === id);
    return b ? t('web.recalls.lot_of', { product: productName(b.productId), lot: b.lot }) : id;
  };
  return (
    <div className="yima-page">
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.recalls.title')}</Typography.Title>
        <Link to="/producer/recalls/new"><Button type="primary" danger size="large">{t('web.recalls.new')}</Button></Link>
      </Flex>
      {recalls.isError ? <Alert type="error" showIcon title={recalls.error.message} /> : (
        <Table<Recall>
          rowKey="id" loading={recalls.isPending} dataSource={(recalls.data ?? []).filter((r) => r.orgId === org.id)}
          pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('web.recalls.empty')} /> }}
          columns={[
            { title: t('web.recalls.col_opened'), key: 'opened', render: (_, r) => <Link to={`/producer/recalls/${r.id}`}>{date.format(new Date(r.openedAt))}</Link> },
            { title: t('web.recalls.col_status'), key: 'status', render: (_, r) => <RecallStatus status={r.status} /> },
            { title: t('web.recalls.reason'), key: 'reason', render: (_, r) => <Typography.Paragraph ellipsis={{ rows: 2 }} className="yima-cell-text">{r.reason}</Typography.Paragraph> },
            {
              title: t('web.recalls.col_scope'), key: 'scope', responsive: ['sm'],
              render: (_, r) => list.format([...r.scope.productIds.map(productName), ...r.scope.batchIds.slice(0, 3).map(lotName), ...(r.scope.batchIds.length > 3 ? [t('web.recalls.lots_more', { count: r.scope.batchIds.length - 3 })] : [])]),
            },
          ]}
        />
      )}
    </div>
  );
}
