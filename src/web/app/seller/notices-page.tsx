/**
 * Recall notices to the organisation: the reason and what to do, the recalled goods it still holds
 * (by product and lot, with the codes), and "acknowledge" (the producer sees it was read).
 */
import { Alert, App, Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemText } from './problem-text.ts';
import { useAcknowledge, useNotices } from './queries.ts';

export function NoticesPage() {
  const { t, i18n } = useTranslation();
  const notices = useNotices();
  const ack = useAcknowledge();
  const { message } = App.useApp();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  if (notices.isPending) return <Skeleton active />;
  if (notices.isError) return <Alert type="error" showIcon title={notices.error.message} />;
  return (
    <div className="yima-page yima-seller-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.seller.notices.title')}</Typography.Title>
      {ack.error && <Alert type="error" showIcon role="alert" title={problemText(ack.error)} />}
      {notices.data.length === 0 ? <Empty description={t('web.seller.notices.empty')} /> : (
        <Flex vertical gap={12}>
          {notices.data.map((n) => (
            <Card key={n.recallId} className={n.readAt ? 'yima-notice-card' : 'yima-notice-card yima-notice-unread'} data-testid="notice"
              title={<Flex gap={8} wrap align="center"><Tag color={n.status === 'open' ? 'red' : 'default'}>{t(`web.seller.notices.status.${n.status}`)}</Tag><span>{n.reason}</span></Flex>}>
              <Typography.Paragraph><strong>{t('web.seller.notices.instructions')}</strong>{n.instructions}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('web.seller.notices.meta', { date: date.format(new Date(n.createdAt)), count: n.items })}</Typography.Paragraph>
              <Typography.Title level={5}>{t('web.seller.notices.stock')}</Typography.Title>
              {n.stock.length === 0 ? <Typography.Paragraph>{t('web.seller.notices.no_stock')}</Typography.Paragraph> : (
                <ul className="yima-notice-stock">
                  {n.stock.map((s) => (
                    <li key={`${s.productId}/${s.batchId ?? ''}`}>
                      <div><strong>{s.productName}</strong> {s.model} · {t('web.seller.stock.lot', { lot: s.lot ?? '—' })} · {t('web.seller.stock.quantity', { count: s.quantity })}</div>
                      <ul className="yima-code-list">{s.codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
                    </li>
                  ))}
                </ul>
              )}
              {n.readAt ? (
                <Typography.Text type="success">{t('web.seller.notices.read_at', { date: date.format(new Date(n.readAt)) })}</Typography.Text>
              ) : (
                <Button type="primary" size="large" block loading={ack.isPending && ack.variables === n.recallId}
                  onClick={() => ack.mutate(n.recallId, { onSuccess: () => void message.success(t('web.seller.notices.acknowledged')) })}>
                  {t('web.seller.notices.acknowledge')}
                </Button>
              )}
            </Card>
          ))}
        </Flex>
      )}
    </div>
  );
}
