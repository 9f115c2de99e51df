/** An alert's severity (一级 high, 二级 medium, 三级 low) as a coloured tag that also says it in words. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOUR: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'gold' };

export function Severity({ level }: { level: number }) {
  const { t } = useTranslation();
  return <Tag color={COLOUR[level] ?? 'default'} data-testid="severity">{t(`web.alerts.severity_${level}`, String(level))}</Tag>;
}

const STATE_COLOUR: Record<string, string> = { new: 'blue', acknowledged: 'purple', resolved: 'green', dismissed: 'default' };

/** An alert's state in words. */
export function AlertStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOUR[state]}>{t(`web.alerts.state_${state}`, state)}</Tag>;
}
