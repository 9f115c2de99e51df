/**
 * Shipping (发货): the cases (SSCC) and items scanned, the registered partner they go to (found by
 * name or USCC), then one shipping event (POST /api/v1/events/ship) after a confirmation that says
 * it cannot be undone. Codes are read as they are scanned with the shared parsers (the server's
 * rules); what the server refuses is shown on the code or field it names.
 */
import { Alert, App, Button, Card, Col, Flex, Form, type RefSelectProps, Result, Row, Select, Statistic, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import regions from '../../../../shared/codes/data/gb2260-regions.json' with { type: 'json' };
import { detect } from '../../../../shared/codes/detect.ts';
import { t as tShared } from '../../../../shared/i18n/i18n.ts';
import { ApiProblem } from '../../api.ts';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import { currentLocale } from '../../i18n.ts';
import { indexOf, withoutField } from '../bindings/code-lines.ts';
import { ScanBox } from '../packing/scan-box.tsx';
import { type Partner, usePartners, useShip } from './queries.ts';

const PROVINCES = regions.provinces as Record<string, { zh: string; en: string }>;

/** One code on the list to ship: as scanned, its canonical form, and what the server said of it. */
interface Line {
  readonly input: string;
  readonly key: string;
  readonly problem?: string;
}

interface Values { partnerId?: string }

export function ShippingPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState('');
  const partners = usePartners(search);
  const [chosen, setChosen] = useState<Partner>();
  const [lines, setLines] = useState<readonly Line[]>([]);
  const [scanError, setScanError] = useState<string>();
  const [alert, setAlert] = useState<FormAlert>();
  const [shipped, setShipped] = useState<{ count: number; partner: Partner; eventId: string }>();
  const ship = useShip();
  const select = useRef<RefSelectProps>(null);
  const region = (code: string) => PROVINCES[code.slice(0, 2)]?.[currentLocale() === 'en' ? 'en' : 'zh'] ?? code;

  const add = (input: string) => {
    const found = detect(input, { digitalLinkBase: window.location.origin });
    if (!found.result.ok) {
      setScanError(`${input}: ${tShared(currentLocale(), found.result.error.key, found.result.error.params)}`);
      return;
    }
    const key = found.result.value.canonical;
    if (lines.some((l) => l.key === key)) {
      setScanError(t('web.shipping.already_listed', { code: key }));
      return;
    }
    setScanError(undefined);
    setShipped(undefined);
    setLines((all) => [...all, { input, key }]);
  };

  const send = (partner: Partner) => {
    setAlert(undefined);
    ship.mutate({ codes: lines.map((l) => l.input), to: { orgId: partner.id }, destinationRegion: partner.regionCode }, {
      onSuccess: (r) => {
        setShipped({ count: lines.length, partner, eventId: r.eventId });
        setLines([]);
      },
      onError: (err) => {
        const byLine = new Map<number, string>();
        if (err instanceof ApiProblem) {
          for (const e of err.errors) {
            const i = indexOf(e.field, 'codes');
            if (i !== undefined) byLine.set(i, withoutField(e.field, e.message));
          }
        }
        setLines((all) => all.map((l, i) => ({ input: l.input, key: l.key, ...(byLine.has(i) && { problem: byLine.get(i) }) })));
        const rest = showProblem(form, err, (f) => (f.startsWith('to') ? ['partnerId'] : undefined));
        const onLines = new Set(err instanceof ApiProblem ? err.errors.filter((e) => indexOf(e.field, 'codes') !== undefined).map((e) => e.message) : []);
        setAlert(rest && { title: rest.title, messages: rest.messages.filter((m) => !onLines.has(m)) });
      },
    });
  };

  const confirm = async () => {
    if (lines.length === 0) {
      setScanError(t('web.shipping.nothing_listed'));
      await form.validateFields().catch(() => undefined);
      return;
    }
    const v = await form.validateFields().catch(() => undefined);
    const partner = chosen;
    if (!v || !partner) return;
    modal.confirm({
      title: t('web.shipping.confirm_title', { count: lines.length, name: partner.name }),
      content: <Typography.Paragraph>{t('web.shipping.confirm_body', { name: partner.name })}</Typography.Paragraph>,
      okText: t('web.shipping.confirm_ok'),
      cancelText: t('web.shipping.cancel'),
      onOk: () => send(partner),
    });
  };

  const options = (partners.data ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.uscc}`, partner: p }));
  if (chosen && !options.some((o) => o.value === chosen.id)) options.unshift({ value: chosen.id, label: `${chosen.name} · ${chosen.uscc}`, partner: chosen });

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.shipping.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" className="yima-lead">{t('web.shipping.lead')}</Typography.Paragraph>
      {shipped && (
        <Result status="success" className="yima-result" data-testid="shipping-done"
          title={t('web.shipping.done', { count: shipped.count, name: shipped.partner.name })}
          subTitle={t('web.shipping.done_detail', { region: region(shipped.partner.regionCode) })} />
      )}
      {alert && (alert.title || alert.messages.length > 0) && (
        <Alert type="error" showIcon role="alert" title={alert.title}
          description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
      )}
      <Form form={form} name="shipping" layout="vertical" className="yima-stack" component="div" disabled={ship.isPending}>
        <Card className="yima-step" title={t('web.shipping.step_partner')}>
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Form.Item name="partnerId" label={t('web.shipping.partner')} extra={chosen ? undefined : t('web.shipping.partner_hint')}
                rules={[{ required: true, message: t('web.shipping.partner_required') }]}>
                <Select
                  ref={select}
                  showSearch={{ filterOption: false, onSearch: setSearch }}
                  allowClear
                  placeholder={t('web.shipping.partner_placeholder')}
                  notFoundContent={search.trim().length < 2 ? t('web.shipping.partner_type') : partners.isFetching ? t('web.shipping.searching') : t('web.shipping.partner_none')}
                  loading={partners.isFetching}
                  options={options}
                  onChange={(id: string | undefined) => {
                    setChosen(options.find((o) => o.value === id)?.partner);
                    // Chosen: the list closes and the scanner's box is next.
                    select.current?.blur();
                    document.getElementById('shipping-scan')?.focus();
                  }}
                />
              </Form.Item>
            </Col>
            {chosen && (
              <Col xs={24} md={10}>
                <Form.Item label={t('web.shipping.destination')}>
                  <Typography.Text data-testid="shipping-destination">{region(chosen.regionCode)} ({chosen.regionCode})</Typography.Text>
                </Form.Item>
              </Col>
            )}
          </Row>
        </Card>

        <Card className="yima-step" title={t('web.shipping.step_codes')}>
          <Flex vertical gap={12}>
            <Statistic title={t('web.shipping.count')} value={lines.length} valueStyle={{ fontSize: 40 }} data-testid="shipping-count" />
            <Form.Item label={t('web.shipping.scan')} htmlFor="shipping-scan" validateStatus={scanError ? 'error' : undefined}
              help={scanError} extra={scanError ? undefined : t('web.shipping.scan_hint')}>
              <ScanBox id="shipping-scan" placeholder={t('web.shipping.scan_placeholder')} status={scanError ? 'error' : undefined} disabled={ship.isPending} onScan={add} />
            </Form.Item>
            {lines.length > 0 && (
              <Table<Line> rowKey="key" size="small" dataSource={[...lines]} pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="shipping-list"
                rowClassName={(l) => (l.problem ? 'yima-row-refused' : '')}
                columns={[
                  { title: t('web.shipping.col_code'), key: 'code', render: (_, l) => (
                    <Flex vertical><code className="yima-code-cell">{l.key}</code>{l.problem && <Typography.Text type="danger">{l.problem}</Typography.Text>}</Flex>
                  ) },
                  { title: <span className="yima-sr-only">{t('web.shipping.remove')}</span>, key: 'remove', width: 80, render: (_, l) => (
                    <Button size="small" aria-label={t('web.shipping.remove_code', { code: l.key })} onClick={() => setLines((all) => all.filter((x) => x.key !== l.key))}>{t('web.shipping.remove')}</Button>
                  ) },
                ]} />
            )}
            <Button type="primary" size="large" onClick={() => void confirm()} loading={ship.isPending}>{t('web.shipping.submit', { count: lines.length })}</Button>
          </Flex>
        </Card>
      </Form>
    </div>
  );
}
