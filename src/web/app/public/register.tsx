/**
 * Registering an enterprise (自助注册), for anyone not signed in: the enterprise, its 生产许可证 and
 * CCC certificates, then its first administrator; POST /api/v1/orgs/register. The USCC is checked
 * as it is typed with the shared parser; the server's field errors land on their fields, on the
 * step that holds them. On success the organisation waits for a regulator of its region.
 */
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Space, Steps, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import regions from '../../../shared/codes/data/gb2260-regions.json' with { type: 'json' };
import { validateUscc } from '../../../shared/codes/uscc.ts';
import { api, data } from '../api.ts';
import { type FormAlert, type NamePath, namePath, showProblem } from '../forms/form-problems.ts';

interface Row { number?: string; product?: string; validFrom?: string; validTo?: string }
type Role = 'producer' | 'seller';
interface Fields {
  roles: Role[];
  name: string;
  uscc: string;
  regionCode?: string;
  address: string;
  contactName: string;
  contactPhone?: string;
  licences?: Row[];
  cccCertificates?: Row[];
  username: string;
  password: string;
  password2: string;
}

/** Which step holds each field of the form. */
const STEP_OF: Record<string, number> = { roles: 0, name: 0, uscc: 0, regionCode: 0, address: 0, contactName: 0, contactPhone: 0, licences: 1, cccCertificates: 1, username: 2, password: 2, password2: 2 };
const STEP_FIELDS: NamePath[][] = [[['roles'], ['name'], ['uscc'], ['regionCode'], ['address'], ['contactName'], ['contactPhone']], [['licences'], ['cccCertificates']], [['username'], ['password'], ['password2']]];

/** The problem's dotted path (`organisation.licences[0].number`) → the form's field, or undefined. */
export function fieldOf(field: string): NamePath | undefined {
  const path = namePath(field);
  const [top, ...rest] = path;
  if (top === 'admin') return rest[0] === 'username' || rest[0] === 'password' ? [rest[0]] : undefined;
  if (top !== 'organisation') return undefined;
  const [key, ...more] = rest;
  if (key === 'contacts') return more[1] === 'phone' ? ['contactPhone'] : ['contactName'];
  if (typeof key === 'string' && key in STEP_OF) return [key, ...more];
  return undefined;
}

const PROVINCES = regions.provinces as Record<string, { zh: string; en: string }>;
const CITIES = regions.cities as Record<string, string>;

const clean = (rows: Row[] | undefined) => (rows ?? []).filter((r) => r.number?.trim()).map((r) => ({
  number: r.number?.trim() ?? '', product: r.product?.trim() ?? '',
  ...(r.validFrom ? { validFrom: r.validFrom } : {}), ...(r.validTo ? { validTo: r.validTo } : {}),
}));

/** One licence or certificate: its fields side by side when there is room, stacked on a phone. */
const ROW = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', gap: '0 12px', alignItems: 'start', padding: '12px 12px 0', marginBottom: 12, border: '1px solid rgba(0,0,0,0.12)', borderRadius: 8 } as const;

function Rows({ name, label }: { name: 'licences' | 'cccCertificates'; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <section aria-labelledby={`${name}-title`} style={{ marginBottom: 24 }}>
          <Typography.Title level={3} id={`${name}-title`} style={{ fontSize: 16 }}>{label}</Typography.Title>
          {fields.map((f) => (
            <div key={f.key} role="group" aria-label={`${label} ${f.name + 1}`} style={ROW}>
              <Form.Item name={[f.name, 'number']} label={t('web.register.number')} rules={[{ required: true, message: t('web.form.required') }]}>
                <Input spellCheck={false} autoCapitalize="characters" />
              </Form.Item>
              <Form.Item name={[f.name, 'product']} label={t('web.register.product')} rules={[{ required: true, message: t('web.form.required') }]}>
                <Input />
              </Form.Item>
              {name === 'cccCertificates' && (
                <Form.Item name={[f.name, 'validTo']} label={t('web.register.valid_to')}>
                  <Input type="date" />
                </Form.Item>
              )}
              <div style={{ alignSelf: 'end', marginBottom: 24 }}>
                <Button onClick={() => remove(f.name)}>{t('web.register.remove_row')}</Button>
              </div>
            </div>
          ))}
          <Button type="dashed" onClick={() => add({})} block>{t('web.register.add_row', { what: label })}</Button>
        </section>
      )}
    </Form.List>
  );
}

