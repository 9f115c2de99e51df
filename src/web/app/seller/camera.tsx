/**
 * The phone's camera as a scanner: the back camera's picture on screen, each frame given to the
 * barcode reader (barcode-reader.ts, loaded with this chunk when the camera is first opened) until
 * one decodes. The reader says when the decoded frame was taken, so the check screen can measure
 * from that frame to its verdict on screen.
 */
import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { barcodeReader } from './barcode-reader.ts';

export interface CameraProps {
  /** A code was read: its text, and `performance.now()` when its frame was taken. */
  readonly onRead: (text: string, frameAt: number) => void;
  readonly onClose: () => void;
}

type Problem = 'denied' | 'no_camera' | 'failed';

const problemOf = (e: unknown): Problem =>
  e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'SecurityError') ? 'denied'
  : e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'OverconstrainedError') ? 'no_camera' : 'failed';

export function Camera({ onRead, onClose }: CameraProps) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'starting' | 'scanning' | Problem>('starting');
  const read = useRef(onRead);
  read.current = onRead;

  useEffect(() => {
    let live = true;
    let stream: MediaStream | undefined;
    let frame = 0;
    void (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('no mediaDevices', 'NotFoundError');
        const [media, reader] = await Promise.all([
          navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false }),
          barcodeReader(),
        ]);
        stream = media;
        const v = video.current;
        if (!live || !v) return;
        v.srcObject = media;
        await v.play();
        setState('scanning');
        const next = async () => {
          if (!live) return;
          if (v.readyState >= 2) {
            const frameAt = performance.now();
            const [code] = await reader.detect(v).catch(() => []);
            if (!live) return;
            if (code?.rawValue) {
              live = false;
              read.current(code.rawValue, frameAt);
              return;
            }
          }
          frame = requestAnimationFrame(() => void next());
        };
        await next();
      } catch (e) {
        if (live) setState(problemOf(e));
      }
    })();
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return (
    <div className="yima-camera" data-camera={state}>
      {state === 'denied' || state === 'no_camera' || state === 'failed' ? (
        <Alert type="warning" showIcon role="alert" title={t(`web.seller.camera.${state}`)} />
      ) : (
        <div className="yima-camera-view">
          <video ref={video} muted playsInline aria-label={t('web.seller.camera.view')} />
          <div className="yima-camera-aim" aria-hidden="true" />
          <p className="yima-camera-hint" role="status">{t(state === 'starting' ? 'web.seller.camera.starting' : 'web.seller.camera.aim')}</p>
        </div>
      )}
      <Button size="large" block onClick={onClose}>{t('web.seller.camera.close')}</Button>
    </div>
  );
}
