/**
 * One recall: its scope, its progress (affected codes by what became of them), who holds the goods
 * and whether their notices were read; closing it asks for a note and says it cannot be undone.
 */
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, Modal, Progress, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { useProducts } from '../products/queries.ts';
import { FormAlertBox } from '../records/record-form.tsx';
import { type RecallDetail, useCloseRecall, useOrgBatches, useRecall } from './queries.ts';
import { RecallStatus } from './recalls-page.tsx';

export function RecallPage({ org }: { org: Organisation }) {
  const id = useParams().id ?? '';
  const recall = useRecall(id);
  if (recall.isPending) return <Skeleton active />;
  if (recall.isError) return <Alert type="error" showIcon title={recall.error.message} />;
  return <RecallView org={org} recall={recall.data} />;
}

function RecallView({ org, recall: r }: { org: Organisation; recall: RecallDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const products = useProducts(org.id);
  const batches = useOrgBatches(org.id);
  const close = useCloseRecall(r.id);
  const [form] = Form.useForm<{ note?: string }>();
  const [closing, setClosing] = useState(false);
  const [alert, setAlert] = useState<FormAlert>();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const number = new Intl.NumberFormat(i18n.language);
  const list = new Intl.ListFormat(i18n.language, { type: 'unit' });
  const at = (v: string | null) => (v ? date.format(new Date(v)) : '—');
  const p = r.progress;
  const productName = (id: string) => { const x = products.data?.find((y) => y.id === id); return x ? `${x.name} ${x.model}` : id; };
  const lotName = (id: string) => { const b = batches.data?.find((x) => x.id === id); return b ? t('web.recalls.lot_of', { product: productName(b.productId), lot: b.lot }) : id; };
  const dealt = p ? p.returned + p.destroyed : 0;

  const submitClose = (v: { note?: string }) => {
    setAlert(undefined);
    close.mutate(v.note?.trim() ?? '', {
      onSuccess: () => {
        setClosing(false);
        void message.success(t('web.recalls.closed'));
      },
      onError: (err) => setAlert(showProblem(form, err, (f) => (f === 'note' ? ['note'] : undefined))),
    });
  };

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.recalls.recall_of', { at: at(r.openedAt) })} <RecallStatus status={r.status} /></Typography.Title>
        <Link to="/producer/recalls">{t('web.recalls.back')}</Link>
      </Flex>
      <Card className="yima-step">
        <Descriptions column={1} size="small" items={[
          { key: 'reason', label: t('web.recalls.reason'), children: r.reason },
          { key: 'instructions', label: t('web.recalls.instructions'), children: r.instructions },
          ...(r.scope.productIds.length > 0 ? [
            { key: 'products', label: t('web.recalls.product'), children: list.format(r.scope.productIds.map(productName)) },
            { key: 'lots', label: t('web.recalls.lots'), children: t('web.recalls.all_lots') },
          ] : []),
          ...(r.scope.batchIds.length > 0 ? [{ key: 'lots', label: t('web.recalls.lots'), children: list.format(r.scope.batchIds.map(lotName)) }] : []),
          { key: 'opened', label: t('web.recalls.opened_by'), children: `${r.openedBy} · ${at(r.openedAt)}` },
          ...(r.closedAt ? [{ key: 'closed', label: t('web.recalls.closed_at'), children: `${at(r.closedAt)} · ${r.closeNote ?? ''}` }] : []),
        ]} />
      </Card>
      {p && (
        <Card className="yima-step" title={t('web.recalls.progress')}>
          <Row gutter={[16, 16]} data-testid="recall-progress">
            {(['affected', 'returned', 'destroyed', 'inMarket', 'sold'] as const).map((k) => (
              <Col xs={12} md={4} key={k}><Statistic title={t(`web.recalls.count_${k}`)} value={p[k]} formatter={(v) => number.format(Number(v))} /></Col>
            ))}
          </Row>
          <Progress percent={p.affected > 0 ? Math.round((dealt / p.affected) * 100) : 0} aria-label={t('web.recalls.dealt', { dealt: number.format(dealt), affected: number.format(p.affected) })} />
          <Typography.Text type="secondary">{t('web.recalls.dealt', { dealt: number.format(dealt), affected: number.format(p.affected) })}</Typography.Text>
        </Card>
      )}
      <Card className="yima-step" title={t('web.recalls.holders')}>
        <Table
          rowKey="holder" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={r.holders}
          locale={{ emptyText: t('web.recalls.no_holders') }}
          columns={[
            { title: t('web.recalls.col_holder'), key: 'holder', render: (_, h) => (h.holder === 'consumer' ? t('web.recalls.consumers') : (h.name ?? h.holder)) },
            { title: t('web.recalls.col_items'), key: 'items', render: (_, h) => number.format(h.items) },
            {
              title: t('web.recalls.col_notice'), key: 'notice',
              render: (_, h) => {
                const n = r.notices.find((x) => x.orgId === h.holder);
                if (!n) return '—';
                return n.readAt ? t('web.recalls.notice_read', { at: at(n.readAt) }) : t('web.recalls.notice_unread', { at: at(n.createdAt) });
              },
            },
          ]}
        />
      </Card>
      {r.status === 'open' && <Flex><Button danger size="large" onClick={() => setClosing(true)}>{t('web.recalls.close')}</Button></Flex>}
      <Modal
        open={closing}
        title={t('web.recalls.close_title')}
        okText={t('web.recalls.close_submit')} okButtonProps={{ danger: true, loading: close.isPending, htmlType: 'submit', form: 'close-recall' }}
        cancelText={t('web.recalls.cancel')}
        onCancel={() => { setClosing(false); setAlert(undefined); }}
        destroyOnHidden
      >
        <Alert type="warning" showIcon className="yima-form-alert" title={t('web.recalls.close_body')} />
        <FormAlertBox alert={alert} />
        <Form form={form} id="close-recall" name="close-recall" layout="vertical" onFinish={submitClose} disabled={close.isPending}>
          <Form.Item name="note" label={t('web.recalls.close_note')} rules={[{ required: true, message: t('web.form.required_field', { field: t('web.recalls.close_note') }) }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
