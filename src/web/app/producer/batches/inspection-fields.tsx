/**
 * The 检验合格证明 part of a form: report number, inspection body, date, result, and the report
 * file, whose SM3 and SHA-256 are computed on this device (hash-file.ts) — the file is never
 * uploaded. `inspectBody` turns the values into the inspect request.
 */
import { Form, Input, Progress, Radio, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NamePath } from '../../forms/form-problems.ts';
import { type FileHashes, hashFile } from './hash-file.ts';
import type { InspectBody } from './queries.ts';

/** The report file as the form holds it: its name and digests (undefined until hashed). */
export interface ReportFile extends FileHashes {
  readonly name: string;
}

export interface InspectionValues {
  reportNumber?: string;
  body?: string;
  date?: string;
  result?: 'pass' | 'fail';
  report?: ReportFile;
}

/** The inspect request from the form's values (already validated by the form). */
export function inspectBody(batchId: string, v: InspectionValues): InspectBody {
  const body = v.body?.trim();
  return {
    batchId,
    reportNumber: v.reportNumber?.trim() ?? '',
    ...(body ? { body } : {}),
    date: v.date ?? '',
    result: v.result ?? 'pass',
    ...(v.report && { reportSha256: v.report.sha256, reportSm3: v.report.sm3 }),
  };
}

/** The inspect request's fields (problem+json `errors[].field`) → this part's form fields. */
export function inspectionField(field: string): NamePath | undefined {
  if (field === 'reportSha256' || field === 'reportSm3') return ['report'];
  return ['reportNumber', 'body', 'date', 'result'].includes(field) ? [field] : undefined;
}

const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', wordBreak: 'break-all' } as const;

/** A digest on screen, labelled, in a fixed-width face. */
export function Digest({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="yima-digest">
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={MONO} data-testid={testId}>{value}</div>
    </div>
  );
}

/** The file chooser: a labelled native input (keyboard and screen readers as usual), the hashing's progress, then the digests. */
function ReportFileInput({ id, value, onChange }: { id?: string; value?: ReportFile; onChange?: (v: ReportFile | undefined) => void }) {
  const { t, i18n } = useTranslation();
  const [percent, setPercent] = useState<number>();
  const running = useRef<AbortController>(undefined);
  useEffect(() => () => running.current?.abort(), []);
  const size = (bytes: number) => new Intl.NumberFormat(i18n.language, { style: 'unit', unit: bytes < 1024 * 1024 ? 'kilobyte' : 'megabyte', maximumFractionDigits: 1 })
    .format(bytes < 1024 * 1024 ? bytes / 1024 : bytes / 1024 / 1024);

  const choose = async (file: File | undefined) => {
    running.current?.abort();
    onChange?.(undefined);
    if (!file) return;
    const controller = new AbortController();
    running.current = controller;
    try {
      const hashes = await hashFile(file, (f) => setPercent(Math.round(f * 100)), controller.signal);
      onChange?.({ ...hashes, name: file.name });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) throw e;
    } finally {
      if (running.current === controller) setPercent(undefined);
    }
  };

  return (
    <div className="yima-report-file">
      <input id={id} type="file" className="yima-file-input" onChange={(e) => void choose(e.target.files?.[0])} />
      {percent !== undefined && (
        <div role="status" aria-live="polite">
          <Typography.Text type="secondary">{t('web.inspection.hashing')}</Typography.Text>
          <Progress percent={percent} size="small" />
        </div>
      )}
      {value && (
        <div data-testid="report-digests">
          <Typography.Text>{t('web.inspection.file_size', { name: value.name, size: size(value.size) })}</Typography.Text>
          <Digest label={t('web.inspection.sm3')} value={value.sm3} testId="report-sm3" />
          <Digest label={t('web.inspection.sha256')} value={value.sha256} testId="report-sha256" />
        </div>
      )}
    </div>
  );
}

/** The inspection's fields, inside the caller's antd Form. */
export function InspectionFields() {
  const { t } = useTranslation();
  const required = { required: true, whitespace: true, message: t('web.form.required') };
  return (
    <>
      <div className="yima-form-grid">
        <Form.Item name="reportNumber" label={t('web.inspection.report_number')} rules={[required]}>
          <Input maxLength={200} spellCheck={false} />
        </Form.Item>
        <Form.Item name="body" label={t('web.inspection.body')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="date" label={t('web.inspection.date')} rules={[required]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="result" label={t('web.inspection.result')} rules={[{ required: true, message: t('web.form.choose_one') }]}>
          <Radio.Group options={[{ value: 'pass', label: t('web.inspection.pass') }, { value: 'fail', label: t('web.inspection.fail') }]} />
        </Form.Item>
      </div>
      <Form.Item name="report" label={t('web.inspection.file')} extra={t('web.inspection.file_hint')}
        rules={[{ required: true, message: t('web.inspection.file_required') }]}>
        <ReportFileInput />
      </Form.Item>
    </>
  );
}
