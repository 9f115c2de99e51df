/**
 * One field for a code, three ways in: typed or pasted; a handheld scanner working as a keyboard
 * (it ends with Enter; its GS separators, sent as Ctrl+] or a stand-in like `^]`, shown as `<GS>`:
 * scanned-text.ts); or the camera (its code, reader and WebAssembly loaded when first opened).
 * What the shared parsers refuse is said on the field before anything is sent; what the platform
 * refuses is said there too (`error`).
 */
import { Button, Flex, Form, Input, type InputRef } from 'antd';
import { lazy, Suspense, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n.ts';
import { Loading } from '../shell/shell.tsx';
import { GS_SHOWN, readScanned, type ScannedCode, shownText } from './scanned-text.ts';

const Camera = lazy(() => import('./camera.tsx').then((m) => ({ default: m.Camera })));

export interface ScanFieldProps {
  readonly label: string;
  readonly submitLabel: string;
  /** A code to act on, valid by the shared parsers; `frameAt` when the camera read it. */
  readonly onCode: (code: ScannedCode, frameAt?: number) => void;
  /** What the platform said is wrong with the last code. */
  readonly error?: string | undefined;
  readonly pending?: boolean;
  /** The field's id (tests and labels find it). */
  readonly id?: string;
  /** Open the camera at once. */
  readonly camera?: boolean;
}

export function ScanField({ label, submitLabel, onCode, error, pending, id, camera: cameraFirst }: ScanFieldProps) {
  const { t } = useTranslation();
  const own = useId();
  const inputId = id ?? own;
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const [camera, setCamera] = useState(cameraFirst ?? false);
  const input = useRef<InputRef>(null);

  const take = (typed: string, frameAt?: number) => {
    if (typed.trim() === '') return;
    const code = readScanned(typed, currentLocale());
    if (code.error) {
      setInvalid(code.error.text);
      return;
    }
    setInvalid(undefined);
    onCode(code, frameAt);
  };

  const insertGs = () => {
    const el = input.current?.input;
    const at = el?.selectionStart ?? text.length;
    setText(text.slice(0, at) + GS_SHOWN + text.slice(el?.selectionEnd ?? at));
  };

  const said = invalid ?? error;
  return (
    <div className="yima-scan-field">
      <Form layout="vertical" component="div">
        <Form.Item label={label} htmlFor={inputId} validateStatus={said ? 'error' : undefined} help={said} extra={said ? undefined : t('web.seller.scan.hint')}>
          <Flex gap={8}>
            <Input
              id={inputId}
              ref={input}
              size="large"
              value={text}
              autoComplete="off"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              enterKeyHint="go"
              placeholder={t('web.seller.scan.placeholder')}
              onChange={(e) => { setText(shownText(e.target.value)); setInvalid(undefined); }}
              onKeyDown={(e) => {
                // Keyboard-wedge scanners send FNC1 / GS as Ctrl+] (caret notation ^]).
                if ((e.ctrlKey && (e.key === ']' || e.code === 'BracketRight')) || e.key === '\u001d') {
                  e.preventDefault();
                  insertGs();
                } else if (e.key === 'Enter') {
                  e.preventDefault();
                  take(text);
                }
              }}
            />
            <Button type="primary" size="large" loading={pending} onClick={() => take(text)}>{submitLabel}</Button>
          </Flex>
        </Form.Item>
      </Form>
      {camera ? (
        <Suspense fallback={<Loading />}>
          <Camera
            onRead={(read, frameAt) => {
              setCamera(false);
              setText(shownText(read));
              take(read, frameAt);
            }}
            onClose={() => setCamera(false)}
          />
        </Suspense>
      ) : (
        <Button size="large" block className="yima-camera-open" onClick={() => setCamera(true)}>{t('web.seller.camera.open')}</Button>
      )}
    </div>
  );
}
