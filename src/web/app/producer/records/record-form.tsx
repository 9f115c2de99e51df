/**
 * The fields of a custom-product record (a ledger entry 台账 or a contract 合同), for recording one
 * and for correcting it, with its documents: each file is hashed here in the browser (SM3 and
 * SHA-256, a chunk at a time, with progress) and only its hashes are sent, never the file.
 */
import { Alert, Button, Col, Form, type FormInstance, Input, InputNumber, Progress, Radio, Row, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FormAlert, type NamePath, namePath } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { hashFile } from '../batches/hash-file.ts';
import { useProducts } from '../products/queries.ts';
import type { CorrectionBody, CustomRecord, DocumentRef } from './queries.ts';

export interface RecordValues {
  kind?: 'ledger' | 'contract';
  contractNumber?: string;
  buyer?: { name?: string; uscc?: string; address?: string; contact?: string };
  product?: { name?: string; model?: string; productId?: string };
  quantity?: number;
  unit?: string;
  contractDate?: string;
  deliveryDate?: string;
  notes?: string;
  reason?: string;
}

const TOP = new Set(['kind', 'contractNumber', 'buyer', 'product', 'quantity', 'unit', 'contractDate', 'deliveryDate', 'notes', 'reason']);

/** The form field a problem's `field` names (documents are not form fields: their problems go above the form). */
export const recordFieldName = (field: string): NamePath | undefined => {
  const name = namePath(field);
  return typeof name[0] === 'string' && TOP.has(name[0]) ? name : undefined;
};

const text = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;

/** The request's fields from the form's values: empty inputs left out, not sent as empty strings. */
export function recordFields(v: RecordValues, documents: readonly DocumentRef[]): CorrectionBody {
  return defined({
    kind: v.kind ?? 'ledger',
    contractNumber: text(v.contractNumber),
    buyer: defined({ name: text(v.buyer?.name) ?? '', uscc: text(v.buyer?.uscc), address: text(v.buyer?.address), contact: text(v.buyer?.contact) }),
    product: defined({ name: text(v.product?.name) ?? '', model: text(v.product?.model), productId: v.product?.productId }),
    quantity: v.quantity ?? 0,
    unit: text(v.unit) ?? '',
    contractDate: text(v.contractDate),
    deliveryDate: text(v.deliveryDate),
    notes: text(v.notes),
    reason: text(v.reason),
    documents: [...documents],
  });
}

/** A record's values as the form holds them (to correct it). */
export function recordValues(r: CustomRecord): RecordValues {
  const or = (v: string | null) => v ?? undefined;
  return {
    kind: r.kind, contractNumber: or(r.contractNumber),
    buyer: { name: r.buyer.name, uscc: or(r.buyer.uscc), address: or(r.buyer.address), contact: or(r.buyer.contact) },
    product: { name: r.product.name, model: or(r.product.model), productId: or(r.product.productId) },
    quantity: r.quantity, unit: r.unit, contractDate: or(r.contractDate), deliveryDate: or(r.deliveryDate), notes: or(r.notes),
  };
}

export function FormAlertBox({ alert }: { alert: FormAlert | undefined }) {
  if (!alert) return null;
  return (
    <Alert type="error" showIcon role="alert" className="yima-form-alert" title={alert.title}
      description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
  );
}

