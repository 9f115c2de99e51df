/**
 * Packing (装箱): scan the SSCC of a case, then the items into it — or of a pallet, then the cases
 * onto it. Each scan is recorded at once as an AggregationEvent ADD (POST /api/v1/events/pack, one
 * child), so the count on screen is what the platform holds; a code refused is said at once with
 * the platform's reason: not a code, unknown to the platform (POST /api/v1/verify, which only
 * reads), not ours to pack (the event's write rule), or scanned already in this session.
 */
import { Alert, Button, Card, Flex, Form, type InputRef, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api.ts';
import { currentLocale } from '../../i18n.ts';
import { withoutField } from '../bindings/code-lines.ts';
import { readContainer } from './container-code.ts';
import { usePack, verifyCode } from './queries.ts';
import { ScanBox } from './scan-box.tsx';

type Level = 'case' | 'pallet';

/** One scan's outcome, newest first on screen. */
interface Scan {
  readonly n: number;
  readonly input: string;
  readonly ok: boolean;
  readonly text: string;
}

/** A container filled in this session: its SSCC and what went in (as keys). */
interface Filled {
  readonly level: Level;
  readonly sscc: string;
  readonly items: readonly string[];
}

/** The reason of a refused call, without the field it names. */
function reasonOf(err: unknown, field: string): string {
  if (err instanceof ApiProblem) {
    const e = err.errors.find((x) => x.field === field) ?? err.errors[0];
    return e ? withoutField(e.field, e.message) : err.detail ?? err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function PackingPage() {
  const { t } = useTranslation();
  const pack = usePack();
  const [level, setLevel] = useState<Level>('case');
  const [container, setContainer] = useState<string>();
  const [containerError, setContainerError] = useState<string>();
  const [filled, setFilled] = useState<readonly Filled[]>([]);
  const [scans, setScans] = useState<readonly Scan[]>([]);
  const [busy, setBusy] = useState(0);
  const itemBox = useRef<InputRef>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const seq = useRef(0);
  // What is in the containers of this session, as the scans come (state lags behind a fast scanner).
  const packed = useRef(new Map<string, string>());

  const current = filled.find((f) => f.sscc === container && f.level === level);
  const count = current?.items.length ?? 0;
  const origin = window.location.origin;

  const openContainer = (input: string) => {
    const r = readContainer(input, origin, currentLocale());
    if (!r.ok) {
      setContainerError(r.error ?? t('web.packing.not_sscc'));
      return;
    }
    setContainerError(undefined);
    setContainer(r.sscc);
    setFilled((all) => (all.some((f) => f.sscc === r.sscc && f.level === level) ? all : [...all, { level, sscc: r.sscc, items: [] }]));
    setTimeout(() => itemBox.current?.focus(), 0);
  };

  const said = (input: string, ok: boolean, text: string) => setScans((all) => [{ n: ++seq.current, input, ok, text }, ...all].slice(0, 200));

  /** One scanned child: checked, then recorded; scans are taken one after another, in order. */
  const take = async (parent: string, input: string) => {
    let key: string;
    if (level === 'pallet') {
      const r = readContainer(input, origin, currentLocale());
      if (!r.ok) return said(input, false, r.error ?? t('web.packing.not_sscc'));
      key = r.sscc;
      if (key === parent) return said(input, false, t('web.packing.into_itself'));
    } else {
      try {
        const v = await verifyCode(input);
        if (!v.registered) return said(input, false, t('web.packing.unknown', { reason: v.reasons[0]?.message ?? '' }));
        key = v.code;
      } catch (err) {
        return said(input, false, reasonOf(err, 'code'));
      }
    }
    const where = packed.current.get(key);
    if (where !== undefined) return said(input, false, where === parent ? t('web.packing.already_here') : t('web.packing.already_packed', { sscc: where }));
    try {
      await pack.mutateAsync({ parent, children: [input] });
    } catch (err) {
      return said(input, false, reasonOf(err, 'children[0]'));
    }
    packed.current.set(key, parent);
    setFilled((all) => all.map((f) => (f.sscc === parent && f.level === level ? { ...f, items: [...f.items, key] } : f)));
    said(input, true, t('web.packing.packed', { code: key }));
  };

  const onScan = (input: string) => {
    if (!container) return;
    const parent = container;
    setBusy((n) => n + 1);
    queue.current = queue.current.then(() => take(parent, input)).finally(() => setBusy((n) => n - 1));
  };

  const last = scans[0];
  const refused = scans.filter((s) => !s.ok);
  const what = level === 'case' ? 'case' : 'pallet';

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.packing.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" className="yima-lead">{t('web.packing.lead')}</Typography.Paragraph>
      <Segmented<Level> block size="large" value={level} disabled={busy > 0} aria-label={t('web.packing.level')}
        onChange={(v) => { setLevel(v); setContainer(undefined); setContainerError(undefined); }}
        options={[{ value: 'case', label: t('web.packing.level_case') }, { value: 'pallet', label: t('web.packing.level_pallet') }]} />

      <Card className="yima-step" title={t(`web.packing.step_container_${what}`)}>
        {container ? (
          <Flex align="center" justify="space-between" wrap gap={8}>
            <span><Typography.Text type="secondary">{t(`web.packing.container_${what}`)}</Typography.Text> <code className="yima-code-cell" data-testid="packing-container">{container}</code></span>
            <Button disabled={busy > 0} onClick={() => setContainer(undefined)}>{t(`web.packing.next_${what}`)}</Button>
          </Flex>
        ) : (
          <Form layout="vertical" component="div">
            <Form.Item label={t(`web.packing.container_${what}`)} htmlFor="packing-container" extra={containerError ? undefined : t('web.packing.container_hint')}
              validateStatus={containerError ? 'error' : undefined} help={containerError}>
              <ScanBox id="packing-container" placeholder={t('web.packing.container_placeholder')} status={containerError ? 'error' : undefined} onScan={openContainer} />
            </Form.Item>
          </Form>
        )}
      </Card>

      {container && (
        <Card className="yima-step" title={t(`web.packing.step_scan_${what}`)}>
          <Flex vertical gap={12}>
            <Statistic title={t(`web.packing.count_${what}`)} value={count} valueStyle={{ fontSize: 40 }} data-testid="packing-count" />
            <Form layout="vertical" component="div">
              <Form.Item label={t(`web.packing.scan_${what}`)} htmlFor="packing-scan" className="yima-scan-item"
                validateStatus={last && !last.ok ? 'error' : undefined}
                help={last && !last.ok ? <span data-testid="packing-error">{last.text.includes(last.input) ? last.text : `${last.text} (${last.input})`}</span> : undefined}
                extra={last?.ok ? undefined : t('web.packing.scan_hint')}>
                <ScanBox ref={itemBox} id="packing-scan" placeholder={t('web.packing.scan_placeholder')} status={last && !last.ok ? 'error' : undefined} onScan={onScan} />
              </Form.Item>
            </Form>
            <div aria-live="polite" role="status" data-testid="packing-last">
              {last?.ok && <Alert type="success" showIcon title={last.text} />}
              {busy > 0 && <Typography.Text type="secondary">{t('web.packing.checking', { count: busy })}</Typography.Text>}
            </div>
          </Flex>
        </Card>
      )}

      {refused.length > 0 && (
        <Card className="yima-step" title={t('web.packing.refused_title', { count: refused.length })}>
          <Table<Scan> rowKey="n" size="small" dataSource={[...refused]} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="packing-refused"
            columns={[
              { title: `${t('web.packing.col_code')} · ${t('web.packing.col_reason')}`, key: 'scan', render: (_, r) => (
                <Flex vertical gap={2}><code className="yima-code-cell">{r.input}</code><Typography.Text type="danger">{r.text}</Typography.Text></Flex>
              ) },
            ]} />
        </Card>
      )}

      {filled.length > 0 && (
        <Card className="yima-step" title={t('web.packing.session_title')}>
          <Table<Filled> rowKey={(f) => `${f.level}${f.sscc}`} size="small" dataSource={[...filled]} pagination={false}
            columns={[
              { title: t('web.packing.col_container'), key: 'sscc', render: (_, f) => <Flex gap={6} wrap><Tag>{t(`web.packing.level_${f.level}`)}</Tag><code className="yima-code-cell">{f.sscc}</code></Flex> },
              { title: t('web.packing.col_count'), key: 'n', align: 'right', render: (_, f) => f.items.length },
            ]} />
        </Card>
      )}
    </div>
  );
}
