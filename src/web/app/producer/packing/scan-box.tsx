/**
 * The box a handheld scanner types into (it works as a keyboard and ends each code with Enter);
 * a person can type or paste a code and press Enter too. The box empties and keeps the focus for
 * the next code. Shared by binding, packing and shipping.
 */
import { Input, type InputRef } from 'antd';
import { forwardRef, useState } from 'react';

export interface ScanBoxProps {
  readonly id: string;
  readonly placeholder?: string;
  readonly disabled?: boolean;
  readonly status?: 'error' | 'warning';
  /** A code was scanned (trimmed, never empty). */
  readonly onScan: (code: string) => void;
  readonly 'aria-describedby'?: string;
}

export const ScanBox = forwardRef<InputRef, ScanBoxProps>(function ScanBox({ id, placeholder, disabled, status, onScan, ...rest }, ref) {
  const [value, setValue] = useState('');
  return (
    <Input
      ref={ref}
      id={id}
      size="large"
      value={value}
      placeholder={placeholder}
      disabled={disabled}
      status={status}
      autoComplete="off"
      autoCapitalize="off"
      spellCheck={false}
      enterKeyHint="done"
      aria-describedby={rest['aria-describedby']}
      onChange={(e) => setValue(e.target.value)}
      onPressEnter={(e) => {
        e.preventDefault();
        const code = value.trim();
        if (code === '') return;
        setValue('');
        onScan(code);
      }}
    />
  );
});
