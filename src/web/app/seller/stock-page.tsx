/** What the organisation holds now (库存): by product and lot, with the codes, and the cases it holds. */
import { Alert, Card, Collapse, Empty, Flex, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStock } from './queries.ts';

export function StockPage() {
  const { t } = useTranslation();
  const stock = useStock();
  if (stock.isPending) return <Skeleton active />;
  if (stock.isError) return <Alert type="error" showIcon title={stock.error.message} />;
  const { lines, cases, truncated } = stock.data;
  const total = lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <div className="yima-page yima-seller-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.seller.stock.title')}</Typography.Title>
      <Statistic title={t('web.seller.stock.total')} value={total} />
      {truncated && <Alert type="info" showIcon title={t('web.seller.stock.truncated')} />}
      {lines.length === 0 ? <Empty description={t('web.seller.stock.empty')} /> : (
        <Flex vertical gap={12}>
          {lines.map((l) => (
            <Card key={`${l.productId}/${l.batchId ?? ''}`} size="small" className="yima-stock-line" data-testid="stock-line"
              title={<span>{l.productName} <Typography.Text type="secondary">{l.model}</Typography.Text></span>}
              extra={<strong className="yima-stock-qty">{t('web.seller.stock.quantity', { count: l.quantity })}</strong>}>
              <Typography.Paragraph className="yima-stock-meta">
                {t('web.seller.stock.producer', { name: l.producer.name })}
                {' · '}{t('web.seller.stock.lot', { lot: l.lot ?? '—' })}
                {l.productionDate && <>{' · '}{t('web.seller.stock.made', { date: l.productionDate })}</>}
              </Typography.Paragraph>
              <Collapse size="small" items={[{ key: 'codes', label: t('web.seller.stock.codes', { count: l.codes.length }), children: <ul className="yima-code-list">{l.codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul> }]} />
            </Card>
          ))}
        </Flex>
      )}
      {cases.length > 0 && (
        <Card size="small" title={t('web.seller.stock.cases')}>
          <ul className="yima-code-list">
            {cases.map((c) => <li key={c.code}><code>{c.code}</code> — {t('web.seller.stock.case_items', { count: c.items })}</li>)}
          </ul>
        </Card>
      )}
    </div>
  );
}
