import { mediaHeaders, safeFileName } from './media-response';

describe('mediaHeaders', () => {
  it('shows plain media inline under the declared type, never sniffed', () => {
    expect(mediaHeaders({ kind: 'image', mimeType: 'image/jpeg' }, 'application/octet-stream', 'image-1-0')).toMatchObject({
      'Content-Type': 'image/jpeg',
      'Content-Disposition': 'inline; filename="image-1-0.jpg"',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(mediaHeaders({ kind: 'audio', mimeType: 'audio/ogg; codecs=opus' }, undefined, 'a')['Content-Type']).toBe('audio/ogg');
  });

  it('turns HTML and SVG into downloads of octet-stream, whatever the platform claims', () => {
    for (const claimed of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript']) {
      const headers = mediaHeaders({ kind: 'file', mimeType: claimed }, claimed, 'file-1-0', 'page.html');
      expect(headers['Content-Type']).toBe('application/octet-stream');
      expect(headers['Content-Disposition']).toBe('attachment; filename="page.html"');
    }
  });

  it('offers documents as downloads under their own type', () => {
    expect(mediaHeaders({ kind: 'file', mimeType: 'application/pdf', fileName: 'invoice.pdf' }, undefined, 'x')).toMatchObject({
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'attachment; filename="invoice.pdf"',
    });
  });

  it('falls back to the download type when the platform declared none', () => {
    expect(mediaHeaders({ kind: 'video' }, 'video/mp4', 'video-9-0')['Content-Disposition']).toBe('inline; filename="video-9-0.mp4"');
  });
});

describe('safeFileName', () => {
  it('keeps safe characters only, so a name cannot break out of the header', () => {
    expect(safeFileName('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFileName('a"; filename=evil.html\r\nX: y')).toBe('a_filename_evil.html_X_y');
    expect(safeFileName('Ünïcode photo.jpg')).toBe('n_code_photo.jpg');
    expect(safeFileName('...')).toBeUndefined();
  });
});
