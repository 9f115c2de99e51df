/**
 * Sign in: the answer sets the session cookie; then the page the person came from (`?next=`), or
 * the first area they may open. Refusals are shown on the fields they name, else above the form.
 */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type FormAlert, showProblem } from '../forms/form-problems.ts';
import { useSignIn } from '../shell/session.ts';

interface Fields {
  username: string;
  password: string;
}

/** Only a path of this site: `?next=https://elsewhere` is not followed. */
export const safeNext = (next: string | null) => (next && /^\/(?!\/)/.test(next) && !next.startsWith('/sign-in') ? next : undefined);

export function SignIn() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Fields>();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [alert, setAlert] = useState<FormAlert>();

  const submit = (values: Fields) => {
    setAlert(undefined);
    signIn.mutate(values, {
      onSuccess: () => void navigate(safeNext(params.get('next')) ?? '/home', { replace: true }),
      onError: (err) => setAlert(showProblem(form, err, (f) => (f === 'username' || f === 'password' ? [f] : undefined))),
    });
  };

  return (
    <Card className="yima-narrow-card" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>{t('web.auth.title')}</Typography.Title>}>
      {params.get('expired') !== null && <Alert type="info" showIcon title={t('web.auth.expired')} style={{ marginBottom: 16 }} />}
      {alert && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={alert.title}
          description={alert.messages.length > 0 ? alert.messages.map((m) => <div key={m}>{m}</div>) : undefined} />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={signIn.isPending}>
        <Form.Item name="username" label={t('web.auth.username')} rules={[{ required: true, message: t('web.form.required') }]}>
          <Input autoComplete="username" autoCapitalize="off" spellCheck={false} size="large" />
        </Form.Item>
        <Form.Item name="password" label={t('web.auth.password')} rules={[{ required: true, message: t('web.form.required') }]}>
          <Input.Password autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>{t('web.auth.submit')}</Button>
      </Form>
      <p style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}><Link to="/register">{t('web.register.link')}</Link></p>
    </Card>
  );
}
