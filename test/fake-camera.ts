/**
 * A picture for Chromium's fake camera (`--use-file-for-fake-video-capture=<file>.y4m`): the
 * camera then films that picture, and the page's barcode reader decodes it as it would a phone's
 * frames. Y4M is a header and raw 4:2:0 frames (https://wiki.multimedia.cx/index.php/YUV4MPEG2);
 * the picture is drawn by the browser's own canvas (no image library needed).
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** An RGBA picture, row by row. */
export interface RgbaPicture { readonly width: number; readonly height: number; readonly rgba: Uint8Array }

/**
 * Draws `png` centred on a white `width`×`height` frame, enlarged by a whole factor to about
 * `size` pixels (its modules kept sharp, a quiet zone around it: a printed label under a phone's
 * camera), in the browser `page`.
 *
 * @example const frame = await pictureOnCanvas(page, png, { width: 640, height: 480, size: 300 });
 */
export async function pictureOnCanvas(page: Page, png: Buffer, frame: { width: number; height: number; size: number }): Promise<RgbaPicture> {
  const data = await page.evaluate(async ({ src, width, height, size }) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2d canvas');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);
    g.imageSmoothingEnabled = false;
    const scale = Math.max(1, Math.floor(size / Math.max(img.naturalWidth, img.naturalHeight)));
    const w = img.naturalWidth * scale;
    const h = img.naturalHeight * scale;
    g.drawImage(img, Math.round((width - w) / 2), Math.round((height - h) / 2), w, h);
    return Array.from(g.getImageData(0, 0, width, height).data);
  }, { src: `data:image/png;base64,${png.toString('base64')}`, ...frame });
  return { width: frame.width, height: frame.height, rgba: Uint8Array.from(data) };
}

/**
 * Writes `frames` copies of the picture as a Y4M file (BT.601, 4:2:0, 30 frames a second); the
 * fake camera loops it. Width and height must be even.
 *
 * @example writeY4m('/tmp/label.y4m', frame);
 */
export function writeY4m(file: string, pic: RgbaPicture, frames = 2): void {
  const { width: w, height: h, rgba } = pic;
  if (w % 2 || h % 2) throw new Error('writeY4m: width and height must be even');
  const y = Buffer.alloc(w * h);
  const u = Buffer.alloc((w / 2) * (h / 2));
  const v = Buffer.alloc((w / 2) * (h / 2));
  const px = (x: number, yy: number) => {
    const i = (yy * w + x) * 4;
    return [rgba[i] ?? 0, rgba[i + 1] ?? 0, rgba[i + 2] ?? 0] as const;
  };
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const [r, g, b] = px(i, j);
      y[j * w + i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
    }
  }
  for (let j = 0; j < h / 2; j++) {
    for (let i = 0; i < w / 2; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const [pr, pg, pb] = px(2 * i + dx, 2 * j + dy);
        r += pr / 4;
        g += pg / 4;
        b += pb / 4;
      }
      u[j * (w / 2) + i] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      v[j * (w / 2) + i] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]));
}
