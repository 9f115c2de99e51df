/**
 * The team: the organisation's people (add an administrator or an operator with a first password)
 * and its API keys for systems (a new key's secret shown once, with a copy button; revoking asks
 * first and cannot be undone). The server's refusals land on the fields they name.
 */
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FormAlert, namePath, showProblem } from '../../forms/form-problems.ts';
import type { Organisation } from '../../shell/session.ts';
import { FormAlertBox } from '../records/record-form.tsx';
import { type ApiKey, type User, useApiKeys, useCreateApiKey, useCreateUser, useRevokeApiKey, useUsers } from './queries.ts';

interface UserValues { username?: string; displayName?: string; role?: 'org_admin' | 'org_operator'; password?: string }

export function TeamPage({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  return (
    <div className="yima-page">
      <Typography.Title level={2} className="yima-page-title">{t('web.team.title')}</Typography.Title>
      <People org={org} />
      <ApiKeys org={org} />
    </div>
  );
}

function People({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const users = useUsers(org.id);
  const create = useCreateUser(org.id);
  const [alert, setAlert] = useState<FormAlert>();
  const [adding, setAdding] = useState(false);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' });
  const required = (field: string) => [{ required: true, message: t('web.form.required_field', { field }) }];

  const submit = (v: UserValues) => {
    setAlert(undefined);
    const displayName = v.displayName?.trim();
    create.mutate({ username: v.username?.trim() ?? '', password: v.password ?? '', role: v.role ?? 'org_operator', orgId: org.id, ...(displayName && { displayName }) }, {
      onSuccess: (u) => {
        form.resetFields();
        setAdding(false);
        void message.success(t('web.team.user_added', { name: u.displayName }));
      },
      onError: (err) => setAlert(showProblem(form, err, (f) => (['username', 'displayName', 'role', 'password'].includes(f) ? namePath(f) : undefined))),
    });
  };

  return (
    <Card className="yima-step" title={t('web.team.people')} extra={!adding && <Button onClick={() => setAdding(true)}>{t('web.team.add_user')}</Button>}>
      {adding && (
        <>
          <FormAlertBox alert={alert} />
          <Form form={form} name="user" layout="vertical" onFinish={submit} disabled={create.isPending} initialValues={{ role: 'org_operator' }}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="username" label={t('web.team.username')} rules={required(t('web.team.username'))} extra={t('web.team.username_hint')}>
                  <Input autoComplete="off" autoCapitalize="none" spellCheck={false} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="displayName" label={t('web.team.display_name')}><Input autoComplete="off" /></Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="role" label={t('web.team.role')} rules={required(t('web.team.role'))}>
                  <Select options={[{ value: 'org_operator', label: t('web.role.org_operator') }, { value: 'org_admin', label: t('web.role.org_admin') }]} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="password" label={t('web.team.password')} rules={required(t('web.team.password'))} extra={t('web.team.password_hint')}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
            </Row>
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" loading={create.isPending}>{t('web.team.add_user_submit')}</Button>
              <Button onClick={() => { setAdding(false); setAlert(undefined); form.resetFields(); }}>{t('web.team.cancel')}</Button>
            </Flex>
          </Form>
        </>
      )}
      {users.isError ? <Alert type="error" showIcon title={users.error.message} /> : (
        <Table<User>
          rowKey="id" size="small" loading={users.isPending} dataSource={users.data ?? []} pagination={false} scroll={{ x: 'max-content' }}
          className={adding ? 'yima-table-after-form' : undefined}
          columns={[
            { title: t('web.team.col_user'), key: 'user', render: (_, u) => <div className="yima-product-cell"><Typography.Text strong>{u.displayName}</Typography.Text><Typography.Text type="secondary">{u.username}</Typography.Text></div> },
            { title: t('web.team.role'), key: 'role', render: (_, u) => <Tag>{t(`web.role.${u.role}`)}</Tag> },
            { title: t('web.team.col_status'), key: 'status', render: (_, u) => (u.locked ? <Tag color="red">{t('web.team.locked')}</Tag> : <Tag color="green">{t('web.team.active')}</Tag>) },
            { title: t('web.team.col_created'), key: 'created', responsive: ['sm'], render: (_, u) => date.format(new Date(u.createdAt)) },
          ]}
        />
      )}
      <Typography.Paragraph type="secondary" className="yima-file-hint">{t('web.team.people_note')}</Typography.Paragraph>
    </Card>
  );
}

function ApiKeys({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ name?: string }>();
  const keys = useApiKeys(org.id);
  const create = useCreateApiKey(org.id);
  const revoke = useRevokeApiKey(org.id);
  const [alert, setAlert] = useState<FormAlert>();
  // The new key's secret: held only until the dialog is closed.
  const [secret, setSecret] = useState<{ name: string; key: string }>();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });

  const submit = (v: { name?: string }) => {
    setAlert(undefined);
    create.mutate(v.name?.trim() ?? '', {
      onSuccess: (k) => {
        form.resetFields();
        setSecret({ name: k.name, key: k.key });
      },
      onError: (err) => setAlert(showProblem(form, err, (f) => (f === 'name' ? ['name'] : undefined))),
    });
  };

  const confirmRevoke = (k: ApiKey) => {
    modal.confirm({
      title: t('web.team.revoke_title', { name: k.name }),
      content: t('web.team.revoke_body'),
      okText: t('web.team.revoke'), okButtonProps: { danger: true }, cancelText: t('web.team.cancel'),
      onOk: () => revoke.mutateAsync(k.id).then(() => void message.success(t('web.team.revoked', { name: k.name }))),
    });
  };

  return (
    <Card className="yima-step" title={t('web.team.api_keys')}>
      <Typography.Paragraph type="secondary">{t('web.team.api_keys_lead')}</Typography.Paragraph>
      <FormAlertBox alert={alert} />
      <Form form={form} name="api-key" layout="vertical" onFinish={submit} disabled={create.isPending}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('web.team.key_name')} rules={[{ required: true, message: t('web.form.required_field', { field: t('web.team.key_name') }) }]} extra={t('web.team.key_name_hint')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item><Button type="primary" htmlType="submit" loading={create.isPending}>{t('web.team.create_key')}</Button></Form.Item>
      </Form>
      {keys.isError ? <Alert type="error" showIcon title={keys.error.message} /> : (
        <Table<ApiKey>
          rowKey="id" size="small" loading={keys.isPending} dataSource={keys.data ?? []} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('web.team.no_keys')} /> }}
          columns={[
            { title: t('web.team.key_name'), dataIndex: 'name' },
            { title: t('web.team.col_created'), key: 'created', responsive: ['sm'], render: (_, k) => date.format(new Date(k.createdAt)) },
            { title: t('web.team.col_last_used'), key: 'used', render: (_, k) => (k.lastUsedAt ? date.format(new Date(k.lastUsedAt)) : t('web.team.never_used')) },
            {
              title: t('web.team.col_status'), key: 'status',
              render: (_, k) => (k.revokedAt ? <Tag color="red">{t('web.team.revoked_at', { at: date.format(new Date(k.revokedAt)) })}</Tag> : (
                <Button danger size="small" onClick={() => confirmRevoke(k)} aria-label={t('web.team.revoke_named', { name: k.name })}>{t('web.team.revoke')}</Button>
              )),
            },
          ]}
        />
      )}
      <Modal
        open={secret !== undefined}
        title={t('web.team.secret_title', { name: secret?.name ?? '' })}
        onCancel={() => setSecret(undefined)}
        closable={false}
        maskClosable={false}
        keyboard={false}
        destroyOnHidden
        footer={<Button type="primary" onClick={() => setSecret(undefined)}>{t('web.team.secret_done')}</Button>}
      >
        <Alert type="warning" showIcon title={t('web.team.secret_once')} className="yima-form-alert" />
        {secret && (
          <Typography.Paragraph copyable={{ text: secret.key, tooltips: [t('web.team.copy'), t('web.team.copied')] }} className="yima-secret" data-testid="api-key-secret">
            {secret.key}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph type="secondary">{t('web.team.secret_use')}</Typography.Paragraph>
      </Modal>
    </Card>
  );
}