/** The documents of a record: files hashed in the browser, listed with their hashes. */
export function DocumentsField({ documents, onChange, disabled }: { documents: readonly DocumentRef[]; onChange: (d: DocumentRef[]) => void; disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const [hashing, setHashing] = useState<{ name: string; percent: number }>();
  const abort = useRef<AbortController>(undefined);
  const size = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });

  const pick = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const added: DocumentRef[] = [];
    try {
      for (const file of Array.from(files)) {
        setHashing({ name: file.name, percent: 0 });
        const h = await hashFile(file, (f) => setHashing({ name: file.name, percent: Math.round(f * 100) }), controller.signal);
        added.push({ name: file.name, mediaType: /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream', sha256: h.sha256, sm3: h.sm3, size: h.size });
      }
      onChange([...documents, ...added]);
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) throw err;
    } finally {
      if (abort.current === controller) setHashing(undefined);
    }
  };

  return (
    <div>
      <div className="yima-doc-list" data-testid="record-documents">
        {documents.map((d, i) => (
          <div key={`${d.sha256}-${d.name}`} className="yima-doc">
            <Typography.Text strong>{d.name}</Typography.Text>{' '}
            <Typography.Text type="secondary">{d.mediaType} · {size.format(d.size / 1024)}</Typography.Text>
            <div className="yima-hash" data-testid="doc-sm3">{t('web.records.sm3', { hash: d.sm3 ?? '—' })}</div>
            <div className="yima-hash" data-testid="doc-sha256">{t('web.records.sha256', { hash: d.sha256 })}</div>
            <Button size="small" type="link" danger disabled={disabled} onClick={() => onChange(documents.filter((_, j) => j !== i))}>
              {t('web.records.doc_remove', { name: d.name })}
            </Button>
          </div>
        ))}
      </div>
      <label className="yima-file-label" htmlFor="record-file">{t('web.records.doc_add')}</label>
      <input id="record-file" type="file" multiple disabled={disabled || hashing !== undefined} onChange={(e) => { void pick(e.target.files); e.target.value = ''; }} />
      <Typography.Paragraph type="secondary" className="yima-file-hint">{t('web.records.doc_hint')}</Typography.Paragraph>
      {hashing && (
        <div role="status" aria-live="polite">
          <Typography.Text>{t('web.records.doc_hashing', { name: hashing.name })}</Typography.Text>
          <Progress percent={hashing.percent} size="small" />
        </div>
      )}
    </div>
  );
}

/** The record's fields on a form (the caller owns the form, its submit button and its documents). */
export function RecordFields({ form, org, correcting }: { form: FormInstance<RecordValues>; org: Organisation; correcting?: boolean }) {
  const { t } = useTranslation();
  const products = useProducts(org.id);
  const kind = Form.useWatch('kind', form);
  const required = (field: string) => [{ required: true, message: t('web.form.required_field', { field }) }];
  return (
    <Row gutter={16}>
      <Col xs={24}>
        <Form.Item name="kind" label={t('web.records.kind')} rules={required(t('web.records.kind'))}>
          <Radio.Group optionType="button" options={[{ value: 'ledger', label: t('web.records.kind_ledger') }, { value: 'contract', label: t('web.records.kind_contract') }]} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="contractNumber" label={t('web.records.contract_number')} rules={kind === 'contract' ? required(t('web.records.contract_number')) : []}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="contractDate" label={t('web.records.contract_date')}><Input type="date" /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['buyer', 'name']} label={t('web.records.buyer_name')} rules={required(t('web.records.buyer_name'))}><Input autoComplete="organization" /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['buyer', 'uscc']} label={t('web.records.buyer_uscc')}><Input autoComplete="off" maxLength={30} /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['buyer', 'address']} label={t('web.records.buyer_address')}><Input autoComplete="street-address" /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['buyer', 'contact']} label={t('web.records.buyer_contact')}><Input autoComplete="off" /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['product', 'name']} label={t('web.records.product_name')} rules={required(t('web.records.product_name'))}><Input autoComplete="off" /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['product', 'model']} label={t('web.records.product_model')}><Input autoComplete="off" /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['product', 'productId']} label={t('web.records.product_of')} extra={t('web.records.product_of_hint')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('web.form.choose')} loading={products.isPending}
            options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.model}` }))} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="quantity" label={t('web.records.quantity')} rules={required(t('web.records.quantity'))}>
          <InputNumber style={{ width: '100%' }} min={0} inputMode="decimal" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="unit" label={t('web.records.unit')} rules={required(t('web.records.unit'))}><Input autoComplete="off" /></Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="deliveryDate" label={t('web.records.delivery_date')}><Input type="date" /></Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="notes" label={t('web.records.notes')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>
      </Col>
      {correcting && (
        <Col xs={24}>
          <Form.Item name="reason" label={t('web.records.reason')} rules={required(t('web.records.reason'))}><Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} /></Form.Item>
        </Col>
      )}
    </Row>
  );
}
