/** The organisation's batches (批次), newest first: product, lot, production date, codes issued, inspection. */
import { Alert, Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Organisation } from '../../shell/session.ts';
import { useProducts } from '../products/queries.ts';
import { type Batch, useBatches } from './queries.ts';

/** The inspection's tag: passed, failed or not recorded. */
export function InspectionTag({ batch }: { batch: Batch }) {
  const { t } = useTranslation();
  const result = batch.inspection?.result;
  if (!batch.inspection) return <Tag>{t('web.batches.inspection_none')}</Tag>;
  return result === 'fail' ? <Tag color="red">{t('web.batches.inspection_fail')}</Tag> : <Tag color="green">{t('web.batches.inspection_pass')}</Tag>;
}

export function BatchesPage({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const batches = useBatches(org.id);
  const products = useProducts(org.id);
  const navigate = useNavigate();
  const product = (id: string) => products.data?.find((p) => p.id === id);
  const count = new Intl.NumberFormat(i18n.language);

  return (
    <div className="yima-page">
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.batches.title')}</Typography.Title>
        <Button type="primary" size="large" onClick={() => void navigate('/producer/batches/new')}>{t('web.batches.new')}</Button>
      </Flex>
      {org.status !== 'approved' && <Alert type="warning" showIcon title={t('web.batches.not_approved')} />}
      {batches.isError ? (
        <Alert type="error" showIcon title={batches.error.message} />
      ) : (
        <Table<Batch>
          rowKey="id"
          loading={batches.isPending}
          dataSource={batches.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('web.batches.empty')} /> }}
          columns={[
            {
              title: t('web.batches.col_lot'), key: 'lot',
              render: (_, b) => <Link to={`/producer/batches/${b.id}`}><Typography.Text strong>{b.lot}</Typography.Text></Link>,
            },
            {
              title: t('web.batches.col_product'), key: 'product',
              render: (_, b) => {
                const p = product(b.productId);
                return p ? <div className="yima-product-cell"><span>{p.name}</span><Typography.Text type="secondary">{p.model}</Typography.Text></div> : '—';
              },
            },
            { title: t('web.batches.col_date'), dataIndex: 'productionDate', responsive: ['sm'] },
            { title: t('web.batches.col_quantity'), key: 'quantity', align: 'end', responsive: ['md'], render: (_, b) => (b.quantity === undefined ? '—' : count.format(b.quantity)) },
            { title: t('web.batches.col_inspection'), key: 'inspection', render: (_, b) => <InspectionTag batch={b} /> },
          ]}
        />
      )}
    </div>
  );
}
