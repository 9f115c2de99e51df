/** The registrations waiting in the regulator's region (待审核的企业注册), oldest first, each opened to be decided. */
import { Alert, Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Me } from '../../shell/session.ts';
import { type OrgSummary, usePending } from './queries.ts';
import { MONO, regionName } from './regions.ts';

export function RegistrationsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const pending = usePending();
  const navigate = useNavigate();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const scope = me.role === 'admin' ? t('web.registrations.scope_all') : new Intl.ListFormat(i18n.language).format(me.regions.map((r) => regionName(r, i18n.language)));

  return (
    <div className="yima-page">
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={2} className="yima-page-title">{t('web.registrations.title')}</Typography.Title>
        <Typography.Text type="secondary" data-testid="regulator-scope">{t('web.registrations.scope', { regions: scope })}</Typography.Text>
      </Flex>
      {pending.isError ? (
        <Alert type="error" showIcon title={pending.error.message} />
      ) : (
        <Table<OrgSummary>
          rowKey="id"
          loading={pending.isPending}
          dataSource={pending.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('web.registrations.empty')} /> }}
          columns={[
            {
              title: t('web.registrations.col_name'), key: 'name',
              render: (_, o) => (
                <div className="yima-product-cell">
                  <Link to={`/regulator/registrations/${o.id}`}><Typography.Text strong>{o.name}</Typography.Text></Link>
                  <Typography.Text type="secondary" style={MONO}>{o.uscc}</Typography.Text>
                </div>
              ),
            },
            { title: t('web.registrations.col_region'), key: 'region', responsive: ['sm'], render: (_, o) => regionName(o.regionCode, i18n.language) },
            { title: t('web.registrations.col_roles'), key: 'roles', responsive: ['md'], render: (_, o) => o.roles.map((r) => <Tag key={r}>{t(`web.area.${r}`, r)}</Tag>) },
            { title: t('web.registrations.col_submitted'), key: 'submitted', responsive: ['md'], render: (_, o) => date.format(new Date(o.createdAt)) },
            {
              title: '', key: 'open', align: 'end',
              render: (_, o) => <Button aria-label={`${t('web.registrations.open')} ${o.name}`} onClick={() => void navigate(`/regulator/registrations/${o.id}`)}>{t('web.registrations.open')}</Button>,
            },
          ]}
        />
      )}
    </div>
  );
}
