/**
 * An issuance job, steps ② and ③: its live progress (the job is asked again while it runs), then
 * its codes and labels — the CSV, and the label sheets (A4 grid or 60×40 mm thermal; QR with the
 * Digital Link or GS1 DataMatrix), the first code's label previewed at its printed size before
 * the PDF is downloaded or opened to print. Every file is a link the browser downloads itself.
 */
import { Alert, Button, Card, Flex, Progress, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useBatch } from '../batches/queries.ts';
import { Digest } from '../batches/inspection-fields.tsx';
import { issuanceFiles, labelCaption, LABELS_PER_PAGE, type LabelLayout, type LabelSymbol, useFirstCode, useIssuance } from './queries.ts';

/** A label's printed size, mm (labels.pdf.ts: an A4 cell of 48.5 × 34.1 mm with a symbol of about 20 mm; thermal 60 × 40 with about 25). */
const LABEL_MM: Readonly<Record<LabelLayout, { w: number; h: number; symbol: number }>> = {
  'a4-grid': { w: 48.5, h: 34.1, symbol: 20 },
  'thermal-60x40': { w: 60, h: 40, symbol: 25 },
};

export function IssuancePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const job = useIssuance(id);
  const navigate = useNavigate();
  const batch = useBatch(job.data?.batchId ?? '');
  const done = job.data?.status === 'done';
  const first = useFirstCode(id, done);
  const [layout, setLayout] = useState<LabelLayout>('a4-grid');
  const [chosen, setSymbol] = useState<LabelSymbol>('qr');
  const count = new Intl.NumberFormat(i18n.language);

  if (job.isPending) return <Skeleton active />;
  if (job.isError) return <Alert type="error" showIcon title={job.error.message} />;
  const j = job.data;
  const gs1 = j.scheme === 'gs1';
  const symbol: LabelSymbol = gs1 ? chosen : 'qr';
  const files = issuanceFiles(j.id);
  const quantity = j.quantity ?? 0;
  const pages = Math.ceil(quantity / LABELS_PER_PAGE[layout]);
  const size = LABEL_MM[layout];
  const lot = batch.data?.lot ?? '';

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.issuance.title')}{lot && ` · ${lot}`}</Typography.Title>
        {batch.data && <Link to={`/producer/batches/${batch.data.id}`}>{t('web.batches.batch_title', { lot })}</Link>}
      </Flex>
      <Card className="yima-step" title={t('web.issuance.step_progress')}>
        <div data-testid="issuance-progress" data-status={j.status} aria-live="polite">
          <Progress percent={Math.floor(j.percent)} status={j.status === 'failed' ? 'exception' : j.status === 'done' ? 'success' : 'active'}
            aria-label={t('web.issuance.step_progress')} />
          <Typography.Text strong={done}>
            {j.status === 'running' && t('web.issuance.running', { issued: count.format(j.issued ?? 0), quantity: count.format(quantity) })}
            {j.status === 'done' && t('web.issuance.done', { quantity: count.format(quantity) })}
          </Typography.Text>
          {j.status === 'failed' && <Alert type="error" showIcon title={t('web.issuance.failed', { error: j.error ?? '' })} />}
          {j.digest && <Digest label={t('web.issuance.digest_label')} value={j.digest} />}
        </div>
      </Card>
      {done && (
        <Card className="yima-step" title={t('web.issuance.step_labels')}>
          <Flex vertical gap={16}>
            <div>
              <Button size="large" href={files.csv} download={`codes-${lot || j.id}.csv`}>{t('web.issuance.csv')}</Button>
            </div>
            <div className="yima-form-grid">
              <div role="group" aria-labelledby="layout-label">
                <Typography.Text strong id="layout-label">{t('web.issuance.layout')}</Typography.Text>
                <div><Radio.Group value={layout} onChange={(e) => setLayout(e.target.value as LabelLayout)} options={[
                  { value: 'a4-grid', label: t('web.issuance.layout_a4') },
                  { value: 'thermal-60x40', label: t('web.issuance.layout_thermal') },
                ]} /></div>
              </div>
              <div role="group" aria-labelledby="symbol-label">
                <Typography.Text strong id="symbol-label">{t('web.issuance.symbol')}</Typography.Text>
                <div><Radio.Group value={symbol} onChange={(e) => setSymbol(e.target.value as LabelSymbol)} options={[
                  { value: 'qr', label: t('web.issuance.symbol_qr') },
                  { value: 'gs1-datamatrix', label: t('web.issuance.symbol_dm'), disabled: !gs1 },
                ]} /></div>
                {!gs1 && <Typography.Text type="secondary">{t('web.issuance.dm_needs_gs1')}</Typography.Text>}
              </div>
            </div>
            <section aria-labelledby="preview-label">
              <Typography.Text strong id="preview-label">{t('web.issuance.preview')}</Typography.Text>
              <div className="yima-label-stage">
                {first.data ? (
                  <figure className="yima-label" data-testid="label-preview" style={{ width: `${size.w}mm`, height: `${size.h}mm` }}>
                    <img src={files.label(first.data.seq, symbol)} alt={t('web.issuance.preview_alt', { symbol: t(symbol === 'qr' ? 'web.issuance.symbol_qr' : 'web.issuance.symbol_dm') })}
                      style={{ width: `${size.symbol}mm`, height: `${size.symbol}mm` }} />
                    <figcaption>
                      {labelCaption(first.data.code, j.gtin, lot, batch.data?.productionDate ?? '').map((line) => <div key={line}>{line}</div>)}
                    </figcaption>
                  </figure>
                ) : first.isError ? <Alert type="error" showIcon title={first.error.message} /> : <Skeleton.Image active />}
              </div>
              <Typography.Text type="secondary" data-testid="sheet-facts">
                {layout === 'a4-grid'
                  ? t('web.issuance.sheet_a4', { pages: count.format(pages), per: LABELS_PER_PAGE[layout], labels: count.format(quantity) })
                  : t('web.issuance.sheet_thermal', { pages: count.format(pages) })}
              </Typography.Text>
            </section>
            <Flex gap={8} wrap>
              <Button type="primary" size="large" href={files.pdf(layout, symbol)} download={`labels-${lot || j.id}-${layout}.pdf`}>{t('web.issuance.pdf')}</Button>
              <Button size="large" href={files.pdf(layout, symbol)} target="_blank" rel="noopener">{t('web.issuance.print')}</Button>
              <Button size="large" type="link" onClick={() => void navigate(batch.data ? `/producer/issuance?batch=${batch.data.id}` : '/producer/issuance')}>{t('web.issuance.more')}</Button>
            </Flex>
          </Flex>
        </Card>
      )}
    </div>
  );
}
