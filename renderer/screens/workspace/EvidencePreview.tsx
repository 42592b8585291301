// Previews a stored evidence file inside the app: PDFs drawn by pdf.js into a canvas (page by page,
// ←/→ or PageUp/PageDown to turn), images as they are. Nothing is embedded (<object> and <embed> are
// forbidden by the CSP); the file is read from the store's own URL.

import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EvidenceItem } from '../../../shared/contract.js';
import { evidenceUrl } from '../../api/client.js';
import { Modal } from '../../components/Modal.js';
import { fileSize } from '../../format.js';
import { useT } from '../../i18n.js';

// The worker is a file of our own origin (CSP: script-src 'self'), copied there by the build.
GlobalWorkerOptions.workerSrc = './pdf.worker.min.mjs';

const MAX_WIDTH = 860;

interface EvidencePreviewProps {
  item: EvidenceItem;
  onClose: () => void;
}

export function EvidencePreview({ item, onClose }: EvidencePreviewProps) {
  const t = useT();
  const url = evidenceUrl(item.id);
  const isPdf = item.mediaType === 'application/pdf';
  return (
    <Modal
      title={t('preview.title', { file: item.fileName })}
      testId="preview-dialog"
      onClose={onClose}
      wide
      footer={
        <button type="button" onClick={onClose} data-testid="preview-close" autoFocus>
          {t('common.close')}
        </button>
      }
    >
      <p className="muted small">
        {t('preview.meta', { size: fileSize(item.size), type: item.mediaType, by: item.addedBy })}
      </p>
      {isPdf ? <PdfView url={url} /> : <ImageView url={url} name={item.fileName} />}
    </Modal>
  );
}

function ImageView({ url, name }: { url: string; name: string }) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <p className="preview-error" role="alert" data-testid="preview-error">
        {t('preview.failed', { detail: name })}
      </p>
    );
  }
  return (
    <div className="preview-stage">
      <img className="preview-image" src={url} alt={name} onError={() => setFailed(true)} data-testid="preview-image" />
    </div>
  );
}

interface Loaded {
  url: string;
  pdf: PDFDocumentProxy;
}

function PdfView({ url }: { url: string }) {
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<{ url: string; detail: string } | null>(null);
  const [page, setPage] = useState(1);
  const [rendered, setRendered] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const task = getDocument({ url, isEvalSupported: false, enableXfa: false });
    task.promise.then(
      (pdf) => {
        if (live) setLoaded({ url, pdf });
      },
      (error: unknown) => {
        if (live) setFailure({ url, detail: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
      void task.destroy();
    };
  }, [url]);

  const pdf = loaded?.url === url ? loaded.pdf : null;
  const pages = pdf?.numPages ?? 0;

  useEffect(() => {
    if (!pdf) return;
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    const draw = async () => {
      const p = await pdf.getPage(page);
      const canvas = canvasRef.current;
      if (cancelled || !canvas) return;
      const base = p.getViewport({ scale: 1 });
      const scale = Math.min(2, MAX_WIDTH / base.width);
      const viewport = p.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      renderTask = p.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await renderTask.promise;
      if (!cancelled) setRendered(page);
    };
    draw().catch((error: unknown) => {
      if (!cancelled && !(error instanceof Error && error.name === 'RenderingCancelledException')) {
        setFailure({ url, detail: error instanceof Error ? error.message : String(error) });
      }
    });
    return () => {
      cancelled = true;
      renderTask?.cancel();
    };
  }, [pdf, page, url]);

  const go = (delta: number) => setPage((p) => Math.max(1, Math.min(pages, p + delta)));
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowRight' || event.key === 'PageDown') {
      event.preventDefault();
      go(1);
    } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
      event.preventDefault();
      go(-1);
    }
  };

  if (failure?.url === url) {
    return (
      <p className="preview-error" role="alert" data-testid="preview-error">
        {t('preview.failed', { detail: failure.detail })}
      </p>
    );
  }
  return (
    <div className="preview-pdf" onKeyDown={onKey}>
      <div className="preview-nav">
        <button type="button" onClick={() => go(-1)} disabled={page <= 1} data-testid="preview-prev">
          {t('preview.prev')}
        </button>
        <span className="num" data-testid="preview-page">
          {pdf ? t('preview.page', { page, pages }) : t('common.loading')}
        </span>
        <button type="button" onClick={() => go(1)} disabled={page >= pages} data-testid="preview-next">
          {t('preview.next')}
        </button>
      </div>
      <div className="preview-stage" tabIndex={0}>
        <canvas ref={canvasRef} className="preview-canvas" data-testid="preview-canvas" data-rendered={rendered === page ? 'true' : 'false'} data-page={rendered ?? 0} />
      </div>
    </div>
  );
}
