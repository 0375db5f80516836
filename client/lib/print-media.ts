// What paper cannot play: a video prints as its poster, else as its first frame (a still on a
// canvas), never as a black box; an embedded page (iframe) prints as a labelled box with its
// address, linked, instead of whatever the frame had drawn by then.
import { el } from './dom.ts';

/** The box a replacement takes: the original's classes, inline style and laid-out size. */
function sameBox(original: HTMLElement, replacement: HTMLElement): void {
  const { offsetWidth: width, offsetHeight: height } = original;
  replacement.className = `${original.className} ${replacement.className}`.trim();
  replacement.style.cssText = original.style.cssText;
  if (width > 0) replacement.style.width = `${width}px`;
  if (height > 0) replacement.style.height = `${height}px`;
}

function placeholder(kind: string, url: string): HTMLElement {
  const box = el('div', 'print-embed');
  box.append(el('span', 'print-embed-label', kind));
  if (url) {
    const link = document.createElement('a');
    link.className = 'print-embed-url';
    link.href = url;
    link.textContent = url;
    box.append(link);
  }
  return box;
}

/** The video's address: its src, reveal's lazy data-src, or its first <source>'s. */
function videoUrl(video: HTMLVideoElement): string {
  return video.getAttribute('src') ?? video.dataset.src ?? video.querySelector('source')?.getAttribute('src') ?? video.querySelector<HTMLElement>('source')?.dataset.src ?? '';
}

async function printVideo(video: HTMLVideoElement, waitMs: number): Promise<void> {
  const poster = video.getAttribute('poster');
  if (poster) {
    const img = document.createElement('img');
    img.alt = '';
    sameBox(video, img);
    img.style.objectFit = 'contain';
    img.src = poster;
    video.replaceWith(img);
    return;
  }
  const url = videoUrl(video);
  video.muted = true;
  video.preload = 'auto';
  if (!video.getAttribute('src') && video.dataset.src) video.src = video.dataset.src;
  for (const source of video.querySelectorAll<HTMLSourceElement>('source[data-src]')) if (!source.getAttribute('src')) source.src = source.dataset.src!;
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      video.addEventListener('loadeddata', done, { once: true });
      video.addEventListener('error', done, { once: true });
      setTimeout(done, waitMs);
      video.load();
    });
  }
  if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    sameBox(video, canvas);
    canvas.style.objectFit = 'contain';
    video.replaceWith(canvas);
  } else {
    const box = placeholder('Video', url);
    sameBox(video, box);
    video.replaceWith(box);
  }
}

/** Replaces every video and iframe under `root` with what prints in its place. */
export async function printableMedia(root: HTMLElement, waitMs: number): Promise<void> {
  for (const frame of root.querySelectorAll<HTMLIFrameElement>('iframe')) {
    const box = placeholder('Embedded page', frame.getAttribute('src') ?? frame.dataset.src ?? '');
    sameBox(frame, box);
    frame.replaceWith(box);
  }
  await Promise.all([...root.querySelectorAll('video')].map((video) => printVideo(video, waitMs)));
}
