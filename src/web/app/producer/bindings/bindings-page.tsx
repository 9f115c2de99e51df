/**
 * Binding codes printed elsewhere (another system's labels, a printer's run) to a product and
 * lot: pasted one a line, scanned with a handheld scanner, or read from a CSV/TXT file in the
 * browser (nothing uploaded but the codes). All or nothing, or keep the good ones; every code the
 * server refuses is listed with its line and the server's reason. POST /api/v1/bindings.
 */
import { Alert, Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api.ts';
import { type FormAlert, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { ScanBox } from '../packing/scan-box.tsx';
import { useProducts } from '../products/queries.ts';
import { codeLines, indexOf, withoutField } from './code-lines.ts';
import { type BindResult, useBatches, useBind } from './queries.ts';

interface Values {
  productId?: string;
  lot?: string;
  namespace?: string;
  codes?: string;
  partial: boolean;
}

/** One refused code: its line in the list, the code as given, the server's reason. */
interface Refused {
  readonly line: number;
  readonly code: string;
  readonly reason: string;
}

/** What the last submission came to. */
type Outcome =
  | { kind: 'bound'; result: BindResult; codes: readonly string[] }
  | { kind: 'refused'; refused: readonly Refused[] };

export function BindingsPage({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const products = useProducts(org.id);
  const productId = Form.useWatch('productId', form);
  const text = Form.useWatch('codes', form) ?? '';
  const batches = useBatches(productId);
  const bind = useBind();
  const [alert, setAlert] = useState<FormAlert>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [fileNote, setFileNote] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const count = codeLines(text).length;

  const append = (codes: readonly string[]) => {
    const now = (form.getFieldValue('codes') as string | undefined) ?? '';
    form.setFieldValue('codes', [now.replace(/\s+$/, ''), ...codes].filter((l) => l !== '').join('\n'));
    void form.validateFields(['codes']).catch(() => undefined);
  };

  const readFile = async (file: File) => {
    const codes = codeLines(await file.text(), { csv: /\.csv$/i.test(file.name) });
    append(codes);
    setFileNote(t('web.bindings.file_read', { name: file.name, count: codes.length }));
  };

  const submit = (v: Values) => {
    const codes = codeLines(v.codes ?? '');
    setAlert(undefined);
    setOutcome(undefined);
    bind.mutate({
      productId: v.productId ?? '',
      codes,
      ...(v.lot && { lot: v.lot }),
      ...(v.namespace?.trim() && { namespace: v.namespace.trim() }),
      ...(v.partial && { partial: true }),
    }, {
      onSuccess: (result) => {
        setOutcome({ kind: 'bound', result, codes });
        setTimeout(() => document.querySelector('[data-testid="binding-result"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' }), 0);
      },
      onError: (err) => {
        // All or nothing: every refused code is a `codes[i]` field error; nothing was bound.
        const refused = err instanceof ApiProblem
          ? err.errors.flatMap((e) => {
              const i = indexOf(e.field, 'codes');
              return i === undefined ? [] : [{ line: i + 1, code: codes[i] ?? '', reason: withoutField(e.field, e.message) }];
            })
          : [];
        const rest = showProblem(form, err, (f) => (f === 'productId' || f === 'lot' || f === 'namespace' ? [f] : undefined));
        if (refused.length > 0) {
          form.setFields([{ name: 'codes', errors: [t('web.bindings.refused_none_bound', { count: refused.length })] }]);
          setOutcome({ kind: 'refused', refused });
          // The codes' own messages are in the list below; only what is about something else goes above.
          const said = new Set(err instanceof ApiProblem ? err.errors.filter((e) => indexOf(e.field, 'codes') !== undefined).map((e) => e.message) : []);
          const others = rest?.messages.filter((m) => !said.has(m)) ?? [];
          setAlert(others.length > 0 ? { title: rest?.title ?? '', messages: others } : undefined);
        } else setAlert(rest);
      },
    });
  };

  const refusedOf = (o: Outcome): readonly Refused[] => (o.kind === 'refused' ? o.refused : o.result.rejected.map((r) => ({ line: r.index + 1, code: o.codes[r.index] ?? '', reason: withoutField(`codes[${r.index}]`, r.message) })));

  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.bindings.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" className="yima-lead">{t('web.bindings.lead')}</Typography.Paragraph>
      {alert && (
        <Alert type="error" showIcon role="alert" title={alert.title}
          description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
      )}
      <Form form={form} name="binding" layout="vertical" className="yima-stack" onFinish={submit} disabled={bind.isPending} initialValues={{ partial: false }}
        onValuesChange={(changed: Partial<Values>) => {
          if ('productId' in changed) form.setFieldValue('lot', undefined);
        }}>
        <Card className="yima-step" title={t('web.bindings.step_product')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="productId" label={t('web.bindings.product')} rules={[{ required: true, message: t('web.form.choose_one') }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('web.form.choose')} loading={products.isPending}
                  options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.model}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="lot" label={t('web.bindings.lot')} extra={t('web.bindings.lot_hint')}>
                <Select allowClear placeholder={t('web.bindings.lot_none')} disabled={!productId} loading={batches.isFetching}
                  options={(batches.data ?? []).map((b) => ({ value: b.lot, label: `${b.lot} · ${b.productionDate}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="namespace" label={t('web.bindings.namespace')} extra={t('web.bindings.namespace_hint')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card className="yima-step" title={t('web.bindings.step_codes')} extra={<Typography.Text data-testid="binding-count">{t('web.bindings.count', { count })}</Typography.Text>}>
          <Form.Item name="codes" label={t('web.bindings.codes')} extra={t('web.bindings.codes_hint')}
            rules={[{ validator: async (_, v: string | undefined) => { if (codeLines(v ?? '').length === 0) throw new Error(t('web.bindings.codes_required')); } }]}>
            <Input.TextArea rows={8} spellCheck={false} autoComplete="off" className="yima-code-list" />
          </Form.Item>
          <Row gutter={16} align="bottom">
            <Col xs={24} md={14}>
              <Form.Item label={t('web.bindings.scan')} htmlFor="binding-scan" extra={t('web.bindings.scan_hint')}>
                <ScanBox id="binding-scan" placeholder={t('web.bindings.scan_placeholder')} disabled={bind.isPending} onScan={(c) => append([c])} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item label={t('web.bindings.file')} htmlFor="binding-file" extra={fileNote ?? t('web.bindings.file_hint')}>
                <input ref={fileInput} id="binding-file" type="file" accept=".csv,.txt,text/csv,text/plain" className="yima-sr-only" tabIndex={-1}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void readFile(file);
                    e.target.value = '';
                  }} />
                <Button size="large" onClick={() => fileInput.current?.click()}>{t('web.bindings.file_choose')}</Button>
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card className="yima-step" title={t('web.bindings.step_mode')}>
          <Form.Item name="partial" label={t('web.bindings.mode')}>
            <Radio.Group>
              <Flex vertical gap={8}>
                <Radio value={false}>{t('web.bindings.all_or_nothing')}</Radio>
                <Radio value={true}>{t('web.bindings.keep_good')}</Radio>
              </Flex>
            </Radio.Group>
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" loading={bind.isPending}>{t('web.bindings.submit', { count })}</Button>
        </Card>
      </Form>

      {outcome?.kind === 'bound' && (
        <Alert type={outcome.result.rejected.length > 0 ? 'warning' : 'success'} showIcon role="status" data-testid="binding-result"
          title={t('web.bindings.bound', { count: outcome.result.bound.length })}
          description={outcome.result.rejected.length > 0 ? t('web.bindings.bound_some_refused', { count: outcome.result.rejected.length }) : undefined} />
      )}
      {outcome && refusedOf(outcome).length > 0 && (
        <Card className="yima-step" title={t('web.bindings.refused_title', { count: refusedOf(outcome).length })}>
          <Table<Refused>
            data-testid="binding-refused"
            rowKey="line"
            size="small"
            dataSource={[...refusedOf(outcome)]}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('web.bindings.col_line'), dataIndex: 'line', width: 64 },
              { title: t('web.bindings.col_code'), dataIndex: 'code', render: (c: string) => <code className="yima-code-cell">{c}</code> },
              { title: t('web.bindings.col_reason'), dataIndex: 'reason' },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