export function Register() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Fields>();
  const [step, setStep] = useState(0);
  const [alert, setAlert] = useState<FormAlert>();
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string>();
  const zh = i18n.language.startsWith('zh');

  const regionOptions = useMemo(() => Object.entries(PROVINCES).flatMap(([p, name]) => [
    { value: `${p}0000`, label: `${zh ? name.zh : name.en} ${p}0000` },
    ...Object.entries(CITIES).filter(([c]) => c.startsWith(p)).map(([c, city]) => ({ value: `${c}00`, label: `${zh ? name.zh : name.en} ${city} ${c}00` })),
  ]), [zh]);

  const next = async () => {
    try {
      await form.validateFields(STEP_FIELDS[step], { recursive: true });
      setStep(step + 1);
    } catch { /* the fields say what is wrong */ }
  };

  const submit = async () => {
    setAlert(undefined);
    const v = form.getFieldsValue(true) as Fields;
    const licences = clean(v.licences);
    const cccCertificates = clean(v.cccCertificates).map((c) => ({ ...c, status: 'valid' as const }));
    setPending(true);
    try {
      await data(api.POST('/api/v1/registrations', { body: {
        organisation: {
          name: v.name.trim(), uscc: v.uscc.trim().toUpperCase(), address: v.address.trim(), roles: v.roles,
          ...(v.regionCode ? { regionCode: v.regionCode } : {}),
          contacts: [{ name: v.contactName.trim(), ...(v.contactPhone?.trim() ? { phone: v.contactPhone.trim() } : {}) }],
          ...(licences.length ? { licences } : {}), ...(cccCertificates.length ? { cccCertificates } : {}),
        },
        admin: { username: v.username.trim(), password: v.password },
      } }));
      setDone(v.name.trim());
    } catch (err) {
      setAlert(showProblem(form, err, fieldOf));
      const first = form.getFieldsError().find((f) => f.errors.length > 0);
      const top = first?.name[0];
      if (typeof top === 'string' && top in STEP_OF) setStep(STEP_OF[top] ?? 0);
    } finally {
      setPending(false);
    }
  };

  if (done) {
    return (
      <Card className="yima-narrow-card" data-testid="register-waiting">
        <Result status="info" title={t('web.register.waiting_title')} subTitle={t('web.register.waiting_body', { name: done })}
          extra={<Link to="/">{t('web.register.back_home')}</Link>} />
      </Card>
    );
  }

  const required = { required: true, message: t('web.form.required') };
  const show = (n: number) => ({ display: step === n ? undefined : 'none' });
  return (
    <Card className="yima-narrow-card" style={{ maxWidth: 760 }} title={<Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>{t('web.register.title')}</Typography.Title>}>
      <Steps size="small" current={step} responsive style={{ marginBottom: 16 }}
        items={[{ title: t('web.register.step_enterprise') }, { title: t('web.register.step_licences') }, { title: t('web.register.step_admin') }]} />
      {alert && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={alert.title}
          description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
      )}
      <Form form={form} initialValues={{ roles: ['producer'] }} layout="vertical" requiredMark={false} disabled={pending} preserve onFinish={() => void submit()}
        onFinishFailed={({ errorFields }) => {
          const top = errorFields[0]?.name[0];
          if (typeof top === 'string' && top in STEP_OF) setStep(STEP_OF[top] ?? 0);
        }}>
        <div style={show(0)}>
          <Form.Item name="roles" label={t('web.register.roles')} extra={t('web.register.roles_hint')} rules={[{ type: 'array', min: 1, message: t('web.register.roles_required') }]}>
            <Checkbox.Group options={[{ value: 'producer', label: t('web.area.producer') }, { value: 'seller', label: t('web.area.seller') }]} />
          </Form.Item>
          <Form.Item name="name" label={t('web.register.name')} rules={[required]}><Input autoComplete="organization" /></Form.Item>
          <Form.Item name="uscc" label={t('web.register.uscc')} validateFirst rules={[required, { validator: (_, value: string | undefined) => {
            if (!value) return Promise.resolve();
            const r = validateUscc(value);
            if (r.ok) return Promise.resolve();
            const msg = r.reason === 'length' ? t('web.register.uscc_length', { actual: r.actual })
              : r.reason === 'check' ? t('web.register.uscc_check', { position: r.position, expected: r.expected, actual: r.actual })
              : r.reason === 'charset' ? t('web.register.uscc_charset', { position: r.position, character: r.character })
              : t('web.register.uscc_region', { position: r.position });
            return Promise.reject(new Error(msg));
          } }]}>
            <Input spellCheck={false} autoCapitalize="characters" maxLength={30} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('web.register.region')} extra={t('web.register.region_hint')}>
            <Select showSearch allowClear options={regionOptions} optionFilterProp="label" placeholder={t('web.form.choose')} />
          </Form.Item>
          <Form.Item name="address" label={t('web.register.address')} rules={[required]}><Input autoComplete="street-address" /></Form.Item>
          <Form.Item name="contactName" label={t('web.register.contact_name')} rules={[required]}><Input autoComplete="name" /></Form.Item>
          <Form.Item name="contactPhone" label={t('web.register.contact_phone')}><Input type="tel" autoComplete="tel" /></Form.Item>
        </div>
        <div style={show(1)}>
          <Form.Item noStyle shouldUpdate={(a: Fields, b: Fields) => a.roles !== b.roles}>
            {() => ((form.getFieldValue('roles') as Role[] | undefined)?.includes('producer') ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('web.register.licences_seller')} />)}
          </Form.Item>
          <Rows name="licences" label={t('web.register.licences')} />
          <Rows name="cccCertificates" label={t('web.register.ccc')} />
        </div>
        <div style={show(2)}>
          <Form.Item name="username" label={t('web.auth.username')} rules={[required]}><Input autoComplete="username" autoCapitalize="off" spellCheck={false} /></Form.Item>
          <Form.Item name="password" label={t('web.auth.password')} rules={[required]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item name="password2" label={t('web.register.password_again')} dependencies={['password']} rules={[required, ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('web.register.password_mismatch')))),
          })]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </div>
        <Space wrap>
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('web.register.back')}</Button>}
          {step < 2 && <Button type="primary" onClick={() => void next()}>{t('web.register.next')}</Button>}
          {step === 2 && <Button type="primary" htmlType="submit" loading={pending}>{t('web.register.submit')}</Button>}
        </Space>
      </Form>
    </Card>
  );
}
