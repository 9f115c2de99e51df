/** The organisation's products (型号), and the way to register a new one. */
import { Alert, Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { inLocale } from '../../forms/profile-field-input.tsx';
import type { Organisation } from '../../shell/session.ts';
import { type Product, useCatalogue, useProducts } from './queries.ts';

export function ProductsPage({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const products = useProducts(org.id);
  const catalogue = useCatalogue();
  const created = (useLocation().state as { created?: string } | null)?.created;
  const categoryName = (code: string) => {
    const c = catalogue.data?.list.document.categories.find((x) => x.code === code);
    return c ? inLocale(c.name) : code;
  };
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' });

  return (
    <div className="yima-page">
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.products.title')}</Typography.Title>
        <Link to="/producer/products/new"><Button type="primary" size="large">{t('web.products.new')}</Button></Link>
      </Flex>
      {org.status !== 'approved' && <Alert type="warning" showIcon title={t('web.products.not_approved')} />}
      {products.isError ? (
        <Alert type="error" showIcon title={products.error.message} />
      ) : (
        <Table<Product>
          rowKey="id"
          loading={products.isPending}
          dataSource={products.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          rowClassName={(p) => (p.id === created ? 'yima-row-new' : '')}
          locale={{ emptyText: <Empty description={t('web.products.empty')} /> }}
          columns={[
            {
              title: t('web.products.col_product'), key: 'product',
              render: (_, p) => (
                <div className="yima-product-cell">
                  <Typography.Text strong>{p.name}</Typography.Text>
                  <Typography.Text type="secondary">{p.model}</Typography.Text>
                </div>
              ),
            },
            { title: t('web.products.col_category'), key: 'category', render: (_, p) => <Tag>{categoryName(p.categoryCode)}</Tag> },
            { title: t('web.products.col_gtin'), key: 'gtin', responsive: ['sm'], render: (_, p) => <code>{p.gtins[0] ?? '—'}</code> },
            { title: t('web.products.col_standard'), dataIndex: 'standard', responsive: ['md'] },
            { title: t('web.products.col_created'), key: 'created', responsive: ['md'], render: (_, p) => date.format(new Date(p.createdAt)) },
          ]}
        />
      )}
    </div>
  );
}
