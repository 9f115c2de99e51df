/**
 * 进货, 销售 and 退货 of several codes at once: each code scanned or typed into the list, one by one
 * or a whole case by its SSCC (the platform takes in or sells what is packed in it). A sale cannot
 * be undone, so it is confirmed first, saying so. What the platform refuses is said on the code it
 * names (`codes[i]`) or above the list, and nothing is recorded.
 */
import { Alert, App, Button, Card, Flex, Form, Input, List, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiProblem } from '../api.ts';
import { currentLocale } from '../i18n.ts';
import { onField, problemText } from './problem-text.ts';
import { type Party, type SellerAction, type Verdict, useRecord, useVerify } from './queries.ts';
import { ScanField } from './scan-field.tsx';
import { readScanned, type ScannedCode } from './scanned-text.ts';

interface Line { readonly code: ScannedCode; readonly verdict?: Verdict }

/** A party typed as a USCC (18 characters) or a name. */
const partyOf = (typed: string): Party | undefined => {
  const v = typed.trim();
  if (v === '') return undefined;
  return /^[0-9A-Z]{18}$/i.test(v) ? { uscc: v.toUpperCase() } : { name: v };
};

export function CodesPage({ action }: { action: SellerAction }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [params] = useSearchParams();
  const [lines, setLines] = useState<Line[]>(() => {
    const given = params.get('code');
    const code = given ? readScanned(given, currentLocale()) : undefined;
    return code && !code.error ? [{ code }] : [];
  });
  const [duplicate, setDuplicate] = useState<string>();
  const [party, setParty] = useState('');
  const [channel, setChannel] = useState<'retail' | 'b2b'>('retail');
  const [reason, setReason] = useState('');
  const [alert, setAlert] = useState<{ title: string; messages: string[] }>();
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const [partyError, setPartyError] = useState<string>();
  const [override, setOverride] = useState('');
  const [overrideError, setOverrideError] = useState<string>();
  const [failedCheck, setFailedCheck] = useState(false);
  const [done, setDone] = useState<number>();
  const verify = useVerify();
  const record = useRecord();

  const add = (code: ScannedCode) => {
    const key = code.canonical ?? code.input;
    if (lines.some((l) => (l.code.canonical ?? l.code.input) === key)) {
      setDuplicate(t('web.seller.codes.duplicate'));
      return;
    }
    setDuplicate(undefined);
    setDone(undefined);
    setLines((ls) => [...ls, { code }]);
    // 进货: each item is checked as it is scanned (a case is checked by what it holds, on receipt).
    if (action === 'receive' && !code.isCase) {
      // mutateAsync: every scan's answer is kept, not only the latest one's.
      verify.mutateAsync(code.input).then((v) => setLines((ls) => ls.map((l) => (l.code === code ? { ...l, verdict: v } : l))), () => undefined);
    }
  };
  const remove = (i: number) => {
    setLines((ls) => ls.filter((_, j) => j !== i));
    setLineErrors({});
  };

  const supplier = (): Party | undefined => partyOf(party) ?? lines.map((l) => l.verdict?.producer?.orgId).filter((x): x is string => !!x).map((orgId) => ({ orgId }))[0];

  const send = () => {
    setAlert(undefined);
    setLineErrors({});
    setPartyError(undefined);
    setOverrideError(undefined);
    const codes = lines.map((l) => l.code.input);
    const count = lines.length;
    const onError = (err: unknown) => {
      const byLine: Record<number, string> = {};
      const rest: string[] = [];
      if (err instanceof ApiProblem) {
        for (const e of err.errors) {
          const m = /^codes\[(\d+)\]/.exec(e.field);
          if (m) byLine[Number(m[1])] = onField(e.field, e.message);
          else if (/^(from|buyer)\b/.test(e.field)) setPartyError(onField(e.field, e.message));
          else if (e.field.startsWith('override')) setOverrideError(onField(e.field, e.message));
          else rest.push(e.message);
        }
      }
      setLineErrors(byLine);
      if (err instanceof ApiProblem && err.code === 'verification_failed') setFailedCheck(true);
      setAlert({ title: problemText(err), messages: rest });
    };
    const onSuccess = () => {
      setLines([]);
      setDone(count);
      void message.success(t(`web.seller.${action}.done`, { count }));
    };
    if (action === 'receive') {
      const from = supplier();
      if (!from) {
        setPartyError(t('web.seller.receive.supplier_needed'));
        return;
      }
      const why = override.trim();
      record.mutate({ action, body: { codes, from, ...(why && { override: { reason: why } }) } }, { onSuccess, onError });
    } else if (action === 'return') {
      const from = partyOf(party);
      record.mutate({ action, body: { codes, ...(from && { from }), ...(reason.trim() && { reason: reason.trim() }) } }, { onSuccess, onError });
    } else {
      const buyer = partyOf(party);
      if (channel === 'b2b' && !buyer) {
        setPartyError(t('web.seller.sell.buyer_needed'));
        return;
      }
      modal.confirm({
        title: t('web.seller.sell.confirm_title', { count }),
        content: t('web.seller.sell.confirm_body', { count }),
        okText: t('web.seller.sell.confirm_ok'),
        cancelText: t('web.seller.cancel'),
        okButtonProps: { danger: true, size: 'large' },
        cancelButtonProps: { size: 'large' },
        onOk: () => record.mutate({ action, body: { codes, channel, ...(channel === 'b2b' && buyer && { buyer }) } }, { onSuccess, onError }),
      });
    }
  };

  const partyLabel = action === 'receive' ? t('web.seller.receive.supplier') : action === 'return' ? t('web.seller.return.from') : t('web.seller.sell.buyer');
  return (
    <div className="yima-page yima-seller-page">
      <Typography.Title level={2} className="yima-page-title">{t(`web.seller.${action}.title`)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(`web.seller.${action}.lead`)}</Typography.Paragraph>
      <ScanField id={`seller-${action}-code`} label={t('web.seller.codes.code')} submitLabel={t('web.seller.codes.add')} onCode={add} error={duplicate} />
      {done !== undefined && <Alert type="success" showIcon role="status" title={t(`web.seller.${action}.done`, { count: done })} />}
      <Card className="yima-codes-card" title={t('web.seller.codes.count', { count: lines.length })}>
        {alert && (
          <Alert type="error" showIcon role="alert" className="yima-form-alert" title={alert.title}
            description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
        )}
        <List
          dataSource={lines}
          locale={{ emptyText: t('web.seller.codes.empty') }}
          renderItem={(l, i) => (
            <List.Item className="yima-code-line" data-testid="code-line"
              actions={[<Button key="remove" size="large" type="text" danger aria-label={t('web.seller.codes.remove_code', { code: l.code.canonical ?? l.code.input })} onClick={() => remove(i)}>{t('web.seller.codes.remove')}</Button>]}>
              <Flex vertical gap={4} className="yima-code-line-body">
                <Flex gap={6} wrap align="center">
                  {l.code.isCase && <Tag color="blue">{t('web.seller.codes.case')}</Tag>}
                  {l.verdict && <Tag color={l.verdict.verdict === 'pass' ? 'green' : l.verdict.verdict === 'warn' ? 'orange' : 'red'}>{t(`web.seller.verdict.${l.verdict.verdict}`)}</Tag>}
                  <code className="yima-code-text">{l.code.canonical ?? l.code.input}</code>
                </Flex>
                {l.verdict?.product && <Typography.Text>{l.verdict.product.name} {l.verdict.product.model}</Typography.Text>}
                {l.verdict && l.verdict.verdict !== 'pass' && l.verdict.reasons.map((r) => <Typography.Text key={r.code} type={r.severity === 'fail' ? 'danger' : 'warning'}>{r.message}</Typography.Text>)}
                {lineErrors[i] && !l.verdict?.reasons.some((r) => lineErrors[i]?.includes(r.message)) && <Typography.Text type="danger" role="alert">{lineErrors[i]}</Typography.Text>}
              </Flex>
            </List.Item>
          )}
        />
        <Form layout="vertical" component="div" className="yima-codes-form">
          {action === 'sell' && (
            <Form.Item label={t('web.seller.sell.channel')}>
              <Radio.Group size="large" optionType="button" value={channel} onChange={(e) => setChannel(e.target.value as 'retail' | 'b2b')}
                options={[{ value: 'retail', label: t('web.seller.sell.retail') }, { value: 'b2b', label: t('web.seller.sell.b2b') }]} />
            </Form.Item>
          )}
          {(action !== 'sell' || channel === 'b2b') && (
            <Form.Item label={partyLabel} htmlFor={`seller-${action}-party`} validateStatus={partyError ? 'error' : undefined} help={partyError}
              extra={partyError ? undefined : t(`web.seller.${action}.party_hint`)}>
              <Input id={`seller-${action}-party`} size="large" value={party} onChange={(e) => { setParty(e.target.value); setPartyError(undefined); }} />
            </Form.Item>
          )}
          {action === 'receive' && (failedCheck || lines.some((l) => l.verdict?.verdict === 'fail')) && (
            <Form.Item label={t('web.seller.receive.override')} htmlFor="seller-receive-override" validateStatus={overrideError ? 'error' : undefined} help={overrideError}
              extra={overrideError ? undefined : t('web.seller.receive.override_hint')}>
              <Input.TextArea id="seller-receive-override" value={override} maxLength={2000} autoSize={{ minRows: 2 }} onChange={(e) => { setOverride(e.target.value); setOverrideError(undefined); }} />
            </Form.Item>
          )}
          {action === 'return' && (
            <Form.Item label={t('web.seller.return.reason')} htmlFor="seller-return-reason">
              <Input.TextArea id="seller-return-reason" value={reason} maxLength={2000} autoSize={{ minRows: 2 }} onChange={(e) => setReason(e.target.value)} />
            </Form.Item>
          )}
          <Button type="primary" size="large" block className="yima-big-button" disabled={lines.length === 0} loading={record.isPending} onClick={send} danger={action === 'sell'}>
            {t(`web.seller.${action}.submit`, { count: lines.length })}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
