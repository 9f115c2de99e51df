/**
 * 查验: scan a code (camera or scanner), see the platform's verdict — pass, warn or fail in large
 * type, each reason in words — and take the goods in (进货) with one tap. The verdict element
 * carries `data-frame-to-verdict-ms`: from the camera frame that decoded to the verdict on screen
 * (bench/web.ts reads it).
 */
import { Alert, Button, Card, Descriptions, Flex, Typography } from 'antd';
import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem } from '../api.ts';
import { onField, problemText } from './problem-text.ts';
import { type Verdict, useRecord, useVerify } from './queries.ts';
import { ScanField } from './scan-field.tsx';
import type { ScannedCode } from './scanned-text.ts';

/** Where goods come from when the check screen takes them in: the producer the platform names. */
const supplierOf = (v: Verdict) => (v.producer ? { orgId: v.producer.orgId } : undefined);

function VerdictCard({ verdict, frameAt }: { verdict: Verdict; frameAt: number | undefined }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const node = el.current;
    if (!node) return;
    if (frameAt === undefined) node.removeAttribute('data-frame-to-verdict-ms');
    else node.setAttribute('data-frame-to-verdict-ms', String(Math.round(performance.now() - frameAt)));
  }, [verdict, frameAt]);
  return (
    <div ref={el} className={`yima-verdict yima-verdict-${verdict.verdict}`} data-testid="verdict" data-verdict={verdict.verdict} role="status" aria-live="polite">
      <div className="yima-verdict-word">{t(`web.seller.verdict.${verdict.verdict}`)}</div>
      <ul className="yima-verdict-reasons">
        {verdict.reasons.map((r) => <li key={r.code + r.message} className={`yima-reason-${r.severity}`}>{r.message}</li>)}
      </ul>
      {verdict.product && (
        <Descriptions size="small" column={1} className="yima-verdict-facts" items={[
          { key: 'product', label: t('web.seller.fact.product'), children: `${verdict.product.name} ${verdict.product.model}` },
          ...(verdict.producer ? [{ key: 'producer', label: t('web.seller.fact.producer'), children: verdict.producer.name }] : []),
          ...(verdict.batch?.lot ? [{ key: 'lot', label: t('web.seller.fact.lot'), children: verdict.batch.lot }] : []),
          ...(verdict.state ? [{ key: 'state', label: t('web.seller.fact.state'), children: t(`web.seller.state.${verdict.state}`, { defaultValue: verdict.state }) }] : []),
        ]} />
      )}
      <Typography.Text type="secondary" className="yima-verdict-code"><code>{verdict.code}</code></Typography.Text>
    </div>
  );
}

export function CheckPage() {
  const { t } = useTranslation();
  const verify = useVerify();
  const record = useRecord();
  const [frameAt, setFrameAt] = useState<number>();
  const [code, setCode] = useState<ScannedCode>();
  const [received, setReceived] = useState<string>();
  const verdict = verify.data;

  const check = (c: ScannedCode, at?: number) => {
    setCode(c);
    setFrameAt(at);
    setReceived(undefined);
    record.reset();
    verify.mutate(c.input);
  };

  const fieldError = verify.error instanceof ApiProblem ? (verify.error.fieldMessages().code !== undefined ? onField('code', verify.error.fieldMessages().code ?? '') : problemText(verify.error)) : verify.error ? problemText(verify.error) : undefined;
  const supplier = verdict && supplierOf(verdict);
  // Held here already: 查验 finds nothing to say but "ok" about goods this organisation holds.
  const heldHere = verdict?.state === 'held' && verdict.reasons.every((r) => r.code === 'ok');
  const canReceive = verdict && verdict.verdict !== 'fail' && supplier && !heldHere;

  return (
    <div className="yima-page yima-seller-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.seller.check.title')}</Typography.Title>
      <ScanField id="seller-check-code" label={t('web.seller.check.code')} submitLabel={t('web.seller.check.submit')} onCode={check} pending={verify.isPending} error={fieldError} />
      {verdict && !verify.isPending && code && (
        <Card className="yima-verdict-card">
          <VerdictCard verdict={verdict} frameAt={frameAt} />
          {received === verdict.code || heldHere ? (
            <Flex vertical gap={12}>
              <Alert type="success" showIcon role="status" title={t(received === verdict.code ? 'web.seller.check.received' : 'web.seller.check.held', { product: verdict.product?.name ?? verdict.code })} />
              <Link to={`/seller/sell?code=${encodeURIComponent(code.input)}`}><Button size="large" block>{t('web.seller.check.sell_it')}</Button></Link>
            </Flex>
          ) : canReceive ? (
            <Flex vertical gap={8}>
              {record.error && <Alert type="error" showIcon role="alert" title={problemText(record.error)} description={record.error instanceof ApiProblem ? record.error.errors.map((e) => <div key={e.field + e.message}>{e.message}</div>) : undefined} />}
              <Button type="primary" size="large" block className="yima-big-button" loading={record.isPending}
                onClick={() => record.mutate({ action: 'receive', body: { codes: [code.input], from: supplier } }, { onSuccess: () => setReceived(verdict.code) })}>
                {t('web.seller.check.receive')}
              </Button>
              <Typography.Text type="secondary">{t('web.seller.check.from', { supplier: verdict.producer?.name ?? '' })}</Typography.Text>
            </Flex>
          ) : verdict.verdict === 'fail' ? (
            <Alert type="error" showIcon title={t('web.seller.check.not_receivable')} />
          ) : null}
        </Card>
      )}
    </div>
  );
}
